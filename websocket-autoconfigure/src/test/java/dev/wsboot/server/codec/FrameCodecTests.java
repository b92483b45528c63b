package dev.wsboot.server.codec;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The frame reader, frame writer and UTF-8 checks of direct I/O, on bytes in memory.
 */
class FrameCodecTests {

	private static final byte[] MASK = { 0x37, (byte) 0xfa, 0x21, 0x3d };

	@ParameterizedTest
	@ValueSource(ints = { 1, 3, 7, 1024 })
	void readsMaskedFramesWhateverPiecesTheBytesArriveIn(int pieceSize) throws IOException {
		byte[] hello = "Hello".getBytes(StandardCharsets.US_ASCII);
		byte[] large = new byte[70_000];
		Arrays.fill(large, (byte) 'x');
		InMemoryChannel channel = new InMemoryChannel(pieceSize,
				concat(clientFrame(true, 0x1, hello), clientFrame(true, 0x2, large)));
		FrameReader reader = new FrameReader(channel);

		reader.readHeader();
		assertThat(reader.opcode()).isEqualTo(FrameReader.TEXT);
		assertThat(reader.fin()).isTrue();
		assertThat(reader.remaining()).isEqualTo(5);
		byte[] first = new byte[5];
		reader.readPayload(first, 0, 5);
		assertThat(first).isEqualTo(hello);

		reader.readHeader();
		assertThat(reader.opcode()).isEqualTo(FrameReader.BINARY);
		assertThat(reader.remaining()).isEqualTo(70_000);
		byte[] second = new byte[70_000];
		// In two parts, so that unmasking has to carry on where it stopped.
		reader.readPayload(second, 0, 33_333);
		reader.readPayload(second, 33_333, 70_000 - 33_333);
		assertThat(second).isEqualTo(large);
		assertThat(reader.remaining()).isZero();
	}

	@Test
	void refusesUnmaskedClientFrames() {
		byte[] unmasked = { (byte) 0x81, 0x02, 'h', 'i' };
		FrameReader reader = new FrameReader(new InMemoryChannel(64, unmasked));
		assertThatExceptionOfType(WebSocketProtocolException.class).isThrownBy(reader::readHeader)
			.satisfies((ex) -> assertThat(ex.closeCode()).isEqualTo(1002));
	}

	@Test
	void refusesReservedBitsUnknownOpcodesAndBadControlFrames() {
		assertProtocolError(clientFrame(0xC1, new byte[0]), 1002);
		assertProtocolError(clientFrame(0x83, new byte[0]), 1002);
		assertProtocolError(clientFrame(0x8B, new byte[0]), 1002);
		// A ping that is not final, and one with 126 payload bytes.
		assertProtocolError(clientFrame(0x09, new byte[0]), 1002);
		assertProtocolError(clientFrame(0x89, new byte[126]), 1002);
	}

	@Test
	void endOfStreamInAHeaderIsAnEof() {
		FrameReader reader = new FrameReader(new InMemoryChannel(64, new byte[] { (byte) 0x81 }));
		assertThatExceptionOfType(EOFException.class).isThrownBy(reader::readHeader);
	}

	@Test
	void failsTextAtTheFirstInvalidByteNotAtTheEndOfTheFrame() throws IOException {
		// "κόσμε" then a lone continuation byte, then more bytes that never arrive.
		byte[] valid = "κόσμε".getBytes(StandardCharsets.UTF_8);
		byte[] payload = concat(valid, new byte[] { (byte) 0x80 }, new byte[100]);
		byte[] frame = clientFrame(true, 0x1, payload);
		// The stream ends right after the bad byte: reading must fail before it needs more.
		byte[] truncated = Arrays.copyOf(frame, frame.length - 100);
		FrameReader reader = new FrameReader(new InMemoryChannel(4, truncated));
		reader.readHeader();
		byte[] target = new byte[payload.length];
		assertThatExceptionOfType(WebSocketProtocolException.class)
			.isThrownBy(() -> reader.readPayload(target, 0, payload.length, new Utf8Validator()))
			.satisfies((ex) -> assertThat(ex.closeCode()).isEqualTo(1007));
	}

