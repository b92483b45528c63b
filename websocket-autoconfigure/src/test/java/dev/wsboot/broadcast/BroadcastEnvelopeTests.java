package dev.wsboot.broadcast;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

import dev.wsboot.WebSocketMessage;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link BroadcastEnvelope}.
 */
class BroadcastEnvelopeTests {

	private final UUID origin = UUID.randomUUID();

	@Test
	void carriesATextBroadcastToAGroupWithItsOriginAndAge() {
		long published = System.nanoTime() - 5_000_000;
		byte[] bytes = BroadcastEnvelope.encode(this.origin,
				new Broadcast(Broadcast.Target.GROUP, "räum-1", WebSocketMessage.text("Grüße 👋"), published));
		BroadcastEnvelope envelope = BroadcastEnvelope.decode(bytes);
		assertThat(envelope.origin()).isEqualTo(this.origin);
		assertThat(envelope.isHeartbeat()).isFalse();
		Broadcast broadcast = envelope.broadcast();
		assertThat(broadcast.target()).isEqualTo(Broadcast.Target.GROUP);
		assertThat(broadcast.name()).isEqualTo("räum-1");
		assertThat(broadcast.message()).isEqualTo(WebSocketMessage.text("Grüße 👋"));
		// Wall-clock micros: the age survives the trip to within a few milliseconds.
		assertThat(System.nanoTime() - broadcast.publishedNanos()).isBetween(4_000_000L, 1_000_000_000L);
	}

	@Test
	void carriesABinaryBroadcastToAnEndpoint() {
		byte[] bytes = BroadcastEnvelope.encode(this.origin, new Broadcast(Broadcast.Target.ENDPOINT, "/chat/{room}",
				WebSocketMessage.binary(new byte[] { 0, 1, (byte) 255 }), System.nanoTime()));
		Broadcast broadcast = BroadcastEnvelope.decode(bytes).broadcast();
		assertThat(broadcast.target()).isEqualTo(Broadcast.Target.ENDPOINT);
		assertThat(broadcast.name()).isEqualTo("/chat/{room}");
		assertThat(broadcast.message().toByteArray()).containsExactly(0, 1, 255);
		assertThat(broadcast.message().isBinary()).isTrue();
	}

	@Test
	void carriesAHeartbeat() {
		BroadcastEnvelope envelope = BroadcastEnvelope.decode(BroadcastEnvelope.heartbeat(this.origin));
		assertThat(envelope.isHeartbeat()).isTrue();
		assertThat(envelope.origin()).isEqualTo(this.origin);
	}

	@Test
	void rejectsWhatIsNoEnvelope() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> BroadcastEnvelope.decode("hello".getBytes(StandardCharsets.UTF_8)))
			.withMessageContaining("Unknown broadcast envelope version");
		byte[] truncated = BroadcastEnvelope.encode(this.origin,
				new Broadcast(Broadcast.Target.GROUP, "g", WebSocketMessage.text("text"), System.nanoTime()));
		assertThatIllegalArgumentException()
			.isThrownBy(() -> BroadcastEnvelope.decode(java.util.Arrays.copyOf(truncated, truncated.length - 1)))
			.withMessageContaining("payload length");
	}

}
