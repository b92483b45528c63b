package dev.wsboot.server.socket;

import java.io.IOException;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

import org.jspecify.annotations.Nullable;

/**
 * A connection's thread waiting for its socket in the {@link ReadLoop} instead of in a
 * read: the loop reads what arrives on the connection's behalf, keeps waiting while that is only
 * pongs (when the thread asked to be left alone for those), and wakes the thread for anything
 * else.
 * <p>
 * Two modes. A <em>watched</em> socket ({@link #watch}) stays non-blocking and registered,
 * level-triggered, for the connection's whole life, and the thread waits here before every read
 * that would otherwise wait: the loop's one {@code epoll_wait} then stands for the JDK's per-read
 * re-arm of a one-shot registration, and its read for the thread's own. While the thread is busy
 * a report of the socket only makes the loop stop watching it, until the thread waits again.
 * Otherwise the socket is registered for one quiet wait at a time, in non-blocking mode while the
 * thread waits and back in blocking mode before the thread reads again. Either way the read
 * buffer belongs to whichever side the state says.
 */
final class LoopWait {

	/** The connection's thread reads for itself. */
	private static final int ACTIVE = 0;

	/** The thread is parked; the loop may read. */
	private static final int WAITING = 1;

	/** The loop is reading for the parked thread. */
	private static final int LOOP_READING = 2;

	/** The thread is to go on reading for itself. */
	private static final int WOKEN = 3;

	/** What {@link #readable} did: woke the waiting thread. */
	static final int WOKE = 0;

	/** What {@link #readable} did: read only pongs, or nothing, and left the thread waiting. */
	static final int READ_QUIETLY = 1;

	/** What {@link #readable} did: nothing, the thread being busy or on its way out. */
	static final int PASSED = 2;

	private final SocketChannel channel;

	private final QuietReader reader;

	private final AtomicInteger state = new AtomicInteger(ACTIVE);

	private volatile boolean wakeRequested;

	private volatile @Nullable Thread waiter;

	private volatile @Nullable SelectionKey watchKey;

	/** The loop watching the socket for the connection's whole life; set before it does. */
	private volatile @Nullable ReadLoop watchLoop;

	/** Whether the loop stopped watching the socket while the thread was busy. */
	private volatile boolean unwatched;

	/** Set by the loop before it wakes the thread; read by the thread after. */
	private @Nullable IOException failure;

	LoopWait(SocketChannel channel, QuietReader reader) {
		this.channel = channel;
		this.reader = reader;
	}

	/**
	 * Park the calling thread until the loop has read something other than pongs, the socket
	 * failed or {@link #wake()} was called. Returns at once, the socket untouched, where the
	 * loop cannot take the socket.
	 * @param loop the loop to wait in
	 * @throws IOException if the loop's read failed (the peer closed, or reset)
	 */
	void await(ReadLoop loop) throws IOException {
		this.waiter = Thread.currentThread();
		this.wakeRequested = false;
		SelectionKey key;
		try {
			this.channel.configureBlocking(false);
			this.state.set(WAITING);
			key = loop.register(this.channel, this);
		}
		catch (IOException | RuntimeException ex) {
			// Closed meanwhile, or the previous wait's registration is not yet undone: read
			// as usual, which reports a closed socket itself.
			this.state.set(ACTIVE);
			backToBlocking();
			return;
		}
		boolean interrupted = false;
		while (this.state.get() != WOKEN) {
			LockSupport.park(this);
			if (Thread.interrupted()) {
				interrupted = true;
				wake();
			}
		}
		if (key.isValid()) {
			// Woken from outside, for a close.
			loop.release(key);
		}
		backToBlocking();
		this.state.set(ACTIVE);
		endWait(interrupted);
	}

	/**
	 * Keep the socket registered with the loop, in non-blocking mode, from now on; called once,
	 * by the connection's thread before its first read.
	 * @param loop the loop, which must {@link ReadLoop#carriesData() carry data}
	 * @return whether the socket is watched (else it stays as it was, in blocking mode)
	 */
	boolean watch(ReadLoop loop) {
		this.watchLoop = loop;
		try {
			this.channel.configureBlocking(false);
			this.watchKey = loop.register(this.channel, this);
			return true;
		}
		catch (IOException | RuntimeException ex) {
			this.watchLoop = null;
			backToBlocking();
			return false;
		}
	}

	/**
	 * End the lasting registration before the socket is closed ({@link ReadLoop#release}).
	 */
	void unwatch() {
		SelectionKey key = this.watchKey;
		ReadLoop loop = this.watchLoop;
		if (key != null && loop != null) {
			loop.release(key);
		}
	}

