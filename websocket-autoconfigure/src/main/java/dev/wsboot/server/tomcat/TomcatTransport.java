package dev.wsboot.server.tomcat;

import java.time.Duration;

import dev.wsboot.server.ReadPauser;
import dev.wsboot.server.StandardSessionTransport;
import dev.wsboot.server.WebSocketTransport;
import jakarta.websocket.CloseReason;
import org.apache.tomcat.websocket.WsIOException;
import org.apache.tomcat.websocket.WsSession;
import org.springframework.util.ClassUtils;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.WebSocketSession;

/**
 * The transport of a session on Tomcat's own WebSocket implementation: reading is paused by
 * suspending the {@code WsSession}, an abort closes without waiting for the peer, and Tomcat's
 * blocking-send limit is kept as a backstop behind wsboot's send timeout.
 *
 * @since 0.1.0
 */
public final class TomcatTransport extends StandardSessionTransport {

	/**
	 * Tomcat's per-session limit on how long a blocking send may wait. Tomcat ends the session
	 * with 1006 when it passes, so it is set well beyond the send timeout, as a backstop only.
	 */
	static final String BLOCKING_SEND_TIMEOUT = "org.apache.tomcat.websocket.BLOCKING_SEND_TIMEOUT";

	/**
	 * Tomcat's limit on writing the close frame of an abnormal close (1002, 1007, 1009, aborts).
	 */
	static final String ABNORMAL_CLOSE_SEND_TIMEOUT = "org.apache.tomcat.websocket.ABNORMAL_SESSION_CLOSE_SEND_TIMEOUT";

	private final WsSession wsSession;

	private TomcatTransport(WebSocketSession session, WsSession wsSession) {
		super(session);
		this.wsSession = wsSession;
	}

	/**
	 * Return whether Tomcat's WebSocket implementation is on the class path.
	 * @param classLoader the class loader to look in
	 * @return {@code true} if it is
	 */
	public static boolean isPresent(ClassLoader classLoader) {
		return ClassUtils.isPresent("org.apache.tomcat.websocket.WsSession", classLoader);
	}

	/**
	 * Return the transport of a container session: Tomcat's when it runs on Tomcat's
	 * implementation, the standard one otherwise.
	 * @param session the container's session
	 * @return the transport
	 */
	public static WebSocketTransport of(WebSocketSession session) {
		return (StandardSessionTransport.standardSession(session) instanceof WsSession wsSession)
				? new TomcatTransport(session, wsSession) : new StandardSessionTransport(session);
	}

	@Override
	public ReadPauser readPauser() {
		return new ReadPauser() {

			@Override
			public boolean pause() {
				TomcatTransport.this.wsSession.suspend();
				return true;
			}

			@Override
			public void resume() {
				TomcatTransport.this.wsSession.resume();
			}

		};
	}

	@Override
	public void limitContainer(Duration idleTimeout, Duration sendTimeout) {
		super.limitContainer(idleTimeout, sendTimeout);
		this.wsSession.getUserProperties()
			.put(BLOCKING_SEND_TIMEOUT, WebSocketTransport.writeBackstop(sendTimeout).toMillis());
		this.wsSession.getUserProperties()
			.put(ABNORMAL_CLOSE_SEND_TIMEOUT, WebSocketTransport.ABORT_CLOSE_FRAME_TIMEOUT.toMillis());
	}

	@Override
	public void abort(CloseStatus sent, CloseStatus local) {
		this.wsSession.doClose(reason(sent), reason(local), true);
	}

	@Override
	public boolean isProtocolError(Throwable error) {
		return super.isProtocolError(error) || error instanceof WsIOException;
	}

	private static CloseReason reason(CloseStatus status) {
		return new CloseReason(CloseReason.CloseCodes.getCloseCode(status.getCode()),
				(status.getReason() != null) ? status.getReason() : "");
	}

}
