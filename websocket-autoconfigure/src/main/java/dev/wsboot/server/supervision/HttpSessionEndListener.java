package dev.wsboot.server.supervision;

import java.io.IOException;

import dev.wsboot.server.handshake.HandshakeChecksInterceptor;
import jakarta.servlet.http.HttpSessionEvent;
import jakarta.servlet.http.HttpSessionListener;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.server.support.HttpSessionHandshakeInterceptor;

/**
 * Closes the WebSocket connections opened within an HTTP session when that session ends, by
 * logout or by expiry, with 1008 "Session ended": a user who is logged out keeps no live
 * connection. The handshake records the session's id (see {@link HandshakeChecksInterceptor}).
 * <p>
 * The container calls {@link #sessionDestroyed} as soon as a session is invalidated (logout);
 * an expired session is destroyed when the container next checks for expiry (Tomcat: about once
 * a minute). Each end looks through the open connections once.
 *
 * @since 0.1.0
 */
public class HttpSessionEndListener implements HttpSessionListener {

	private static final Log logger = LogFactory.getLog(HttpSessionEndListener.class);

	/** Session attribute with the id of the HTTP session the handshake was made in. */
	public static final String HTTP_SESSION_ID_ATTRIBUTE = HttpSessionHandshakeInterceptor.HTTP_SESSION_ID_ATTR_NAME;

	static final CloseStatus SESSION_ENDED = CloseStatus.POLICY_VIOLATION.withReason("Session ended");

	private final SessionRegistry registry;

	/**
	 * Create a listener.
	 * @param registry the open connections
	 */
	public HttpSessionEndListener(SessionRegistry registry) {
		this.registry = registry;
	}

	@Override
	public void sessionDestroyed(HttpSessionEvent event) {
		String id = event.getSession().getId();
		for (WebSocketSession session : this.registry.sessions()) {
			if (id.equals(session.getAttributes().get(HTTP_SESSION_ID_ATTRIBUTE)) && session.isOpen()) {
				logger.info("Closing WebSocket connection " + session.getId() + " with 1008: its HTTP session ended");
				try {
					session.close(SESSION_ENDED);
				}
				catch (IOException ex) {
					logger.debug("Could not close WebSocket connection " + session.getId(), ex);
				}
			}
		}
	}

}
