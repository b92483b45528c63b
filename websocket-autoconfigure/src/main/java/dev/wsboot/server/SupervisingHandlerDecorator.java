package dev.wsboot.server;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.time.Duration;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.PongMessage;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.WebSocketMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.adapter.NativeWebSocketSession;
import org.springframework.web.socket.handler.WebSocketHandlerDecorator;
import org.springframework.web.socket.handler.WebSocketSessionDecorator;

/**
 * Supervises the sessions of one endpoint: registers them for keep-alive and shutdown, records
 * when traffic passes, applies the send timeout and releases the connection limit at close.
 * <p>
 * The handlers below see a {@link SupervisedSession}, so that every send, whatever the
 * programming model, counts as traffic and a send that times out cuts off the slow consumer.
 */
final class SupervisingHandlerDecorator extends WebSocketHandlerDecorator {

	private static final Log logger = LogFactory.getLog(SupervisingHandlerDecorator.class);

	/** Tomcat's per-session limit on how long a blocking send may wait. */
	static final String TOMCAT_BLOCKING_SEND_TIMEOUT = "org.apache.tomcat.websocket.BLOCKING_SEND_TIMEOUT";

	private static final String SESSION_ATTRIBUTE = SupervisingHandlerDecorator.class.getName() + ".session";

	private final String endpoint;

	private final SessionRegistry registry;

	private final EndpointMonitor monitor;

	private final Duration sendTimeout;

	private final ConnectionLimit connectionLimit;

	private final RateLimitedLog overflowLog = new RateLimitedLog(logger, Duration.ofSeconds(10));

	SupervisingHandlerDecorator(WebSocketHandler delegate, String endpoint, SessionRegistry registry,
			EndpointMonitor monitor, Duration sendTimeout, ConnectionLimit connectionLimit) {
		super(delegate);
		this.endpoint = endpoint;
		this.registry = registry;
		this.monitor = monitor;
		this.sendTimeout = sendTimeout;
		this.connectionLimit = connectionLimit;
	}

	@Override
	public void afterConnectionEstablished(WebSocketSession session) throws Exception {
		applySendTimeout(session);
		TrackedSession tracked = this.registry.add(session, this.endpoint, this.monitor);
		SupervisedSession supervised = new SupervisedSession(session, tracked);
		session.getAttributes().put(SESSION_ATTRIBUTE, supervised);
		super.afterConnectionEstablished(supervised);
	}

	@Override
	public void handleMessage(WebSocketSession session, WebSocketMessage<?> message) throws Exception {
		SupervisedSession supervised = supervised(session);
		long now = System.nanoTime();
		if (message instanceof PongMessage) {
			supervised.tracked.pongReceived(now);
		}
		else {
			supervised.tracked.inboundFrame(now);
		}
		super.handleMessage(supervised, message);
	}

	@Override
	public void handleTransportError(WebSocketSession session, Throwable exception) throws Exception {
		super.handleTransportError(supervised(session), exception);
	}

	@Override
	public void afterConnectionClosed(WebSocketSession session, CloseStatus closeStatus) throws Exception {
		this.registry.remove(session);
		this.connectionLimit.release(session.getAttributes());
		super.afterConnectionClosed(supervised(session), closeStatus);
	}

	private void applySendTimeout(WebSocketSession session) {
		if (WebSocketSessionDecorator.unwrap(session) instanceof NativeWebSocketSession nativeSession
				&& nativeSession.getNativeSession() instanceof jakarta.websocket.Session container) {
			container.getUserProperties().put(TOMCAT_BLOCKING_SEND_TIMEOUT, this.sendTimeout.toMillis());
		}
	}

	private SupervisedSession supervised(WebSocketSession session) {
		SupervisedSession supervised = (SupervisedSession) session.getAttributes().get(SESSION_ATTRIBUTE);
		if (supervised == null) {
			throw new IllegalStateException("WebSocket session " + session.getId() + " was never established");
		}
		return supervised;
	}

	private void cutOff(WebSocketSession session) {
		this.monitor.sendOverflow();
		this.overflowLog.warn("slow-consumer", () -> "Closed WebSocket connection " + session.getId() + " of endpoint '"
				+ this.endpoint + "' with 1008: its peer read nothing for websocket.send-timeout (" + this.sendTimeout
				+ ")");
		try {
			SessionTermination.abort(session, CloseStatus.POLICY_VIOLATION.withReason("Send timeout"),
					CloseStatus.POLICY_VIOLATION.withReason("Send timeout"));
		}
		catch (IOException ex) {
			logger.debug("Could not abort WebSocket connection " + session.getId(), ex);
		}
	}

	/**
	 * The container's session, recording sends as traffic and cutting off a peer that does not
	 * read.
	 */
	final class SupervisedSession extends WebSocketSessionDecorator {

		private final TrackedSession tracked;

		SupervisedSession(WebSocketSession delegate, TrackedSession tracked) {
			super(delegate);
			this.tracked = tracked;
		}

		@Override
		public void sendMessage(WebSocketMessage<?> message) throws IOException {
			try {
				super.sendMessage(message);
			}
			catch (SocketTimeoutException ex) {
				cutOff(getDelegate());
				throw ex;
			}
			this.tracked.outboundMessage(System.nanoTime());
		}

	}

}
