package dev.wsboot.server.frame;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link Utf8Validator}.
 */
class Utf8ValidatorTests {

	@Test
	void acceptsAllOfUnicodeAndRefusesWhatUtf8Forbids() {
		String everything = "a é € 𝄞 \uFFFF \uD7FF \uE000 \uDBFF\uDFFF";
		assertThat(accepts(everything.getBytes(StandardCharsets.UTF_8))).isTrue();
		// Overlong '/', an encoded surrogate, a code point above U+10FFFF, and 0xFF.
		assertThat(accepts(new byte[] { (byte) 0xC0, (byte) 0xAF })).isFalse();
		assertThat(accepts(new byte[] { (byte) 0xED, (byte) 0xA0, (byte) 0x80 })).isFalse();
		assertThat(accepts(new byte[] { (byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80 })).isFalse();
		assertThat(accepts(new byte[] { (byte) 0xFF })).isFalse();
	}

	@Test
	void acceptsACharacterCutShortButSaysItIsNotComplete() {
		Utf8Validator incomplete = new Utf8Validator();
		assertThat(incomplete.accept(new byte[] { (byte) 0xE2, (byte) 0x82 }, 0, 2)).isTrue();
		assertThat(incomplete.isComplete()).isFalse();
	}

	private static boolean accepts(byte[] bytes) {
		Utf8Validator validator = new Utf8Validator();
		return validator.accept(bytes, 0, bytes.length) && validator.isComplete();
	}

}
