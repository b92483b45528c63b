package dev.wsboot.server.connection;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import dev.wsboot.WebSocketMessage;
import dev.wsboot.server.PulledSession;
import dev.wsboot.server.ReadPauser;
import dev.wsboot.server.frame.MessageDecoder;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link InboundMessages} on a pulled session: parts go from each pump straight to the
 * receiving thread; parts a container pushes are covered by {@link InboundQueueTests}.
 */
@Timeout(30)
class InboundMessagesTests {

	@Test
	void assemblesAMessageFromThePartsOfSeveralPumps() throws IOException {
		ScriptedPulls session = new ScriptedPulls(WebSocketMessage.text("Hel", false), null,
				WebSocketMessage.text("lo", true), WebSocketMessage.binary(new byte[] { 1, 2 }));
		InboundMessages inbound = session.inbound(1024);
		assertThat(inbound.receive().text()).isEqualTo("Hello");
		assertThat(inbound.receive().payload().remaining()).isEqualTo(2);
		assertThat(session.pumps).isEqualTo(4);
		assertThat(inbound.isReadingPaused()).isFalse();
	}

	@Test
	void returnsNullOnlyOnceTheEndIsRecordedWhereverTheSessionEnded() throws Exception {
		ScriptedPulls session = new ScriptedPulls(WebSocketMessage.text("last"));
		InboundMessages inbound = session.inbound(1024);
		assertThat(inbound.receive().text()).isEqualTo("last");
		Thread[] receiver = new Thread[1];
		CompletableFuture<@Nullable WebSocketMessage> next = CompletableFuture.supplyAsync(() -> {
			receiver[0] = Thread.currentThread();
			try {
				return inbound.receive();
			}
			catch (IOException ex) {
				throw new IllegalStateException(ex);
			}
		});
		// The session has ended (pump returns false) but the connection has not heard of it yet.
		await().atMost(Duration.ofSeconds(5)).until(() -> receiver[0] != null
				&& receiver[0].getState() == Thread.State.WAITING);
		assertThat(next).isNotDone();
		inbound.end();
		assertThat(next.get()).isNull();
		assertThat(inbound.receive()).isNull();
	}

	@Test
	void takesNoPartAfterTheEnd() throws IOException {
		ScriptedPulls session = new ScriptedPulls();
		InboundMessages inbound = session.inbound(1024);
		inbound.end();
		assertThat(inbound.partReceived(WebSocketMessage.text("late"))).isTrue();
		assertThat(inbound.receive()).isNull();
	}

	@Test
	void refusesTheQueuedMessageThatPassesTheSizeLimitAndDropsItsRest() throws IOException {
		InboundMessages inbound = new InboundMessages(16, ReadPauser.NONE, 8, null);
		assertThat(inbound.partReceived(WebSocketMessage.text("€€", false))).isTrue();
		assertThat(inbound.partReceived(WebSocketMessage.text("€", false))).isFalse();
		assertThat(inbound.partReceived(WebSocketMessage.binary(ByteBuffer.allocate(6), true))).isTrue();
		assertThat(inbound.partReceived(WebSocketMessage.text("next", true))).isTrue();
		inbound.end();
		assertThat(inbound.receivePart().text()).isEqualTo("€€");
		assertThat(inbound.receivePart()).isNull();
	}

	@Test
	void leavesTheSizeLimitToAPulledSessionWhichEnforcesItBeforeThePayloadArrives() throws IOException {
		ScriptedPulls session = new ScriptedPulls();
		InboundMessages inbound = session.inbound(8);
		assertThat(inbound.partReceived(WebSocketMessage.binary(ByteBuffer.allocate(6), false))).isTrue();
		assertThat(inbound.partReceived(WebSocketMessage.binary(ByteBuffer.allocate(6), true))).isTrue();
	}

	@Test
	void keepsEveryPartOneCallHandsInInOrder() throws IOException {
		ScriptedPulls session = new ScriptedPulls();
		session.batches.add(List.of(WebSocketMessage.text("a", false), WebSocketMessage.text("b", false),
				WebSocketMessage.text("c", true)));
		InboundMessages inbound = session.inbound(1024);
		assertThat(inbound.receive().text()).isEqualTo("abc");
	}

	/** A session whose pumps hand in scripted parts, one per pump (null: a control frame). */
	private static final class ScriptedPulls implements PulledSession {

		final Deque<List<@Nullable WebSocketMessage>> batches = new ArrayDeque<>();

		int pumps;

		private @Nullable InboundMessages inbound;

		ScriptedPulls(@Nullable WebSocketMessage... parts) {
			for (WebSocketMessage part : parts) {
				this.batches.add((part != null) ? List.of(part) : List.of());
			}
		}

		InboundMessages inbound(long maxMessageSize) {
			this.inbound = new InboundMessages(16, ReadPauser.NONE, maxMessageSize, this);
			return this.inbound;
		}

		@Override
		public boolean pump() {
			List<@Nullable WebSocketMessage> batch = this.batches.pollFirst();
			if (batch == null) {
				return false;
			}
			this.pumps++;
			batch.forEach(this.inbound::partReceived);
			return true;
		}

		@Override
		public void runApplication(Runnable application) {
			application.run();
		}

		@Override
		public boolean isReading() {
			return false;
		}

		@Override
		public void takeParts(MessageDecoder.PartSink taker) {
			throw new UnsupportedOperationException("Parts are scripted");
		}

	}

}
