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
		// Long text is measured another way; the count must not change with the length.
		String longText = text.repeat(64) + "x".repeat(64);
		assertThat(Utf8.encodedLength(longText)).isEqualTo(longText.getBytes(StandardCharsets.UTF_8).length);
		assertThat(Utf8.encodedLength(new StringBuilder(longText)))
			.isEqualTo(longText.getBytes(StandardCharsets.UTF_8).length);
	}

	@ParameterizedTest
	@ValueSource(strings = { "\uD800", "a\uDC00b", "\uD800x", "x\uDBFF" })
	void countsALoneSurrogateAsTheQuestionMarkTheJdkSendsForIt(String text) {
		int loneSurrogates = 1;
		assertThat(Utf8.encodedLength(text)).isEqualTo(text.length() - loneSurrogates + 1)
			.isEqualTo(text.getBytes(StandardCharsets.UTF_8).length);
		String longText = "x".repeat(100) + text;
		assertThat(Utf8.encodedLength(longText)).isEqualTo(longText.length());
		assertThat(Utf8.encodedLength(new StringBuilder(longText))).isEqualTo(longText.length());
	}

}
