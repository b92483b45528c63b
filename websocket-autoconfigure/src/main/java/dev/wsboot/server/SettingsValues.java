package dev.wsboot.server;

import java.time.Duration;
import java.util.List;

import dev.wsboot.server.supervision.AuditLog;

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
