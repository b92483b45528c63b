package dev.wsboot.server.connection;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.locks.ReentrantLock;

import dev.wsboot.WebSocketMessage;
import org.jspecify.annotations.Nullable;

/**
 * The messages waiting to be sent on one connection, bounded in bytes and sent in order by one
 * virtual thread.
 * <p>
 * The thread starts with the first message that finds the queue idle and ends when the queue is
 * empty again, so an idle connection holds no thread. It sends with the connection's blocking
 * send, which the send timeout supervises. A message counts against the limit until it is
 * written; one that would take the queue over the limit ends the queue instead, and its owner
 * cuts the connection off.
 */
final class OutboundQueue {

	private static final ThreadFactory SENDERS = Thread.ofVirtual().name("wsboot-sender").factory();

	private final long limit;

	private final Sender sender;

	private final ReentrantLock lock = new ReentrantLock();

	private final ArrayDeque<Entry> entries = new ArrayDeque<>();

	private long queuedBytes;

	private boolean draining;

	private boolean ended;

	/**
	 * Create a queue.
	 * @param limit the most bytes that may wait, counting the message being written
	 * @param sender writes one message, blocking
	 */
	OutboundQueue(long limit, Sender sender) {
		this.limit = limit;
		this.sender = sender;
	}

	/**
	 * Queue a whole message.
	 * @param message the message
	 * @param bytes its payload size
	 * @param done run once the message is written or dropped, on whichever thread that happens
	 * @return {@link Outcome#QUEUED}, {@link Outcome#ENDED} if the queue had ended, or
	 * {@link Outcome#OVERFLOW} if this message ended it
	 */
	Outcome offer(WebSocketMessage message, long bytes, @Nullable Runnable done) {
		Entry entry = new Entry(message, bytes, done);
		boolean start = false;
		List<Entry> dropped = null;
		Outcome outcome;
		this.lock.lock();
		try {
			if (this.ended) {
				outcome = Outcome.ENDED;
			}
			else if (this.queuedBytes > 0 && this.queuedBytes + bytes > this.limit) {
				dropped = endLocked();
				outcome = Outcome.OVERFLOW;
			}
			else {
				this.entries.add(entry);
				this.queuedBytes += bytes;
				start = !this.draining;
				this.draining = true;
				outcome = Outcome.QUEUED;
			}
		}
		finally {
			this.lock.unlock();
		}
		if (outcome != Outcome.QUEUED) {
			completeAll(dropped);
			entry.complete();
		}
		else if (start) {
			SENDERS.newThread(this::drain).start();
		}
		return outcome;
	}

	/**
	 * End the queue: drop what waits and accept nothing more.
	 */
	void end() {
		List<Entry> dropped;
		this.lock.lock();
		try {
			dropped = this.ended ? null : endLocked();
		}
		finally {
			this.lock.unlock();
		}
		completeAll(dropped);
	}

	/**
	 * Return the bytes waiting, counting the message being written.
	 * @return the byte count
	 */
	long queuedBytes() {
		this.lock.lock();
		try {
			return this.queuedBytes;
		}
		finally {
			this.lock.unlock();
		}
	}

	private List<Entry> endLocked() {
		this.ended = true;
		List<Entry> dropped = new ArrayList<>(this.entries);
		this.entries.clear();
		this.queuedBytes = 0;
		return dropped;
	}

	private void drain() {
		while (true) {
			Entry entry;
			this.lock.lock();
			try {
				entry = this.entries.poll();
				if (entry == null) {
					this.draining = false;
					return;
				}
			}
			finally {
				this.lock.unlock();
			}
			try {
				this.sender.send(entry.message);
			}
			catch (Exception ex) {
				// The connection failed or closed; its owner learns of it through the session.
				entry.complete();
				end();
				this.lock.lock();
				try {
					this.draining = false;
				}
				finally {
					this.lock.unlock();
				}
				return;
			}
			this.lock.lock();
			try {
				if (!this.ended) {
					this.queuedBytes -= entry.bytes;
				}
			}
			finally {
				this.lock.unlock();
			}
			entry.complete();
		}
	}

	private static void completeAll(@Nullable List<Entry> entries) {
		if (entries != null) {
			for (Entry entry : entries) {
				entry.complete();
			}
		}
	}

	/**
	 * What became of an offered message.
	 */
	enum Outcome {

		/** Queued for sending. */
		QUEUED,

		/** Dropped: the queue had ended. */
		ENDED,

		/** Dropped, and the queue ended: the message would have exceeded the limit. */
		OVERFLOW

	}

	/**
	 * Writes one message, blocking until it is written.
	 */
	@FunctionalInterface
	interface Sender {

		void send(WebSocketMessage message) throws Exception;

	}

	private record Entry(WebSocketMessage message, long bytes, @Nullable Runnable done) {

		void complete() {
			if (this.done != null) {
				this.done.run();
			}
		}

	}

}
