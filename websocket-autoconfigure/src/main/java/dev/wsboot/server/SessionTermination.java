package dev.wsboot.server;

import java.io.IOException;

import jakarta.websocket.CloseReason;
import org.jspecify.annotations.Nullable;
import org.springframework.util.ClassUtils;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.adapter.NativeWebSocketSession;
import org.springframework.web.socket.handler.WebSocketSessionDecorator;

/**
 * Ends sessions whose peer cannot be expected to answer a close frame.
 * <p>
 * A normal close waits for the peer's close frame; a dead or non-reading peer never sends one, so
 * these sessions are aborted: the close frame is offered briefly and the connection dropped at
 * once. The status the application and the metrics see is the one given here, whatever the
 * container reports for a dropped connection.
 */
final class SessionTermination {

	/** Session attribute holding the status wsboot decided when it aborted the session. */
	static final String LOCAL_STATUS_ATTRIBUTE = SessionTermination.class.getName() + ".localStatus";

	private static final boolean TOMCAT_PRESENT = ClassUtils.isPresent("org.apache.tomcat.websocket.WsSession",
			SessionTermination.class.getClassLoader());

	private SessionTermination() {
	}

	/**
	 * Abort a session.
	 * @param session the session, possibly decorated
	 * @param sent the close frame to offer the peer
	 * @param local the status the application and metrics see
	 * @throws IOException if the fallback close fails
	 */
	static void abort(WebSocketSession session, CloseStatus sent, CloseStatus local) throws IOException {
		WebSocketSession container = WebSocketSessionDecorator.unwrap(session);
		if (container instanceof DirectWebSocketSession direct) {
			direct.abort(sent, local);
			return;
		}
		container.getAttributes().put(LOCAL_STATUS_ATTRIBUTE, local);
		if (container instanceof SteerableSession steerable) {
			steerable.abort(sent);
			return;
		}
		if (TOMCAT_PRESENT && container instanceof NativeWebSocketSession nativeSession
				&& Tomcat.abort(nativeSession, sent, local)) {
			return;
		}
		container.close(sent);
	}

	/**
	 * Return the status wsboot decided for a session it aborted, to report instead of the
	 * container's.
	 * @param session the container's session
	 * @param reported the status the container reported
	 * @return the status to report
	 */
	static @Nullable CloseStatus localStatus(WebSocketSession session, @Nullable CloseStatus reported) {
		return (session.getAttributes().get(LOCAL_STATUS_ATTRIBUTE) instanceof CloseStatus local) ? local : reported;
	}

	private static CloseReason reason(CloseStatus status) {
		return new CloseReason(CloseReason.CloseCodes.getCloseCode(status.getCode()),
				(status.getReason() != null) ? status.getReason() : "");
	}

	private static final class Tomcat {

		static boolean abort(NativeWebSocketSession nativeSession, CloseStatus sent, CloseStatus local) {
			if (nativeSession.getNativeSession() instanceof org.apache.tomcat.websocket.WsSession wsSession) {
				wsSession.doClose(reason(sent), reason(local), true);
				return true;
			}
			return false;
		}

	}

}
