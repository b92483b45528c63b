package dev.wsboot.server.connection;

import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.security.Principal;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

import dev.wsboot.CloseStatus;
import dev.wsboot.WebSocketConnection;
import dev.wsboot.WebSocketConversionException;
import dev.wsboot.WebSocketMessage;
import dev.wsboot.server.ConnectionListener;
import dev.wsboot.server.EndpointMonitor;
import dev.wsboot.server.PulledSession;
import dev.wsboot.server.QueueingConnection;
import dev.wsboot.server.WebSocketServerSettings;
import dev.wsboot.server.WebSocketTransports;
import dev.wsboot.server.frame.WebSocketProtocolException;
import dev.wsboot.server.supervision.ForcedCloseLog;
import dev.wsboot.server.supervision.RateLimitedLog;
import dev.wsboot.server.supervision.SessionTermination;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import org.springframework.util.Assert;
import org.springframework.web.socket.BinaryMessage;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketSession;

/**
 * {@link WebSocketConnection} over a Spring {@link WebSocketSession}.
 * <p>
 * The container's thread feeds received parts in through {@link #partReceived}; the handler's
 * thread takes them out of {@link InboundMessages}. Sends go through a {@link SerializedSender}
 * because the container allows one data frame in flight per session; asynchronous sends and broadcasts
 * wait in an {@link OutboundQueue}, bounded by {@code websocket.send-buffer-limit}, created with
 * the first of them.
 *
 * @since 0.1.0
 */
public final class DefaultWebSocketConnection implements QueueingConnection {

	private static final Log logger = LogFactory.getLog(DefaultWebSocketConnection.class);

	private static final RateLimitedLog overflowLog = new RateLimitedLog(logger, Duration.ofSeconds(10));

	private static final CloseStatus SEND_BUFFER_OVERFLOW = CloseStatus.POLICY_VIOLATION
		.withReason("Send buffer limit exceeded");

	private final WebSocketSession session;

	private final Map<String, String> pathVariables;

	private final InboundMessages inbound;

	private final long maxMessageSize;

	private final SerializedSender sender;

	private final AtomicReference<@Nullable CloseStatus> closeStatus = new AtomicReference<>();

	private final String endpoint;

	private final EndpointMonitor monitor;

	private final ConnectionListener listener;

	private final long sendBufferLimit;

	private volatile @Nullable OutboundQueue outbound;

	private final Object outboundMonitor = new Object();

	private final GroupMemberships groups;

	private volatile WebSocketMessageCodecs codecs = WebSocketMessageCodecs.NONE;


	/**
	 * Create a connection of an endpoint over an established session.
	 * @param session the session
	 * @param pathVariables the values of the mapping's path templates
	 * @param settings the runtime settings
	 * @param endpoint the path template of the endpoint, for logs
	 * @param monitor the endpoint's monitor, told of connections cut off for not reading
	 * @param listener told of the groups the connection joins and leaves, and of its close
	 * @param pulled the container's session if it reads only when asked, on the receiving
	 * thread; {@code null} if the container pushes parts in through {@link #partReceived}
	 */
	public DefaultWebSocketConnection(WebSocketSession session, Map<String, String> pathVariables,
			WebSocketServerSettings settings, String endpoint, EndpointMonitor monitor, ConnectionListener listener,
			@Nullable PulledSession pulled) {
		this.session = session;
		this.pathVariables = Map.copyOf(pathVariables);
		this.maxMessageSize = settings.getMaxMessageSize();
		this.inbound = new InboundMessages(settings.getInboundQueueCapacity(),
				WebSocketTransports.of(session).readPauser(), this.maxMessageSize, pulled);
		this.groups = new GroupMemberships(this, listener);
		this.sender = new SerializedSender(session, this.closeStatus, this.inbound::answered);
		this.endpoint = endpoint;
		this.monitor = monitor;
		this.listener = listener;
		this.sendBufferLimit = settings.getSendBufferLimit();
	}

