package dev.wsboot.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.wsboot.server.supervision.AuditLog;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.NestedConfigurationProperty;
import org.springframework.util.Assert;
import org.springframework.util.unit.DataSize;

/**
 * Configuration properties for wsboot WebSocket endpoints.
 *
 * @since 0.1.0
 */
@ConfigurationProperties("websocket")
public class WebSocketProperties {

	/**
	 * Whether to serve the endpoints mapped with @WebSocketMapping.
	 */
	private boolean enabled = true;

	/**
	 * Interval at which a ping frame is sent to every open connection, so that proxies keep it
	 * open. Zero turns pings off.
	 */
	private Duration keepAliveInterval = Duration.ofMinutes(2);

	/**
	 * Size of the read buffer per connection. Received data reaches the application in parts of
	 * at most this size (characters for text on the container's WebSocket implementation).
	 */
	private DataSize receiveBufferSize = DataSize.ofKilobytes(4);

	/**
	 * Largest message accepted, whole or in fragments. A larger one closes the connection with
	 * 1009 (message too big).
	 */
	private DataSize maxMessageSize = DataSize.ofMegabytes(1);

	/**
	 * How long a keep-alive ping may stay unanswered before the connection is aborted as dead
	 * (close code 1006). Zero turns the check off.
	 */
	private Duration keepAliveTimeout = Duration.ZERO;

	/**
	 * How long a send may block on a peer that does not read before the connection is closed with
	 * 1008 (slow consumer).
	 */
	private Duration sendTimeout = Duration.ofSeconds(10);

	/**
	 * Most bytes that asynchronous sends and broadcasts may queue for one connection. A message
	 * that would exceed it closes the connection with 1008 (slow consumer).
	 */
	private DataSize sendBufferLimit = DataSize.ofKilobytes(512);

	/**
	 * How long a connection may pass no frame either way (an answered ping counts) before it is
	 * closed with 1001. Zero turns the check off.
	 */
	private Duration idleTimeout = Duration.ZERO;

	/**
	 * Browser origins allowed to connect besides the server's own, as values or patterns of the
	 * Origin header; "*" allows any. Requests without an Origin header are always allowed.
	 */
	private List<String> allowedOrigins = new ArrayList<>();

	/**
	 * Most open connections across all endpoints; handshakes over it get HTTP 503 with
	 * Retry-After. -1 for no limit.
	 */
	private int maxConnections = -1;

	/**
	 * Most open connections of one user across all endpoints, by the handshake's principal or,
	 * for anonymous handshakes, the remote address; handshakes over it get HTTP 429 with
	 * Retry-After. -1 for no limit.
	 */
	private int maxConnectionsPerUser = -1;

	/**
	 * Most messages one connection may send per second, with bursts of as many; a connection
	 * over it is closed with 1008. 0 for no limit.
	 */
	private int maxMessagesPerSecond = 0;

	/**
	 * Level of the audit lines on the logger "dev.wsboot.audit", one per connection opened and
	 * closed (endpoint, principal, remote address, origin, close code, duration, never a
	 * payload): off, trace, debug, info or warn.
	 */
	private String auditLogLevel = "debug";

	/**
	 * Whether to negotiate permessage-deflate compression when a client offers it.
	 */
	private boolean compression = true;

	/**
	 * Whether wsboot reads and writes frames itself, on each connection's own virtual thread: on
	 * Tomcat with JDK 24 or later, and on Jetty. When false, every connection uses the container's
	 * WebSocket implementation.
	 */
	private boolean directIo = true;

	/**
	 * How long shutdown waits, after sending 1001 Going Away to every connection, for them to
	 * close before aborting the rest.
	 */
	private Duration shutdownCloseTimeout = Duration.ofSeconds(10);

	private final Cluster cluster = new Cluster();

	private final Observations observations = new Observations();

	@NestedConfigurationProperty
	private final WebSocketResumeProperties resume = new WebSocketResumeProperties();

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public Duration getKeepAliveInterval() {
		return this.keepAliveInterval;
	}

