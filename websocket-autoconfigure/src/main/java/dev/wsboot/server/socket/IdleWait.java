package dev.wsboot.server.socket;

import java.io.IOException;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

import org.jspecify.annotations.Nullable;

/**
 * A connection's thread waiting for its quiet socket in the {@link IdleReadLoop} instead of in a
 * read: the loop reads what arrives on the connection's behalf, keeps waiting while that is only
 * pongs, and wakes the thread for anything else.
 * <p>
 * The socket is in non-blocking mode while the thread waits here and back in blocking mode
 * before the thread reads again; the read buffer belongs to whichever side the state says.
 */
final class IdleWait {

	/** The connection's thread reads for itself. */
	private static final int ACTIVE = 0;

	/** The thread is parked; the loop may read. */
	private static final int WAITING = 1;

	/** The loop is reading for the parked thread. */
	private static final int LOOP_READING = 2;

	/** The thread is to go on reading for itself. */
	private static final int WOKEN = 3;

	private final SocketChannel channel;

	private final QuietReader reader;

	private final AtomicInteger state = new AtomicInteger(ACTIVE);

	private volatile boolean wakeRequested;

	private volatile @Nullable Thread waiter;

	/** Set by the loop before it wakes the thread; read by the thread after. */
	private @Nullable IOException failure;

	IdleWait(SocketChannel channel, QuietReader reader) {
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
	void await(IdleReadLoop loop) throws IOException {
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
		key.cancel();
		backToBlocking();
		this.state.set(ACTIVE);
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
	 * @return whether the thread was woken (not for pongs alone)
	 */
	boolean readable(SelectionKey key) {
		if (!this.state.compareAndSet(WAITING, LOOP_READING)) {
			// The thread is on its way out of the wait: stop reporting the socket.
			key.cancel();
			return false;
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
			this.failure = new IOException("Reading a quiet WebSocket connection failed", ex);
			quiet = false;
		}
		if (quiet) {
			this.state.set(WAITING);
			if (!this.wakeRequested || !this.state.compareAndSet(WAITING, WOKEN)) {
				return false;
			}
		}
		else {
			this.state.set(WOKEN);
		}
		key.cancel();
		LockSupport.unpark(this.waiter);
		return true;
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
