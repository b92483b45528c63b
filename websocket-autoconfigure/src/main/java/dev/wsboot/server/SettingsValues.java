package dev.wsboot.server;

import java.time.Duration;
import java.util.List;

import dev.wsboot.server.supervision.AuditLog;
import org.springframework.util.Assert;

/**
 * The fields of one {@link WebSocketServerSettings} while a changed copy is made; the defaults
 * written here are the runtime's defaults.
 */
final class SettingsValues {

	Duration keepAliveInterval = Duration.ofMinutes(2);
	int receiveBufferSize = 4 * 1024;
	long maxMessageSize = 1024 * 1024;
	int inboundQueueCapacity = 16;
	Duration keepAliveTimeout = Duration.ZERO;
	Duration sendTimeout = Duration.ofSeconds(10);
	long sendBufferLimit = 512 * 1024;
	Duration idleTimeout = Duration.ZERO;
	List<String> allowedOrigins = List.of();
	int maxConnections = -1;
	int maxConnectionsPerUser = -1;
	int maxMessagesPerSecond;
	AuditLog.Level auditLogLevel = AuditLog.Level.DEBUG;
	boolean compression = true;
	boolean directIo = true;
	Duration shutdownCloseTimeout = Duration.ofSeconds(10);
	Duration resumeTimeout = Duration.ofMinutes(2);
	long resumeBufferLimit = 1024 * 1024;

	SettingsValues() {
	}

	/**
	 * Check every value, with a message that names the setting.
	 * @throws IllegalArgumentException for a value out of range
	 */
	void validate() {
		Assert.isTrue(isNotNegative(this.keepAliveInterval), "keepAliveInterval must not be negative");
		Assert.isTrue(this.receiveBufferSize > 0, "receiveBufferSize must be positive");
		Assert.isTrue(this.maxMessageSize > 0, "maxMessageSize must be positive");
		Assert.isTrue(this.inboundQueueCapacity > 0, "inboundQueueCapacity must be positive");
		Assert.isTrue(isNotNegative(this.keepAliveTimeout), "keepAliveTimeout must not be negative");
		Assert.isTrue(this.sendTimeout != null && this.sendTimeout.isPositive(), "sendTimeout must be positive");
		Assert.isTrue(this.sendBufferLimit > 0, "sendBufferLimit must be positive");
		Assert.isTrue(isNotNegative(this.idleTimeout), "idleTimeout must not be negative");
		Assert.notNull(this.allowedOrigins, "allowedOrigins must not be null");
		Assert.isTrue(this.maxConnections >= -1, "maxConnections must be -1 (unlimited) or more");
		Assert.isTrue(this.maxConnectionsPerUser >= -1, "maxConnectionsPerUser must be -1 (unlimited) or more");
		Assert.isTrue(this.maxMessagesPerSecond >= 0, "maxMessagesPerSecond must be 0 (unlimited) or more");
		Assert.notNull(this.auditLogLevel, "auditLogLevel must not be null");
		Assert.isTrue(isNotNegative(this.shutdownCloseTimeout), "shutdownCloseTimeout must not be negative");
		Assert.isTrue(this.resumeTimeout != null && this.resumeTimeout.isPositive(),
				"resumeTimeout must be positive");
		Assert.isTrue(this.resumeBufferLimit > 0, "resumeBufferLimit must be positive");
	}

	private static boolean isNotNegative(Duration duration) {
		return duration != null && !duration.isNegative();
	}

	SettingsValues(WebSocketServerSettings settings) {
		this.keepAliveInterval = settings.getKeepAliveInterval();
		this.receiveBufferSize = settings.getReceiveBufferSize();
		this.maxMessageSize = settings.getMaxMessageSize();
		this.inboundQueueCapacity = settings.getInboundQueueCapacity();
		this.keepAliveTimeout = settings.getKeepAliveTimeout();
		this.sendTimeout = settings.getSendTimeout();
		this.sendBufferLimit = settings.getSendBufferLimit();
		this.idleTimeout = settings.getIdleTimeout();
		this.allowedOrigins = settings.getAllowedOrigins();
		this.maxConnections = settings.getMaxConnections();
		this.maxConnectionsPerUser = settings.getMaxConnectionsPerUser();
		this.maxMessagesPerSecond = settings.getMaxMessagesPerSecond();
		this.auditLogLevel = settings.getAuditLogLevel();
		this.compression = settings.isCompression();
		this.directIo = settings.isDirectIo();
		this.shutdownCloseTimeout = settings.getShutdownCloseTimeout();
		this.resumeTimeout = settings.getResumeTimeout();
		this.resumeBufferLimit = settings.getResumeBufferLimit();
	}

}
