package dev.wsboot.server.resume;

import java.io.InterruptedIOException;
import java.util.ArrayDeque;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

import dev.wsboot.WebSocketMessage;
import org.jspecify.annotations.Nullable;

/**
 * The client's side of one {@link ResumeSession}: the data messages the handler has not taken,
 * how many arrived in all, and how many the client has been told of. It shares the session's
 * lock, so that a transport replaced meanwhile never delivers.
 */
final class ResumeInbox {

	private final ResumeSession session;

	private final ReentrantLock lock;

	private final Condition changed;

	private final int capacity;

	private final ArrayDeque<WebSocketMessage> inbound = new ArrayDeque<>();

	private long received;

	private long acknowledgedToClient;

	ResumeInbox(ResumeSession session, ReentrantLock lock, Condition changed, int capacity, long received) {
		this.session = session;
		this.lock = lock;
		this.changed = changed;
		this.capacity = capacity;
		this.received = received;
		this.acknowledgedToClient = received;
	}

	/**
	 * Return how many of the client's data messages the server acknowledged.
	 * @return the count
	 */
	long acknowledgedReceived() {
		this.lock.lock();
		try {
			return this.acknowledgedToClient;
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Wait for the next message from the client.
	 * @return the message, or {@code null} once the connection has ended and every message is taken
	 */
	@Nullable WebSocketMessage take() throws InterruptedIOException {
		this.lock.lock();
		try {
			while (this.inbound.isEmpty()) {
				if (this.session.closeStatus() != null) {
					return null;
				}
				this.session.awaitChange();
			}
			WebSocketMessage message = this.inbound.poll();
			this.changed.signalAll();
			return message;
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
	boolean deliver(ResumeAttachment from, WebSocketMessage message) throws InterruptedIOException {
		this.lock.lock();
		try {
			while (this.session.isAttachedAndOpen(from) && this.inbound.size() >= this.capacity) {
				this.session.awaitChange();
			}
			if (!this.session.isAttachedAndOpen(from)) {
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
	long acknowledgementDue(ResumeAttachment from) {
		this.lock.lock();
		try {
			if (!this.session.isAttachedAndOpen(from) || this.received == this.acknowledgedToClient) {
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
	 * Count every message that arrived as told to the client, when a transport is attached and
	 * its reply carries the count; call holding the lock.
	 * @return the count
	 */
	long acknowledgeAll() {
		this.acknowledgedToClient = this.received;
		return this.received;
	}

}