	/**
	 * Park the calling thread on a {@link #watch watched} socket until the loop has read
	 * something (other than pongs, when the reader takes those), the socket failed, or
	 * {@link #wake()} was called.
	 * @throws IOException if the loop's read failed (the peer closed, or reset)
	 */
	void await() throws IOException {
		SelectionKey key = Objects.requireNonNull(this.watchKey);
		this.waiter = Thread.currentThread();
		this.state.set(WAITING);
		if (this.unwatched) {
			// Reported while busy, so the loop stopped watching: watch again. The loop applies
			// the change at its next select, which the wake-up brings forward.
			this.unwatched = false;
			try {
				key.interestOps(SelectionKey.OP_READ);
				ReadLoop loop = this.watchLoop;
				if (loop != null) {
					loop.wakeup();
				}
			}
			catch (RuntimeException ex) {
				// Cancelled: the socket was closed, and close wakes this wait.
			}
		}
		if (this.wakeRequested || !this.channel.isOpen()) {
			wake();
		}
		boolean interrupted = false;
		while (this.state.get() != WOKEN) {
			LockSupport.park(this);
			if (Thread.interrupted()) {
				interrupted = true;
				// Not a lasting request, as a shutdown's is: only this wait ends. The loop's
				// read, if one is under way, is short.
				while (!this.state.compareAndSet(WAITING, WOKEN) && this.state.get() != WOKEN) {
					Thread.onSpinWait();
				}
			}
		}
		this.state.set(ACTIVE);
		endWait(interrupted);
	}

	private void endWait(boolean interrupted) throws IOException {
		if (interrupted) {
			// Kept for the read that follows, which fails as an interrupted blocking read does.
			Thread.currentThread().interrupt();
		}
		IOException failure = this.failure;
		this.failure = null;
		if (failure != null) {
			throw failure;
		}
	}

	private void backToBlocking() {
		try {
			this.channel.configureBlocking(true);
		}
		catch (IOException | RuntimeException ex) {
			// Closed: the next read says so.
		}
	}

	/**
	 * End the wait, if there is one, from any thread: the socket was shut down or closed.
	 */
	void wake() {
		this.wakeRequested = true;
		if (this.state.compareAndSet(WAITING, WOKEN)) {
			LockSupport.unpark(this.waiter);
		}
		// While the loop reads, it sees the request when it is done.
	}

	/**
	 * Read what arrived for the parked thread; called on the loop's thread.
	 * @param key the socket's registration
	 * @return {@link #WOKE}, {@link #READ_QUIETLY} or {@link #PASSED}
	 */
	int readable(SelectionKey key) {
		boolean watched = this.watchLoop != null;
		if (!this.state.compareAndSet(WAITING, LOOP_READING)) {
			if (watched) {
				stopWatchingWhileBusy(key);
			}
			else {
				// The thread is on its way out of the wait: stop reporting the socket.
				key.cancel();
			}
			return PASSED;
		}
		boolean quiet;
		try {
			quiet = this.reader.readWhileQuiet();
		}
		catch (IOException ex) {
			this.failure = ex;
			quiet = false;
		}
		catch (RuntimeException ex) {
			this.failure = new IOException("Reading a WebSocket connection for its waiting thread failed", ex);
			quiet = false;
		}
		if (quiet) {
			this.state.set(WAITING);
			if (!this.wakeRequested || !this.state.compareAndSet(WAITING, WOKEN)) {
				return READ_QUIETLY;
			}
		}
		else {
			this.state.set(WOKEN);
		}
		if (!watched) {
			key.cancel();
		}
		LockSupport.unpark(this.waiter);
		return WOKE;
	}

	/**
	 * A level-triggered registration reports the socket for as long as bytes wait in it: while
	 * the thread is busy (it reads them itself), stop watching, until it waits again. If it began
	 * to wait meanwhile it may not have seen the flag, so the loop watches again itself.
	 */
	private void stopWatchingWhileBusy(SelectionKey key) {
		try {
			key.interestOps(0);
			this.unwatched = true;
			if (this.state.get() == WAITING) {
				this.unwatched = false;
				key.interestOps(SelectionKey.OP_READ);
			}
		}
		catch (RuntimeException ex) {
			// Cancelled: the socket was closed.
		}
	}

	/**
	 * What the loop does with a readable socket on a waiting connection's behalf.
	 */
	@FunctionalInterface
	interface QuietReader {

		/**
		 * Read what arrived and take the pongs in it.
		 * @return {@code true} to keep waiting (only pongs, or nothing, arrived)
		 * @throws IOException if reading fails or the peer closed
		 */
		boolean readWhileQuiet() throws IOException;

	}

}
