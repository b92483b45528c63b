package dev.wsboot.server.connection;

import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import dev.wsboot.CloseStatus;
import dev.wsboot.WebSocketClosedException;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.http.HttpHeaders;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketMessage;
import org.springframework.web.socket.adapter.standard.StandardWebSocketSession;
import org.springframework.web.socket.handler.WebSocketSessionDecorator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * Tests for {@link SerializedSender}.
 */
@Timeout(30)
class SerializedSenderTests {

	private final AtomicReference<@Nullable CloseStatus> closeStatus = new AtomicReference<>();

	private final AtomicInteger answered = new AtomicInteger();

	@Test
	void sendsAndTellsThatAWholeMessageIsOut() throws IOException {
		ScriptedSession session = new ScriptedSession();
		SerializedSender sender = new SerializedSender(session, this.closeStatus, this.answered::incrementAndGet);
		sender.send(new TextMessage("part", false), false);
		assertThat(this.answered).hasValue(0);
		sender.send(new TextMessage("last", true), false);
		assertThat(session.sent).containsExactly("part", "last");
		assertThat(this.answered).hasValue(1);
	}

	@Test
	void aConnectionAlreadyClosedRefusesWithItsCloseStatus() {
		ScriptedSession session = new ScriptedSession();
		this.closeStatus.set(CloseStatus.GOING_AWAY);
		SerializedSender sender = new SerializedSender(session, this.closeStatus, this.answered::incrementAndGet);
		assertThatExceptionOfType(WebSocketClosedException.class)
			.isThrownBy(() -> sender.send(new TextMessage("late"), false))
			.satisfies((ex) -> assertThat(ex.getCloseStatus()).isEqualTo(CloseStatus.GOING_AWAY));
		assertThat(session.sent).isEmpty();
	}

	@Test
	void theContainersIllegalStateForASessionItsPeerJustEndedIsAClosedConnection() {
		// Tomcat's answer to a send that races with the peer's abort.
		ScriptedSession session = new ScriptedSession();
		session.failure = new IllegalStateException("Message will not be sent because the WebSocket session has been closed");
		session.open.set(false);
		SerializedSender sender = new SerializedSender(session, this.closeStatus, this.answered::incrementAndGet);
		assertThatExceptionOfType(WebSocketClosedException.class)
			.isThrownBy(() -> sender.send(new TextMessage("raced"), false))
			.satisfies((ex) -> assertThat(ex.getCloseStatus()).isEqualTo(CloseStatus.ABNORMAL))
			.withCause(session.failure);
		assertThat(this.answered).hasValue(0);
	}

	@Test
	void theContainersIllegalStateForASessionThisConnectionBeganToCloseIsAClosedConnection() {
		// The connection's close started while the send was on its way: Tomcat's session still
		// says open (the peer has not answered the close) but refuses the send.
		ScriptedSession session = new ScriptedSession();
		session.failure = new IllegalStateException("Message will not be sent because the WebSocket session has been closed");
		SerializedSender sender = new SerializedSender(session, this.closeStatus, this.answered::incrementAndGet);
		session.beforeSend = () -> this.closeStatus.set(CloseStatus.GOING_AWAY);
		assertThatExceptionOfType(WebSocketClosedException.class)
			.isThrownBy(() -> sender.send(new TextMessage("raced"), false))
			.satisfies((ex) -> assertThat(ex.getCloseStatus()).isEqualTo(CloseStatus.GOING_AWAY))
			.withCause(session.failure);
		assertThat(this.answered).hasValue(0);
	}

	@Test
	void anIllegalStateOnAnOpenSessionIsTheCallersMisuseAndPassesThrough() throws IOException {
		ScriptedSession session = new ScriptedSession();
		session.failure = new IllegalStateException("The remote endpoint was in state [TEXT_PARTIAL_WRITING]");
		SerializedSender sender = new SerializedSender(session, this.closeStatus, this.answered::incrementAndGet);
		assertThatIllegalStateException().isThrownBy(() -> sender.send(new TextMessage("misuse"), false))
			.isSameAs(session.failure);
		// The lock was given up: the next send goes out.
		session.failure = null;
		sender.send(new TextMessage("next"), true);
		assertThat(session.sent).containsExactly("next");
	}

	/** A session that records what is sent, or fails each send as told. */
	private static final class ScriptedSession extends WebSocketSessionDecorator {

		final List<String> sent = new CopyOnWriteArrayList<>();

		final AtomicBoolean open = new AtomicBoolean(true);

		volatile @Nullable RuntimeException failure;

		volatile Runnable beforeSend = () -> {
		};

		ScriptedSession() {
			super(new StandardWebSocketSession(new HttpHeaders(), new HashMap<>(), null, null));
		}

		@Override
		public boolean isOpen() {
			return this.open.get();
		}

		@Override
		public void sendMessage(WebSocketMessage<?> message) {
			this.beforeSend.run();
			RuntimeException failure = this.failure;
			if (failure != null) {
				throw failure;
			}
			this.sent.add(String.valueOf(message.getPayload()));
		}

	}

}
