package dev.wsboot.server;

import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

import dev.wsboot.server.supervision.AuditLog;

/**
 * Settings of the wsboot runtime, independent of how they were configured: an immutable value
 * whose {@code with…} methods return a changed copy. Every runtime class is handed the same value,
 * and the defaults exist only here ({@link #defaults()}).
 *
 * @since 0.1.0
 */
public final class WebSocketServerSettings {

	private static final WebSocketServerSettings DEFAULTS = new WebSocketServerSettings(new SettingsValues());

	private final Duration keepAliveInterval;
	private final int receiveBufferSize;
	private final long maxMessageSize;
	private final int inboundQueueCapacity;
	private final Duration keepAliveTimeout;
	private final Duration sendTimeout;
	private final long sendBufferLimit;
	private final Duration idleTimeout;
	private final List<String> allowedOrigins;
	private final int maxConnections;
	private final int maxConnectionsPerUser;
	private final int maxMessagesPerSecond;
	private final AuditLog.Level auditLogLevel;
	private final boolean compression;
	private final boolean directIo;
	private final Duration shutdownCloseTimeout;

	private final Duration resumeTimeout;

	private final long resumeBufferLimit;

	private WebSocketServerSettings(SettingsValues values) {
		values.validate();
		this.keepAliveInterval = values.keepAliveInterval;
		this.receiveBufferSize = values.receiveBufferSize;
		this.maxMessageSize = values.maxMessageSize;
		this.inboundQueueCapacity = values.inboundQueueCapacity;
		this.keepAliveTimeout = values.keepAliveTimeout;
		this.sendTimeout = values.sendTimeout;
		this.sendBufferLimit = values.sendBufferLimit;
		this.idleTimeout = values.idleTimeout;
		this.allowedOrigins = List.copyOf(values.allowedOrigins);
		this.maxConnections = values.maxConnections;
		this.maxConnectionsPerUser = values.maxConnectionsPerUser;
		this.maxMessagesPerSecond = values.maxMessagesPerSecond;
		this.auditLogLevel = values.auditLogLevel;
		this.compression = values.compression;
		this.directIo = values.directIo;
		this.shutdownCloseTimeout = values.shutdownCloseTimeout;
		this.resumeTimeout = values.resumeTimeout;
		this.resumeBufferLimit = values.resumeBufferLimit;
	}

	/**
	 * Return the runtime's defaults, which the {@code websocket.*} properties share.
	 * @return the default settings
	 */
	public static WebSocketServerSettings defaults() {
		return DEFAULTS;
	}

	/**
	 * Return the interval between keep-alive pings.
	 * @return the interval; zero when pings are off
	 */
	public Duration getKeepAliveInterval() {
		return this.keepAliveInterval;
	}

	/**
	 * Return a copy with the interval between keep-alive pings.
	 * @param keepAliveInterval the interval; zero turns pings off
	 * @return the changed copy
	 */
	public WebSocketServerSettings withKeepAliveInterval(Duration keepAliveInterval) {
		return with((values) -> values.keepAliveInterval = keepAliveInterval);
	}

	/**
	 * Return the size of the read buffer per connection.
	 * @return the size in bytes
	 */
	public int getReceiveBufferSize() {
		return this.receiveBufferSize;
	}

	/**
	 * Return a copy with the size of the read buffer per connection.
	 * @param receiveBufferSize the size in bytes, at least 1
	 * @return the changed copy
	 */
	public WebSocketServerSettings withReceiveBufferSize(int receiveBufferSize) {
		return with((values) -> values.receiveBufferSize = receiveBufferSize);
	}

	/**
	 * Return the largest whole message accepted.
	 * @return the size in bytes
	 */
	public long getMaxMessageSize() {
		return this.maxMessageSize;
	}

	/**
	 * Return a copy with the largest whole message accepted; larger ones close the connection with 1009.
	 * @param maxMessageSize the size in bytes, at least 1
	 * @return the changed copy
	 */
	public WebSocketServerSettings withMaxMessageSize(long maxMessageSize) {
		return with((values) -> values.maxMessageSize = maxMessageSize);
	}

	/**
	 * Return how many received message parts wait for the handler before reading pauses.
	 * @return the capacity
	 */
	public int getInboundQueueCapacity() {
		return this.inboundQueueCapacity;
	}

