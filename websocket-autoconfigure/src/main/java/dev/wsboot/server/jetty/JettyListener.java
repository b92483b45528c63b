package dev.wsboot.server.jetty;

import java.nio.ByteBuffer;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.eclipse.jetty.util.BufferUtil;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.springframework.web.socket.BinaryMessage;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.PongMessage;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketHandler;

/**
 * Feeds Jetty's WebSocket events to a Spring {@link WebSocketHandler} part by part, demanding
 * the next event only when wsboot's reading is not paused (see {@link JettyDemand}).
 * <p>
 * Public because Jetty invokes a listener's methods through a public method-handle lookup.
 */
public final class JettyListener implements Session.Listener {

	private static final Log logger = LogFactory.getLog(JettyListener.class);

	private final WebSocketHandler handler;

	private final JettyTransportSession session;

	JettyListener(WebSocketHandler handler, JettyTransportSession session) {
		this.handler = handler;
		this.session = session;
	}

	@Override
	public void onWebSocketOpen(Session nativeSession) {
		try {
			this.session.initializeNativeSession(nativeSession);
			this.handler.afterConnectionEstablished(this.session);
			nativeSession.demand();
		}
		catch (Throwable ex) {
			closeWithError(ex);
		}
	}

	@Override
	public void onWebSocketPartialText(String payload, boolean last) {
		try {
			this.handler.handleMessage(this.session, new TextMessage(payload, last));
			this.session.readPauser().handled();
		}
		catch (Throwable ex) {
			closeWithError(ex);
		}
	}

	@Override
	public void onWebSocketPartialBinary(ByteBuffer payload, boolean last, Callback callback) {
		try {
			// Jetty reuses the buffer once the callback completes; handlers copy what they keep.
			this.handler.handleMessage(this.session, new BinaryMessage(payload, last));
			callback.succeed();
			this.session.readPauser().handled();
		}
		catch (Throwable ex) {
			callback.fail(ex);
			closeWithError(ex);
		}
	}

	@Override
	public void onWebSocketPong(ByteBuffer payload) {
		try {
			this.handler.handleMessage(this.session, new PongMessage(BufferUtil.copy(payload)));
			this.session.readPauser().handled();
		}
		catch (Throwable ex) {
			closeWithError(ex);
		}
	}

	@Override
	public void onWebSocketClose(int statusCode, String reason, Callback callback) {
		try {
			this.handler.afterConnectionClosed(this.session, new CloseStatus(statusCode, reason));
		}
		catch (Throwable ex) {
			logger.warn("Unhandled exception after WebSocket connection " + this.session.getId() + " closed", ex);
		}
		finally {
			callback.succeed();
		}
	}

	@Override
	public void onWebSocketError(Throwable cause) {
		try {
			this.handler.handleTransportError(this.session, cause);
		}
		catch (Throwable ex) {
			closeWithError(ex);
		}
	}

	private void closeWithError(Throwable ex) {
		logger.error("Closing WebSocket connection " + this.session.getId() + " after an unhandled exception", ex);
		try {
			this.session.close(CloseStatus.SERVER_ERROR);
		}
		catch (Throwable closeFailure) {
			logger.debug("Could not close WebSocket connection " + this.session.getId(), closeFailure);
		}
	}

}
