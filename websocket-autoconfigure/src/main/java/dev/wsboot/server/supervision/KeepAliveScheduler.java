package dev.wsboot.server.supervision;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import dev.wsboot.server.WebSocketTransport;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import org.springframework.context.SmartLifecycle;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.WebSocketSession;

/**
 * Keeps the sessions of the {@link SessionRegistry} alive and ends dead, idle and slow ones.
 * <p>
 * One scheduler thread serves all sessions: it sends a ping to every session at the keep-alive
 * interval, aborts a session whose ping stays unanswered past the keep-alive timeout, aborts with
 * 1008 a session whose send has been blocked past the send timeout (a peer that does not read),
 * and closes with 1001 a session without traffic for the idle timeout (an answered ping counts
 * as traffic).
 * Each ping and close runs on a virtual thread of its own, so that a peer that stopped reading
 * cannot delay the others.
 *
 * @since 0.1.0
 */
public class KeepAliveScheduler implements SmartLifecycle {

	/** Pong payloads that give a longer round trip than this did not answer our pings. */
	static final long MAX_PLAUSIBLE_ROUND_TRIP_NANOS = Duration.ofHours(1).toNanos();

	private static final Log logger = LogFactory.getLog(KeepAliveScheduler.class);

	/** How many direct sessions one writer thread pings in a row. */
	private static final int DIRECT_PING_BATCH = 256;

	/** A ping frame from the server: two header bytes and the eight-byte send time. */
	private static final int PING_FRAME_BYTES = 2 + Long.BYTES;

	private final SessionRegistry registry;

	private final Duration interval;

	private final Duration keepAliveTimeout;

	private final Duration idleTimeout;

	private final Duration sendTimeout;

	private final RateLimitedLog closeLog = new RateLimitedLog(logger, Duration.ofSeconds(10));

	private @Nullable ScheduledExecutorService scheduler;

	private @Nullable ExecutorService writers;

	/**
	 * Create a scheduler that only pings.
	 * @param registry the sessions to ping
	 * @param interval the interval between pings; zero sends none
	 */
	public KeepAliveScheduler(SessionRegistry registry, Duration interval) {
		this(registry, interval, Duration.ZERO, Duration.ZERO, Duration.ZERO);
	}

	/**
	 * Create a scheduler.
	 * @param registry the sessions to supervise
	 * @param interval the interval between pings; zero sends none
	 * @param keepAliveTimeout how long a ping may stay unanswered; zero for no limit
	 * @param idleTimeout how long a session may pass no traffic; zero for no limit
	 * @param sendTimeout how long a send may stay blocked; zero for no limit
	 */
	public KeepAliveScheduler(SessionRegistry registry, Duration interval, Duration keepAliveTimeout,
			Duration idleTimeout, Duration sendTimeout) {
		this.registry = registry;
		this.interval = interval;
		this.keepAliveTimeout = keepAliveTimeout;
		this.idleTimeout = idleTimeout;
		this.sendTimeout = sendTimeout;
	}

