package dev.wsboot.server.resume;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.security.Principal;
import java.util.ArrayDeque;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

import dev.wsboot.CloseStatus;
import dev.wsboot.WebSocketClosedException;
import dev.wsboot.WebSocketConnection;
import dev.wsboot.WebSocketConversionException;
import dev.wsboot.WebSocketMessage;
import dev.wsboot.server.ConnectionListener;
import dev.wsboot.server.EndpointMonitor;
import dev.wsboot.server.QueueingConnection;
import dev.wsboot.server.connection.GroupMemberships;
import dev.wsboot.server.connection.WebSocketMessageCodecs;
import org.jspecify.annotations.Nullable;
import org.springframework.util.Assert;

/**
 * The connection a resumable endpoint's handler holds: it outlives the transports beneath it.
 * Outbound messages are numbered and kept until the client acknowledges them; while the client
 * is away, {@link #receive()} waits and {@link #send} keeps what it is given, within the resume
 * buffer limit.
 *
 * @since 0.1.0
 */
public final class ResumableConnection implements QueueingConnection {

	static final CloseStatus BUFFER_EXCEEDED = CloseStatus.POLICY_VIOLATION
		.withReason("Resume buffer limit exceeded");

	static final CloseStatus EXPIRED = new CloseStatus(1006, "Resume window expired");

	private final String id;

	private final ResumableEndpoint endpoint;

	private final URI uri;

	private final @Nullable Principal principal;

	private final Map<String, String> pathVariables;

	private final Map<String, Object> attributes = new ConcurrentHashMap<>();

	private final GroupMemberships groups;

	private final ReentrantLock lock = new ReentrantLock();

	private final Condition changed = this.lock.newCondition();

	private final ResendBuffer outbound = new ResendBuffer();

	private final ArrayDeque<PendingDone> pendingDones = new ArrayDeque<>();

	private final ArrayDeque<WebSocketMessage> inbound = new ArrayDeque<>();

	private long received;

	private long acknowledgedToClient;

	private long bytesReportedHeld;

	private @Nullable Attachment attachment;

	private @Nullable ScheduledFuture<?> expiry;

	private volatile @Nullable CloseStatus closeStatus;

	private volatile String token;

	ResumableConnection(WebSocketConnection first, ResumableEndpoint endpoint, String token) {
		this.id = first.id();
		this.endpoint = endpoint;
		this.uri = first.uri();
		this.principal = first.principal();
		this.pathVariables = first.pathVariables();
		this.token = token;
		this.groups = new GroupMemberships(this, endpoint.listener());
	}

	@Override
	public String id() {
		return this.id;
	}

	@Override
	public URI uri() {
		return this.uri;
	}

	@Override
	public @Nullable Principal principal() {
		return this.principal;
	}

	@Override
	public String subprotocol() {
		return ResumeFrames.SUBPROTOCOL;
	}

	@Override
	public Map<String, String> pathVariables() {
		return this.pathVariables;
	}

	@Override
	public Map<String, Object> attributes() {
		return this.attributes;
	}

	String token() {
		return this.token;
	}

	boolean endpointIs(ResumableEndpoint endpoint) {
		return this.endpoint == endpoint;
	}

	@Override
	public @Nullable WebSocketMessage receive() throws IOException {
		this.lock.lock();
		try {
			while (this.inbound.isEmpty()) {
				if (this.closeStatus != null) {
					return null;
				}
				awaitChange();
			}
			WebSocketMessage message = this.inbound.poll();
			this.changed.signalAll();
			return message;
		}
		finally {
			this.lock.unlock();
		}
	}

	@Override
	public <T> @Nullable T receive(Class<T> type) throws IOException {
		WebSocketMessage message = receive();
		return (message != null) ? this.endpoint.codecs().decode(message, type) : null;
	}

	/** Resumable connections carry whole messages, so each part is a whole message. */
	@Override
	public @Nullable WebSocketMessage receivePart() throws IOException {
		return receive();
	}

	@Override
	public void send(String text) throws IOException {
		send(WebSocketMessage.text(text));
	}

