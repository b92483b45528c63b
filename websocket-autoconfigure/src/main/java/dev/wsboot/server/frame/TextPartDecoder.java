package dev.wsboot.server.frame;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Decodes the UTF-8 of one text message part by part, failing as soon as the bytes so far cannot
 * be UTF-8 (RFC 6455 section 8.1), and carrying a character split between parts over to the next.
 */
public final class TextPartDecoder {

	private static final byte[] NONE = new byte[0];

	private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
		.onMalformedInput(CodingErrorAction.REPORT)
		.onUnmappableCharacter(CodingErrorAction.REPORT);

	// At most 3 bytes of a character begun in the previous part.
	private byte[] carried = NONE;

	/**
	 * Decode the next part of the message.
	 * @param bytes the part's bytes
	 * @param length how many of them
	 * @param last whether the part ends the message
	 * @return the characters the part completes
	 * @throws WebSocketProtocolException with 1007 if the bytes are not UTF-8
	 */
	public String decode(byte[] bytes, int length, boolean last) throws WebSocketProtocolException {
		if (this.carried.length == 0 && Utf8.asciiEnd(bytes, 0, length) == length) {
			return new String(bytes, 0, length, StandardCharsets.ISO_8859_1);
		}
		ByteBuffer input;
		if (this.carried.length == 0) {
			input = ByteBuffer.wrap(bytes, 0, length);
		}
		else {
			byte[] joined = Arrays.copyOf(this.carried, this.carried.length + length);
			System.arraycopy(bytes, 0, joined, this.carried.length, length);
			input = ByteBuffer.wrap(joined);
		}
		CharBuffer output = CharBuffer.allocate(input.remaining());
		CoderResult result = this.decoder.decode(input, output, last);
		if (result.isError()) {
			throw invalid();
		}
		if (last) {
			if (this.decoder.flush(output).isError() || input.hasRemaining()) {
				throw invalid();
			}
			this.decoder.reset();
			this.carried = NONE;
		}
		else {
			this.carried = new byte[input.remaining()];
			input.get(this.carried);
		}
		return output.flip().toString();
	}

	private static WebSocketProtocolException invalid() {
		return new WebSocketProtocolException(1007, "Text message is not valid UTF-8");
	}

}