	public void setKeepAliveInterval(Duration keepAliveInterval) {
		Assert.isTrue(!keepAliveInterval.isNegative(),
				() -> "websocket.keep-alive-interval must be zero (off) or positive, but was " + keepAliveInterval);
		this.keepAliveInterval = keepAliveInterval;
	}

	public DataSize getReceiveBufferSize() {
		return this.receiveBufferSize;
	}

	public void setReceiveBufferSize(DataSize receiveBufferSize) {
		Assert.isTrue(receiveBufferSize.toBytes() > 0 && receiveBufferSize.toBytes() <= Integer.MAX_VALUE,
				() -> "websocket.receive-buffer-size must be at least 1B and at most 2GB, but was " + receiveBufferSize);
		this.receiveBufferSize = receiveBufferSize;
	}

	public DataSize getMaxMessageSize() {
		return this.maxMessageSize;
	}

	public void setMaxMessageSize(DataSize maxMessageSize) {
		Assert.isTrue(maxMessageSize.toBytes() > 0,
				() -> "websocket.max-message-size must be at least 1B, but was " + maxMessageSize);
		this.maxMessageSize = maxMessageSize;
	}

	public Duration getKeepAliveTimeout() {
		return this.keepAliveTimeout;
	}

	public void setKeepAliveTimeout(Duration keepAliveTimeout) {
		Assert.isTrue(!keepAliveTimeout.isNegative(),
				() -> "websocket.keep-alive-timeout must be zero (off) or positive, but was " + keepAliveTimeout);
		this.keepAliveTimeout = keepAliveTimeout;
	}

	public Duration getSendTimeout() {
		return this.sendTimeout;
	}

	public void setSendTimeout(Duration sendTimeout) {
		Assert.isTrue(!sendTimeout.isNegative() && !sendTimeout.isZero(),
				() -> "websocket.send-timeout must be positive, but was " + sendTimeout);
		this.sendTimeout = sendTimeout;
	}

	public DataSize getSendBufferLimit() {
		return this.sendBufferLimit;
	}

	public void setSendBufferLimit(DataSize sendBufferLimit) {
		Assert.isTrue(sendBufferLimit.toBytes() > 0,
				() -> "websocket.send-buffer-limit must be at least 1B, but was " + sendBufferLimit);
		this.sendBufferLimit = sendBufferLimit;
	}

	public Duration getIdleTimeout() {
		return this.idleTimeout;
	}

	public void setIdleTimeout(Duration idleTimeout) {
		Assert.isTrue(!idleTimeout.isNegative(),
				() -> "websocket.idle-timeout must be zero (off) or positive, but was " + idleTimeout);
		this.idleTimeout = idleTimeout;
	}

	public List<String> getAllowedOrigins() {
		return this.allowedOrigins;
	}

	public void setAllowedOrigins(List<String> allowedOrigins) {
		this.allowedOrigins = allowedOrigins;
	}

	public int getMaxConnections() {
		return this.maxConnections;
	}

	public void setMaxConnections(int maxConnections) {
		Assert.isTrue(maxConnections >= -1,
				() -> "websocket.max-connections must be -1 (no limit) or more, but was " + maxConnections);
		this.maxConnections = maxConnections;
	}

	public int getMaxConnectionsPerUser() {
		return this.maxConnectionsPerUser;
	}

	public void setMaxConnectionsPerUser(int maxConnectionsPerUser) {
		Assert.isTrue(maxConnectionsPerUser >= -1, () -> "websocket.max-connections-per-user must be -1 (no limit) or more, but was "
				+ maxConnectionsPerUser);
		this.maxConnectionsPerUser = maxConnectionsPerUser;
	}

	public String getAuditLogLevel() {
		return this.auditLogLevel;
	}

