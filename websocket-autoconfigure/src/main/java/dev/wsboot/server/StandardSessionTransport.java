package dev.wsboot.server;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;

import org.jspecify.annotations.Nullable;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.PingMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.adapter.NativeWebSocketSession;

/**
 * The transport of a container session reached only through Spring's and the
 * {@code jakarta.websocket} API: reading cannot be paused, pings are blocking sends, and an abort
 * is a close. Container adapters extend it with what their container can do beyond.
 *
 * @since 0.1.0
 */
public class StandardSessionTransport implements WebSocketTransport {

	private final WebSocketSession session;

	/**
	 * Create a transport for a container session.
	 * @param session the container's session, not decorated
	 */
	public StandardSessionTransport(WebSocketSession session) {
		this.session = session;
	}

	/**
	 * Return the container's session.
	 * @return the session
	 */
	protected WebSocketSession session() {
		return this.session;
	}

	/**
	 * Return the {@code jakarta.websocket} session under a container's session, if any.
	 * @param session the container's session, not decorated
	 * @return the standard session or {@code null}
	 */
	public static jakarta.websocket.@Nullable Session standardSession(WebSocketSession session) {
		return (session instanceof NativeWebSocketSession nativeSession
				&& nativeSession.getNativeSession() instanceof jakarta.websocket.Session standard) ? standard : null;
	}

	@Override
	public ReadPauser readPauser() {
		return ReadPauser.NONE;
	}

	@Override
	public void limitContainer(Duration idleTimeout, Duration sendTimeout) {
		jakarta.websocket.Session standard = standardSession(this.session);
		if (standard != null) {
			standard.setMaxIdleTimeout(idleTimeout.toMillis());
		}
	}

	@Override
	public void abort(CloseStatus sent, CloseStatus local) throws IOException {
		this.session.close(sent);
	}

	@Override
	public boolean tryPing(ByteBuffer payload) throws IOException {
		this.session.sendMessage(new PingMessage(payload));
		return true;
	}

}
