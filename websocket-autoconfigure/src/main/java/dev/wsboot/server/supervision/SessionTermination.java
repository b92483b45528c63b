package dev.wsboot.server.supervision;

import java.io.IOException;

import dev.wsboot.server.WebSocketTransports;
import org.jspecify.annotations.Nullable;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.handler.WebSocketSessionDecorator;

/**
 * Ends sessions whose peer cannot be expected to answer a close frame.
 * <p>
 * A normal close waits for the peer's close frame; a dead or non-reading peer never sends one, so
 * these sessions are aborted: the close frame is offered briefly and the connection dropped at
 * once. The status the application and the metrics see is the one given here, whatever the
 * container reports for a dropped connection.
 */
public final class SessionTermination {

	/** Session attribute holding the status wsboot decided when it aborted the session. */
	static final String LOCAL_STATUS_ATTRIBUTE = SessionTermination.class.getName() + ".localStatus";

	private SessionTermination() {
	}

	/**
	 * Abort a session.
	 * @param session the session, possibly decorated
	 * @param sent the close frame to offer the peer
	 * @param local the status the application and metrics see
	 * @throws IOException if the fallback close fails
	 */
	public static void abort(WebSocketSession session, CloseStatus sent, CloseStatus local) throws IOException {
		WebSocketSession container = WebSocketSessionDecorator.unwrap(session);
		container.getAttributes().put(LOCAL_STATUS_ATTRIBUTE, local);
		WebSocketTransports.of(container).abort(sent, local);
	}

	/**
	 * Return the status wsboot decided for a session it aborted, to report instead of the
	 * container's.
	 * @param session the container's session
	 * @param reported the status the container reported
	 * @return the status to report
	 */
	public static @Nullable CloseStatus localStatus(WebSocketSession session, @Nullable CloseStatus reported) {
		return (session.getAttributes().get(LOCAL_STATUS_ATTRIBUTE) instanceof CloseStatus local) ? local : reported;
	}

}
