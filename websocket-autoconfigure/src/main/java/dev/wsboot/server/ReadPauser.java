package dev.wsboot.server;

import org.springframework.util.ClassUtils;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.adapter.NativeWebSocketSession;
import org.springframework.web.socket.handler.WebSocketSessionDecorator;

/**
 * Stops and restarts reading from one connection's socket, so that TCP pushes back on a peer
 * whose handler has fallen behind.
 *
 * @since 0.1.0
 */
public interface ReadPauser {

	/** Pauses nothing; the inbound queue then blocks the container's thread instead. */
	ReadPauser NONE = new ReadPauser() {

		@Override
		public boolean pause() {
			return false;
		}

		@Override
		public void resume() {
		}

	};

	/**
	 * Stop reading after the frame being processed.
	 * @return {@code false} if this container cannot pause reading
	 */
	boolean pause();

	/** Start reading again. */
	void resume();

	/**
	 * Return a pauser for the session's container.
	 * @param session the session
	 * @return a pauser, {@link #NONE} when the container has no way to pause
	 */
	static ReadPauser forSession(WebSocketSession session) {
		// Handlers see the container's session behind wsboot's decorators.
		if (WebSocketSessionDecorator.unwrap(session) instanceof SteerableSession steerable) {
			return steerable.readPauser();
		}
		if (TomcatReadPauser.PRESENT
				&& WebSocketSessionDecorator.unwrap(session) instanceof NativeWebSocketSession nativeSession) {
			return TomcatReadPauser.of(nativeSession);
		}
		return NONE;
	}

	/**
	 * Pauses Tomcat's {@code WsSession}, which stops issuing reads while suspended.
	 */
	final class TomcatReadPauser implements ReadPauser {

		static final boolean PRESENT = ClassUtils.isPresent("org.apache.tomcat.websocket.WsSession",
				ReadPauser.class.getClassLoader());

		private final org.apache.tomcat.websocket.WsSession session;

		private TomcatReadPauser(org.apache.tomcat.websocket.WsSession session) {
			this.session = session;
		}

		static ReadPauser of(NativeWebSocketSession nativeSession) {
			Object container = nativeSession.getNativeSession();
			return (container instanceof org.apache.tomcat.websocket.WsSession wsSession) ? new TomcatReadPauser(wsSession)
					: NONE;
		}

		@Override
		public boolean pause() {
			this.session.suspend();
			return true;
		}

		@Override
		public void resume() {
			this.session.resume();
		}

	}

}
