package dev.wsboot.server.frame;

import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link FrameReader}, on bytes in memory.
 */
class FrameReaderTests {

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

	private static void assertProtocolError(byte[] frame, int code) {
		FrameReader reader = new FrameReader(new CodecTestSupport.InMemoryChannel(64, frame));
		assertThatExceptionOfType(WebSocketProtocolException.class).isThrownBy(reader::readHeader)
			.satisfies((ex) -> assertThat(ex.closeCode()).isEqualTo(code));
	}

}