	@Override
	public String id() {
		return this.session.getId();
	}

	@Override
	public URI uri() {
		URI uri = this.session.getUri();
		Assert.state(uri != null, "Session has no URI");
		return uri;
	}

	@Override
	public @Nullable Principal principal() {
		return this.session.getPrincipal();
	}

	@Override
	public @Nullable String subprotocol() {
		String protocol = this.session.getAcceptedProtocol();
		return (protocol == null || protocol.isEmpty()) ? null : protocol;
	}

	@Override
	public Map<String, String> pathVariables() {
		return this.pathVariables;
	}

	@Override
	public Map<String, Object> attributes() {
		return this.session.getAttributes();
	}

	@Override
	public @Nullable WebSocketMessage receive() throws IOException {
		return this.inbound.receive();
	}

	public boolean isPulled() {
		return this.inbound.isPulled();
	}

	/**
	 * Set the codecs of typed messages.
	 * @param codecs the application's codecs
	 */
	public void setCodecs(WebSocketMessageCodecs codecs) {
		this.codecs = codecs;
	}

	@Override
	public <T> @Nullable T receive(Class<T> type) throws IOException {
		WebSocketMessage message = receive();
		return (message != null) ? this.codecs.decode(message, type) : null;
	}

	@Override
	public void send(Object value) throws IOException {
		if (value instanceof WebSocketMessage message) {
			send(message);
		}
		else {
			send(this.codecs.encode(value));
		}
	}

	@Override
	public boolean sendAsync(Object value) throws WebSocketConversionException {
		return sendAsync((value instanceof WebSocketMessage message) ? message : this.codecs.encode(value));
	}

	@Override
	public @Nullable WebSocketMessage receivePart() throws IOException {
		return this.inbound.receivePart();
	}

	@Override
	public void send(String text) throws IOException {
		sendNative(new TextMessage(text));
	}

	@Override
	public void send(ByteBuffer payload) throws IOException {
		sendNative(new BinaryMessage(payload));
	}

	@Override
	public void send(WebSocketMessage message) throws IOException {
		sendNative(toNative(message));
	}

	private static org.springframework.web.socket.WebSocketMessage<?> toNative(WebSocketMessage message) {
		return message.isText() ? new TextMessage(message.text(), message.isLast())
				: new BinaryMessage(message.payload(), message.isLast());
	}

	private void sendNative(org.springframework.web.socket.WebSocketMessage<?> message) throws IOException {
		this.sender.send(message, false);
	}

	@Override
	public boolean sendAsync(WebSocketMessage message) {
		return enqueue(message, message.payloadLength(), null);
	}

	@Override
	public boolean enqueue(WebSocketMessage message, long bytes, @Nullable Runnable done) {
		Assert.isTrue(message.isLast(), "Only whole messages can be sent asynchronously");
		if (this.closeStatus.get() != null) {
			if (done != null) {
				done.run();
			}
			return false;
		}
		OutboundQueue.Outcome outcome = outbound().offer(message, bytes, done);
		if (outcome == OutboundQueue.Outcome.OVERFLOW) {
			cutOff();
		}
		return outcome == OutboundQueue.Outcome.QUEUED;
	}

	private OutboundQueue outbound() {
		OutboundQueue outbound = this.outbound;
		if (outbound == null) {
			synchronized (this.outboundMonitor) {
				outbound = this.outbound;
				if (outbound == null) {
					outbound = new OutboundQueue(this.sendBufferLimit, this::sendQueued);
					this.outbound = outbound;
				}
			}
		}
		return outbound;
	}

	private void sendQueued(WebSocketMessage message) throws IOException {
		try {
			this.sender.send(toNative(message), true);
		}
		catch (RuntimeException ex) {
			// Not the peer's doing: the queue ends with this message, so end the connection
			// visibly rather than leave it open with nothing more ever sent.
			this.monitor.error(ex);
			logger.error("Sending a queued message failed on WebSocket connection " + id() + " of endpoint '"
					+ this.endpoint + "'; closing it with 1011", ex);
			abortInBackground(CloseStatus.SERVER_ERROR);
			throw ex;
		}
	}

