package dev.wsboot.broadcast;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import dev.wsboot.broadcast.BroadcastMonitor.BackplaneFailure;
import dev.wsboot.server.supervision.RateLimitedLog;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import org.springframework.context.SmartLifecycle;
import org.springframework.core.task.SyncTaskExecutor;
import org.springframework.data.redis.connection.Message;
import org.springframework.data.redis.connection.MessageListener;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.listener.ChannelTopic;
import org.springframework.data.redis.listener.RedisMessageListenerContainer;
import org.springframework.util.Assert;

/**
 * Backplane over Redis pub/sub: every instance publishes to and subscribes to one channel,
 * {@code <prefix>:broadcast}.
 * <p>
 * Local delivery happens once, directly, when a broadcast is published; the copy that comes
 * back from Redis carries this instance's id and is ignored. Broadcasts from other instances are
 * delivered as Redis hands them over, one at a time on the subscription's thread, so that each
 * publisher's order holds. Publishing to Redis runs on a thread of its own behind a queue bounded
 * to {@value #MAX_PENDING_BYTES} bytes, so that a slow or lost Redis never blocks the caller;
 * what does not fit is dropped and counted.
 * <p>
 * Every instance publishes a heartbeat at the heartbeat interval and listens for its own: three
 * intervals without one mark the backplane as disconnected (logged and counted), and the next
 * one heard as connected again. Spring Data Redis and Lettuce reconnect and subscribe again by
 * themselves; broadcasts published while Redis is out of reach do not reach the other instances,
 * as is the nature of pub/sub.
 * <p>
 * With {@link #enableStream} every broadcast is also kept in a Redis stream and published with its
 * stream id in one script, so that all instances hear broadcasts in one order, own ones included,
 * for resumable connections (see {@link RedisBroadcastStream}).
 *
 * @since 0.1.0
 */
public class RedisBackplane implements BroadcastBackplane, SmartLifecycle, MessageListener {

	/**
	 * Phase of this lifecycle: started before the web server accepts connections
	 * ({@code DEFAULT_PHASE - 2048}) and stopped after it and after the connections' 1001
	 * ({@code WebSocketShutdown.PHASE}), so that no connection lives without the backplane.
	 */
	public static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 4096;

	/** The most bytes of envelopes that wait to be published to Redis. */
	public static final long MAX_PENDING_BYTES = 16 * 1024 * 1024;

	private static final Log logger = LogFactory.getLog(RedisBackplane.class);

	private static final RateLimitedLog publishFailures = new RateLimitedLog(logger, Duration.ofSeconds(10));

	private final RedisConnectionFactory connectionFactory;

	private final String channelPrefix;

	private final String channelName;

	private final byte[] channel;

	private final Duration heartbeatInterval;

	private final BroadcastMonitor monitor;

	private final UUID instanceId = UUID.randomUUID();

	private final byte[] heartbeat;

	private final PublishQueue pending = new PublishQueue(MAX_PENDING_BYTES);

	private volatile @Nullable Receiver receiver;

	private volatile boolean running;

	private @Nullable Thread publisher;

	private @Nullable Thread watchdog;

	private @Nullable RedisMessageListenerContainer container;

	private final Object lifecycleMonitor = new Object();

	private final HeartbeatState heartbeats;

	private volatile @Nullable RedisBroadcastStream stream;

	/**
	 * Create a backplane.
	 * @param connectionFactory the connection to Redis
	 * @param channelPrefix prefix of the channel the instances share
	 * @param heartbeatInterval how often to publish and expect a heartbeat
	 * @param monitor told of failures
	 */
	public RedisBackplane(RedisConnectionFactory connectionFactory, String channelPrefix, Duration heartbeatInterval,
			BroadcastMonitor monitor) {
		Assert.hasText(channelPrefix, "Channel prefix must not be empty");
		Assert.isTrue(!heartbeatInterval.isNegative() && !heartbeatInterval.isZero(),
				"Heartbeat interval must be positive");
		this.connectionFactory = connectionFactory;
		this.channelPrefix = channelPrefix;
		this.channelName = channelPrefix + ":broadcast";
		this.channel = this.channelName.getBytes(StandardCharsets.UTF_8);
		this.heartbeatInterval = heartbeatInterval;
		this.monitor = monitor;
		this.heartbeat = BroadcastEnvelope.heartbeat(this.instanceId);
		this.heartbeats = new HeartbeatState(heartbeatInterval, "Redis backplane on channel '" + this.channelName + "'",
				monitor);
	}

