package dev.wsboot.server.frame;

import java.io.IOException;
import java.nio.ByteBuffer;

import org.jspecify.annotations.Nullable;

/**
 * Turns the data frames of one connection into message parts: checks fragmentation and the
 * compression bit, enforces the size limit on the bytes received and on the bytes inflated,
 * validates UTF-8 across frame boundaries and decompresses permessage-deflate messages, handing
 * out at most one part of {@code partSize} bytes per call. Control frames are the caller's.
 *
 * @since 0.1.0
 */
public final class MessageDecoder {

	private final FrameReader reader;

	private final @Nullable PerMessageDeflate deflate;

	private final long maxMessageSize;

	private final int partSize;

	private final Utf8Validator utf8 = new Utf8Validator();

	private @Nullable TextPartDecoder textDecoder;

	/** The opcode of the message being received, 0 between messages. */
	private int messageOpcode;

	/** Payload bytes of the message received so far, compressed if it is. */
	private long messageBytes;

	private long inflatedBytes;

	private boolean messageCompressed;

	/** Whether the current frame still has payload to read. */
	private boolean frameOpen;

	private boolean frameFin;

	/**
	 * Create a decoder.
	 * @param reader the connection's frame reader
	 * @param deflate the permessage-deflate agreement, or {@code null} for none
	 * @param maxMessageSize the most bytes one message may hold, compressed or inflated
	 * @param partSize the most bytes handed out in one part
	 */
	public MessageDecoder(FrameReader reader, @Nullable PerMessageDeflate deflate, long maxMessageSize, int partSize) {
		this.reader = reader;
		this.deflate = deflate;
		this.maxMessageSize = maxMessageSize;
		this.partSize = partSize;
	}

	/**
	 * Return whether the next step is reading a frame header: not while a frame's payload is
	 * being read, nor while a compressed message still has bytes to decompress.
	 * @return {@code true} if a header comes next
	 */
	public boolean needsHeader() {
		if (this.frameOpen) {
			return false;
		}
		if (this.messageOpcode != 0 && this.messageCompressed) {
			PerMessageDeflate deflate = this.deflate;
			return !this.frameFin && deflate != null && (deflate.needsInput() || deflate.isFinished());
		}
		return true;
	}

	/**
	 * Return whether the frame being read still has payload.
	 * @return {@code true} while a frame is open
	 */
	public boolean isFrameOpen() {
		return this.frameOpen;
	}

	/**
	 * Start a data frame whose header the reader has just read.
	 * @param opcode the frame's opcode
	 * @throws WebSocketProtocolException 1002 for a frame out of sequence, 1009 for a message over
	 * the limit
	 */
	public void startFrame(int opcode) throws WebSocketProtocolException {
		if (opcode == FrameReader.CONTINUATION) {
			if (this.messageOpcode == 0) {
				throw new WebSocketProtocolException(1002, "Continuation frame without a message to continue");
			}
			if (this.reader.rsv1()) {
				throw new WebSocketProtocolException(1002, "Compression bit on a continuation frame");
			}
		}
		else if (this.messageOpcode != 0) {
			throw new WebSocketProtocolException(1002, "New message before the previous one ended");
		}
		else {
			this.messageOpcode = opcode;
			this.messageBytes = 0;
			this.inflatedBytes = 0;
			this.messageCompressed = this.reader.rsv1();
			if (opcode == FrameReader.TEXT) {
				this.utf8.reset();
			}
		}
		this.frameFin = this.reader.fin();
		long frameBytes = this.reader.remaining();
		if (frameBytes > this.maxMessageSize - this.messageBytes) {
			throw WebSocketProtocolException.messageTooBig(this.maxMessageSize);
		}
		this.messageBytes += frameBytes;
		this.frameOpen = true;
	}

	/**
	 * Read the next part of the message and hand it to the sink.
	 * @param sink where the part goes
	 * @return {@code false} if there was nothing to hand over before the next frame is needed
	 * @throws IOException if reading fails, the peer broke the protocol, or the sink failed
	 */
	public boolean nextPart(PartSink sink) throws IOException {
		return this.messageCompressed ? nextInflatedPart(sink) : nextPlainPart(sink);
	}

