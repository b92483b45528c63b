package dev.wsboot.server.frame;

/**
 * Checks UTF-8 byte by byte as it arrives, so that a text message that cannot be UTF-8 is
 * refused as soon as its first bad byte is read (RFC 6455 section 8.1), not when it ends.
 * Overlong forms, surrogates and code points above U+10FFFF are refused (RFC 3629 section 4).
 */
public final class Utf8Validator {

	// Continuation bytes still expected for the character in progress.
	private int pending;

	// Range allowed for the next continuation byte; the first one narrows it for some leads.
	private int lowest = 0x80;

	private int highest = 0xBF;

	/**
	 * Check the next bytes.
	 * @param bytes the bytes
	 * @param offset the first to check
	 * @param length how many to check
	 * @return {@code false} if the bytes so far cannot begin a UTF-8 string
	 */
	public boolean accept(byte[] bytes, int offset, int length) {
		int end = offset + length;
		for (int i = offset; i < end; i++) {
			if (this.pending == 0) {
				// ASCII changes no state: its runs are skipped whole.
				i = Utf8.asciiEnd(bytes, i, end);
				if (i == end) {
					break;
				}
				if (!lead(bytes[i] & 0xFF)) {
					return false;
				}
			}
			else {
				int b = bytes[i] & 0xFF;
				if (b < this.lowest || b > this.highest) {
					return false;
				}
				this.pending--;
				this.lowest = 0x80;
				this.highest = 0xBF;
			}
		}
		return true;
	}

	private boolean lead(int b) {
		if (b >= 0xC2 && b <= 0xDF) {
			return expect(1, 0x80, 0xBF);
		}
		if (b == 0xE0) {
			return expect(2, 0xA0, 0xBF);
		}
		if (b == 0xED) {
			return expect(2, 0x80, 0x9F);
		}
		if (b >= 0xE1 && b <= 0xEF) {
			return expect(2, 0x80, 0xBF);
		}
		if (b == 0xF0) {
			return expect(3, 0x90, 0xBF);
		}
		if (b >= 0xF1 && b <= 0xF3) {
			return expect(3, 0x80, 0xBF);
		}
		if (b == 0xF4) {
			return expect(3, 0x80, 0x8F);
		}
		return false;
	}

	private boolean expect(int pending, int lowest, int highest) {
		this.pending = pending;
		this.lowest = lowest;
		this.highest = highest;
		return true;
	}

	/**
	 * Return whether the bytes checked so far end on a character boundary.
	 * @return {@code true} if no character is left incomplete
	 */
	boolean isComplete() {
		return this.pending == 0;
	}

	/** Start over, for the next message. */
	public void reset() {
		this.pending = 0;
		this.lowest = 0x80;
		this.highest = 0xBF;
	}

}
