package dev.wsboot.server.jetty;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.security.Principal;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import dev.wsboot.server.WebSocketTransport;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.jspecify.annotations.Nullable;
import org.springframework.web.socket.BinaryMessage;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.PingMessage;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.adapter.jetty.JettyWebSocketSession;

/**
 * Spring's session over Jetty's WebSocket API, with what wsboot needs beyond it: message parts
 * sent as parts, reading paused through Jetty's demand, and an abort. It is its own
 * {@link WebSocketTransport}.
 */
final class JettyTransportSession extends JettyWebSocketSession implements WebSocketTransport {

	private static final String CLOSE_EXCEPTION = "org.eclipse.jetty.websocket.core.exception.CloseException";

	private @Nullable JettyDemand demand;

	JettyTransportSession(Map<String, Object> attributes, @Nullable Principal user) {
		super(attributes, user);
	}

	@Override
	public void initializeNativeSession(Session session) {
		super.initializeNativeSession(session);
		this.demand = new JettyDemand(session);
	}

	@Override
	public JettyDemand readPauser() {
		JettyDemand current = this.demand;
		if (current == null) {
			throw new IllegalStateException("WebSocket session " + getId() + " is not open yet");
		}
		return current;
	}

	@Override
	public void limitContainer(Duration idleTimeout, Duration sendTimeout) {
		// Jetty's writes have no deadline of their own: wsboot's send timeout aborts them.
		getNativeSession().setIdleTimeout(idleTimeout);
	}

	@Override
	public boolean tryPing(ByteBuffer payload) throws IOException {
		sendMessage(new PingMessage(payload));
		return true;
	}

	@Override
	public boolean isCloseReport(Throwable error) {
		if (WebSocketTransport.super.isCloseReport(error)) {
			return true;
		}
		// Jetty reports a close for an error code (1002, 1007, 1009, 1011) as this exception;
		// it lives in Jetty's core module, which wsboot does not compile against.
		for (Class<?> type = error.getClass(); type != null; type = type.getSuperclass()) {
			if (CLOSE_EXCEPTION.equals(type.getName())) {
				return true;
			}
		}
		return false;
	}

	@Override
	protected void sendTextMessage(TextMessage message) throws IOException {
		Callback.Completable written = new Callback.Completable();
		getNativeSession().sendPartialText(message.getPayload(), message.isLast(), written);
		await(written);
	}

	@Override
	protected void sendBinaryMessage(BinaryMessage message) throws IOException {
		Callback.Completable written = new Callback.Completable();
		ByteBuffer payload = message.getPayload();
		getNativeSession().sendPartialBinary(payload, message.isLast(), written);
		await(written);
	}

	@Override
	public void abort(CloseStatus sent, CloseStatus local) {
		Session session = getNativeSession();
		Callback.Completable written = new Callback.Completable();
		try {
			session.close(sent.getCode(), sent.getReason(), written);
			// A peer that does not read never lets the frame out: it gets a bounded time.
			written.get(ABORT_CLOSE_FRAME_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		catch (ExecutionException | TimeoutException | RuntimeException ex) {
			// Dropped below all the same.
		}
		session.disconnect();
	}

	private static void await(Callback.Completable written) throws IOException {
		// No deadline here: wsboot's sweep aborts a write that outlasts websocket.send-timeout,
		// which fails this callback.
		try {
			written.get();
		}
		catch (ExecutionException ex) {
			Throwable cause = ex.getCause();
			throw (cause instanceof IOException io) ? io : new IOException("WebSocket write failed", cause);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new InterruptedIOException("Interrupted while writing a WebSocket message");
		}
	}

}
