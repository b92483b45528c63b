package dev.wsboot.server;

import java.io.IOException;

import jakarta.websocket.CloseReason;
import org.springframework.util.ClassUtils;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.adapter.NativeWebSocketSession;
import org.springframework.web.socket.handler.WebSocketSessionDecorator;

/**
 * Ends sessions whose peer cannot be expected to answer a close frame.
 * <p>
 * A normal close waits for the peer's close frame; a dead or non-reading peer never sends one, so
 * these sessions are aborted: the close frame is offered briefly and the socket closed at once.
 */
final class SessionTermination {

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
		if (TOMCAT_PRESENT && container instanceof NativeWebSocketSession nativeSession
				&& Tomcat.abort(nativeSession, sent, local)) {
			return;
		}
		container.close(sent);
	}

	private static final class Tomcat {

		static boolean abort(NativeWebSocketSession nativeSession, CloseStatus sent, CloseStatus local) {
			if (nativeSession.getNativeSession() instanceof org.apache.tomcat.websocket.WsSession wsSession) {
				wsSession.doClose(reason(sent), reason(local), true);
				return true;
			}
			return false;
		}

		private static CloseReason reason(CloseStatus status) {
			return new CloseReason(CloseReason.CloseCodes.getCloseCode(status.getCode()),
					(status.getReason() != null) ? status.getReason() : "");
		}

	}

}
