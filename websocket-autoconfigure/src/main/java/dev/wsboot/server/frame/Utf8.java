package dev.wsboot.server.frame;

import java.nio.charset.StandardCharsets;

/**
 * Counts the UTF-8 bytes of text as the JDK's encoder writes them, which is how wsboot sends
 * text: a lone surrogate, which has no UTF-8 form, becomes {@code '?'}.
 *
 * @since 0.1.0
 */
public final class Utf8 {

	/**
	 * From this many characters on, encoding is cheaper than counting: the JDK's encoder copies
	 * runs of ASCII many bytes at a time, where counting looks at each character (at 4 KB about
	 * ten times cheaper, see docs/BENCHMARKS.md), and the copy dies young.
	 */
	private static final int ENCODE_FROM = 64;

	private Utf8() {
	}

	/**
	 * Count the bytes of the UTF-8 encoding of the text.
	 * @param text the text
	 * @return the byte count
	 */
	public static int encodedLength(CharSequence text) {
		int length = text.length();
		if (length >= ENCODE_FROM && text instanceof String string) {
			return string.getBytes(StandardCharsets.UTF_8).length;
		}
		int bytes = length;
		for (int i = 0; i < length; i++) {
			char c = text.charAt(i);
			if (c >= 0x80) {
				if (c < 0x800) {
					bytes += 1;
				}
				else if (!Character.isSurrogate(c)) {
					bytes += 2;
				}
				else if (Character.isHighSurrogate(c) && i + 1 < length && Character.isLowSurrogate(text.charAt(i + 1))) {
					// A surrogate pair is two chars and four bytes.
					bytes += 2;
					i++;
				}
				// A lone surrogate is one byte, '?'.
			}
		}
		return bytes;
	}

}
