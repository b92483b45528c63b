package dev.wsboot.server.socket;

import java.io.IOException;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.concurrent.locks.LockSupport;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * One thread that watches the sockets of quiet connections, so that the pongs answering
 * keep-alive pings are read without waking each connection's thread ({@link IdleWait}).
 * <p>
 * A connection's thread blocked in a socket read is woken by the JDK for every byte that
 * arrives: a pong then costs a wake-up, a read, a second read that finds nothing, a re-arm of the
 * socket's one-shot registration and a park. Here a socket stays registered, level-triggered,
 * while its connection is quiet; one {@code epoll_wait} reports many, and a pong is one read.
 * The loop runs for the life of the JVM once first used, on a daemon platform thread.
 */
final class IdleReadLoop implements Runnable {

	private static final Log logger = LogFactory.getLog(IdleReadLoop.class);

	/** Bounds how long a closed socket's registration may linger, which delays its release. */
	private static final long SELECT_TIMEOUT_MILLIS = 1000;

	/** Fewer sockets than this reported at once, all with pongs only, is pongs trickling in. */
	private static final int GATHER_BELOW = 64;

	/**
	 * How long trickling pongs gather before the next wait; also the longest a quiet
	 * connection's data may wait for the loop while they do.
	 */
	private static final long GATHER_NANOS = 250_000;

	private static final Object lock = new Object();

	private static volatile @Nullable IdleReadLoop instance;

	private static volatile boolean unavailable;

	private final Selector selector;

	/** Whether the current select woke a connection's thread; the loop's thread only. */
	private boolean wokeAThread;

	private IdleReadLoop(Selector selector) {
		this.selector = selector;
	}

	/**
	 * Return the loop, starting it on first use.
	 * @return the loop, or {@code null} if this JVM cannot run one (connections then wait in
	 * their reads)
	 */
	static @Nullable IdleReadLoop get() {
		IdleReadLoop loop = instance;
		if (loop != null || unavailable) {
			return loop;
		}
		synchronized (lock) {
			if (instance == null && !unavailable) {
				try {
					IdleReadLoop started = new IdleReadLoop(Selector.open());
					Thread thread = new Thread(started, "wsboot-idle-reader");
					thread.setDaemon(true);
					thread.start();
					instance = started;
				}
				catch (IOException | RuntimeException ex) {
					unavailable = true;
					logger.info("Quiet WebSocket connections wait in their own reads: no selector could be opened", ex);
				}
			}
			return instance;
		}
	}

	/**
	 * Watch a socket in non-blocking mode for its waiting connection.
	 * @param channel the socket
	 * @param wait told when the socket is readable, on the loop's thread
	 * @return the registration, to cancel when the connection reads again
	 * @throws IOException if the socket cannot be registered (closed, or its previous
	 * registration is not yet undone)
	 */
	SelectionKey register(SocketChannel channel, IdleWait wait) throws IOException {
		try {
			SelectionKey key = channel.register(this.selector, SelectionKey.OP_READ, wait);
			// A selector applies new registrations when it next selects.
			this.selector.wakeup();
			return key;
		}
		catch (RuntimeException ex) {
			// CancelledKeyException, IllegalBlockingModeException, ClosedSelectorException.
			throw new IOException("Cannot watch the socket while it is quiet", ex);
		}
	}

	@Override
	public void run() {
		while (this.selector.isOpen()) {
			try {
				this.wokeAThread = false;
				int selected = this.selector.select(this::readable, SELECT_TIMEOUT_MILLIS);
				if (selected > 0 && selected < GATHER_BELOW && !this.wokeAThread) {
					// Pongs a few at a time: the answers to a keep-alive sweep, arriving as fast
					// as its pings are written. Waking for each handful costs two switches of
					// threads on a busy core, so let more gather first. Data stops the gathering
					// (this select woke a thread); data arriving during it waits at most this long.
					LockSupport.parkNanos(GATHER_NANOS);
				}
			}
			catch (ClosedSelectorException ex) {
				return;
			}
			catch (IOException | RuntimeException ex) {
				// The loop must outlive any one socket: each connection is woken by its own
				// shutdown or close in any case.
				logger.warn("Reading quiet WebSocket connections failed; going on", ex);
			}
		}
	}

	private void readable(SelectionKey key) {
		if (key.attachment() instanceof IdleWait wait) {
			if (wait.readable(key)) {
				this.wokeAThread = true;
			}
		}
		else {
			key.cancel();
		}
	}

}
