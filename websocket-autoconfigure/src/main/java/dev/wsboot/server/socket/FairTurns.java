package dev.wsboot.server.socket;

import java.util.concurrent.locks.LockSupport;

/**
 * The turns a connection's virtual thread gives the others before its reads, so that busy
 * connections share a carrier fairly with new and woken ones.
 * <p>
 * Mostly a yield, before a read that may wait: a peer that answers at once has sent its next
 * frame by then, and the read finds it instead of failing, re-arming the socket with the JDK's
 * poller and parking until the poller wakes this thread. But a carrier takes tasks from the queue
 * it is working on (its own, or the shared one that its yielding threads go to once its own is
 * empty) for as long as that queue holds any, before it looks at the others, where new
 * connections' threads and threads woken by timers or by the JDK's master poller wait. Busy
 * connections' yields keep that queue full for as long as they are busy. So at its first read in
 * each period the thread parks for a moment instead, which takes it out of the queue; every busy
 * thread does the same within one round of the queue, so the queue empties and what waited
 * elsewhere runs. A turn counted per thread (once every 256 reads) did not empty it: the threads
 * that had had their turn waited outside until the last one had had its own, for seconds with a
 * thousand busy connections. A thread whose last read waited for its bytes has just been out of
 * the queue and keeps no one waiting; it takes its turn at its first read in the period that did
 * not wait, so that a connection that reads a few messages a second does not pay a timed park for
 * each of them. Used by one thread at a time, the connection's reader.
 */
final class FairTurns {

	/**
	 * The period of fair turns: at its first read in each period a busy connection's thread
	 * leaves its carrier's queue for a moment, and so does every other busy one in that moment.
	 */
	static final long PERIOD_NANOS = 100_000_000;

	private static final long TURN_NANOS = 1_000;

	/** A read that took longer than this waited for its bytes: the thread had left the queue. */
	private static final long WAITED_NANOS = 100_000;

	private long period = System.nanoTime() / PERIOD_NANOS;

	/** Whether the last read waited for its bytes (the thread was parked, out of the queue). */
	private boolean lastReadWaited = true;

	/**
	 * Let the other connections' threads run before a read: take the period's turn if it is due,
	 * else yield if asked.
	 * @param yield whether to yield when no turn is due
	 */
	void beforeRead(boolean yield) {
		long now = System.nanoTime() / PERIOD_NANOS;
		if (now != this.period && !this.lastReadWaited) {
			this.period = now;
			LockSupport.parkNanos(TURN_NANOS);
		}
		else if (yield) {
			Thread.yield();
		}
	}

	/**
	 * Note how long a blocking read took: long enough, and it waited for its bytes.
	 * @param nanos the read's duration
	 */
	void readTook(long nanos) {
		this.lastReadWaited = nanos > WAITED_NANOS;
	}

	/** Note that the thread waited for its bytes, parked elsewhere than in a read. */
	void waited() {
		this.lastReadWaited = true;
	}

	/** Note a read that found its bytes without waiting. */
	void readAtOnce() {
		this.lastReadWaited = false;
	}

}
