package dev.wsboot.server.frame;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The frame reader, frame writer and UTF-8 checks of direct I/O, on bytes in memory.
 */
class FrameCodecTests {

	@ParameterizedTest
	@ValueSource(ints = { 1, 3, 7, 1024 })
	void readsMaskedFramesWhateverPiecesTheBytesArriveIn(int pieceSize) throws IOException {
		byte[] hello = "Hello".getBytes(StandardCharsets.US_ASCII);
		byte[] large = new byte[70_000];
		Arrays.fill(large, (byte) 'x');
		CodecTestSupport.InMemoryChannel channel = new CodecTestSupport.InMemoryChannel(pieceSize,
				CodecTestSupport.concat(CodecTestSupport.clientFrame(true, 0x1, hello), CodecTestSupport.clientFrame(true, 0x2, large)));
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
		FrameReader reader = new FrameReader(new CodecTestSupport.InMemoryChannel(64, unmasked));
		assertThatExceptionOfType(WebSocketProtocolException.class).isThrownBy(reader::readHeader)
			.satisfies((ex) -> assertThat(ex.closeCode()).isEqualTo(1002));
	}

	@Test
	void refusesReservedBitsUnknownOpcodesAndBadControlFrames() {
		assertProtocolError(CodecTestSupport.clientFrame(0xC1, new byte[0]), 1002);
		assertProtocolError(CodecTestSupport.clientFrame(0x83, new byte[0]), 1002);
		assertProtocolError(CodecTestSupport.clientFrame(0x8B, new byte[0]), 1002);
		// A ping that is not final, and one with 126 payload bytes.
		assertProtocolError(CodecTestSupport.clientFrame(0x09, new byte[0]), 1002);
		assertProtocolError(CodecTestSupport.clientFrame(0x89, new byte[126]), 1002);
	}

	@Test
	void endOfStreamInAHeaderIsAnEof() {
		FrameReader reader = new FrameReader(new CodecTestSupport.InMemoryChannel(64, new byte[] { (byte) 0x81 }));
		assertThatExceptionOfType(EOFException.class).isThrownBy(reader::readHeader);
	}

	@Test
	void failsTextAtTheFirstInvalidByteNotAtTheEndOfTheFrame() throws IOException {
		// "κόσμε" then a lone continuation byte, then more bytes that never arrive.
		byte[] valid = "κόσμε".getBytes(StandardCharsets.UTF_8);
		byte[] payload = CodecTestSupport.concat(valid, new byte[] { (byte) 0x80 }, new byte[100]);
		byte[] frame = CodecTestSupport.clientFrame(true, 0x1, payload);
		// The stream ends right after the bad byte: reading must fail before it needs more.
		byte[] truncated = Arrays.copyOf(frame, frame.length - 100);
		FrameReader reader = new FrameReader(new CodecTestSupport.InMemoryChannel(4, truncated));
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
		CodecTestSupport.InMemoryChannel channel = new CodecTestSupport.InMemoryChannel(64, new byte[0]);
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
		CodecTestSupport.InMemoryChannel channel = new CodecTestSupport.InMemoryChannel(64, new byte[0]);
		FrameWriter writer = new FrameWriter(channel);
		writer.closeAfter(ByteBuffer.wrap(new byte[] { 0x03, (byte) 0xE8 }), FrameReader.CLOSE);
		assertThat(channel.written()).containsExactly(0x88, 0x02, 0x03, 0xE8);
		assertThat(writer.tryWrite(FrameReader.PING, ByteBuffer.allocate(0))).isFalse();
		assertThatExceptionOfType(IOException.class)
			.isThrownBy(() -> writer.write(true, FrameReader.TEXT, ByteBuffer.allocate(1)));
		assertThat(channel.written()).hasSize(4);
	}

	private static boolean accepts(byte[] bytes) {
		Utf8Validator validator = new Utf8Validator();
		return validator.accept(bytes, 0, bytes.length) && validator.isComplete();
	}

	private static void assertProtocolError(byte[] frame, int code) {
		FrameReader reader = new FrameReader(new CodecTestSupport.InMemoryChannel(64, frame));
		assertThatExceptionOfType(WebSocketProtocolException.class).isThrownBy(reader::readHeader)
			.satisfies((ex) -> assertThat(ex.closeCode()).isEqualTo(code));
	}

}
