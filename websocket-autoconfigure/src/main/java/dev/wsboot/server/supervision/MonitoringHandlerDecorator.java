package dev.wsboot.server.supervision;

import java.io.IOException;
import java.nio.ByteBuffer;

import dev.wsboot.WebSocketMessage.Type;
import dev.wsboot.server.EndpointMonitor;
import dev.wsboot.server.PartTakingHandler;
import dev.wsboot.server.WebSocketTransport;
import dev.wsboot.server.WebSocketTransports;
import dev.wsboot.server.frame.MessageDecoder;
import dev.wsboot.server.frame.Utf8;
import org.jspecify.annotations.Nullable;
import org.springframework.web.socket.BinaryMessage;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.PongMessage;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.WebSocketMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.handler.WebSocketHandlerDecorator;
import org.springframework.web.socket.handler.WebSocketSessionDecorator;

/**
 * Reports the connections and messages of one endpoint to its {@link EndpointMonitor}.
 * <p>
 * The handlers below see a {@link MonitoredSession} in place of the container's session, so
 * that what they send is counted too, whichever programming model they use.
 */
public final class MonitoringHandlerDecorator extends WebSocketHandlerDecorator implements PartTakingHandler {

	private static final String SESSION_ATTRIBUTE = MonitoringHandlerDecorator.class.getName() + ".session";

	private final EndpointMonitor monitor;

	private final long maxMessageSize;

	public MonitoringHandlerDecorator(WebSocketHandler delegate, EndpointMonitor monitor) {
		this(delegate, monitor, Long.MAX_VALUE);
	}

	/**
	 * Create a decorator.
	 * @param delegate the endpoint's handler
	 * @param monitor the endpoint's monitor
	 * @param maxMessageSize the largest message accepted; a larger one, which a container may
	 * hand over whole before wsboot refuses it, is not counted as received
	 */
	public MonitoringHandlerDecorator(WebSocketHandler delegate, EndpointMonitor monitor, long maxMessageSize) {
		super(delegate);
		this.monitor = monitor;
		this.maxMessageSize = maxMessageSize;
	}

	@Override
	public void afterConnectionEstablished(WebSocketSession session) throws Exception {
		MonitoredSession monitored = new MonitoredSession(session, this.monitor, this.maxMessageSize);
		session.getAttributes().put(SESSION_ATTRIBUTE, monitored);
		this.monitor.connectionOpened();
		super.afterConnectionEstablished(monitored);
	}

	@Override
	public MessageDecoder.@Nullable PartSink partTaker(WebSocketSession session) {
		MonitoredSession monitored = monitored(session);
		MessageDecoder.PartSink next = (getDelegate() instanceof PartTakingHandler delegate)
				? delegate.partTaker(monitored) : null;
		return (next != null) ? new CountedParts(monitored, next) : null;
	}

	@Override
	public void handleMessage(WebSocketSession session, WebSocketMessage<?> message) throws Exception {
		MonitoredSession monitored = monitored(session);
		if (message instanceof TextMessage text) {
			monitored.received(Type.TEXT, Utf8.encodedLength(text.getPayload()), text.isLast());
		}
		else if (message instanceof BinaryMessage binary) {
			monitored.received(Type.BINARY, binary.getPayloadLength(), binary.isLast());
		}
		else if (message instanceof PongMessage pong) {
			recordRoundTrip(this.monitor, pong.getPayload(), System.nanoTime());
		}
		super.handleMessage(monitored, message);
	}

	/**
	 * Record the round trip a keep-alive pong tells: its payload is the send time of its ping.
	 * @param monitor the endpoint's monitor
	 * @param payload the pong's payload
	 * @param now when the pong arrived, from {@link System#nanoTime()}
	 */
	static void recordRoundTrip(EndpointMonitor monitor, ByteBuffer payload, long now) {
		if (payload.remaining() == Long.BYTES) {
			long roundTrip = now - payload.getLong(payload.position());
			// Pongs to pings of other origins carry other payloads; keep plausible values only.
			if (roundTrip >= 0 && roundTrip < KeepAliveScheduler.MAX_PLAUSIBLE_ROUND_TRIP_NANOS) {
				monitor.keepAliveRoundTrip(roundTrip);
			}
		}
	}

