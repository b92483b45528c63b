package dev.wsboot.broadcast;

import java.util.Set;

import dev.wsboot.server.QueueingConnection;
import dev.wsboot.test.StubConnections;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link LocalConnections}.
 */
class LocalConnectionsTests {

	private final LocalConnections connections = new LocalConnections();

	private final QueueingConnection first = StubConnections.connection("1");

	private final QueueingConnection second = StubConnections.connection("2");

	@Test
	void indexesOpenConnectionsByEndpointAndGroup() {
		this.connections.connectionOpened("/chat", this.first);
		this.connections.connectionOpened("/chat", this.second);
		this.connections.groupJoined(this.first, "room");
		assertThat(this.connections.ofEndpoint("/chat")).containsExactlyInAnyOrder(this.first, this.second);
		assertThat(this.connections.ofGroup("room")).containsExactly(this.first);
		assertThat(this.connections.ofEndpoint("/other")).isEmpty();
		assertThat(this.connections.groupNames()).containsExactly("room");
	}

	@Test
	void forgetsAGroupWhenItsLastMemberLeaves() {
		this.connections.connectionOpened("/chat", this.first);
		this.connections.groupJoined(this.first, "room");
		this.connections.groupLeft(this.first, "room");
		assertThat(this.connections.ofGroup("room")).isEmpty();
		assertThat(this.connections.groupNames()).isEmpty();
	}

	@Test
	void aClosedConnectionLeavesItsEndpointAndEveryGroupItHeld() {
		this.connections.connectionOpened("/chat", this.first);
		this.connections.connectionOpened("/chat", this.second);
		this.connections.groupJoined(this.first, "a");
		this.connections.groupJoined(this.first, "b");
		this.connections.groupJoined(this.second, "b");
		this.connections.connectionClosed("/chat", this.first, Set.of("a", "b"));
		assertThat(this.connections.ofEndpoint("/chat")).containsExactly(this.second);
		assertThat(this.connections.ofGroup("b")).containsExactly(this.second);
		assertThat(this.connections.groupNames()).containsExactly("b");
	}

}
