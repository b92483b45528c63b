package dev.wsboot.server.frame;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link Utf8#asciiEnd(byte[], int, int)}.
 */
class Utf8AsciiEndTests {

	@Test
	void findsTheFirstByteFrom0x80OnAtEveryPlaceAndOffset() {
		byte[] bytes = new byte[40];
		java.util.Arrays.fill(bytes, (byte) 'a');
		assertThat(Utf8.asciiEnd(bytes, 0, bytes.length)).isEqualTo(bytes.length);
		for (int at = 0; at < bytes.length; at++) {
			bytes[at] = (byte) 0x80;
			for (int from = 0; from <= at; from++) {
				assertThat(Utf8.asciiEnd(bytes, from, bytes.length)).as("0x80 at %d, from %d", at, from).isEqualTo(at);
				// A range that ends before the byte does not see it.
				assertThat(Utf8.asciiEnd(bytes, from, at)).isEqualTo(at);
			}
			bytes[at] = (byte) 'a';
		}
	}

}
