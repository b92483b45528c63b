package dev.wsboot.server.frame;

/**
 * Counts UTF-8 bytes of text without encoding it.
 *
 * @since 0.1.0
 */
public final class Utf8 {

	private Utf8() {
	}

	/**
	 * Count the bytes of the UTF-8 encoding of the text.
	 * @param text the text
	 * @return the byte count
	 */
	public static int encodedLength(CharSequence text) {
		int length = text.length();
		int bytes = length;
		for (int i = 0; i < length; i++) {
			char c = text.charAt(i);
			if (c >= 0x80) {
				if (c < 0x800) {
					bytes += 1;
				}
				else if (Character.isHighSurrogate(c) && i + 1 < length && Character.isLowSurrogate(text.charAt(i + 1))) {
					// A surrogate pair is two chars and four bytes.
					bytes += 2;
					i++;
				}
				else {
					bytes += 2;
				}
			}
		}
		return bytes;
	}

}
