package dev.wsboot.server;

import java.io.InterruptedIOException;
import java.util.ArrayDeque;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

import dev.wsboot.WebSocketMessage;
import org.jspecify.annotations.Nullable;

/**
 * Message parts received on one connection and not yet taken by its handler.
 * <p>
 * The queue holds a bounded number of parts: when it is full, reading from the socket pauses and
 * resumes once the handler has taken half of them, so a slow handler makes TCP push back on the
 * peer instead of making the server buffer. Without a way to pause the container, the
 * container's thread waits instead.
 */
final class InboundQueue {

	private final ArrayDeque<WebSocketMessage> parts;

	private final int capacity;

	private final ReadPauser pauser;

	private final ReentrantLock lock = new ReentrantLock();

	private final Condition notEmpty = this.lock.newCondition();

	private final Condition notFull = this.lock.newCondition();

	private boolean paused;

	private boolean ended;

	private int highWaterMark;

	InboundQueue(int capacity, ReadPauser pauser) {
		// Small at first: an idle connection should not pay for a full queue.
		this.parts = new ArrayDeque<>(4);
		this.capacity = capacity;
		this.pauser = pauser;
	}

	/**
	 * Add a part; called by the container's thread.
	 * @param part the part
	 */
	void put(WebSocketMessage part) {
		this.lock.lock();
		try {
			while (this.parts.size() >= this.capacity && !this.ended && this.pauser == ReadPauser.NONE) {
				this.notFull.awaitUninterruptibly();
			}
			if (this.ended) {
				return;
			}
			this.parts.addLast(part);
			this.highWaterMark = Math.max(this.highWaterMark, this.parts.size());
			this.notEmpty.signal();
			if (this.parts.size() >= this.capacity && !this.paused) {
				this.paused = pauseQuietly();
			}
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Mark the end of input: once the remaining parts are taken, {@link #take()} returns
	 * {@code null}.
	 */
	void end() {
		this.lock.lock();
		try {
			this.ended = true;
			this.notEmpty.signalAll();
			this.notFull.signalAll();
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Wait for the next part.
	 * @return the part, or {@code null} after {@link #end()} once the queue is empty
	 * @throws InterruptedIOException if the waiting thread is interrupted
	 */
	@Nullable WebSocketMessage take() throws InterruptedIOException {
		WebSocketMessage part;
		boolean resume = false;
		this.lock.lock();
		try {
			while (this.parts.isEmpty()) {
				if (this.ended) {
					return null;
				}
				try {
					this.notEmpty.await();
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					throw new InterruptedIOException("Interrupted while waiting for a WebSocket message");
				}
			}
			part = this.parts.pollFirst();
			this.notFull.signal();
			if (this.paused && this.parts.size() <= this.capacity / 2) {
				this.paused = false;
				resume = !this.ended;
			}
		}
		finally {
			this.lock.unlock();
		}
		if (resume) {
			// Outside the lock: the container may read and call put() on this very thread.
			resumeQuietly();
		}
		return part;
	}

	/**
	 * Return the most parts that waited at once, for tests and diagnostics.
	 * @return the high-water mark
	 */
	int highWaterMark() {
		this.lock.lock();
		try {
			return this.highWaterMark;
		}
		finally {
			this.lock.unlock();
		}
	}

	private boolean pauseQuietly() {
		try {
			return this.pauser.pause();
		}
		catch (IllegalStateException ex) {
			// The connection is closing; there is nothing left to pause.
			return false;
		}
	}

	private void resumeQuietly() {
		try {
			this.pauser.resume();
		}
		catch (IllegalStateException ex) {
			// The connection closed while paused.
		}
	}

}