	/**
	 * Keep every broadcast in a Redis stream too ({@code <prefix>:stream}), numbered in one
	 * cluster-wide order, so that clients of resumable connections resuming on another instance
	 * get the broadcasts they missed. Call before {@link #start()}.
	 * @param timeToLive how long the stream outlives its last broadcast
	 */
	public void enableStream(Duration timeToLive) {
		this.stream = new RedisBroadcastStream(this.channelPrefix, this.channel, timeToLive);
	}

	@Nullable RedisBroadcastStream stream() {
		return this.stream;
	}

	@Override
	public boolean streamsBroadcasts() {
		return this.stream != null;
	}

	@Override
	public void subscribe(Receiver receiver) {
		Assert.state(this.receiver == null, "A receiver is subscribed already");
		this.receiver = receiver;
	}

	@Override
	public void publish(Broadcast broadcast) {
		Receiver receiver = this.receiver;
		if (receiver != null) {
			receiver.receive(broadcast, false);
		}
		if (!this.pending.offer(BroadcastEnvelope.encode(this.instanceId, broadcast))) {
			publishFailed("the queue to Redis is full (" + MAX_PENDING_BYTES + " bytes)", null);
		}
	}

	/**
	 * Return the channel the instances share.
	 * @return the channel name
	 */
	public String getChannel() {
		return this.channelName;
	}

	/**
	 * Return whether this instance hears its own heartbeats, that is, whether broadcasts reach the
	 * other instances and theirs reach this one.
	 * @return {@code true} while connected
	 */
	@Override
	public boolean isConnected() {
		return this.heartbeats.isConnected();
	}

	@Override
	public Map<String, Object> describe() {
		return Map.of("type", "redis", "channel", this.channelName, "connected", isConnected());
	}

	@Override
	public void start() {
		synchronized (this.lifecycleMonitor) {
			if (this.running) {
				return;
			}
			this.running = true;
			this.heartbeats.starting();
			// Without Redis now, the application starts all the same and the watchdog subscribes later.
			subscribe();
			this.publisher = Thread.ofVirtual().name("wsboot-redis-publisher").start(this::publishLoop);
			this.watchdog = Thread.ofVirtual().name("wsboot-redis-heartbeat").start(this::heartbeatLoop);
		}
		// Hold the start until this instance hears its own heartbeat, so that the web server, which
		// starts next, accepts no connection that would miss the other instances' broadcasts; but
		// no longer than it takes to declare Redis unreachable.
		this.heartbeats.awaitFirst();
	}

	@Override
	public int getPhase() {
		return PHASE;
	}

	private void subscribe() {
		RedisMessageListenerContainer container = new RedisMessageListenerContainer();
		container.setConnectionFactory(this.connectionFactory);
		// Handle each message on the subscription's own thread, one after the other, so that the
		// order in which Redis delivers them holds.
		container.setTaskExecutor(new SyncTaskExecutor());
		container.setRecoveryInterval(Math.max(100, this.heartbeatInterval.toMillis()));
		container.setErrorHandler((ex) -> logger.warn("Failed to deliver a broadcast from Redis channel '"
				+ this.channelName + "'", ex));
		container.addMessageListener(this, new ChannelTopic(this.channelName));
		container.afterPropertiesSet();
		try {
			container.start();
			synchronized (this.lifecycleMonitor) {
				if (this.running) {
					this.container = container;
					return;
				}
			}
		}
		catch (RuntimeException ex) {
			if (logger.isDebugEnabled()) {
				logger.debug("Could not subscribe to Redis channel '" + this.channelName + "'", ex);
			}
		}
		destroy(container);
	}

	private static void destroy(RedisMessageListenerContainer container) {
		try {
			container.stop();
			container.destroy();
		}
		catch (Exception ex) {
			logger.debug("Could not stop the Redis listener container", ex);
		}
	}

