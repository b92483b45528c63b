package dev.wsboot.server;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.concurrent.Executor;

import dev.wsboot.CloseStatus;
import dev.wsboot.HandshakeDetails;
import dev.wsboot.WebSocketConnection;
import dev.wsboot.WebSocketConversionException;
import dev.wsboot.WebSocketMessage;
import dev.wsboot.server.connection.DefaultWebSocketConnection;
import dev.wsboot.server.connection.WebSocketMessageCodecs;
import dev.wsboot.server.frame.MessageDecoder;
import dev.wsboot.server.handshake.HandshakeDetailsFactory;
import dev.wsboot.server.handshake.PathVariablesHandshakeInterceptor;
import dev.wsboot.server.resume.ResumableEndpoint;
import dev.wsboot.server.resume.ResumeFrames;
import dev.wsboot.server.supervision.RateLimitedLog;
import dev.wsboot.server.supervision.SupervisingHandlerDecorator;
import dev.wsboot.server.supervision.TrackedSession;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import org.springframework.web.socket.BinaryMessage;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.WebSocketSession;

/**
 * Runs a {@link ConnectionHandlerMethod} once per accepted session on its own thread and feeds it
 * the session's messages through a {@link DefaultWebSocketConnection}.
 *
 * @since 0.1.0
 */
public final class LoopWebSocketHandler implements WebSocketHandler, PartTakingHandler {

	private static final Log logger = LogFactory.getLog(LoopWebSocketHandler.class);

	private static final String CONNECTION_ATTRIBUTE = LoopWebSocketHandler.class.getName() + ".connection";

	private final String endpoint;

	private final ConnectionHandlerMethod method;

	private final WebSocketServerSettings settings;

	private final Executor executor;

	private volatile EndpointMonitor monitor = EndpointMonitor.NONE;

	private volatile ConnectionListener connectionListener = ConnectionListener.NONE;

	private volatile WebSocketMessageCodecs codecs = WebSocketMessageCodecs.NONE;

	private boolean resumable;

	private volatile @Nullable ResumableEndpoint resumableEndpoint;

	private final RateLimitedLog conversionLog = new RateLimitedLog(logger, java.time.Duration.ofSeconds(10));

	/**
	 * Create a handler for one endpoint.
	 * @param endpoint the path template of the endpoint, for logs
	 * @param method the mapped method
	 * @param settings the runtime settings
	 * @param executor runs each connection's method; one new virtual thread a task suits it
	 */
	public LoopWebSocketHandler(String endpoint, ConnectionHandlerMethod method, WebSocketServerSettings settings,
			Executor executor) {
		this.endpoint = endpoint;
		this.method = method;
		this.settings = settings;
		this.executor = executor;
	}

	/**
	 * Set where handler failures are reported.
	 * @param monitor the endpoint's monitor
	 */
	public void setMonitor(EndpointMonitor monitor) {
		this.monitor = monitor;
	}

	/**
	 * Set who learns of the connections and the groups they join, for broadcast.
	 * @param connectionListener the listener
	 */
	public void setConnectionListener(ConnectionListener connectionListener) {
		this.connectionListener = connectionListener;
	}

	/**
	 * Set the codecs of typed messages.
	 * @param codecs the application's codecs
	 */
	public void setCodecs(WebSocketMessageCodecs codecs) {
		this.codecs = codecs;
	}

	/**
	 * Set whether the mapping asked for resumable connections.
	 * @param resumable whether connections are resumable
	 */
	public void setResumable(boolean resumable) {
		this.resumable = resumable;
	}

	/**
	 * Return whether the mapping asked for resumable connections.
	 * @return whether connections are resumable
	 */
	public boolean isResumable() {
		return this.resumable;
	}

	/**
	 * Set what serves the connections whose client speaks the resume subprotocol.
	 * @param resumableEndpoint the resumable side of this endpoint
	 */
	public void setResumableEndpoint(ResumableEndpoint resumableEndpoint) {
		this.resumableEndpoint = resumableEndpoint;
	}

