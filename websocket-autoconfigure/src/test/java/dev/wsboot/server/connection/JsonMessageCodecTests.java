package dev.wsboot.server.connection;

import dev.wsboot.CloseStatus;
import dev.wsboot.WebSocketConversionException;
import dev.wsboot.WebSocketMessage;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link JsonMessageCodec}.
 */
class JsonMessageCodecTests {

	private final JsonMessageCodec codec = new JsonMessageCodec(JsonMapper.builder().build());

	@Test
	void decodesTextMessagesOnly() throws WebSocketConversionException {
		assertThat(this.codec.canDecode(Point.class, true)).isTrue();
		assertThat(this.codec.canDecode(Point.class, false)).isFalse();
		assertThat(this.codec.decode(WebSocketMessage.text("{\"x\":1,\"y\":2}"), Point.class))
			.isEqualTo(new Point(1, 2));
	}

	@Test
	void encodesAnyValueAsText() throws WebSocketConversionException {
		WebSocketMessage message = this.codec.encode(new Point(3, 4));
		assertThat(message.isText()).isTrue();
		assertThat(message.text()).isEqualTo("{\"x\":3,\"y\":4}");
	}

	@Test
	void refusesMalformedJsonWith1007NamingOnlyTheTypeToTheClient() {
		assertThatExceptionOfType(WebSocketConversionException.class)
			.isThrownBy(() -> this.codec.decode(WebSocketMessage.text("{\"x\": secret"), Point.class))
			.satisfies((ex) -> {
				assertThat(ex.closeStatus()).isEqualTo(new CloseStatus(1007, "Message is not a valid Point"));
				assertThat(ex.getMessage()).startsWith("Message does not convert to " + Point.class.getName());
			});
	}

	@Test
	void refusesJsonNullWith1007() {
		assertThatExceptionOfType(WebSocketConversionException.class)
			.isThrownBy(() -> this.codec.decode(WebSocketMessage.text("null"), Point.class))
			.satisfies((ex) -> assertThat(ex.closeStatus()).isEqualTo(new CloseStatus(1007, "Message is null")));
	}

	record Point(int x, int y) {
	}

}
