package dev.wsboot.server.frame;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;

import org.jspecify.annotations.Nullable;

/**
 * Turns the parts of outbound messages into data frames: the first part of a message gets the
 * message's opcode and the rest continuation frames, compressed with permessage-deflate when it
 * was agreed. Callers serialize their sends.
 *
 * @since 0.1.0
 */
public final class MessageEncoder {

	private final FrameWriter writer;

	private final @Nullable PerMessageDeflate deflate;

	/** Whether the last part sent did not end its message. */
	private boolean sendingFragments;

	/**
	 * Create an encoder.
	 * @param writer the connection's frame writer
	 * @param deflate the permessage-deflate agreement, or {@code null} for none
	 */
	public MessageEncoder(FrameWriter writer, @Nullable PerMessageDeflate deflate) {
		this.writer = writer;
		this.deflate = deflate;
	}

	/**
	 * Write one part of a text or binary message.
	 * @param opcode {@link FrameReader#TEXT} or {@link FrameReader#BINARY}
	 * @param last whether the part ends its message
	 * @param payload the part's bytes
	 * @throws IOException if writing fails, {@link ClosedChannelException} once the session ended
	 */
	public void writePart(int opcode, boolean last, ByteBuffer payload) throws IOException {
		boolean first = !this.sendingFragments;
		int frameOpcode = first ? opcode : FrameReader.CONTINUATION;
		PerMessageDeflate deflate = this.deflate;
		if (deflate != null) {
			ByteBuffer compressed;
			try {
				compressed = deflate.deflate(payload, last);
			}
			catch (IllegalStateException ex) {
				// The compressor was released: the session has ended.
				throw new ClosedChannelException();
			}
			this.writer.write(last, frameOpcode, compressed, first);
		}
		else {
			this.writer.write(last, frameOpcode, payload);
		}
		this.sendingFragments = !last;
	}

}
