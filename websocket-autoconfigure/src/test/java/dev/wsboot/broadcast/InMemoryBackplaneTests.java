package dev.wsboot.broadcast;

import java.util.ArrayList;
import java.util.List;

import dev.wsboot.WebSocketMessage;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * Tests for {@link InMemoryBackplane}.
 */
class InMemoryBackplaneTests {

	private final InMemoryBackplane backplane = new InMemoryBackplane();

	@Test
	void deliversEachBroadcastToItsOneReceiverAsLocal() {
		List<String> received = new ArrayList<>();
		this.backplane.subscribe((broadcast, remote) -> received.add(broadcast.name() + " remote=" + remote));
		this.backplane.publish(new Broadcast(Broadcast.Target.GROUP, "room", WebSocketMessage.text("hi"), 0));
		assertThat(received).containsExactly("room remote=false");
	}

	@Test
	void dropsBroadcastsBeforeAReceiverSubscribes() {
		this.backplane.publish(new Broadcast(Broadcast.Target.ENDPOINT, "/news", WebSocketMessage.text("hi"), 0));
		List<Broadcast> received = new ArrayList<>();
		this.backplane.subscribe((broadcast, remote) -> received.add(broadcast));
		assertThat(received).isEmpty();
	}

	@Test
	void takesOneReceiverOnly() {
		this.backplane.subscribe((broadcast, remote) -> {
		});
		assertThatIllegalStateException().isThrownBy(() -> this.backplane.subscribe((broadcast, remote) -> {
		})).withMessage("A receiver is subscribed already");
	}

	@Test
	void isAlwaysConnectedAndSaysItIsInMemory() {
		assertThat(this.backplane.isConnected()).isTrue();
		assertThat(this.backplane.describe()).containsEntry("type", "in-memory");
	}

}