	/**
	 * Return the mapped method.
	 * @return the method
	 */
	public ConnectionHandlerMethod getMethod() {
		return this.method;
	}

	@Override
	public void afterConnectionEstablished(WebSocketSession session) {
		Map<String, String> pathVariables = PathVariablesHandshakeInterceptor.pathVariables(session.getAttributes());
		ResumableEndpoint resumable = ResumeFrames.SUBPROTOCOL.equals(session.getAcceptedProtocol())
				? this.resumableEndpoint : null;
		// A resumable connection is announced once, not once per transport beneath it.
		ConnectionListener listener = (resumable != null) ? ConnectionListener.NONE : this.connectionListener;
		PulledSession pulled = WebSocketTransports.of(session).pulled();
		DefaultWebSocketConnection connection = new DefaultWebSocketConnection(session, pathVariables, this.settings,
				this.endpoint, this.monitor, listener, pulled);
		connection.setCodecs(this.codecs);
		session.getAttributes().put(CONNECTION_ATTRIBUTE, connection);
		TrackedSession tracked = SupervisingHandlerDecorator.trackedSessionOf(session);
		if (tracked != null) {
			// Frames, pongs included, are read only while the handler asks for a message.
			tracked.readingPausedBy((pulled != null) ? () -> !pulled.isReading() : connection::isReadingPaused);
		}
		if (resumable == null) {
			listener.connectionOpened(this.endpoint, connection);
		}
		HandshakeDetails details = this.method.needsHandshakeDetails() ? handshakeDetails(session, pathVariables) : null;
		Runnable application = (resumable != null) ? () -> serveResumable(resumable, connection, details)
				: () -> run(connection, details);
		if (pulled != null) {
			// The connection has a thread of its own already, which reads for the handler.
			pulled.runApplication(application);
		}
		else {
			this.executor.execute(application);
		}
	}

	private void serveResumable(ResumableEndpoint resumable, DefaultWebSocketConnection transport,
			@Nullable HandshakeDetails details) {
		try {
			resumable.serve(transport, (connection) -> this.executor.execute(() -> run(connection, details)));
		}
		catch (IOException ex) {
			if (logger.isDebugEnabled()) {
				logger.debug("Transport " + transport.id() + " of endpoint '" + this.endpoint + "' failed", ex);
			}
		}
		closeQuietly(transport, CloseStatus.NORMAL);
	}

	private void run(WebSocketConnection connection, @Nullable HandshakeDetails details) {
		try {
			this.method.invoke(connection, details);
			closeQuietly(connection, CloseStatus.NORMAL);
		}
		catch (Throwable ex) {
			if (ex instanceof WebSocketConversionException conversion && connection.isOpen()
					&& conversion.closeStatus().code() != CloseStatus.SERVER_ERROR.code()) {
				// The client's message did not convert and the handler did not catch it.
				this.conversionLog.info("conversion", () -> "Closed WebSocket connection " + connection.id()
						+ " of endpoint '" + this.endpoint + "' with " + conversion.closeStatus().code() + ": "
						+ RateLimitedLog.printable(conversion.getMessage()));
				closeQuietly(connection, conversion.closeStatus());
				return;
			}
			if (ex instanceof IOException && !connection.isOpen()) {
				// The peer or the server closed while the handler was sending: not a handler bug.
				if (logger.isDebugEnabled()) {
					logger.debug("WebSocket handler for endpoint '" + this.endpoint + "' ended on closed connection "
							+ connection.id() + ": " + ex);
				}
				return;
			}
			this.monitor.error(ex);
			logger.error("WebSocket handler " + this.method.description() + " for endpoint '" + this.endpoint
					+ "' failed on connection " + connection.id() + "; closing it with 1011", ex);
			// The reason goes to the client: name no internals.
			closeQuietly(connection, CloseStatus.SERVER_ERROR.withReason("Internal server error"));
		}
	}

	private void closeQuietly(WebSocketConnection connection, CloseStatus status) {
		try {
			connection.close(status);
		}
		catch (Exception ex) {
			logger.debug("Could not close WebSocket connection " + connection.id(), ex);
		}
	}