	public void setAuditLogLevel(String auditLogLevel) {
		try {
			AuditLog.Level.of(auditLogLevel);
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalArgumentException(
					"websocket.audit-log-level must be off, trace, debug, info or warn, but was " + auditLogLevel);
		}
		this.auditLogLevel = auditLogLevel;
	}

	public int getMaxMessagesPerSecond() {
		return this.maxMessagesPerSecond;
	}

	public void setMaxMessagesPerSecond(int maxMessagesPerSecond) {
		Assert.isTrue(maxMessagesPerSecond >= 0, () -> "websocket.max-messages-per-second must be 0 (no limit) or more, but was "
				+ maxMessagesPerSecond);
		this.maxMessagesPerSecond = maxMessagesPerSecond;
	}

	public boolean isCompression() {
		return this.compression;
	}

	public void setCompression(boolean compression) {
		this.compression = compression;
	}

	public boolean isDirectIo() {
		return this.directIo;
	}

	public void setDirectIo(boolean directIo) {
		this.directIo = directIo;
	}

	public Duration getShutdownCloseTimeout() {
		return this.shutdownCloseTimeout;
	}

	public void setShutdownCloseTimeout(Duration shutdownCloseTimeout) {
		Assert.isTrue(!shutdownCloseTimeout.isNegative(),
				() -> "websocket.shutdown-close-timeout must be zero or positive, but was " + shutdownCloseTimeout);
		this.shutdownCloseTimeout = shutdownCloseTimeout;
	}

	public Cluster getCluster() {
		return this.cluster;
	}

	public Observations getObservations() {
		return this.observations;
	}

	public WebSocketResumeProperties getResume() {
		return this.resume;
	}

	/**
	 * Micrometer observations: a {@code websocket.connection} observation per connection whenever
	 * the application has an observation registry.
	 */
	public static class Observations {

		/**
		 * Whether to observe every received and sent message too
		 * ({@code websocket.message.received}, {@code websocket.message.sent}); one observation a
		 * message, so off by default.
		 */
		private boolean messages = false;

		public boolean isMessages() {
			return this.messages;
		}

		public void setMessages(boolean messages) {
			this.messages = messages;
		}

	}

	/**
	 * Broadcast across application instances.
	 */
	public static class Cluster {

		private final Redis redis = new Redis();

		public Redis getRedis() {
			return this.redis;
		}

		/**
		 * Redis pub/sub backplane.
		 */
		public static class Redis {

			/**
			 * Whether to broadcast across instances through Redis pub/sub, on the connection
			 * configured with the spring.data.redis properties.
			 */
			private boolean enabled = false;

			/**
			 * Prefix of the Redis channel the instances share. Instances with the same prefix on
			 * the same Redis form one cluster.
			 */
			private String channelPrefix = "wsboot";

			/**
			 * Interval at which each instance publishes a heartbeat and checks that it hears its
			 * own; three missed in a row mark the backplane as disconnected.
			 */
			private Duration heartbeatInterval = Duration.ofSeconds(1);

			public boolean isEnabled() {
				return this.enabled;
			}

			public void setEnabled(boolean enabled) {
				this.enabled = enabled;
			}

			public String getChannelPrefix() {
				return this.channelPrefix;
			}

			public void setChannelPrefix(String channelPrefix) {
				Assert.isTrue(!channelPrefix.isBlank() && channelPrefix.chars().noneMatch((c) -> c == '*' || c == '?'),
						() -> "websocket.cluster.redis.channel-prefix must be non-blank without * or ?, but was '"
								+ channelPrefix + "'");
				this.channelPrefix = channelPrefix;
			}

			public Duration getHeartbeatInterval() {
				return this.heartbeatInterval;
			}

			public void setHeartbeatInterval(Duration heartbeatInterval) {
				Assert.isTrue(heartbeatInterval.toMillis() >= 10,
						() -> "websocket.cluster.redis.heartbeat-interval must be at least 10ms, but was "
								+ heartbeatInterval);
				this.heartbeatInterval = heartbeatInterval;
			}

		}

	}

}