	@Test
	void validatorAcceptsAllOfUnicodeAndRefusesWhatUtf8Forbids() {
		String everything = "a é € 𝄞 \uFFFF \uD7FF \uE000 \uDBFF\uDFFF";
		assertThat(accepts(everything.getBytes(StandardCharsets.UTF_8))).isTrue();
		// Overlong '/', an encoded surrogate, a code point above U+10FFFF, and 0xFF.
		assertThat(accepts(new byte[] { (byte) 0xC0, (byte) 0xAF })).isFalse();
		assertThat(accepts(new byte[] { (byte) 0xED, (byte) 0xA0, (byte) 0x80 })).isFalse();
		assertThat(accepts(new byte[] { (byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80 })).isFalse();
		assertThat(accepts(new byte[] { (byte) 0xFF })).isFalse();
		Utf8Validator incomplete = new Utf8Validator();
		assertThat(incomplete.accept(new byte[] { (byte) 0xE2, (byte) 0x82 }, 0, 2)).isTrue();
		assertThat(incomplete.isComplete()).isFalse();
	}

	@Test
	void decoderJoinsACharacterSplitBetweenParts() throws WebSocketProtocolException {
		byte[] euro = "€".getBytes(StandardCharsets.UTF_8);
		TextPartDecoder decoder = new TextPartDecoder();
		assertThat(decoder.decode(new byte[] { 'a', euro[0] }, 2, false)).isEqualTo("a");
		assertThat(decoder.decode(new byte[] { euro[1], euro[2], 'b' }, 3, true)).isEqualTo("€b");
		assertThat(decoder.decode("plain".getBytes(StandardCharsets.US_ASCII), 5, true)).isEqualTo("plain");
	}

	@Test
	void decoderRefusesAMessageThatEndsInsideACharacter() {
		TextPartDecoder decoder = new TextPartDecoder();
		assertThatExceptionOfType(WebSocketProtocolException.class)
			.isThrownBy(() -> decoder.decode(new byte[] { 'a', (byte) 0xE2, (byte) 0x82 }, 3, true))
			.satisfies((ex) -> assertThat(ex.closeCode()).isEqualTo(1007));
	}

	@Test
	void writesUnmaskedFramesWithEachLengthEncoding() throws IOException {
		InMemoryChannel channel = new InMemoryChannel(64, new byte[0]);
		FrameWriter writer = new FrameWriter(channel);
		writer.write(true, FrameReader.TEXT, ByteBuffer.wrap("hi".getBytes(StandardCharsets.US_ASCII)));
		writer.write(false, FrameReader.BINARY, ByteBuffer.allocate(300));
		writer.write(true, FrameReader.CONTINUATION, ByteBuffer.allocate(70_000));
		byte[] out = channel.written();
		assertThat(Arrays.copyOfRange(out, 0, 4)).containsExactly(0x81, 0x02, 'h', 'i');
		// 126: a 16-bit length follows; 127: a 64-bit length.
		assertThat(Arrays.copyOfRange(out, 4, 8)).containsExactly(0x02, 126, 0x01, 0x2C);
		int third = 8 + 300;
		assertThat(Arrays.copyOfRange(out, third, third + 10)).containsExactly(0x80, 127, 0, 0, 0, 0, 0, 0x01, 0x11,
				0x70);
		assertThat(out).hasSize(third + 10 + 70_000);
	}

	@Test
	void aClosedWriterWritesItsLastFrameAndThenNothing() throws IOException {
		InMemoryChannel channel = new InMemoryChannel(64, new byte[0]);
		FrameWriter writer = new FrameWriter(channel);
		writer.closeAfter(ByteBuffer.wrap(new byte[] { 0x03, (byte) 0xE8 }), FrameReader.CLOSE);
		assertThat(channel.written()).containsExactly(0x88, 0x02, 0x03, 0xE8);
		assertThat(writer.tryWrite(FrameReader.PING, ByteBuffer.allocate(0))).isFalse();
		assertThatExceptionOfType(IOException.class)
			.isThrownBy(() -> writer.write(true, FrameReader.TEXT, ByteBuffer.allocate(1)));
		assertThat(channel.written()).hasSize(4);
	}

	@Test
	void peerCloseCodesFollowRfc6455() {
		assertThat(CloseFrames.isValidPeerCloseCode(1000)).isTrue();
		assertThat(CloseFrames.isValidPeerCloseCode(1011)).isTrue();
		assertThat(CloseFrames.isValidPeerCloseCode(3000)).isTrue();
		assertThat(CloseFrames.isValidPeerCloseCode(4999)).isTrue();
		for (int reserved : new int[] { 999, 1004, 1005, 1006, 1015, 1016, 2999, 5000 }) {
			assertThat(CloseFrames.isValidPeerCloseCode(reserved)).as("code %d", reserved).isFalse();
		}
	}

	private static boolean accepts(byte[] bytes) {
		Utf8Validator validator = new Utf8Validator();
		return validator.accept(bytes, 0, bytes.length) && validator.isComplete();
	}

	private static void assertProtocolError(byte[] frame, int code) {
		FrameReader reader = new FrameReader(new InMemoryChannel(64, frame));
		assertThatExceptionOfType(WebSocketProtocolException.class).isThrownBy(reader::readHeader)
			.satisfies((ex) -> assertThat(ex.closeCode()).isEqualTo(code));
	}

	private static byte[] clientFrame(boolean fin, int opcode, byte[] payload) {
		return clientFrame((fin ? 0x80 : 0) | opcode, payload);
	}

	private static byte[] clientFrame(int firstByte, byte[] payload) {
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

	private static byte[] concat(byte[]... parts) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		for (byte[] part : parts) {
			out.writeBytes(part);
		}
		return out.toByteArray();
	}

	/**
	 * Hands out its bytes at most a few at a time, as a socket may, and keeps what is written.
	 */
	private static final class InMemoryChannel implements FrameChannel {

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