	/**
	 * Return a copy with how many received message parts wait for the handler before reading pauses.
	 * @param inboundQueueCapacity the capacity, at least 1
	 * @return the changed copy
	 */
	public WebSocketServerSettings withInboundQueueCapacity(int inboundQueueCapacity) {
		return with((values) -> values.inboundQueueCapacity = inboundQueueCapacity);
	}

	/**
	 * Return how long a keep-alive ping may stay unanswered before the connection is aborted.
	 * @return the timeout; zero when off
	 */
	public Duration getKeepAliveTimeout() {
		return this.keepAliveTimeout;
	}

	/**
	 * Return a copy with how long a keep-alive ping may stay unanswered before the connection is aborted.
	 * @param keepAliveTimeout the timeout; zero turns the check off
	 * @return the changed copy
	 */
	public WebSocketServerSettings withKeepAliveTimeout(Duration keepAliveTimeout) {
		return with((values) -> values.keepAliveTimeout = keepAliveTimeout);
	}

	/**
	 * Return how long a blocked send may wait before the connection is closed as a slow consumer.
	 * @return the timeout
	 */
	public Duration getSendTimeout() {
		return this.sendTimeout;
	}

	/**
	 * Return a copy with how long a blocked send may wait before the connection is closed as a slow consumer.
	 * @param sendTimeout the timeout, positive
	 * @return the changed copy
	 */
	public WebSocketServerSettings withSendTimeout(Duration sendTimeout) {
		return with((values) -> values.sendTimeout = sendTimeout);
	}

	/**
	 * Return the most bytes that asynchronous sends and broadcasts may queue for one connection.
	 * @return the limit in bytes
	 */
	public long getSendBufferLimit() {
		return this.sendBufferLimit;
	}

	/**
	 * Return a copy with the most bytes that asynchronous sends and broadcasts may queue for one
	 * connection; more closes it with 1008.
	 * @param sendBufferLimit the limit in bytes, at least 1
	 * @return the changed copy
	 */
	public WebSocketServerSettings withSendBufferLimit(long sendBufferLimit) {
		return with((values) -> values.sendBufferLimit = sendBufferLimit);
	}

	/**
	 * Return how long a connection may pass no traffic before it is closed with 1001.
	 * @return the timeout; zero when off
	 */
	public Duration getIdleTimeout() {
		return this.idleTimeout;
	}

	/**
	 * Return a copy with how long a connection may pass no traffic before it is closed with 1001.
	 * @param idleTimeout the timeout; zero turns the check off
	 * @return the changed copy
	 */
	public WebSocketServerSettings withIdleTimeout(Duration idleTimeout) {
		return with((values) -> values.idleTimeout = idleTimeout);
	}

	/**
	 * Return the browser origins allowed to connect besides the server's own.
	 * @return origin patterns, {@code *} for any; empty for the same origin only
	 */
	public List<String> getAllowedOrigins() {
		return this.allowedOrigins;
	}

	/**
	 * Return a copy with the browser origins allowed to connect besides the server's own.
	 * @param allowedOrigins origin patterns, {@code *} for any; empty for the same origin only
	 * @return the changed copy
	 */
	public WebSocketServerSettings withAllowedOrigins(List<String> allowedOrigins) {
		return with((values) -> values.allowedOrigins = allowedOrigins);
	}

	/**
	 * Return the most open connections across all endpoints.
	 * @return the limit, or -1 for none
	 */
	public int getMaxConnections() {
		return this.maxConnections;
	}

	/**
	 * Return a copy with the most open connections across all endpoints.
	 * @param maxConnections the limit, or -1 for none
	 * @return the changed copy
	 */
	public WebSocketServerSettings withMaxConnections(int maxConnections) {
		return with((values) -> values.maxConnections = maxConnections);
	}

	/**
	 * Return the most open connections of one user, by principal or else remote address.
	 * @return the limit, or -1 for none
	 */
	public int getMaxConnectionsPerUser() {
		return this.maxConnectionsPerUser;
	}