	private void cutOff() {
		if (!this.closeStatus.compareAndSet(null, SEND_BUFFER_OVERFLOW)) {
			return;
		}
		this.monitor.sendOverflow();
		overflowLog.warn("send-buffer-limit", () -> "Closed WebSocket connection " + id() + " of endpoint '"
				+ this.endpoint + "' with 1008: its peer did not read and more than websocket.send-buffer-limit ("
				+ this.sendBufferLimit + " bytes) waited to be sent");
		abortInBackground(SEND_BUFFER_OVERFLOW);
	}

	private void abortInBackground(CloseStatus closeStatus) {
		this.closeStatus.compareAndSet(null, closeStatus);
		// Aborting offers the close frame briefly; never on the thread of the sender that failed.
		Thread.ofVirtual().name("wsboot-abort").start(() -> {
			org.springframework.web.socket.CloseStatus status = new org.springframework.web.socket.CloseStatus(
					closeStatus.code(), closeStatus.reason());
			try {
				SessionTermination.abort(this.session, status, status);
			}
			catch (Exception ex) {
				logger.debug("Could not abort WebSocket connection " + id(), ex);
			}
		});
	}

	@Override
	public void join(String group) {
		this.groups.join(group);
	}

	@Override
	public void leave(String group) {
		this.groups.leave(group);
	}

	@Override
	public Set<String> groups() {
		return this.groups.groups();
	}

	@Override
	public boolean isOpen() {
		return this.closeStatus.get() == null && this.session.isOpen();
	}

	@Override
	public void close() throws IOException {
		close(CloseStatus.NORMAL);
	}

	@Override
	public void close(CloseStatus status) throws IOException {
		SendableCloseStatus.check(status);
		if (this.closeStatus.compareAndSet(null, status)) {
			this.session.close(new org.springframework.web.socket.CloseStatus(status.code(), status.reason()));
		}
	}

	@Override
	public @Nullable CloseStatus closeStatus() {
		return this.closeStatus.get();
	}

	/**
	 * Hand over a part read by the container; called on the container's thread only.
	 * @param part the part, holding bytes the connection may keep
	 * @throws IOException if closing an oversize message fails
	 */
	public void partReceived(WebSocketMessage part) throws IOException {
		if (!this.inbound.partReceived(part)) {
			ForcedCloseLog.messageTooBig(id(), this.maxMessageSize);
			WebSocketProtocolException tooBig = WebSocketProtocolException.messageTooBig(this.maxMessageSize);
			close(new CloseStatus(tooBig.closeCode(), tooBig.getMessage()));
			this.inbound.end();
		}
	}

	/**
	 * Record that the session has closed, so that receiving returns {@code null} once the parts
	 * already queued are taken.
	 * @param status the peer's close status, or how the session otherwise ended
	 */
	public void sessionClosed(CloseStatus status) {
		this.closeStatus.compareAndSet(null, status);
		this.inbound.end();
		OutboundQueue outbound = this.outbound;
		if (outbound != null) {
			outbound.end();
		}
		this.groups.close(this.endpoint);
	}

	/**
	 * Return the bytes waiting to be sent by {@link #sendAsync} and broadcasts.
	 * @return the byte count, counting the message being written
	 */
	public long queuedBytes() {
		OutboundQueue outbound = this.outbound;
		return (outbound != null) ? outbound.queuedBytes() : 0;
	}

	/**
	 * Return whether reading from this connection's socket is paused for its handler.
	 * @return {@code true} while the handler has unanswered messages or a full queue
	 */
	public boolean isReadingPaused() {
		return this.inbound.isReadingPaused();
	}

	/**
	 * Return the most message parts that waited for the handler at once.
	 * @return the high-water mark of the inbound queue
	 */
	public int inboundHighWaterMark() {
		return this.inbound.highWaterMark();
	}

}
