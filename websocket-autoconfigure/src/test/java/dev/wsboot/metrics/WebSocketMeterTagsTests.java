package dev.wsboot.metrics;

import dev.wsboot.server.EndpointMonitor.HandshakeRejection;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link WebSocketMeterTags}.
 */
class WebSocketMeterTagsTests {

	@Test
	void mapsEveryHandshakeRejectionToTheReasonOfTheDesign() {
		assertThat(WebSocketMeterTags.reason(HandshakeRejection.ORIGIN)).isEqualTo("origin");
		assertThat(WebSocketMeterTags.reason(HandshakeRejection.LIMIT)).isEqualTo("limit");
		assertThat(WebSocketMeterTags.reason(HandshakeRejection.USER_LIMIT)).isEqualTo("user_limit");
		assertThat(WebSocketMeterTags.reason(HandshakeRejection.NOT_WEBSOCKET)).isEqualTo("not_websocket");
		assertThat(WebSocketMeterTags.reason(HandshakeRejection.SUBPROTOCOL)).isEqualTo("subprotocol");
		assertThat(WebSocketMeterTags.reason(HandshakeRejection.GUARD)).isEqualTo("guard");
		assertThat(HandshakeRejection.values()).hasSize(6);
	}

	@Test
	void namesExceptionBySimpleClassName() {
		assertThat(WebSocketMeterTags.exception(new IllegalStateException("secret"))).isEqualTo("IllegalStateException");
	}

	@Test
	void namesAnonymousExceptionByFullClassName() {
		RuntimeException anonymous = new RuntimeException() {
		};
		assertThat(WebSocketMeterTags.exception(anonymous)).isEqualTo(anonymous.getClass().getName());
	}

}
