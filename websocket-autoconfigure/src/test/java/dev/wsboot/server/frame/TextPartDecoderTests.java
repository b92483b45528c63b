package dev.wsboot.server.frame;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link TextPartDecoder}.
 */
class TextPartDecoderTests {

	@Test
	void joinsACharacterSplitBetweenParts() throws WebSocketProtocolException {
		byte[] euro = "€".getBytes(StandardCharsets.UTF_8);
		TextPartDecoder decoder = new TextPartDecoder();
		assertThat(decoder.decode(new byte[] { 'a', euro[0] }, 2, false)).isEqualTo("a");
		assertThat(decoder.decode(new byte[] { euro[1], euro[2], 'b' }, 3, true)).isEqualTo("€b");
		assertThat(decoder.decode("plain".getBytes(StandardCharsets.US_ASCII), 5, true)).isEqualTo("plain");
	}

	@Test
	void refusesAMessageThatEndsInsideACharacter() {
		TextPartDecoder decoder = new TextPartDecoder();
		assertThatExceptionOfType(WebSocketProtocolException.class)
			.isThrownBy(() -> decoder.decode(new byte[] { 'a', (byte) 0xE2, (byte) 0x82 }, 3, true))
			.satisfies((ex) -> assertThat(ex.closeCode()).isEqualTo(1007));
	}

}
