package dev.wsboot.server.frame;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * Measures UTF-8: the bytes of text as the JDK's encoder writes them, which is how wsboot sends
 * text (a lone surrogate, which has no UTF-8 form, becomes {@code '?'}), and where a run of ASCII
 * bytes ends.
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

	private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

	private static final long HIGH_BITS = 0x8080808080808080L;

	private Utf8() {
	}

	/**
	 * Find where a run of ASCII bytes ends, looking at eight bytes at a time: most text on the
	 * wire is ASCII, which then takes an eighth of the steps of a byte-by-byte check.
	 * @param bytes the bytes
	 * @param from the first to look at
	 * @param to the end of the range (exclusive)
	 * @return the index of the first byte from 0x80 on, or {@code to} if there is none
	 */
	public static int asciiEnd(byte[] bytes, int from, int to) {
		int i = from;
		for (; i + Long.BYTES <= to; i += Long.BYTES) {
			if (((long) LONGS.get(bytes, i) & HIGH_BITS) != 0) {
				break;
			}
		}
		for (; i < to; i++) {
			if (bytes[i] < 0) {
				return i;
			}
		}
		return to;
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
