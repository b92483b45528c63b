package dev.wsboot.server.resume;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

import dev.wsboot.CloseStatus;
import dev.wsboot.WebSocketClosedException;
import dev.wsboot.WebSocketConnection;
import dev.wsboot.WebSocketMessage;
import org.jspecify.annotations.Nullable;
import org.springframework.util.Assert;

/**
 * What one {@link ResumableConnection} keeps across its transports, under one lock: the
 * numbered outbound messages the client has not acknowledged, the inbound messages the handler
 * has not taken, the transport attached now and the resume window while none is.
 */
final class ResumeSession {

	static final CloseStatus BUFFER_EXCEEDED = CloseStatus.POLICY_VIOLATION
		.withReason("Resume buffer limit exceeded");

	static final CloseStatus EXPIRED = new CloseStatus(1006, "Resume window expired");

	private final ResumableConnection owner;

	private final ResumableEndpoint endpoint;

	private final ReentrantLock lock = new ReentrantLock();

	private final Condition changed = this.lock.newCondition();

	private final ResendBuffer outbound;

	private final ResumeInbox inbox;

	private long bytesReportedHeld;

	private @Nullable ResumeAttachment attachment;

	private @Nullable ScheduledFuture<?> expiry;

	private volatile @Nullable CloseStatus closeStatus;

	private volatile String token;

	/**
	 * Create the session of a connection.
	 * @param owner the connection
	 * @param endpoint its endpoint
	 * @param token its first token
	 * @param clientReceived how many data messages its client received before, on another
	 * instance; 0 for a new connection
	 * @param received how many of the client's data messages were acknowledged before
	 */
	ResumeSession(ResumableConnection owner, ResumableEndpoint endpoint, String token, long clientReceived,
			long received) {
		this.owner = owner;
		this.endpoint = endpoint;
		this.token = token;
		this.outbound = new ResendBuffer(clientReceived + 1);
		this.inbox = new ResumeInbox(this, this.lock, this.changed, endpoint.inboundCapacity(), received);
	}

	/**
	 * Return the client's side: the messages the handler has not taken and their counts.
	 * @return the inbox, which shares this session's lock
	 */
	ResumeInbox inbox() {
		return this.inbox;
	}

	/**
	 * Return whether a transport is attached now and the connection open; call holding the lock.
	 */
	boolean isAttachedAndOpen(ResumeAttachment from) {
		return this.attachment == from && this.closeStatus == null;
	}

	String token() {
		return this.token;
	}

	@Nullable CloseStatus closeStatus() {
		return this.closeStatus;
	}