	@Override
	public void stop() {
		Thread publisher;
		Thread watchdog;
		RedisMessageListenerContainer container;
		synchronized (this.lifecycleMonitor) {
			if (!this.running) {
				return;
			}
			this.running = false;
			publisher = this.publisher;
			watchdog = this.watchdog;
			container = this.container;
			this.publisher = null;
			this.watchdog = null;
			this.container = null;
		}
		if (watchdog != null) {
			watchdog.interrupt();
		}
		if (publisher != null) {
			publisher.interrupt();
			join(publisher);
		}
		if (container != null) {
			destroy(container);
		}
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	@Override
	public void onMessage(Message message, byte @Nullable [] pattern) {
		BroadcastEnvelope envelope;
		RedisBroadcastStream.Numbered numbered = RedisBroadcastStream.split(message.getBody());
		try {
			envelope = BroadcastEnvelope.decode(numbered.envelope());
		}
		catch (IllegalArgumentException ex) {
			logger.warn("Ignored a message on Redis channel '" + this.channelName + "' that is no wsboot broadcast: "
					+ ex.getMessage());
			return;
		}
		boolean own = envelope.origin().equals(this.instanceId);
		if (envelope.isHeartbeat()) {
			if (own) {
				this.heartbeats.heard(this.instanceId);
			}
			return;
		}
		Receiver receiver = this.receiver;
		Broadcast broadcast = envelope.broadcast();
		if (receiver == null || broadcast == null) {
			return;
		}
		String id = numbered.id();
		if (id != null) {
			// Numbered: own broadcasts too, for the resumable connections, which take them in
			// the stream's order.
			receiver.receive(broadcast.withStreamId(id), !own);
		}
		else if (!own) {
			// Own broadcasts were delivered locally when they were published.
			receiver.receive(broadcast, true);
		}
	}

	private void publishLoop() {
		RedisConnection connection = null;
		try {
			byte[] envelope;
			// Stopping interrupts the publisher, which ends the wait in take().
			while (this.running && (envelope = this.pending.take()) != null) {
				try {
					if (connection == null || connection.isClosed()) {
						connection = this.connectionFactory.getConnection();
					}
					RedisBroadcastStream stream = this.stream;
					if (stream != null && envelope != this.heartbeat) {
						stream.publish(connection, envelope);
					}
					else {
						connection.publish(this.channel, envelope);
					}
				}
				catch (RuntimeException ex) {
					if (!this.running) {
						return;
					}
					if (envelope != this.heartbeat) {
						publishFailed("Redis failed: " + ex, ex);
					}
					connection = closeQuietly(connection);
					// Do not spin while Redis is away; what queues up meanwhile is bounded.
					Thread.sleep(Math.min(1000, this.heartbeatInterval.toMillis()));
				}
			}
		}
		catch (InterruptedException ex) {
			// Stopping.
		}
		finally {
			closeQuietly(connection);
		}
	}

	private void heartbeatLoop() {
		try {
			while (this.running) {
				boolean subscribed;
				synchronized (this.lifecycleMonitor) {
					subscribed = this.container != null;
				}
				if (!subscribed) {
					subscribe();
				}
				this.pending.offer(this.heartbeat);
				Thread.sleep(this.heartbeatInterval.toMillis());
				this.heartbeats.check();
			}
		}
		catch (InterruptedException ex) {
			// Stopping.
		}
	}

	private void publishFailed(String reason, @Nullable Exception ex) {
		this.monitor.backplaneFailed(BackplaneFailure.PUBLISH);
		publishFailures.warn("publish", () -> "Broadcast not sent to the other instances through Redis channel '"
				+ this.channelName + "': " + reason + "; local connections got it");
		if (ex != null && logger.isDebugEnabled()) {
			logger.debug("Redis publish failure", ex);
		}
	}

	private static @Nullable RedisConnection closeQuietly(@Nullable RedisConnection connection) {
		if (connection != null) {
			try {
				connection.close();
			}
			catch (RuntimeException ex) {
				logger.debug("Could not close Redis connection", ex);
			}
		}
		return null;
	}

	private static void join(Thread thread) {
		try {
			thread.join(Duration.ofSeconds(5));
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