	@Override
	public void send(ByteBuffer payload) throws IOException {
		send(WebSocketMessage.binary(payload, true));
	}

	@Override
	public void send(Object value) throws IOException {
		send((value instanceof WebSocketMessage message) ? message : this.endpoint.codecs().encode(value));
	}

	/**
	 * Send a whole message: while the client is connected, return once it is written; while the
	 * client is away, keep it for the client's return and return at once.
	 */
	@Override
	public void send(WebSocketMessage message) throws IOException {
		long sequence = keep(message, null);
		if (sequence < 0) {
			throw new WebSocketClosedException(closeStatusOrAbnormal());
		}
		this.lock.lock();
		try {
			Attachment current;
			while ((current = this.attachment) != null && current.written < sequence && this.closeStatus == null) {
				awaitChange();
			}
			if (this.closeStatus != null && (current == null || current.written < sequence)) {
				throw new WebSocketClosedException(closeStatusOrAbnormal());
			}
		}
		finally {
			this.lock.unlock();
		}
	}

	@Override
	public boolean sendAsync(WebSocketMessage message) {
		return enqueue(message, message.payloadLength(), null);
	}

	@Override
	public boolean sendAsync(Object value) throws WebSocketConversionException {
		return sendAsync((value instanceof WebSocketMessage message) ? message : this.endpoint.codecs().encode(value));
	}

	@Override
	public boolean enqueue(WebSocketMessage message, long bytes, @Nullable Runnable done) {
		if (keep(message, done) >= 0) {
			return true;
		}
		if (done != null) {
			done.run();
		}
		return false;
	}

	/**
	 * Number and keep a message for the writer.
	 * @return its sequence number, or -1 if the connection has ended
	 */
	private long keep(WebSocketMessage message, @Nullable Runnable done) {
		Assert.isTrue(message.isLast(), "Resumable connections send whole messages only");
		WebSocketMessage wire = message.isText() ? WebSocketMessage.text(ResumeFrames.data(message.text()))
				: message;
		long sequence;
		boolean exceeded;
		this.lock.lock();
		try {
			if (this.closeStatus != null) {
				return -1;
			}
			sequence = this.outbound.add(wire);
			if (done != null) {
				this.pendingDones.add(new PendingDone(sequence, done));
			}
			exceeded = this.outbound.bytes() > this.endpoint.bufferLimit();
			this.changed.signalAll();
		}
		finally {
			this.lock.unlock();
		}
		if (exceeded) {
			this.endpoint.monitor().resumeBufferExceeded();
			end(BUFFER_EXCEEDED);
			return -1;
		}
		reportHeldBytes();
		return sequence;
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
		return this.closeStatus == null;
	}

	@Override
	public void close() throws IOException {
		close(CloseStatus.NORMAL);
	}

	@Override
	public void close(CloseStatus status) throws IOException {
		Assert.isTrue(status.isSendable(), () -> "Close code " + status.code()
				+ " may not be sent in a close frame (RFC 6455, section 7.4); use 1000, 1001, 1008 or 4000-4999");
		end(status);
	}

	@Override
	public @Nullable CloseStatus closeStatus() {
		return this.closeStatus;
	}

	/**
	 * Put a transport beneath this connection, replacing any other, from the count of messages
	 * the client says it received; the caller sends {@link Attachment#reply()} on it and then
	 * calls {@link #startWriting}.
	 * @param transport the new transport
	 * @param clientReceived how many data messages the client received in all; -1 for the first
	 * transport of a new connection
	 * @param newToken the token the client is to present next time
	 * @return the attachment, or {@code null} if the connection has ended or the count is wrong
	 */
	@Nullable Attachment attach(WebSocketConnection transport, long clientReceived, String newToken) {
		boolean first = clientReceived < 0;
		long from = Math.max(clientReceived, 0);
		Attachment next;
		this.lock.lock();
		try {
			if (this.closeStatus != null || from < this.outbound.firstSequence() - 1
					|| !this.outbound.acknowledge(from)) {
				return null;
			}
			this.token = newToken;
			this.acknowledgedToClient = this.received;
			String reply = first ? ResumeFrames.welcome(newToken) : ResumeFrames.resumed(this.received, newToken);
			next = new Attachment(transport, from, this.attachment, reply, this.outbound.nextSequence() - 1 - from);
			this.attachment = next;
			cancelExpiry();
			this.changed.signalAll();
		}
		finally {
			this.lock.unlock();
		}
		reportHeldBytes();
		return next;
	}

