package dev.wsboot.server.resume;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import dev.wsboot.CloseStatus;
import dev.wsboot.WebSocketConnection;
import dev.wsboot.server.supervision.WebSocketShutdown;
import org.jspecify.annotations.Nullable;
import org.springframework.context.SmartLifecycle;
import org.springframework.util.Assert;

/**
 * The resumable connections of all endpoints, by the token their client presents to resume;
 * owns the timer of the resume windows and of the acknowledgements the server owes its clients.
 *
 * @since 0.1.0
 */
public final class ResumeRegistry implements AutoCloseable, SmartLifecycle {

	/**
	 * Close status of the transports of connections handed over to other instances on shutdown:
	 * the client comes back, to another instance, and resumes there.
	 */
	public static final CloseStatus HANDED_OVER = new CloseStatus(1012, "Service restart; resume elsewhere");

	/** Phase of the hand-over: stopped just before the connections get 1001 Going Away. */
	public static final int PHASE = WebSocketShutdown.PHASE + 1;

	/** How often acknowledgements owed to clients are sent when traffic does not trigger them. */
	static final Duration ACK_INTERVAL = Duration.ofMillis(200);

	private static final int TOKEN_BYTES = 24;

	private final Duration timeout;

	private final long bufferLimit;

	private final Map<String, ResumableConnection> connections = new ConcurrentHashMap<>();

	private final SecureRandom random = new SecureRandom();

	private volatile @Nullable ResumeStore store;

	private volatile boolean running;

	private volatile boolean handingOver;

	private final ScheduledExecutorService timer = Executors
		.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("wsboot-resume").factory());

	/**
	 * Create a registry.
	 * @param timeout how long a dropped connection waits for its client
	 * @param bufferLimit the most unacknowledged outbound bytes kept per connection
	 */
	public ResumeRegistry(Duration timeout, long bufferLimit) {
		Assert.isTrue(timeout.isPositive(), "timeout must be positive");
		Assert.isTrue(bufferLimit > 0, "bufferLimit must be positive");
		this.timeout = timeout;
		this.bufferLimit = bufferLimit;
		long period = ACK_INTERVAL.toNanos();
		this.timer.scheduleWithFixedDelay(this::acknowledgeInBackground, period, period, TimeUnit.NANOSECONDS);
	}

	/**
	 * Return how long a dropped connection waits for its client.
	 * @return the timeout
	 */
	public Duration getTimeout() {
		return this.timeout;
	}

	/**
	 * Return the most unacknowledged outbound bytes kept per connection.
	 * @return the limit in bytes
	 */
	public long getBufferLimit() {
		return this.bufferLimit;
	}

	/**
	 * Keep resumable connections where other instances find them, so that clients resume on
	 * another instance too and connections are handed over on shutdown.
	 * @param store the store, such as the Redis backplane's
	 */
	public void setStore(ResumeStore store) {
		this.store = store;
	}

	/**
	 * Return where resumable connections are kept for other instances.
	 * @return the store, or {@code null} when connections resume on their own instance only
	 */
	public @Nullable ResumeStore getStore() {
		return this.store;
	}

	/**
	 * Return whether connections are being handed over because this instance shuts down.
	 * @return {@code true} from the start of the hand-over
	 */
	public boolean isHandingOver() {
		return this.handingOver;
	}

	@Override
	public void start() {
		this.handingOver = false;
		this.running = true;
	}

	/**
	 * With a store, hand every connection over: keep its record and close its transport with
	 * {@link #HANDED_OVER}, so that its client resumes on another instance.
	 */
	@Override
	public void stop() {
		this.running = false;
		if (this.store == null) {
			return;
		}
		this.handingOver = true;
		for (ResumableConnection connection : List.copyOf(this.connections.values())) {
			connection.persist();
			connection.session().end(HANDED_OVER);
		}
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	@Override
	public int getPhase() {
		return PHASE;
	}

	/**
	 * Count the resumable connections, attached or waiting for their client.
	 * @return the count
	 */
	public int size() {
		return this.connections.size();
	}

	String newToken() {
		byte[] bytes = new byte[TOKEN_BYTES];
		this.random.nextBytes(bytes);
		return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
	}

	void register(ResumableConnection connection) {
		this.connections.put(connection.token(), connection);
	}

	@Nullable ResumableConnection find(String token) {
		return this.connections.get(token);
	}

	/**
	 * Attach a resuming client's transport and give the connection a new token, so that the old
	 * one cannot resume it again.
	 */
	@Nullable ResumeAttachment resume(ResumableConnection connection, WebSocketConnection transport,
			long clientReceived) {
		synchronized (connection) {
			String previousToken = connection.token();
			String nextToken = newToken();
			ResumeAttachment attachment = connection.session().attach(transport, clientReceived, nextToken);
			if (attachment != null) {
				this.connections.remove(previousToken, connection);
				if (connection.isOpen()) {
					this.connections.put(nextToken, connection);
				}
				ResumeStore store = this.store;
				if (store != null) {
					store.delete(previousToken);
				}
			}
			return attachment;
		}
	}

	void remove(ResumableConnection connection) {
		synchronized (connection) {
			this.connections.remove(connection.token(), connection);
		}
	}

	ScheduledFuture<?> scheduleExpiry(Runnable expire) {
		// The expiry ends the connection, which closes nothing on the network; the timer may run it.
		return this.timer.schedule(expire, this.timeout.toNanos(), TimeUnit.NANOSECONDS);
	}

	private void acknowledgeInBackground() {
		if (this.connections.isEmpty()) {
			return;
		}
		for (ResumableConnection connection : this.connections.values()) {
			connection.acknowledgeAsync();
		}
	}

	/**
	 * End every resumable connection with 1001 and stop the timer, when the server shuts down.
	 */
	@Override
	public void close() {
		for (ResumableConnection connection : List.copyOf(this.connections.values())) {
			connection.session().end(CloseStatus.GOING_AWAY);
		}
		this.timer.shutdownNow();
	}

}
