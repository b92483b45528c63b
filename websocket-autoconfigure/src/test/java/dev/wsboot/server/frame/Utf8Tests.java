package dev.wsboot.server.frame;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link Utf8}.
 */
class Utf8Tests {

	@ParameterizedTest
	@ValueSource(strings = { "", "ascii", "é", "€", "𝄞", "a é € 𝄞 \uFFFF \uE000 \uDBFF\uDFFF" })
	void countsTheBytesTheJdksEncoderWrites(String text) {
		assertThat(Utf8.encodedLength(text)).isEqualTo(text.getBytes(StandardCharsets.UTF_8).length);
	}

	@ParameterizedTest
	@ValueSource(strings = { "\uD800", "a\uDC00b", "\uD800x" })
	void countsALoneSurrogateAsTheThreeBytesOfItsReplacement(String text) {
		// The JDK's encoder writes '?' for a lone surrogate; WebSocket text would carry U+FFFD.
		int loneSurrogates = 1;
		assertThat(Utf8.encodedLength(text)).isEqualTo(text.length() - loneSurrogates + 3);
	}

}