	@Override
	public void handleMessage(WebSocketSession session, org.springframework.web.socket.WebSocketMessage<?> message)
			throws Exception {
		DefaultWebSocketConnection connection = (DefaultWebSocketConnection) session.getAttributes()
			.get(CONNECTION_ATTRIBUTE);
		if (connection == null) {
			return;
		}
		int partSize = this.settings.getReceiveBufferSize();
		if (message instanceof TextMessage text) {
			// The container's buffers keep its own defaults, shared with the application's other
			// WebSocket code; parts are cut to receive-buffer-size (in characters) here instead.
			String payload = text.getPayload();
			int start = 0;
			do {
				int end = Math.min(payload.length(), start + partSize);
				if (end < payload.length() && end - start > 1 && Character.isHighSurrogate(payload.charAt(end - 1))) {
					end--;
				}
				connection.partReceived(
						WebSocketMessage.text(payload.substring(start, end), text.isLast() && end == payload.length()));
				start = end;
			}
			while (start < payload.length());
		}
		else if (message instanceof BinaryMessage binary) {
			ByteBuffer source = binary.getPayload();
			if (connection.isPulled()) {
				// A pulled session hands over a buffer of its own, cut to size already.
				connection.partReceived(WebSocketMessage.binary(source, binary.isLast()));
				return;
			}
			// The container reuses its buffer once this call returns; parts are cut as for text.
			do {
				ByteBuffer copy = ByteBuffer.allocate(Math.min(source.remaining(), partSize));
				ByteBuffer part = source.slice(source.position(), copy.capacity());
				source.position(source.position() + copy.capacity());
				copy.put(part).flip();
				connection.partReceived(WebSocketMessage.binary(copy, binary.isLast() && !source.hasRemaining()));
			}
			while (source.hasRemaining());
		}
	}

	@Override
	public MessageDecoder.@Nullable PartSink partTaker(WebSocketSession session) {
		DefaultWebSocketConnection connection = (DefaultWebSocketConnection) session.getAttributes()
			.get(CONNECTION_ATTRIBUTE);
		// A pulled session's parts come cut to receive-buffer-size already, as handleMessage
		// would cut them.
		return (connection != null && connection.isPulled()) ? new ConnectionParts(connection) : null;
	}

	@Override
	public void handleTransportError(WebSocketSession session, Throwable exception) {
		if (logger.isDebugEnabled()) {
			logger.debug("Transport error on WebSocket connection " + session.getId() + " of endpoint '"
					+ this.endpoint + "'", exception);
		}
	}

	@Override
	public void afterConnectionClosed(WebSocketSession session, org.springframework.web.socket.CloseStatus status) {
		DefaultWebSocketConnection connection = (DefaultWebSocketConnection) session.getAttributes()
			.get(CONNECTION_ATTRIBUTE);
		if (connection != null) {
			String reason = (status.getReason() != null) ? status.getReason() : "";
			connection.sessionClosed(new CloseStatus(status.getCode(), reason));
		}
	}

	@Override
	public boolean supportsPartialMessages() {
		return true;
	}

	private static HandshakeDetails handshakeDetails(WebSocketSession session, Map<String, String> pathVariables) {
		return HandshakeDetailsFactory.create(session.getUri(), session.getHandshakeHeaders(), pathVariables,
				session.getPrincipal(), session.getRemoteAddress());
	}

	/**
	 * A pulled session's parts straight to its connection, as {@link #handleMessage} hands them.
	 */
	private record ConnectionParts(DefaultWebSocketConnection connection) implements MessageDecoder.PartSink {

		@Override
		public void text(String part, int bytes, boolean last) throws IOException {
			this.connection.partReceived(WebSocketMessage.text(part, last));
		}

		@Override
		public void binary(ByteBuffer part, boolean last) throws IOException {
			this.connection.partReceived(WebSocketMessage.binary(part, last));
		}

	}

}
