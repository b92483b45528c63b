package dev.wsboot.server;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import org.springframework.context.SmartLifecycle;
import org.springframework.web.socket.PingMessage;
import org.springframework.web.socket.WebSocketSession;

/**
 * Sends a ping frame to every open session of the {@link SessionRegistry} at a fixed interval.
 * <p>
 * One scheduler thread serves all sessions; each ping is written on a virtual thread of its own
 * so that a peer that stopped reading cannot delay the pings of the others.
 *
 * @since 0.1.0
 */
public class KeepAliveScheduler implements SmartLifecycle {

	/** Pong payloads that give a longer round trip than this did not answer our pings. */
	static final long MAX_PLAUSIBLE_ROUND_TRIP_NANOS = Duration.ofHours(1).toNanos();

	private static final Log logger = LogFactory.getLog(KeepAliveScheduler.class);

	private final SessionRegistry registry;

	private final Duration interval;

	private @Nullable ScheduledExecutorService scheduler;

	private @Nullable ExecutorService pingWriters;

	/**
	 * Create a scheduler.
	 * @param registry the sessions to ping
	 * @param interval the interval between pings; zero sends none
	 */
	public KeepAliveScheduler(SessionRegistry registry, Duration interval) {
		this.registry = registry;
		this.interval = interval;
	}

	@Override
	public synchronized void start() {
		if (this.scheduler != null || this.interval.isZero()) {
			return;
		}
		this.pingWriters = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("wsboot-ping-", 0).factory());
		this.scheduler = Executors.newSingleThreadScheduledExecutor(
				Thread.ofPlatform().daemon().name("wsboot-keepalive").factory());
		long nanos = this.interval.toNanos();
		this.scheduler.scheduleAtFixedRate(this::pingAll, nanos, nanos, TimeUnit.NANOSECONDS);
	}

	@Override
	public synchronized void stop() {
		if (this.scheduler != null) {
			this.scheduler.shutdownNow();
			this.scheduler = null;
		}
		if (this.pingWriters != null) {
			this.pingWriters.shutdownNow();
			this.pingWriters = null;
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

	private void pingAll() {
		ExecutorService writers = this.pingWriters;
		if (writers == null) {
			return;
		}
		for (WebSocketSession session : this.registry.sessions()) {
			if (session.isOpen()) {
				writers.execute(() -> ping(session));
			}
		}
	}

	private void ping(WebSocketSession session) {
		try {
			// The send time travels in the payload so that the pong tells the round-trip time.
			ByteBuffer payload = ByteBuffer.allocate(Long.BYTES).putLong(0, System.nanoTime());
			session.sendMessage(new PingMessage(payload));
		}
		catch (Exception ex) {
			if (logger.isDebugEnabled()) {
				logger.debug("Keep-alive ping failed on WebSocket connection " + session.getId(), ex);
			}
		}
	}

}
