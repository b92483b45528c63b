package dev.wsboot.autoconfigure;

import java.time.Duration;

import dev.wsboot.server.WebSocketServerSettings;
import dev.wsboot.server.supervision.AuditLog;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link WebSocketProperties}.
 */
class WebSocketPropertiesTests {

	@Test
	void propertyDefaultsAreTheRuntimeDefaults() {
		WebSocketProperties properties = new WebSocketProperties();
		WebSocketServerSettings settings = WebSocketServerSettings.defaults();
		assertThat(properties.getKeepAliveInterval()).isEqualTo(settings.getKeepAliveInterval());
		assertThat(properties.getReceiveBufferSize().toBytes()).isEqualTo(settings.getReceiveBufferSize());
		assertThat(properties.getMaxMessageSize().toBytes()).isEqualTo(settings.getMaxMessageSize());
		assertThat(properties.getKeepAliveTimeout()).isEqualTo(settings.getKeepAliveTimeout());
		assertThat(properties.getSendTimeout()).isEqualTo(settings.getSendTimeout());
		assertThat(properties.getSendBufferLimit().toBytes()).isEqualTo(settings.getSendBufferLimit());
		assertThat(properties.getIdleTimeout()).isEqualTo(settings.getIdleTimeout());
		assertThat(properties.getAllowedOrigins()).isEqualTo(settings.getAllowedOrigins());
		assertThat(properties.getMaxConnections()).isEqualTo(settings.getMaxConnections());
		assertThat(properties.getMaxConnectionsPerUser()).isEqualTo(settings.getMaxConnectionsPerUser());
		assertThat(properties.getMaxMessagesPerSecond()).isEqualTo(settings.getMaxMessagesPerSecond());
		assertThat(AuditLog.Level.of(properties.getAuditLogLevel())).isEqualTo(settings.getAuditLogLevel());
		assertThat(properties.isCompression()).isEqualTo(settings.isCompression());
		assertThat(properties.isDirectIo()).isEqualTo(settings.isDirectIo());
		assertThat(properties.getShutdownCloseTimeout()).isEqualTo(settings.getShutdownCloseTimeout());
		assertThat(properties.getResume().getTimeout()).isEqualTo(settings.getResumeTimeout());
		assertThat(properties.getResume().getBufferLimit().toBytes()).isEqualTo(settings.getResumeBufferLimit());
	}

	@Test
	void refusesOutOfRangeValuesNamingThePropertyAndTheValue() {
		WebSocketProperties properties = new WebSocketProperties();
		assertThatIllegalArgumentException().isThrownBy(() -> properties.setKeepAliveInterval(Duration.ofSeconds(-1)))
			.withMessage("websocket.keep-alive-interval must be zero (off) or positive, but was PT-1S");
		assertThatIllegalArgumentException().isThrownBy(() -> properties.setReceiveBufferSize(DataSize.ofGigabytes(3)))
			.withMessage("websocket.receive-buffer-size must be at least 1B and at most 2GB, but was 3221225472B");
		assertThatIllegalArgumentException().isThrownBy(() -> properties.setSendTimeout(Duration.ZERO))
			.withMessage("websocket.send-timeout must be positive, but was PT0S");
		assertThatIllegalArgumentException().isThrownBy(() -> properties.setMaxConnections(-2))
			.withMessage("websocket.max-connections must be -1 (no limit) or more, but was -2");
	}

	@Test
	void refusesAnUnknownAuditLogLevel() {
		assertThatIllegalArgumentException().isThrownBy(() -> new WebSocketProperties().setAuditLogLevel("loud"))
			.withMessageContaining("websocket.audit-log-level must be off, trace, debug, info or warn, but was loud");
	}

}
