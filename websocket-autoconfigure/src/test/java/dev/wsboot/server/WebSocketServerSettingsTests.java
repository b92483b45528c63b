package dev.wsboot.server;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.wsboot.server.supervision.AuditLog;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link WebSocketServerSettings}.
 */
class WebSocketServerSettingsTests {

	@Test
	void aChangedCopyLeavesTheOriginalAsItWas() {
		WebSocketServerSettings defaults = WebSocketServerSettings.defaults();
		WebSocketServerSettings changed = defaults.withMaxConnections(10).withSendTimeout(Duration.ofSeconds(3));
		assertThat(changed.getMaxConnections()).isEqualTo(10);
		assertThat(changed.getSendTimeout()).isEqualTo(Duration.ofSeconds(3));
		assertThat(changed.getKeepAliveInterval()).isEqualTo(defaults.getKeepAliveInterval());
		assertThat(defaults.getMaxConnections()).isEqualTo(-1);
		assertThat(defaults.getSendTimeout()).isEqualTo(Duration.ofSeconds(10));
		assertThat(WebSocketServerSettings.defaults()).isSameAs(defaults);
	}

	@Test
	void everyWitherChangesOnlyItsOwnValue() {
		WebSocketServerSettings settings = WebSocketServerSettings.defaults()
			.withKeepAliveInterval(Duration.ofSeconds(1))
			.withReceiveBufferSize(1)
			.withMaxMessageSize(2)
			.withInboundQueueCapacity(3)
			.withKeepAliveTimeout(Duration.ofSeconds(4))
			.withSendTimeout(Duration.ofSeconds(5))
			.withSendBufferLimit(6)
			.withIdleTimeout(Duration.ofSeconds(7))
			.withAllowedOrigins(List.of("https://example.org"))
			.withMaxConnections(8)
			.withMaxConnectionsPerUser(9)
			.withMaxMessagesPerSecond(10)
			.withAuditLogLevel(AuditLog.Level.INFO)
			.withCompression(false)
			.withDirectIo(false)
			.withShutdownCloseTimeout(Duration.ofSeconds(11))
			.withResumeTimeout(Duration.ofSeconds(12))
			.withResumeBufferLimit(13);
		assertThat(settings.getKeepAliveInterval()).isEqualTo(Duration.ofSeconds(1));
		assertThat(settings.getReceiveBufferSize()).isEqualTo(1);
		assertThat(settings.getMaxMessageSize()).isEqualTo(2);
		assertThat(settings.getInboundQueueCapacity()).isEqualTo(3);
		assertThat(settings.getKeepAliveTimeout()).isEqualTo(Duration.ofSeconds(4));
		assertThat(settings.getSendTimeout()).isEqualTo(Duration.ofSeconds(5));
		assertThat(settings.getSendBufferLimit()).isEqualTo(6);
		assertThat(settings.getIdleTimeout()).isEqualTo(Duration.ofSeconds(7));
		assertThat(settings.getAllowedOrigins()).containsExactly("https://example.org");
		assertThat(settings.getMaxConnections()).isEqualTo(8);
		assertThat(settings.getMaxConnectionsPerUser()).isEqualTo(9);
		assertThat(settings.getMaxMessagesPerSecond()).isEqualTo(10);
		assertThat(settings.getAuditLogLevel()).isEqualTo(AuditLog.Level.INFO);
		assertThat(settings.isCompression()).isFalse();
		assertThat(settings.isDirectIo()).isFalse();
		assertThat(settings.getShutdownCloseTimeout()).isEqualTo(Duration.ofSeconds(11));
		assertThat(settings.getResumeTimeout()).isEqualTo(Duration.ofSeconds(12));
		assertThat(settings.getResumeBufferLimit()).isEqualTo(13);
	}

	@Test
	void holdsItsOwnCopyOfTheAllowedOrigins() {
		List<String> origins = new ArrayList<>(List.of("https://a.example"));
		WebSocketServerSettings settings = WebSocketServerSettings.defaults().withAllowedOrigins(origins);
		origins.add("https://b.example");
		assertThat(settings.getAllowedOrigins()).containsExactly("https://a.example");
	}

	@Test
	void rejectsOutOfRangeValuesNamingTheSetting() {
		WebSocketServerSettings defaults = WebSocketServerSettings.defaults();
		assertThatIllegalArgumentException().isThrownBy(() -> defaults.withKeepAliveInterval(Duration.ofSeconds(-1)))
			.withMessage("keepAliveInterval must not be negative");
		assertThatIllegalArgumentException().isThrownBy(() -> defaults.withReceiveBufferSize(0))
			.withMessage("receiveBufferSize must be positive");
		assertThatIllegalArgumentException().isThrownBy(() -> defaults.withSendTimeout(Duration.ZERO))
			.withMessage("sendTimeout must be positive");
		assertThatIllegalArgumentException().isThrownBy(() -> defaults.withMaxConnections(-2))
			.withMessage("maxConnections must be -1 (unlimited) or more");
		assertThatIllegalArgumentException().isThrownBy(() -> defaults.withMaxMessagesPerSecond(-1))
			.withMessage("maxMessagesPerSecond must be 0 (unlimited) or more");
		assertThatIllegalArgumentException().isThrownBy(() -> defaults.withAuditLogLevel(null))
			.withMessage("auditLogLevel must not be null");
	}

}
