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
 * One thread that watches sockets for their connections' threads ({@link LoopWait}): the pongs
 * of quiet connections, read without waking each connection's thread, and on a JDK whose
 * selector parks a virtual thread instead of pinning its carrier (25 and later), every direct
 * connection's data too.
 * <p>
 * A connection's thread blocked in a socket read is woken by the JDK for every byte that
 * arrives: a message then costs a wake-up, a read, a second read that finds nothing, a re-arm of
 * the socket's one-shot registration and a park. Here a socket stays registered, level-triggered;
 * one {@code epoll_wait} reports many, and a message is one read. On such a JDK the loop is a
 * virtual thread, so waking a connection's thread costs no switch of OS threads (a platform
 * thread here cost one per wake-up, measured); elsewhere it is a daemon platform thread and
 * watches quiet connections only. It runs for the life of the JVM once first used.
 */
final class ReadLoop implements Runnable {

	private static final Log logger = LogFactory.getLog(ReadLoop.class);

	/**
	 * Bounds how long a closed socket's registration may linger, which delays its release, where
	 * the loop is a platform thread. A virtual loop waits without a timeout: a virtual thread's
	 * timed wait schedules and cancels a wake-up with the JDK's timer thread, which cost two
	 * switches of OS threads per wait, and so per message on a lone connection (measured); every
	 * cancellation there wakes the loop instead.
	 */
	private static final long SELECT_TIMEOUT_MILLIS = 1000;

	/** Fewer sockets than this reported at once, all with pongs only, is pongs trickling in. */
	private static final int GATHER_BELOW = 64;

	/**
	 * How long trickling pongs gather before the next wait; also the longest a quiet
	 * connection's data may wait for the loop while they do.
	 */
	private static final long GATHER_NANOS = 250_000;

	/**
	 * Before 25 a virtual thread's {@code Selector.select} pins its carrier for the whole wait
	 * (JDK 25's {@code EPollSelectorImpl} parks it on the JDK's poller instead).
	 */
	private static final boolean VIRTUAL = Runtime.version().feature() >= 25;

	/** How long the loop's fair turn lasts, once a period of the connections' own turns. */
	private static final long FAIR_TURN_NANOS = 1_000_000;

	/**
	 * How many threads one select wakes before the loop lets them run, by yielding, and reads on
	 * after them. At 1,024 busy connections a select reports hundreds of sockets; read all before
	 * any thread ran, the peers got no answer meanwhile, and each connection's state was cold
	 * again by the time its thread came to it. Every 16th: 14 % more messages a second at
	 * 1,024 connections, 10 % at 64 (against every 4th: 4-6 % fewer; every 32nd: level).
	 */
	private static final int YIELD_EVERY = 16;

	private static final Object lock = new Object();

	private static volatile @Nullable ReadLoop instance;

	private static volatile boolean unavailable;

	private final Selector selector;

	/** How many connections' threads the current select woke; the loop's thread only. */
	private int woken;

	/** Whether the current select read for a thread that it left waiting (pongs only). */
	private boolean readQuietly;

	private long fairTurnPeriod;

	/**
	 * Whether a select since the last fair turn was due woke more than one thread; the loop's
	 * thread only. Only then is a turn owed (see {@link #takeFairTurn()}).
	 */
	private boolean crowdedThisPeriod;

	private ReadLoop(Selector selector) {
		this.selector = selector;
	}

	/**
	 * Return the loop, starting it on first use.
	 * @return the loop, or {@code null} if this JVM cannot run one (connections then wait in
	 * their reads)
	 */
	static @Nullable ReadLoop get() {
		ReadLoop loop = instance;
		if (loop != null || unavailable) {
			return loop;
		}
		synchronized (lock) {
			if (instance == null && !unavailable) {
				try {
					ReadLoop started = new ReadLoop(Selector.open());
					if (VIRTUAL) {
						Thread.ofVirtual().name("wsboot-read-loop").start(started);
					}
					else {
						Thread thread = new Thread(started, "wsboot-read-loop");
						thread.setDaemon(true);
						thread.start();
					}
					instance = started;
				}
				catch (IOException | RuntimeException ex) {
					unavailable = true;
					logger.info("WebSocket connections wait in their own reads: no selector could be opened for the read loop", ex);
				}
			}
			return instance;
		}
	}

	/**
	 * Say whether connections may keep their sockets watched here for their whole life
	 * ({@link LoopWait#watch}): only where the loop is a virtual thread.
	 * @return whether the loop carries data as well as pongs
	 */
	boolean carriesData() {
		return VIRTUAL;
	}