	/**
	 * Send a whole message: while the client is connected, return once it is written; while the
	 * client is away, keep it for the client's return and return at once.
	 */
	void send(WebSocketMessage message) throws IOException {
		long sequence = keep(message, null, null);
		if (sequence < 0) {
			throw new WebSocketClosedException(closeStatusOrAbnormal());
		}
		this.lock.lock();
		try {
			ResumeAttachment current;
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

	/**
	 * Number and keep a message for the writer, with its broadcast's stream id if it is one.
	 * @return its sequence number, or -1 if the connection has ended
	 */
	long keep(WebSocketMessage message, @Nullable Runnable done, @Nullable String broadcastId) {
		Assert.isTrue(message.isLast(), "Resumable connections send whole messages only");
		WebSocketMessage wire = message.isText() ? WebSocketMessage.text(ResumeFrames.data(message.text()))
				: message;
		long sequence;
		boolean exceeded;
		long heldChange = 0;
		this.lock.lock();
		try {
			if (this.closeStatus != null) {
				return -1;
			}
			sequence = this.outbound.add(wire, done, broadcastId);
			exceeded = this.outbound.bytes() > this.endpoint.bufferLimit();
			if (!exceeded) {
				heldChange = heldBytesChange();
			}
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
		reportHeldBytes(heldChange);
		return sequence;
	}

	/**
	 * Put a transport beneath this connection, replacing any other, from the count of messages
	 * the client says it received; the caller sends {@link ResumeAttachment#reply()} on it and then
	 * starts its writer.
	 * @param transport the new transport
	 * @param clientReceived how many data messages the client received in all; -1 for the first
	 * transport of a new connection
	 * @param newToken the token the client is to present next time
	 * @return the attachment, or {@code null} if the connection has ended or the count is wrong
	 */
	@Nullable ResumeAttachment attach(WebSocketConnection transport, long clientReceived, String newToken) {
		boolean first = clientReceived < 0;
		long from = Math.max(clientReceived, 0);
		ResumeAttachment next;
		long heldChange;
		this.lock.lock();
		try {
			if (this.closeStatus != null || from < this.outbound.firstSequence() - 1
					|| !this.outbound.acknowledge(from)) {
				return null;
			}
			this.token = newToken;
			long received = this.inbox.acknowledgeAll();
			String reply = first ? ResumeFrames.welcome(newToken) : ResumeFrames.resumed(received, newToken);
			next = new ResumeAttachment(transport, from, this.attachment, reply,
					this.outbound.nextSequence() - 1 - from);
			this.attachment = next;
			cancelExpiry();
			heldChange = heldBytesChange();
			this.changed.signalAll();
		}
		finally {
			this.lock.unlock();
		}
		reportHeldBytes(heldChange);
		return next;
	}

	/**
	 * Wait for the next kept message to write on an attachment and move its cursor past it.
	 * @return the message with its broadcast's stream id, or {@code null} once the attachment is
	 * replaced or the connection ends
	 */
	@Nullable Kept nextToWrite(ResumeAttachment attachment) {
		this.lock.lock();
		try {
			while (this.attachment == attachment && this.closeStatus == null
					&& attachment.cursor >= this.outbound.nextSequence()) {
				this.changed.awaitUninterruptibly();
			}
			if (this.attachment != attachment || this.closeStatus != null) {
				return null;
			}
			// Nothing before the oldest kept message is owed: the client acknowledged it.
			attachment.cursor = Math.max(attachment.cursor, this.outbound.firstSequence());
			long sequence = attachment.cursor++;
			WebSocketMessage message = this.outbound.get(sequence);
			return (message != null) ? new Kept(message, this.outbound.broadcastId(sequence)) : null;
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Record that the message before an attachment's cursor is written.
	 */
	void written(ResumeAttachment attachment) {
		this.lock.lock();
		try {
			attachment.written = attachment.cursor - 1;
			this.outbound.runDonesUpTo(attachment.written);
			this.changed.signalAll();
		}
		finally {
			this.lock.unlock();
		}
	}

	@Nullable ResumeAttachment currentAttachment() {
		this.lock.lock();
		try {
			return this.attachment;
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Record the client's acknowledgement.
	 * @return {@code false} if it acknowledges messages never sent
	 */
	boolean acknowledged(long clientReceived) {
		boolean valid;
		long heldChange;
		this.lock.lock();
		try {
			valid = this.outbound.acknowledge(clientReceived);
			heldChange = heldBytesChange();
			this.changed.signalAll();
		}
		finally {
			this.lock.unlock();
		}
		reportHeldBytes(heldChange);
		return valid;
	}

	/**
	 * Learn that a transport ended: a drop without a close handshake keeps the connection for
	 * the client's return; any other end ends it.
	 * @param from the transport's attachment
	 * @param status how the transport ended
	 */
	void detached(ResumeAttachment from, CloseStatus status) {
		boolean kept;
		long heldChange;
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
			heldChange = heldBytesChange();
		}
		finally {
			this.lock.unlock();
		}
		reportHeldBytes(heldChange);
		if (kept) {
			this.owner.persist();
		}
		else {
			end(status);
		}
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
		ResumeAttachment attached;
		long heldChange;
		this.lock.lock();
		try {
			if (this.closeStatus != null) {
				return;
			}
			this.closeStatus = status;
			attached = this.attachment;
			this.outbound.clear();
			cancelExpiry();
			heldChange = heldBytesChange();
			this.changed.signalAll();
		}
		finally {
			this.lock.unlock();
		}
		reportHeldBytes(heldChange);
		this.endpoint.registry().remove(this.owner);
		this.owner.ended(status);
		if (attached != null && status.isSendable()) {
			try {
				attached.transport().close(status);
			}
			catch (IOException | RuntimeException ex) {
				// The transport is going anyway.
			}
		}
	}

	/**
	 * A kept message with the stream id of its broadcast.
	 *
	 * @param message the message as it goes on the wire
	 * @param broadcastId the broadcast's stream id, or {@code null}
	 */
	record Kept(WebSocketMessage message, @Nullable String broadcastId) {
	}

	private void cancelExpiry() {
		ScheduledFuture<?> expiry = this.expiry;
		if (expiry != null) {
			expiry.cancel(false);
			this.expiry = null;
		}
	}

	/**
	 * Work out, holding the lock, how the bytes kept for an absent client changed since the last
	 * report, so that each change costs no second acquisition of the lock.
	 * @return the change to report
	 */
	private long heldBytesChange() {
		long held = (this.attachment == null && this.closeStatus == null) ? this.outbound.bytes() : 0;
		long delta = held - this.bytesReportedHeld;
		this.bytesReportedHeld = held;
		return delta;
	}

	/** Tell the monitor, outside the lock, how the bytes kept for an absent client changed. */
	private void reportHeldBytes(long delta) {
		if (delta != 0) {
			this.endpoint.monitor().resumeBytesHeld(delta);
		}
	}

	/**
	 * Wait, holding the lock, for any change to the session; the inbox waits here too.
	 * @throws InterruptedIOException if the waiting thread is interrupted
	 */
	void awaitChange() throws InterruptedIOException {
		try {
			this.changed.await();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new InterruptedIOException("Interrupted while waiting on WebSocket connection " + this.owner.id());
		}
	}

	private CloseStatus closeStatusOrAbnormal() {
		CloseStatus status = this.closeStatus;
		return (status != null) ? status : CloseStatus.ABNORMAL;
	}
}
