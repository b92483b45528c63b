package dev.wsboot.server.frame;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.Arrays;

import org.jspecify.annotations.Nullable;

/**
 * Client frames built by hand and a channel over bytes in memory, for the codec's tests.
 */
final class CodecTestSupport {

	static final byte[] MASK = { 0x37, (byte) 0xfa, 0x21, 0x3d };

	private CodecTestSupport() {
	}

	static byte[] clientFrame(boolean fin, int opcode, byte[] payload) {
		return clientFrame((fin ? 0x80 : 0) | opcode, payload);
	}

	static byte[] clientFrame(int firstByte, byte[] payload) {
		ByteBuffer frame = ByteBuffer.allocate(14 + payload.length);
		frame.put((byte) firstByte);
		if (payload.length < 126) {
			frame.put((byte) (0x80 | payload.length));
		}
		else if (payload.length <= 0xFFFF) {
			frame.put((byte) (0x80 | 126)).putShort((short) payload.length);
		}
		else {
			frame.put((byte) (0x80 | 127)).putLong(payload.length);
		}
		frame.put(MASK);
		for (int i = 0; i < payload.length; i++) {
			frame.put((byte) (payload[i] ^ MASK[i & 3]));
		}
		return Arrays.copyOf(frame.array(), frame.position());
	}

	static byte[] concat(byte[]... parts) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		for (byte[] part : parts) {
			out.writeBytes(part);
		}
		return out.toByteArray();
	}

	/**
	 * Hands out its bytes at most a few at a time, as a socket may, and keeps what is written.
	 */
	static final class InMemoryChannel implements FrameChannel {

		private final int pieceSize;

		private final ByteBuffer input;

		private final ByteArrayOutputStream output = new ByteArrayOutputStream();

		InMemoryChannel(int pieceSize, byte[] input) {
			this.pieceSize = pieceSize;
			this.input = ByteBuffer.wrap(input);
		}

		@Override
		public void read(ByteBuffer target) throws IOException {
			if (!this.input.hasRemaining()) {
				throw new EOFException();
			}
			int count = Math.min(this.pieceSize, Math.min(this.input.remaining(), target.remaining()));
			target.put(this.input.slice(this.input.position(), count));
			this.input.position(this.input.position() + count);
		}

		@Override
		public void write(ByteBuffer first, @Nullable ByteBuffer second) {
			for (ByteBuffer buffer : new ByteBuffer[] { first, second }) {
				if (buffer != null) {
					byte[] bytes = new byte[buffer.remaining()];
					buffer.get(bytes);
					this.output.writeBytes(bytes);
				}
			}
		}

		byte[] written() {
			return this.output.toByteArray();
		}

		@Override
		public void shutdown() {
		}

		@Override
		public void close() {
		}

		@Override
		public @Nullable InetSocketAddress remoteAddress() {
			return null;
		}

		@Override
		public @Nullable InetSocketAddress localAddress() {
			return null;
		}

	}

}