	/**
	 * Start writing the kept messages on an attached transport, after its reply is sent.
	 * @param attachment the attachment
	 */
	void startWriting(Attachment attachment) {
		Thread.ofVirtual().name("wsboot-resume-writer-" + this.id).start(() -> write(attachment));
	}

	private void write(Attachment attachment) {
		while (true) {
			long sequence;
			WebSocketMessage message;
			this.lock.lock();
			try {
				while (this.attachment == attachment && this.closeStatus == null
						&& attachment.cursor >= this.outbound.nextSequence()) {
					this.changed.awaitUninterruptibly();
				}
				if (this.attachment != attachment || this.closeStatus != null) {
					return;
				}
				sequence = attachment.cursor++;
				message = this.outbound.get(sequence);
			}
			finally {
				this.lock.unlock();
			}
			if (message != null) {
				try {
					attachment.transport.send(message);
				}
				catch (IOException ex) {
					// The transport is gone; its pump detaches it.
					return;
				}
			}
			written(attachment, sequence);
		}
	}

	private void written(Attachment attachment, long sequence) {
		this.lock.lock();
		try {
			attachment.written = sequence;
			while (!this.pendingDones.isEmpty() && this.pendingDones.peek().sequence() <= sequence) {
				this.pendingDones.poll().done().run();
			}
			this.changed.signalAll();
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Hand over a data message the client sent through a transport.
	 * @return {@code true} if an acknowledgement is due, {@code false} also if the message was
	 * dropped because the transport is no longer attached (the client sends it again)
	 * @throws InterruptedIOException if the pump is interrupted while the handler is behind
	 */
	boolean deliver(Attachment from, WebSocketMessage message) throws InterruptedIOException {
		this.lock.lock();
		try {
			while (this.attachment == from && this.closeStatus == null
					&& this.inbound.size() >= this.endpoint.inboundCapacity()) {
				awaitChange();
			}
			if (this.attachment != from || this.closeStatus != null) {
				return false;
			}
			this.inbound.add(message);
			this.received++;
			this.changed.signalAll();
			return this.received - this.acknowledgedToClient >= ResumableEndpoint.ACK_EVERY;
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Return the acknowledgement to send now, if the client has not been told of every message.
	 * @return the count to acknowledge, or -1 for none
	 */
	long acknowledgementDue(Attachment from) {
		this.lock.lock();
		try {
			if (this.attachment != from || this.received == this.acknowledgedToClient) {
				return -1;
			}
			this.acknowledgedToClient = this.received;
			return this.received;
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Send the acknowledgement owed to the client, if any, without waiting for it to be written.
	 */
	void acknowledgeAsync() {
		Attachment current;
		this.lock.lock();
		try {
			current = this.attachment;
		}
		finally {
			this.lock.unlock();
		}
		long count = (current != null) ? acknowledgementDue(current) : -1;
		if (current != null && count >= 0) {
			current.transport.sendAsync(WebSocketMessage.text(ResumeFrames.ack(count)));
		}
	}

	/**
	 * Record the client's acknowledgement.
	 * @return {@code false} if it acknowledges messages never sent
	 */
	boolean acknowledged(long clientReceived) {
		boolean valid;
		this.lock.lock();
		try {
			valid = this.outbound.acknowledge(clientReceived);
			this.changed.signalAll();
		}
		finally {
			this.lock.unlock();
		}
		reportHeldBytes();
		return valid;
	}

	/**
	 * Learn that a transport ended: a drop without a close handshake keeps the connection for
	 * the client's return; any other end ends it.
	 * @param from the transport's attachment
	 * @param status how the transport ended
	 */
	void detached(Attachment from, CloseStatus status) {
		boolean kept;
		this.lock.lock();
		try {
			if (this.attachment != from) {
				return;
			}
			this.attachment = null;
			this.changed.signalAll();
			kept = this.closeStatus == null && status.code() == CloseStatus.ABNORMAL.code();
			if (kept) {
				this.expiry = this.endpoint.registry().scheduleExpiry(this::expire);
			}
		}
		finally {
			this.lock.unlock();
		}
		if (!kept) {
			end(status);
		}
		reportHeldBytes();
	}

	private void expire() {
		this.lock.lock();
		try {
			if (this.attachment != null || this.closeStatus != null) {
				return;
			}
		}
		finally {
			this.lock.unlock();
		}
		this.endpoint.monitor().resumeExpired();
		end(EXPIRED);
	}

	/**
	 * End the connection: the handler's {@code receive()} returns {@code null} once it has taken
	 * what arrived, the kept messages are dropped, and an attached transport is closed.
	 * @param status the close status to record and, if it may be sent, to send
	 */
	void end(CloseStatus status) {
		Attachment attached;
		this.lock.lock();
		try {
			if (this.closeStatus != null) {
				return;
			}
			this.closeStatus = status;
			attached = this.attachment;
			this.outbound.clear();
			while (!this.pendingDones.isEmpty()) {
				this.pendingDones.poll().done().run();
			}
			cancelExpiry();
			this.changed.signalAll();
		}
		finally {
			this.lock.unlock();
		}
		reportHeldBytes();
		this.endpoint.registry().remove(this);
		this.groups.close(this.endpoint.path());
		if (attached != null && status.isSendable()) {
			try {
				attached.transport.close(status);
			}
			catch (IOException | RuntimeException ex) {
				// The transport is going anyway.
			}
		}
	}

	private void cancelExpiry() {
		ScheduledFuture<?> expiry = this.expiry;
		if (expiry != null) {
			expiry.cancel(false);
			this.expiry = null;
		}
	}

	/** Tell the monitor how many bytes wait for an absent client, as they change. */
	private void reportHeldBytes() {
		long delta;
		this.lock.lock();
		try {
			long held = (this.attachment == null && this.closeStatus == null) ? this.outbound.bytes() : 0;
			delta = held - this.bytesReportedHeld;
			this.bytesReportedHeld = held;
		}
		finally {
			this.lock.unlock();
		}
		if (delta != 0) {
			this.endpoint.monitor().resumeBytesHeld(delta);
		}
	}

	private void awaitChange() throws InterruptedIOException {
		try {
			this.changed.await();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new InterruptedIOException("Interrupted while waiting on WebSocket connection " + this.id);
		}
	}

	private CloseStatus closeStatusOrAbnormal() {
		CloseStatus status = this.closeStatus;
		return (status != null) ? status : CloseStatus.ABNORMAL;
	}

	/**
	 * One transport beneath the connection.
	 */
	static final class Attachment {

		private final WebSocketConnection transport;

		private final @Nullable Attachment previous;

		private final String reply;

		private final long replayed;

		/** Next sequence number to write; guarded by the connection's lock. */
		private long cursor;

		/** Highest sequence number written or known to be received; guarded likewise. */
		private long written;

		Attachment(WebSocketConnection transport, long clientReceived, @Nullable Attachment previous, String reply,
				long replayed) {
			this.transport = transport;
			this.previous = previous;
			this.reply = reply;
			this.replayed = replayed;
			this.cursor = clientReceived + 1;
			this.written = clientReceived;
		}

		WebSocketConnection transport() {
			return this.transport;
		}

		@Nullable WebSocketConnection previousTransport() {
			return (this.previous != null) ? this.previous.transport : null;
		}

		String reply() {
			return this.reply;
		}

		long replayed() {
			return this.replayed;
		}

	}

	private record PendingDone(long sequence, Runnable done) {
	}

}