	@Override
	public synchronized void start() {
		boolean pings = !this.interval.isZero();
		Duration checkPeriod = checkPeriod();
		if (this.scheduler != null || (!pings && checkPeriod == null)) {
			return;
		}
		this.writers = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("wsboot-keepalive-", 0).factory());
		ScheduledExecutorService scheduler = Executors
			.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("wsboot-keepalive").factory());
		if (pings) {
			long nanos = this.interval.toNanos();
			// Fixed delay, not rate: a sweep that ran late must not be followed by catch-up sweeps
			// that ping every connection again at once.
			scheduler.scheduleWithFixedDelay(this::pingAll, nanos, nanos, TimeUnit.NANOSECONDS);
		}
		if (checkPeriod != null) {
			long nanos = checkPeriod.toNanos();
			scheduler.scheduleAtFixedRate(this::checkAll, nanos, nanos, TimeUnit.NANOSECONDS);
		}
		this.scheduler = scheduler;
	}

	/**
	 * Return how often timeouts are checked: a quarter of the shortest one, so a session ends at
	 * most a quarter late, within 10 ms and 1 s.
	 */
	private @Nullable Duration checkPeriod() {
		Duration shortest = null;
		// A keep-alive timeout without pings has nothing to time.
		Duration keepAliveTimeout = this.interval.isZero() ? Duration.ZERO : this.keepAliveTimeout;
		for (Duration timeout : new Duration[] { keepAliveTimeout, this.idleTimeout, this.sendTimeout }) {
			if (!timeout.isZero() && (shortest == null || timeout.compareTo(shortest) < 0)) {
				shortest = timeout;
			}
		}
		if (shortest == null) {
			return null;
		}
		Duration quarter = shortest.dividedBy(4);
		Duration atLeast = Duration.ofMillis(10);
		Duration atMost = Duration.ofSeconds(1);
		return (quarter.compareTo(atLeast) < 0) ? atLeast : (quarter.compareTo(atMost) > 0) ? atMost : quarter;
	}

	@Override
	public synchronized void stop() {
		if (this.scheduler != null) {
			this.scheduler.shutdownNow();
			this.scheduler = null;
		}
		if (this.writers != null) {
			this.writers.shutdownNow();
			this.writers = null;
		}
	}

	@Override
	public synchronized boolean isRunning() {
		return this.scheduler != null;
	}

	/**
	 * Return the interval between pings.
	 * @return the interval; zero when off
	 */
	public Duration getInterval() {
		return this.interval;
	}

	/**
	 * Return how long a ping may stay unanswered.
	 * @return the timeout; zero when off
	 */
	public Duration getKeepAliveTimeout() {
		return this.keepAliveTimeout;
	}

	/**
	 * Return how long a send may stay blocked.
	 * @return the timeout; zero when off
	 */
	public Duration getSendTimeout() {
		return this.sendTimeout;
	}

	/**
	 * Return how long a session may pass no traffic.
	 * @return the timeout; zero when off
	 */
	public Duration getIdleTimeout() {
		return this.idleTimeout;
	}

	private void pingAll() {
		ExecutorService writers = this.writers;
		if (writers == null) {
			return;
		}
		List<TrackedSession> batch = new ArrayList<>(DIRECT_PING_BATCH);
		for (TrackedSession tracked : this.registry.trackedSessions()) {
			if (!tracked.session().isOpen()) {
				if (!tracked.transport().pingsWithoutWaiting()) {
					// A container's close has no deadline of wsboot's (a direct session's has):
					// if it never ends, checkAll ends it.
					tracked.closingSeen(System.nanoTime());
				}
				continue;
			}
			if (tracked.transport().pingsWithoutWaiting()) {
				// Writing a ping frame to a direct session rarely waits, so one thread pings many;
				// a peer that does not read holds up its own batch only.
				batch.add(tracked);
				if (batch.size() == DIRECT_PING_BATCH) {
					List<TrackedSession> full = batch;
					writers.execute(() -> pingBatch(full));
					batch = new ArrayList<>(DIRECT_PING_BATCH);
				}
			}
			else {
				writers.execute(() -> ping(tracked, null));
			}
		}
		if (!batch.isEmpty()) {
			List<TrackedSession> rest = batch;
			writers.execute(() -> pingBatch(rest));
		}
	}

	private void pingBatch(List<TrackedSession> batch) {
		// One direct buffer for the batch's ping frames: the socket takes its bytes without the
		// copy into a direct buffer that the JDK makes for a heap buffer.
		ByteBuffer frame = ByteBuffer.allocateDirect(PING_FRAME_BYTES);
		for (TrackedSession tracked : batch) {
			ping(tracked, frame);
		}
	}

	private void ping(TrackedSession tracked, @Nullable ByteBuffer frame) {
		WebSocketSession session = tracked.session();
		try {
			long now = System.nanoTime();
			tracked.pingSent(now);
			// The send time travels in the payload so that the pong tells the round-trip time.
			ByteBuffer payload = ByteBuffer.allocate(Long.BYTES).putLong(0, now);
			WebSocketTransport transport = tracked.transport();
			if (transport.pingsWithoutWaiting()) {
				// A frame being written proves the connection busy, if that write is recent; one
				// that has been stuck since before this sweep proves nothing, and the send
				// timeout ends it.
				if (!((frame != null) ? transport.tryPing(payload, frame) : transport.tryPing(payload))) {
					long writeStarted = transport.writeStartedNanos();
					if (writeStarted == 0 || now - writeStarted < this.interval.toNanos()) {
						tracked.assumeAlive();
					}
				}
			}
			else {
				// Timed like a send: a container's blocking ping to a peer that does not read is
				// cut off by the send timeout.
				tracked.pingWriteStarted((now != 0) ? now : 1);
				try {
					transport.tryPing(payload);
				}
				finally {
					tracked.pingWriteStarted(0);
				}
			}
		}
		catch (Exception ex) {
			if (session.isOpen()) {
				abortGonePeer(tracked, ex);
			}
		}
	}

	private void abortGonePeer(TrackedSession tracked, Exception failure) {
		WebSocketSession session = tracked.session();
		this.registry.remove(session);
		this.closeLog.info("ping-failed", () -> "Aborted WebSocket connection " + session.getId() + " of endpoint '"
				+ tracked.endpoint() + "': its peer is gone (keep-alive ping failed: " + failure.getMessage() + ")");
		try {
			SessionTermination.abort(session, CloseStatus.GOING_AWAY, CloseStatus.NO_CLOSE_FRAME);
		}
		catch (Exception ex) {
			logger.debug("Could not abort WebSocket connection " + session.getId(), ex);
		}
	}

	private void checkAll() {
		ExecutorService writers = this.writers;
		if (writers == null) {
			return;
		}
		long now = System.nanoTime();
		long sendTimeout = this.sendTimeout.toNanos();
		long keepAliveTimeout = this.keepAliveTimeout.toNanos();
		long idleTimeout = this.idleTimeout.toNanos();
		// A close handshake that outlasts a ping's answer and a send is stuck: the container's
		// close frame waits behind writes the peer never reads, and nothing else times it.
		long closingTimeout = this.interval.toNanos() + Math.max(keepAliveTimeout, sendTimeout);
		for (TrackedSession tracked : this.registry.trackedSessions()) {
			long unansweredSince = (keepAliveTimeout != 0) ? tracked.unansweredPingSinceNanos() : 0;
			// Asked only when it matters: the answer is several objects away from the tracked
			// session, and a sweep visits every connection.
			if (unansweredSince != 0 && tracked.isReadingPaused()) {
				// Reading waits for a busy handler: pongs cannot arrive, so silence proves nothing.
				tracked.assumeAlive();
				unansweredSince = 0;
			}
			long sendStarted = tracked.sendStartedNanos();
			long closingSince = tracked.closingSinceNanos();
			if (closingSince != 0 && now - closingSince > closingTimeout) {
				this.registry.remove(tracked.session());
				writers.execute(() -> abortUnfinishedClose(tracked));
			}
			else if (sendTimeout != 0 && sendStarted != 0 && now - sendStarted > sendTimeout) {
				this.registry.remove(tracked.session());
				writers.execute(() -> abortSlowConsumer(tracked));
			}
			else if (unansweredSince != 0 && now - unansweredSince > keepAliveTimeout) {
				this.registry.remove(tracked.session());
				writers.execute(() -> abortDeadPeer(tracked));
			}
			else if (idleTimeout != 0 && now - tracked.lastTrafficNanos() > idleTimeout) {
				this.registry.remove(tracked.session());
				writers.execute(() -> closeIdle(tracked));
			}
		}
	}

	private void abortDeadPeer(TrackedSession tracked) {
		WebSocketSession session = tracked.session();
		tracked.monitor().keepAliveTimedOut();
		this.closeLog.warn("keep-alive-timeout", () -> "Aborted WebSocket connection " + session.getId() + " of endpoint '"
				+ tracked.endpoint() + "': no pong within websocket.keep-alive-timeout (" + this.keepAliveTimeout + ")");
		try {
			SessionTermination.abort(session, CloseStatus.GOING_AWAY.withReason("Keep-alive timeout"),
					new CloseStatus(1006, "Keep-alive timeout"));
		}
		catch (Exception ex) {
			logger.debug("Could not abort WebSocket connection " + session.getId(), ex);
		}
	}

	private void abortUnfinishedClose(TrackedSession tracked) {
		WebSocketSession session = tracked.session();
		abortNonReader(tracked, "close-stuck", () -> "Aborted WebSocket connection " + session.getId() + " of endpoint '"
				+ tracked.endpoint() + "': its close did not complete within a keep-alive interval and the longer of "
				+ "websocket.keep-alive-timeout (" + this.keepAliveTimeout + ") and websocket.send-timeout ("
				+ this.sendTimeout + "); its peer reads nothing", CloseStatus.GOING_AWAY, CloseStatus.NO_CLOSE_FRAME);
	}

	private void abortSlowConsumer(TrackedSession tracked) {
		WebSocketSession session = tracked.session();
		CloseStatus status = CloseStatus.POLICY_VIOLATION.withReason("Send timeout");
		abortNonReader(tracked, "slow-consumer", () -> "Closed WebSocket connection " + session.getId() + " of endpoint '"
				+ tracked.endpoint() + "' with 1008: its peer read nothing for websocket.send-timeout ("
				+ this.sendTimeout + ")", status, status);
	}

	/**
	 * Abort a connection whose peer reads nothing: counted in {@code websocket.send.overflows}
	 * and logged, whatever wsboot was waiting to write (data, or its close).
	 */
	private void abortNonReader(TrackedSession tracked, String kind, Supplier<String> message, CloseStatus sent,
			CloseStatus local) {
		WebSocketSession session = tracked.session();
		tracked.monitor().sendOverflow();
		this.closeLog.warn(kind, message);
		try {
			SessionTermination.abort(session, sent, local);
		}
		catch (Exception ex) {
			logger.debug("Could not abort WebSocket connection " + session.getId(), ex);
		}
	}

	private void closeIdle(TrackedSession tracked) {
		WebSocketSession session = tracked.session();
		this.closeLog.info("idle-timeout", () -> "Closed WebSocket connection " + session.getId() + " of endpoint '"
				+ tracked.endpoint() + "' with 1001: no traffic for websocket.idle-timeout (" + this.idleTimeout + ")");
		try {
			session.close(CloseStatus.GOING_AWAY.withReason("Idle timeout"));
		}
		catch (Exception ex) {
			logger.debug("Could not close idle WebSocket connection " + session.getId(), ex);
		}
	}

}
