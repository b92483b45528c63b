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

	@Test
	void findsABadByteAfterLongRunsOfAsciiWhereverItFalls() {
		// Runs of ASCII are checked eight bytes at a time; the bad byte may fall at any place.
		for (int before = 0; before < 20; before++) {
			byte[] bytes = ("x".repeat(before) + "?" + "y".repeat(11)).getBytes(StandardCharsets.US_ASCII);
			assertThat(accepts(bytes)).isTrue();
			bytes[before] = (byte) 0xFF;
			assertThat(accepts(bytes)).as("0xFF after %d ASCII bytes", before).isFalse();
			bytes[before] = (byte) 0xC3;
			// A lead byte whose continuation is ASCII.
			assertThat(accepts(bytes)).as("a lead byte after %d ASCII bytes", before).isFalse();
			String accented = "x".repeat(before) + "é€𝄞" + "y".repeat(9);
			assertThat(accepts(accented.getBytes(StandardCharsets.UTF_8))).isTrue();
		}
	}

	@Test
	void keepsACharacterSplitBetweenPiecesAcrossAsciiRuns() {
		byte[] bytes = ("abcdefghij€klmnopqrstuvw").getBytes(StandardCharsets.UTF_8);
		for (int cut = 0; cut <= bytes.length; cut++) {
			Utf8Validator validator = new Utf8Validator();
			assertThat(validator.accept(bytes, 0, cut) && validator.accept(bytes, cut, bytes.length - cut)
					&& validator.isComplete()).as("cut at %d", cut).isTrue();
		}
	}

	private static boolean accepts(byte[] bytes) {
		Utf8Validator validator = new Utf8Validator();
		return validator.accept(bytes, 0, bytes.length) && validator.isComplete();
	}

}
