package dev.wsboot.server.frame;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

import org.jspecify.annotations.Nullable;

/**
 * The rules of close frames (RFC 6455 sections 5.5.1 and 7.4): which codes a peer may send, how
 * a received payload reads, and how a payload to send is built within the 125-byte limit of a
 * control frame.
 *
 * @since 0.1.0
 */
public final class CloseFrames {

	/** The status of a close frame without a payload; never sent as a code. */
	public static final int NO_STATUS_CODE = 1005;

	/** The status of a connection dropped without a close frame; never sent as a code. */
	public static final int NO_CLOSE_FRAME = 1006;

	private static final int MAX_REASON_BYTES = 123;

	private CloseFrames() {
	}

	/**
	 * Read a close frame's payload.
	 * @param payload the payload as received
	 * @return the code and reason, {@link #NO_STATUS_CODE} for an empty payload
	 * @throws WebSocketProtocolException 1002 for a malformed payload or a code a peer may not
	 * send, 1007 for a reason that is not UTF-8
	 */
	public static Received read(byte[] payload) throws WebSocketProtocolException {
		if (payload.length == 0) {
			return new Received(NO_STATUS_CODE, "");
		}
		if (payload.length == 1) {
			throw new WebSocketProtocolException(1002, "Close frame with a one-byte payload");
		}
		int code = ((payload[0] & 0xFF) << 8) | (payload[1] & 0xFF);
		if (!isValidPeerCloseCode(code)) {
			throw new WebSocketProtocolException(1002, "Invalid close code " + code);
		}
		try {
			String reason = StandardCharsets.UTF_8.newDecoder()
				.onMalformedInput(CodingErrorAction.REPORT)
				.onUnmappableCharacter(CodingErrorAction.REPORT)
				.decode(ByteBuffer.wrap(payload, 2, payload.length - 2))
				.toString();
			return new Received(code, reason);
		}
		catch (CharacterCodingException ex) {
			throw new WebSocketProtocolException(1007, "Close reason is not valid UTF-8");
		}
	}

	/**
	 * Return whether a peer may send the code (RFC 6455 section 7.4): the defined codes other
	 * than those reserved for local use, and the ranges for libraries and applications.
	 * @param code the code
	 * @return {@code true} if a peer may send it
	 */
	public static boolean isValidPeerCloseCode(int code) {
		if (code >= 3000 && code <= 4999) {
			return true;
		}
		return code >= 1000 && code <= 1014 && code != 1004 && code != NO_STATUS_CODE && code != NO_CLOSE_FRAME;
	}

	/**
	 * Build the payload of a close frame to send; empty for the codes that are never sent.
	 * @param code the code
	 * @param reason the reason, cut to fit the frame
	 * @return the payload
	 */
	public static ByteBuffer payload(int code, @Nullable String reason) {
		if (code == NO_STATUS_CODE || code == NO_CLOSE_FRAME) {
			return ByteBuffer.allocate(0);
		}
		byte[] bytes = truncate(reason).getBytes(StandardCharsets.UTF_8);
		ByteBuffer payload = ByteBuffer.allocate(2 + bytes.length);
		payload.putShort((short) code).put(bytes);
		return payload.flip();
	}

	/**
	 * Build the payload that answers a peer's close frame: its code alone, as section 5.5.1
	 * suggests.
	 * @param peerCode the code the peer sent
	 * @return the payload
	 */
	public static ByteBuffer answer(int peerCode) {
		return (peerCode == NO_STATUS_CODE) ? ByteBuffer.allocate(0) : ByteBuffer.allocate(2).putShort(0, (short) peerCode);
	}

	/**
	 * Cut a reason to what fits a close frame.
	 * @param reason the reason, possibly {@code null}
	 * @return a reason of at most 123 UTF-8 bytes
	 */
	public static String truncate(@Nullable String reason) {
		if (reason == null) {
			return "";
		}
		if (reason.getBytes(StandardCharsets.UTF_8).length <= MAX_REASON_BYTES) {
			return reason;
		}
		// Cut on a character boundary so that the reason stays valid UTF-8.
		int end = Math.min(reason.length(), MAX_REASON_BYTES / 3);
		return reason.substring(0, end);
	}

	/**
	 * A received close frame.
	 *
	 * @param code the code, {@link #NO_STATUS_CODE} when the frame had none
	 * @param reason the reason, empty when none
	 */
	public record Received(int code, String reason) {
	}

}
