package dev.wsboot;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * Tests for {@link WebSocketMessage}.
 */
class WebSocketMessageTests {

	@Test
	void aBinaryMessageIsUnaffectedByLaterReadsOfTheBufferItWasMadeFrom() {
		ByteBuffer buffer = ByteBuffer.wrap(new byte[] { 1, 2, 3 });
		WebSocketMessage message = WebSocketMessage.binary(buffer, true);
		buffer.get();
		assertThat(message.payloadLength()).isEqualTo(3);
		assertThat(message.toByteArray()).containsExactly(1, 2, 3);
		message.payload().get();
		assertThat(message.payload().remaining()).isEqualTo(3);
	}

	@Test
	void aTextMessageMeasuresItsPayloadInUtf8Bytes() {
		WebSocketMessage message = WebSocketMessage.text("é€");
		assertThat(message.payloadLength()).isEqualTo(5);
		assertThat(message.toByteArray()).isEqualTo("é€".getBytes(StandardCharsets.UTF_8));
		assertThat(message.isText()).isTrue();
		assertThat(message.isLast()).isTrue();
	}

	@Test
	void aBinaryMessageHasNoText() {
		assertThatIllegalStateException().isThrownBy(() -> WebSocketMessage.binary(new byte[1]).text())
			.withMessage("Binary message has no text; use payload()");
	}

	@Test
	void messagesOfTheSameTypeContentAndFinalityAreEqual() {
		assertThat(WebSocketMessage.text("a")).isEqualTo(WebSocketMessage.text("a", true))
			.hasSameHashCodeAs(WebSocketMessage.text("a", true))
			.isNotEqualTo(WebSocketMessage.text("a", false))
			.isNotEqualTo(WebSocketMessage.binary("a".getBytes(StandardCharsets.US_ASCII)));
	}

	@Test
	void describesItselfWithoutItsContent() {
		assertThat(WebSocketMessage.text("secret", false)).hasToString("WebSocketMessage[TEXT, 6 chars, partial]");
		assertThat(WebSocketMessage.binary(new byte[4])).hasToString("WebSocketMessage[BINARY, 4 bytes]");
	}

}