	private boolean nextPlainPart(PartSink sink) throws IOException {
		int length = (int) Math.min(this.reader.remaining(), this.partSize);
		byte[] bytes = new byte[length];
		boolean text = this.messageOpcode == FrameReader.TEXT;
		this.reader.readPayload(bytes, 0, length, text ? this.utf8 : null);
		boolean frameDone = this.reader.remaining() == 0;
		boolean last = frameDone && this.frameFin;
		if (frameDone) {
			this.frameOpen = false;
		}
		if (length == 0 && !last) {
			// An empty frame that does not end its message.
			return false;
		}
		deliver(sink, bytes, length, last, text);
		return true;
	}

	private boolean nextInflatedPart(PartSink sink) throws IOException {
		PerMessageDeflate deflate = this.deflate;
		if (deflate == null) {
			throw new IllegalStateException("Compressed message without permessage-deflate");
		}
		boolean text = this.messageOpcode == FrameReader.TEXT;
		byte[] output = new byte[this.partSize];
		int produced = 0;
		while (produced < output.length) {
			// Output first: the decompressor may hold some from input it has already taken.
			int count = deflate.inflate(output, produced, output.length - produced);
			if (count > 0) {
				this.inflatedBytes += count;
				if (this.inflatedBytes > this.maxMessageSize) {
					throw WebSocketProtocolException.messageTooBig(this.maxMessageSize);
				}
				if (text && !this.utf8.accept(output, produced, count)) {
					throw new WebSocketProtocolException(1007, "Text message is not valid UTF-8");
				}
				produced += count;
				continue;
			}
			if (!deflate.needsInput() && !deflate.isFinished()) {
				throw new WebSocketProtocolException(1007, "Compressed message needs a preset dictionary");
			}
			if (this.frameOpen) {
				int length = (int) Math.min(this.reader.remaining(), this.partSize);
				byte[] input = new byte[length];
				this.reader.readPayload(input, 0, length);
				this.frameOpen = this.reader.remaining() > 0;
				if (deflate.isFinished() && length > 0) {
					// The sender ended its DEFLATE stream (BFINAL) before the message's end.
					throw new WebSocketProtocolException(1007, "Compressed data after the end of the stream");
				}
				deflate.inflateInput(input, length);
				continue;
			}
			if (!this.frameFin) {
				// The rest comes in the next frame.
				break;
			}
			if (!deflate.isEndGiven() && !deflate.isFinished()) {
				deflate.inflateEnd();
				continue;
			}
			deliver(sink, output, produced, true, text);
			return true;
		}
		if (produced == 0) {
			return false;
		}
		deliver(sink, output, produced, false, text);
		return true;
	}

	private void deliver(PartSink sink, byte[] bytes, int length, boolean last, boolean text) throws IOException {
		if (last) {
			this.messageOpcode = 0;
			PerMessageDeflate deflate = this.deflate;
			if (deflate != null) {
				deflate.inflateMessageDone();
			}
		}
		if (text) {
			sink.text(textDecoder().decode(bytes, length, last), length, last);
		}
		else {
			sink.binary(ByteBuffer.wrap(bytes, 0, length), last);
		}
	}

	private TextPartDecoder textDecoder() {
		TextPartDecoder decoder = this.textDecoder;
		if (decoder == null) {
			decoder = new TextPartDecoder();
			this.textDecoder = decoder;
		}
		return decoder;
	}

	/**
	 * Receives the parts of messages as they are decoded.
	 */
	public interface PartSink {

		/**
		 * Take a part of a text message.
		 * @param part the characters, complete code points only
		 * @param bytes how many of the message's bytes (UTF-8, inflated) arrived with this part;
		 * a code point split across frames counts where its bytes arrived, so the parts of a
		 * message add up to its size, which spares takers counting the characters again
		 * @param last whether it ends the message
		 * @throws IOException if handling the part fails
		 */
		void text(String part, int bytes, boolean last) throws IOException;

		/**
		 * Take a part of a binary message.
		 * @param part the bytes
		 * @param last whether it ends the message
		 * @throws IOException if handling the part fails
		 */
		void binary(ByteBuffer part, boolean last) throws IOException;

	}

}
