package dev.wsboot.server.connection;

import java.io.InterruptedIOException;
import java.util.ArrayDeque;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

import dev.wsboot.WebSocketMessage;
import dev.wsboot.server.ReadPauser;
import org.jspecify.annotations.Nullable;

/**
 * Message parts received on one connection and not yet taken by its handler.
 * <p>
 * Reading from the socket pauses for two reasons. When the queue is full, so that a slow handler
 * makes TCP push back on the peer instead of making the server buffer; reading resumes once the
 * handler has taken half of the parts. And after each whole message, so that the handler answers
 * it before the container reads on: otherwise a later frame that breaks the protocol would close
 * the connection before the answer to an earlier, valid message went out. That pause ends when
 * the handler sends or asks for the next part. Without a way to pause the container, the
 * container's thread waits for room instead.
 * <p>
 * The handler's thread waits with {@link LockSupport#park} rather than on a {@link Condition}:
 * an idle connection's thread is parked here for most of its life, and a virtual thread keeps
 * every frame of its wait on the heap (four fewer without a condition's await).
 */
final class InboundQueue {

	private final ArrayDeque<WebSocketMessage> parts;

	private final int capacity;

	private final ReadPauser pauser;

	private final ReentrantLock lock = new ReentrantLock();

	/** The thread waiting in {@link #take()}; guarded by {@link #lock}. */
	private @Nullable Thread taker;

	/** Where takers beyond the first wait, should a handler receive on several threads at once. */
	private @Nullable Condition otherTakers;

	/** Only a container that cannot be paused waits for room. */
	private final @Nullable Condition notFull;

	private boolean paused;

	private boolean pausedForRoom;

	private boolean pausedForAnswer;

	private boolean ended;

	private int highWaterMark;

	InboundQueue(int capacity, ReadPauser pauser) {
		// Small at first: an idle connection should not pay for a full queue.
		this.parts = new ArrayDeque<>(4);
		this.capacity = capacity;
		this.pauser = pauser;
		this.notFull = (pauser == ReadPauser.NONE) ? this.lock.newCondition() : null;
	}

	/**
	 * Return whether no part waits.
	 * @return {@code true} if {@link #take()} would wait or return {@code null}
	 */
	boolean isEmpty() {
		this.lock.lock();
		try {
			return this.parts.isEmpty();
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Add a part; called by the container's thread.
	 * @param part the part
	 */
	void put(WebSocketMessage part) {
		this.lock.lock();
		try {
			Condition notFull = this.notFull;
			while (notFull != null && this.parts.size() >= this.capacity && !this.ended) {
				notFull.awaitUninterruptibly();
			}
			if (this.ended) {
				return;
			}
			this.parts.addLast(part);
			this.highWaterMark = Math.max(this.highWaterMark, this.parts.size());
			wakeTakers();
			this.pausedForRoom |= this.parts.size() >= this.capacity;
			this.pausedForAnswer |= part.isLast();
			if ((this.pausedForRoom || this.pausedForAnswer) && !this.paused) {
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
			wakeTakers();
			if (this.notFull != null) {
				this.notFull.signalAll();
			}
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
		boolean resume;
		this.lock.lock();
		try {
			if (this.parts.isEmpty()) {
				// The handler is done with everything it was given and asks for more.
				this.pausedForAnswer = false;
				if (shouldResume()) {
					resumeOutsideLock();
				}
			}
			while (this.parts.isEmpty()) {
				if (this.ended) {
					return null;
				}
				awaitPart();
			}
			part = this.parts.pollFirst();
			if (this.notFull != null) {
				this.notFull.signal();
			}
			if (this.pausedForRoom && this.parts.size() <= this.capacity / 2) {
				this.pausedForRoom = false;
			}
			resume = shouldResume();
		}
		finally {
			this.lock.unlock();
		}
		if (resume) {
			resumeQuietly();
		}
		return part;
	}

	/**
	 * Wait once for a part or the end, under the lock; the caller checks again.
	 */
	private void awaitPart() throws InterruptedIOException {
		Thread current = Thread.currentThread();
		if (this.taker != null && this.taker != current) {
			if (this.otherTakers == null) {
				this.otherTakers = this.lock.newCondition();
			}
			try {
				this.otherTakers.await();
			}
			catch (InterruptedException ex) {
				current.interrupt();
				throw interrupted();
			}
			return;
		}
		this.taker = current;
		this.lock.unlock();
		try {
			LockSupport.park(this);
		}
		finally {
			this.lock.lock();
			this.taker = null;
		}
		if (current.isInterrupted()) {
			throw interrupted();
		}
	}

	private void wakeTakers() {
		if (this.taker != null) {
			LockSupport.unpark(this.taker);
		}
		if (this.otherTakers != null) {
			this.otherTakers.signalAll();
		}
	}

	private static InterruptedIOException interrupted() {
		return new InterruptedIOException("Interrupted while waiting for a WebSocket message");
	}

	/**
	 * Record that the handler answered: reading need no longer wait for it.
	 */
	void answered() {
		boolean resume;
		this.lock.lock();
		try {
			this.pausedForAnswer = false;
			resume = shouldResume();
		}
		finally {
			this.lock.unlock();
		}
		if (resume) {
			resumeQuietly();
		}
	}

	/**
	 * Decide, under the lock, whether reading should resume now, and if so mark it resumed.
	 */
	private boolean shouldResume() {
		if (this.paused && !this.pausedForRoom && !this.pausedForAnswer && !this.ended) {
			this.paused = false;
			return true;
		}
		return false;
	}

	/**
	 * Resume with the lock released for the call, since resuming may let the container's thread
	 * read and call {@link #put} at once.
	 */
	private void resumeOutsideLock() {
		this.lock.unlock();
		try {
			resumeQuietly();
		}
		finally {
			this.lock.lock();
		}
	}

	/**
	 * Return whether reading from the socket is paused, so that silence of the peer means
	 * nothing.
	 * @return {@code true} while paused
	 */
	boolean isReadingPaused() {
		this.lock.lock();
		try {
			return this.paused;
		}
		finally {
			this.lock.unlock();
		}
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