	/**
	 * Return a copy with the most open connections of one user, by principal or else remote address.
	 * @param maxConnectionsPerUser the limit, or -1 for none
	 * @return the changed copy
	 */
	public WebSocketServerSettings withMaxConnectionsPerUser(int maxConnectionsPerUser) {
		return with((values) -> values.maxConnectionsPerUser = maxConnectionsPerUser);
	}

	/**
	 * Return the most messages one connection may send per second, with bursts of as many.
	 * @return the limit, or 0 for none
	 */
	public int getMaxMessagesPerSecond() {
		return this.maxMessagesPerSecond;
	}

	/**
	 * Return a copy with the most messages one connection may send per second, with bursts of as many.
	 * @param maxMessagesPerSecond the limit, or 0 for none
	 * @return the changed copy
	 */
	public WebSocketServerSettings withMaxMessagesPerSecond(int maxMessagesPerSecond) {
		return with((values) -> values.maxMessagesPerSecond = maxMessagesPerSecond);
	}

	/**
	 * Return the level of the audit lines for connections opened and closed.
	 * @return the level, {@link AuditLog.Level#OFF} for none
	 */
	public AuditLog.Level getAuditLogLevel() {
		return this.auditLogLevel;
	}

	/**
	 * Return a copy with the level of the audit lines for connections opened and closed.
	 * @param auditLogLevel the level, {@link AuditLog.Level#OFF} for none
	 * @return the changed copy
	 */
	public WebSocketServerSettings withAuditLogLevel(AuditLog.Level auditLogLevel) {
		return with((values) -> values.auditLogLevel = auditLogLevel);
	}

	/**
	 * Return whether permessage-deflate is negotiated when a client offers it.
	 * @return whether compression is on
	 */
	public boolean isCompression() {
		return this.compression;
	}

	/**
	 * Return a copy that says whether permessage-deflate is negotiated when a client offers it.
	 * @param compression whether compression is on
	 * @return the changed copy
	 */
	public WebSocketServerSettings withCompression(boolean compression) {
		return with((values) -> values.compression = compression);
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
	 * Return a copy that says whether wsboot reads and writes frames itself where the JVM and
	 * container allow it, instead of the container's WebSocket implementation.
	 * @param directIo whether direct I/O is wanted
	 * @return the changed copy
	 */
	public WebSocketServerSettings withDirectIo(boolean directIo) {
		return with((values) -> values.directIo = directIo);
	}

	/**
	 * Return how long shutdown waits for connections to close after sending 1001.
	 * @return the timeout
	 */
	public Duration getShutdownCloseTimeout() {
		return this.shutdownCloseTimeout;
	}

	/**
	 * Return a copy with how long shutdown waits for connections to close after sending 1001.
	 * @param shutdownCloseTimeout the timeout, zero or more
	 * @return the changed copy
	 */
	public WebSocketServerSettings withShutdownCloseTimeout(Duration shutdownCloseTimeout) {
		return with((values) -> values.shutdownCloseTimeout = shutdownCloseTimeout);
	}

	/**
	 * Return how long a dropped resumable connection waits for its client.
	 * @return the timeout
	 */
	public Duration getResumeTimeout() {
		return this.resumeTimeout;
	}

	/**
	 * Return a copy with how long a dropped resumable connection waits for its client.
	 * @param resumeTimeout the timeout, positive
	 * @return the changed copy
	 */
	public WebSocketServerSettings withResumeTimeout(Duration resumeTimeout) {
		return with((values) -> values.resumeTimeout = resumeTimeout);
	}

	/**
	 * Return the most unacknowledged outbound bytes kept for one resumable connection.
	 * @return the limit in bytes
	 */
	public long getResumeBufferLimit() {
		return this.resumeBufferLimit;
	}

	/**
	 * Return a copy with the most unacknowledged outbound bytes kept for one resumable connection;
	 * more ends it with 1008.
	 * @param resumeBufferLimit the limit in bytes, at least 1
	 * @return the changed copy
	 */
	public WebSocketServerSettings withResumeBufferLimit(long resumeBufferLimit) {
		return with((values) -> values.resumeBufferLimit = resumeBufferLimit);
	}

	private WebSocketServerSettings with(Consumer<SettingsValues> change) {
		SettingsValues values = new SettingsValues(this);
		change.accept(values);
		return new WebSocketServerSettings(values);
	}

}
