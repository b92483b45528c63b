package dev.wsboot.server.connection;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

import dev.wsboot.CloseStatus;
import dev.wsboot.server.ConnectionListener;
import dev.wsboot.server.QueueingConnection;
import dev.wsboot.test.StubConnections;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link GroupMemberships}.
 */
class GroupMembershipsTests {

	private final AtomicReference<CloseStatus> closeStatus = new AtomicReference<>();

	private final QueueingConnection connection = StubConnections.connection("c1", this.closeStatus);

	private final List<String> events = new ArrayList<>();

	private final GroupMemberships memberships = new GroupMemberships(this.connection, new ConnectionListener() {

		@Override
		public void groupJoined(QueueingConnection connection, String group) {
			GroupMembershipsTests.this.events.add("joined " + group);
		}

		@Override
		public void groupLeft(QueueingConnection connection, String group) {
			GroupMembershipsTests.this.events.add("left " + group);
		}

		@Override
		public void connectionClosed(String endpoint, QueueingConnection connection, Set<String> groups) {
			GroupMembershipsTests.this.events.add("closed " + endpoint + " " + groups);
		}

	});

	@Test
	void tellsTheListenerOfEachJoinAndLeaveOnce() {
		this.memberships.join("a");
		this.memberships.join("a");
		this.memberships.join("b");
		this.memberships.leave("a");
		this.memberships.leave("a");
		assertThat(this.events).containsExactly("joined a", "joined b", "left a");
		assertThat(this.memberships.groups()).containsExactly("b");
	}

	@Test
	void reportsTheCloseOnceWithTheGroupsHeldThen() {
		this.memberships.join("a");
		this.memberships.close("/chat");
		this.memberships.close("/chat");
		assertThat(this.events).containsExactly("joined a", "closed /chat [a]");
		assertThat(this.memberships.groups()).isEmpty();
	}

	@Test
	void countsNoJoinAfterTheCloseOrOnceTheConnectionHasAStatus() {
		this.closeStatus.set(CloseStatus.NORMAL);
		this.memberships.join("before-close-report");
		this.closeStatus.set(null);
		this.memberships.close("/chat");
		this.memberships.join("after-close");
		assertThat(this.events).containsExactly("closed /chat []");
		assertThat(this.memberships.groups()).isEmpty();
	}

	@Test
	void refusesAnEmptyGroupName() {
		assertThatIllegalArgumentException().isThrownBy(() -> this.memberships.join(""))
			.withMessage("Group must not be empty");
	}

}
