package dev.wsboot.server.connection;

import java.util.List;

import dev.wsboot.CloseStatus;
import dev.wsboot.WebSocketConversionException;
import dev.wsboot.WebSocketMessage;
import dev.wsboot.WebSocketMessageCodec;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link WebSocketMessageCodecs}.
 */
class WebSocketMessageCodecsTests {

	@Test
	void theFirstCodecThatCanConvertWins() throws WebSocketConversionException {
		WebSocketMessageCodecs codecs = new WebSocketMessageCodecs(List.of(new Prefixing("first"), new Prefixing("second")));
		assertThat(codecs.decode(WebSocketMessage.text("a"), String.class)).isEqualTo("first:a");
		assertThat(codecs.encode("b").text()).isEqualTo("first:b");
	}

	@Test
	void aMessageNoCodecDecodesIsUnsupportedData() {
		assertThatExceptionOfType(WebSocketConversionException.class)
			.isThrownBy(() -> WebSocketMessageCodecs.NONE.decode(WebSocketMessage.binary(new byte[1]), String.class))
			.satisfies((ex) -> assertThat(ex.closeStatus())
				.isEqualTo(new CloseStatus(1003, "No binary message expected")));
	}

	@Test
	void aValueNoCodecEncodesIsTheServersError() {
		assertThatExceptionOfType(WebSocketConversionException.class)
			.isThrownBy(() -> WebSocketMessageCodecs.NONE.encode(42))
			.satisfies((ex) -> {
				assertThat(ex.closeStatus()).isEqualTo(CloseStatus.SERVER_ERROR);
				assertThat(ex.getMessage()).isEqualTo("No codec turns a java.lang.Integer into a message");
			});
	}

	private record Prefixing(String prefix) implements WebSocketMessageCodec {

		@Override
		public boolean canDecode(Class<?> type, boolean text) {
			return text && type == String.class;
		}

		@Override
		public boolean canEncode(Class<?> type) {
			return type == String.class;
		}

		@Override
		@SuppressWarnings("unchecked")
		public <T> T decode(WebSocketMessage message, Class<T> type) {
			return (T) (this.prefix + ":" + message.text());
		}

		@Override
		public WebSocketMessage encode(Object value) {
			return WebSocketMessage.text(this.prefix + ":" + value);
		}

	}

}
