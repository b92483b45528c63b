package dev.wsboot.server;

import java.time.Duration;
import java.util.List;

import dev.wsboot.server.supervision.AuditLog;
import org.springframework.util.Assert;

/**
 * Settings of the wsboot runtime, independent of how they were configured.
 *
 * @since 0.1.0
 */
public class WebSocketServerSettings {

	private Duration keepAliveInterval = Duration.ofMinutes(2);

	private int receiveBufferSize = 4 * 1024;

	private long maxMessageSize = 1024 * 1024;

	private int inboundQueueCapacity = 16;

	private Duration keepAliveTimeout = Duration.ZERO;

	private Duration sendTimeout = Duration.ofSeconds(10);

	private long sendBufferLimit = 512 * 1024;

	private Duration idleTimeout = Duration.ZERO;

	private List<String> allowedOrigins = List.of();

	private int maxConnections = -1;

	private int maxConnectionsPerUser = -1;

	private int maxMessagesPerSecond;

	private AuditLog.Level auditLogLevel = AuditLog.Level.DEBUG;

	private boolean compression = true;

	private boolean directIo = true;

	private Duration shutdownCloseTimeout = Duration.ofSeconds(10);

	/**
	 * Return the interval between keep-alive pings.
	 * @return the interval; zero when pings are off
	 */
	public Duration getKeepAliveInterval() {
		return this.keepAliveInterval;
	}

	/**
	 * Set the interval between keep-alive pings.
	 * @param keepAliveInterval the interval; zero turns pings off
	 */
	public void setKeepAliveInterval(Duration keepAliveInterval) {
		Assert.isTrue(!keepAliveInterval.isNegative(), "keepAliveInterval must not be negative");
		this.keepAliveInterval = keepAliveInterval;
	}

	/**
	 * Return the size of the container's read buffer per connection.
	 * @return the size in bytes
	 */
	public int getReceiveBufferSize() {
		return this.receiveBufferSize;
	}

	/**
	 * Set the size of the container's read buffer per connection.
	 * @param receiveBufferSize the size in bytes, at least 1
	 */
	public void setReceiveBufferSize(int receiveBufferSize) {
		Assert.isTrue(receiveBufferSize > 0, "receiveBufferSize must be positive");
		this.receiveBufferSize = receiveBufferSize;
	}

	/**
	 * Return the largest whole message accepted.
	 * @return the size in bytes
	 */
	public long getMaxMessageSize() {
		return this.maxMessageSize;
	}

	/**
	 * Set the largest whole message accepted; larger ones close the connection with 1009.
	 * @param maxMessageSize the size in bytes, at least 1
	 */
	public void setMaxMessageSize(long maxMessageSize) {
		Assert.isTrue(maxMessageSize > 0, "maxMessageSize must be positive");
		this.maxMessageSize = maxMessageSize;
	}

	/**
	 * Return how many received message parts wait for the handler before reading pauses.
	 * @return the capacity
	 */
	public int getInboundQueueCapacity() {
		return this.inboundQueueCapacity;
	}

	/**
	 * Set how many received message parts wait for the handler before reading pauses.
	 * @param inboundQueueCapacity the capacity, at least 1
	 */
	public void setInboundQueueCapacity(int inboundQueueCapacity) {
		Assert.isTrue(inboundQueueCapacity > 0, "inboundQueueCapacity must be positive");
		this.inboundQueueCapacity = inboundQueueCapacity;
	}

	/**
	 * Return how long a keep-alive ping may stay unanswered before the connection is aborted.
	 * @return the timeout; zero when off
	 */
	public Duration getKeepAliveTimeout() {
		return this.keepAliveTimeout;
	}

	/**
	 * Set how long a keep-alive ping may stay unanswered before the connection is aborted.
	 * @param keepAliveTimeout the timeout; zero turns the check off
	 */
	public void setKeepAliveTimeout(Duration keepAliveTimeout) {
		Assert.isTrue(!keepAliveTimeout.isNegative(), "keepAliveTimeout must not be negative");
		this.keepAliveTimeout = keepAliveTimeout;
	}

	/**
	 * Return how long a blocked send may wait before the connection is closed as a slow consumer.
	 * @return the timeout
	 */
	public Duration getSendTimeout() {
		return this.sendTimeout;
	}

	/**
	 * Set how long a blocked send may wait before the connection is closed as a slow consumer.
	 * @param sendTimeout the timeout, positive
	 */
	public void setSendTimeout(Duration sendTimeout) {
		Assert.isTrue(!sendTimeout.isNegative() && !sendTimeout.isZero(), "sendTimeout must be positive");
		this.sendTimeout = sendTimeout;
	}

	/**
	 * Return the most bytes that asynchronous sends and broadcasts may queue for one connection.
	 * @return the limit in bytes
	 */
	public long getSendBufferLimit() {
		return this.sendBufferLimit;
	}

	/**
	 * Set the most bytes that asynchronous sends and broadcasts may queue for one connection;
	 * more closes it with 1008.
	 * @param sendBufferLimit the limit in bytes, at least 1
	 */
	public void setSendBufferLimit(long sendBufferLimit) {
		Assert.isTrue(sendBufferLimit > 0, "sendBufferLimit must be positive");
		this.sendBufferLimit = sendBufferLimit;
	}

