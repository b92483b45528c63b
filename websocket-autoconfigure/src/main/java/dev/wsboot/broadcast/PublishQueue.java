package dev.wsboot.broadcast;

import java.util.ArrayDeque;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

import org.jspecify.annotations.Nullable;

/**
 * The envelopes waiting for the backplane's publisher thread, bounded in bytes so that an outage
 * of the broker cannot exhaust the heap: what does not fit is refused, and counted by the caller.
 */
final class PublishQueue {

	private final long maxBytes;

	private final ReentrantLock lock = new ReentrantLock();

	private final Condition notEmpty = this.lock.newCondition();

	private final ArrayDeque<byte[]> pending = new ArrayDeque<>();

	private long pendingBytes;

	PublishQueue(long maxBytes) {
		this.maxBytes = maxBytes;
	}

	/**
	 * Queue an envelope.
	 * @return {@code false} if it did not fit; an envelope alone in the queue always fits
	 */
	boolean offer(byte[] envelope) {
		this.lock.lock();
		try {
			if (this.pendingBytes > 0 && this.pendingBytes + envelope.length > this.maxBytes) {
				return false;
			}
			this.pending.add(envelope);
			this.pendingBytes += envelope.length;
			this.notEmpty.signal();
			return true;
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Take the next envelope, waiting for one until interrupted.
	 * @return the envelope
	 * @throws InterruptedException when the publisher is stopped
	 */
	byte @Nullable [] take() throws InterruptedException {
		this.lock.lockInterruptibly();
		try {
			while (this.pending.isEmpty()) {
				this.notEmpty.await();
			}
			byte[] envelope = this.pending.poll();
			this.pendingBytes -= envelope.length;
			return envelope;
		}
		finally {
			this.lock.unlock();
		}
	}

}
