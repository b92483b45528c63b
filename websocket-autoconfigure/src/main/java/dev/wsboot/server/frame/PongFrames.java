package dev.wsboot.server.frame;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * Takes whole pong frames (RFC 6455 section 5.5.3) off the front of what a client sent, as the
 * answers to keep-alive pings of a connection that is otherwise quiet. Anything else, a pong cut
 * short included, is left where it is for {@link FrameReader}, which applies every rule.
 */
public final class PongFrames {

	// FIN set, no reserved bits, opcode 0xA.
	private static final int WHOLE_PONG = 0x8A;

	private static final int MASK_BIT = 0x80;

	private static final int MAX_CONTROL_PAYLOAD = 125;

	private static final int HEADER_AND_MASK = 6;

	private PongFrames() {
	}

	/**
	 * Consume the whole, well-formed pong frames at the buffer's position.
	 * @param input received bytes, in read mode; its position moves past each pong taken
	 * @param listener given each pong's unmasked payload, in order
	 * @return how many pongs were taken
	 * @throws IOException if the listener fails; the pong it was given has been taken
	 */
	public static int consume(ByteBuffer input, FrameChannel.PongListener listener) throws IOException {
		int taken = 0;
		while (input.remaining() >= HEADER_AND_MASK) {
			int start = input.position();
			int first = input.get(start) & 0xFF;
			int second = input.get(start + 1) & 0xFF;
			int length = second & ~MASK_BIT;
			if (first != WHOLE_PONG || (second & MASK_BIT) == 0 || length > MAX_CONTROL_PAYLOAD
					|| input.remaining() < HEADER_AND_MASK + length) {
				break;
			}
			byte[] payload = new byte[length];
			for (int i = 0; i < length; i++) {
				payload[i] = (byte) (input.get(start + HEADER_AND_MASK + i) ^ input.get(start + 2 + (i & 3)));
			}
			input.position(start + HEADER_AND_MASK + length);
			taken++;
			listener.pong(ByteBuffer.wrap(payload));
		}
		return taken;
	}

}