	/**
	 * Return how long a connection may pass no traffic before it is closed with 1001.
	 * @return the timeout; zero when off
	 */
	public Duration getIdleTimeout() {
		return this.idleTimeout;
	}

	/**
	 * Set how long a connection may pass no traffic before it is closed with 1001.
	 * @param idleTimeout the timeout; zero turns the check off
	 */
	public void setIdleTimeout(Duration idleTimeout) {
		Assert.isTrue(!idleTimeout.isNegative(), "idleTimeout must not be negative");
		this.idleTimeout = idleTimeout;
	}

	/**
	 * Return the browser origins allowed to connect besides the server's own.
	 * @return origin patterns, {@code *} for any; empty for the same origin only
	 */
	public List<String> getAllowedOrigins() {
		return this.allowedOrigins;
	}

	/**
	 * Set the browser origins allowed to connect besides the server's own.
	 * @param allowedOrigins origin patterns, {@code *} for any; empty for the same origin only
	 */
	public void setAllowedOrigins(List<String> allowedOrigins) {
		this.allowedOrigins = List.copyOf(allowedOrigins);
	}

	/**
	 * Return the most open connections across all endpoints.
	 * @return the limit, or -1 for none
	 */
	public int getMaxConnections() {
		return this.maxConnections;
	}

	/**
	 * Set the most open connections across all endpoints.
	 * @param maxConnections the limit, or -1 for none
	 */
	public void setMaxConnections(int maxConnections) {
		Assert.isTrue(maxConnections >= -1, "maxConnections must be -1 (unlimited) or more");
		this.maxConnections = maxConnections;
	}

	/**
	 * Return the most open connections of one user, by principal or else remote address.
	 * @return the limit, or -1 for none
	 */
	public int getMaxConnectionsPerUser() {
		return this.maxConnectionsPerUser;
	}

	/**
	 * Set the most open connections of one user, by principal or else remote address.
	 * @param maxConnectionsPerUser the limit, or -1 for none
	 */
	public void setMaxConnectionsPerUser(int maxConnectionsPerUser) {
		Assert.isTrue(maxConnectionsPerUser >= -1, "maxConnectionsPerUser must be -1 (unlimited) or more");
		this.maxConnectionsPerUser = maxConnectionsPerUser;
	}

	/**
	 * Return the most messages one connection may send per second.
	 * @return the limit, or 0 for none
	 */
	public int getMaxMessagesPerSecond() {
		return this.maxMessagesPerSecond;
	}

	/**
	 * Set the most messages one connection may send per second, with bursts of as many.
	 * @param maxMessagesPerSecond the limit, or 0 for none
	 */
	public void setMaxMessagesPerSecond(int maxMessagesPerSecond) {
		Assert.isTrue(maxMessagesPerSecond >= 0, "maxMessagesPerSecond must be 0 (unlimited) or more");
		this.maxMessagesPerSecond = maxMessagesPerSecond;
	}

	/**
	 * Return the level of the audit lines for connections opened and closed.
	 * @return the level, {@link AuditLog.Level#OFF} for none
	 */
	public AuditLog.Level getAuditLogLevel() {
		return this.auditLogLevel;
	}

	/**
	 * Set the level of the audit lines for connections opened and closed.
	 * @param auditLogLevel the level, {@link AuditLog.Level#OFF} for none
	 */
	public void setAuditLogLevel(AuditLog.Level auditLogLevel) {
		this.auditLogLevel = auditLogLevel;
	}

	/**
	 * Return whether permessage-deflate is negotiated when a client offers it.
	 * @return whether compression is on
	 */
	public boolean isCompression() {
		return this.compression;
	}

	/**
	 * Set whether permessage-deflate is negotiated when a client offers it.
	 * @param compression whether compression is on
	 */
	public void setCompression(boolean compression) {
		this.compression = compression;
	}

	/**
	 * Return whether wsboot reads and writes frames itself on each connection's virtual thread
	 * where the JVM and container allow it.
	 * @return whether direct I/O is wanted
	 */
	public boolean isDirectIo() {
		return this.directIo;
	}

	/**
	 * Set whether wsboot reads and writes frames itself on each connection's virtual thread
	 * where the JVM and container allow it, instead of the container's WebSocket implementation.
	 * @param directIo whether direct I/O is wanted
	 */
	public void setDirectIo(boolean directIo) {
		this.directIo = directIo;
	}

	/**
	 * Return how long shutdown waits for connections to close after sending 1001.
	 * @return the timeout
	 */
	public Duration getShutdownCloseTimeout() {
		return this.shutdownCloseTimeout;
	}

	/**
	 * Set how long shutdown waits for connections to close after sending 1001.
	 * @param shutdownCloseTimeout the timeout, zero or more
	 */
	public void setShutdownCloseTimeout(Duration shutdownCloseTimeout) {
		Assert.isTrue(!shutdownCloseTimeout.isNegative(), "shutdownCloseTimeout must not be negative");
		this.shutdownCloseTimeout = shutdownCloseTimeout;
	}

}