	@Override
	public void handleTransportError(WebSocketSession session, Throwable exception) throws Exception {
		// A close report only tells how the connection ended, which the close code on
		// websocket.connection.duration tells already.
		if (!WebSocketTransports.of(session).isCloseReport(exception)) {
			this.monitor.error(exception);
		}
		super.handleTransportError(monitored(session), exception);
	}

	@Override
	public void afterConnectionClosed(WebSocketSession session, CloseStatus closeStatus) throws Exception {
		MonitoredSession monitored = monitored(session);
		this.monitor.connectionClosed(closeStatus.getCode(), System.nanoTime() - monitored.openedAt);
		super.afterConnectionClosed(monitored, closeStatus);
	}

	private MonitoredSession monitored(WebSocketSession session) {
		MonitoredSession monitored = (MonitoredSession) session.getAttributes().get(SESSION_ATTRIBUTE);
		return (monitored != null) ? monitored : new MonitoredSession(session, this.monitor, this.maxMessageSize);
	}

	/**
	 * The container's session, counting what is sent through it.
	 */
	static final class MonitoredSession extends WebSocketSessionDecorator {

		private final EndpointMonitor monitor;

		private final long maxMessageSize;

		private final long openedAt = System.nanoTime();

		private long inboundMessageBytes;

		private long outboundMessageBytes;

		/** The connection's path where it keeps the size of the text it sent, else null. */
		private final @Nullable WebSocketTransport textMeasuringPath;

		MonitoredSession(WebSocketSession delegate, EndpointMonitor monitor, long maxMessageSize) {
			super(delegate);
			this.monitor = monitor;
			this.maxMessageSize = maxMessageSize;
			WebSocketTransport path = WebSocketTransports.of(delegate);
			this.textMeasuringPath = (path.lastSentTextBytes() >= 0) ? path : null;
		}

		void received(Type type, long bytes, boolean last) {
			this.inboundMessageBytes += bytes;
			if (last) {
				if (this.inboundMessageBytes <= this.maxMessageSize) {
					this.monitor.messageReceived(type, this.inboundMessageBytes);
				}
				this.inboundMessageBytes = 0;
			}
		}

		@Override
		public void sendMessage(WebSocketMessage<?> message) throws IOException {
			// Measure first: the container consumes a binary payload as it writes it.
			Type type = null;
			long bytes = 0;
			WebSocketTransport textMeasuringPath = null;
			if (message instanceof TextMessage text) {
				type = Type.TEXT;
				textMeasuringPath = this.textMeasuringPath;
				bytes = (textMeasuringPath != null) ? 0 : Utf8.encodedLength(text.getPayload());
			}
			else if (message instanceof BinaryMessage binary) {
				type = Type.BINARY;
				bytes = binary.getPayloadLength();
			}
			super.sendMessage(message);
			if (textMeasuringPath != null) {
				bytes = textMeasuringPath.lastSentTextBytes();
			}
			if (type != null) {
				// Senders are serialized per session, so this sum needs no synchronization.
				this.outboundMessageBytes += bytes;
				if (message.isLast()) {
					this.monitor.messageSent(type, this.outboundMessageBytes);
					this.outboundMessageBytes = 0;
				}
			}
		}

	}

	/**
	 * Counts data parts as {@link #handleMessage} does, then hands them on.
	 */
	private record CountedParts(MonitoredSession monitored, MessageDecoder.PartSink next)
			implements MessageDecoder.PartSink {

		@Override
		public void text(String part, int bytes, boolean last) throws IOException {
			this.monitored.received(Type.TEXT, bytes, last);
			this.next.text(part, bytes, last);
		}

		@Override
		public void binary(ByteBuffer part, boolean last) throws IOException {
			this.monitored.received(Type.BINARY, part.remaining(), last);
			this.next.binary(part, last);
		}

	}

}