	/**
	 * Make the loop apply changes to registrations now rather than at its next report.
	 */
	void wakeup() {
		this.selector.wakeup();
	}

	/**
	 * Watch a socket in non-blocking mode for its waiting connection.
	 * @param channel the socket
	 * @param wait told when the socket is readable, on the loop's thread
	 * @return the registration, to cancel when the connection reads again
	 * @throws IOException if the socket cannot be registered (closed, or its previous
	 * registration is not yet undone)
	 */
	SelectionKey register(SocketChannel channel, LoopWait wait) throws IOException {
		try {
			SelectionKey key = channel.register(this.selector, SelectionKey.OP_READ, wait);
			// A selector applies new registrations when it next selects.
			this.selector.wakeup();
			return key;
		}
		catch (RuntimeException ex) {
			// CancelledKeyException, IllegalBlockingModeException, ClosedSelectorException.
			throw new IOException("Cannot watch the socket", ex);
		}
	}

	/**
	 * Cancel a registration from outside the loop and have the loop drop it now: the JDK closes
	 * a registered socket only once its selector has let go of it, and a virtual loop waits
	 * without a timeout, so otherwise not before the loop's next report.
	 * @param key the registration
	 */
	void release(SelectionKey key) {
		key.cancel();
		this.selector.wakeup();
	}

	@Override
	public void run() {
		while (this.selector.isOpen()) {
			try {
				if (this.woken > 0 && VIRTUAL) {
					takeFairTurn();
				}
				this.woken = 0;
				this.readQuietly = false;
				int selected = VIRTUAL ? this.selector.select(this::readable)
						: this.selector.select(this::readable, SELECT_TIMEOUT_MILLIS);
				if (this.woken > 1) {
					this.crowdedThisPeriod = true;
				}
				if (this.readQuietly && this.woken == 0 && selected < GATHER_BELOW) {
					// Pongs a few at a time: the answers to a keep-alive sweep, arriving as fast
					// as its pings are written. Waking for each handful costs two switches of
					// threads on a busy core, so let more gather first. Data stops the gathering
					// (this select woke a thread), and so does a select that only passed over
					// busy connections; data arriving during it waits at most this long.
					LockSupport.parkNanos(GATHER_NANOS);
				}
			}
			catch (ClosedSelectorException ex) {
				return;
			}
			catch (IOException | RuntimeException ex) {
				// The loop must outlive any one socket: each connection is woken by its own
				// shutdown or close in any case.
				logger.warn("Reading WebSocket connections for their waiting threads failed; going on", ex);
			}
		}
	}

	/**
	 * Once a period, while busy, leave the carrier's queue for a millisecond instead of selecting
	 * again. A carrier runs the tasks of its own queue for as long as there are any, before it
	 * looks at the shared queues where threads started or woken from outside wait (new
	 * connections' threads, those woken by timers). While busy, the loop, the connection threads
	 * it wakes and the JDK's poller that wakes the loop keep that queue full: each hands the
	 * carrier to the next. A timed park breaks the chain: the woken threads park in their waits,
	 * the poller finds nothing to wake, the queue empties, and the carrier serves the shared
	 * queues until the loop comes back. With a park of a microsecond the loop often came back
	 * first: right after 1,024 connections opened, up to 156 of them went unanswered for 3 s.
	 * A loop that woke one thread at a time all period owes no turn: the thread runs alone and
	 * the queue is empty once it waits. A lone connection's loop does just that, and a turn taken
	 * anyway held one message in each period back by the millisecond (its p99.9 was 1.1 ms
	 * against 0.3-0.5 ms for plain Spring's). That the loop waited for its sockets during the
	 * period is not enough: at 1,024 connections it waits in most periods, and with turns only
	 * for periods without a wait up to 105 connections went unanswered for a 3 s window.
	 */
	private void takeFairTurn() {
		long period = System.nanoTime() / FairTurns.PERIOD_NANOS;
		if (period != this.fairTurnPeriod) {
			this.fairTurnPeriod = period;
			if (this.crowdedThisPeriod) {
				LockSupport.parkNanos(FAIR_TURN_NANOS);
			}
			this.crowdedThisPeriod = false;
		}
	}

	private void readable(SelectionKey key) {
		if (key.attachment() instanceof LoopWait wait) {
			switch (wait.readable(key)) {
				case LoopWait.WOKE -> {
					if (++this.woken % YIELD_EVERY == 0 && VIRTUAL) {
						// The threads woken so far run before the rest of the report is read.
						Thread.yield();
					}
				}
				case LoopWait.READ_QUIETLY -> this.readQuietly = true;
				default -> {
					// Passed over a busy connection.
				}
			}
		}
		else {
			key.cancel();
		}
	}

}
