package dev.wsboot.server.frame;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link FrameWriter}, on bytes in memory.
 */
class FrameWriterTests {

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

	@Test
	void aControlFrameBuiltInALentBufferIsTheSameFrame() throws IOException {
		CodecTestSupport.InMemoryChannel channel = new CodecTestSupport.InMemoryChannel(64, new byte[0]);
		FrameWriter writer = new FrameWriter(channel);
		ByteBuffer lent = ByteBuffer.allocateDirect(10);
		assertThat(writer.tryWrite(FrameReader.PING, ByteBuffer.allocate(8).putLong(0, 0x0102030405060708L), lent))
			.isTrue();
		// Used again, as a keep-alive batch does; and one too small is passed over.
		assertThat(writer.tryWrite(FrameReader.PING, ByteBuffer.wrap(new byte[] { 9 }), lent)).isTrue();
		assertThat(writer.tryWrite(FrameReader.PONG, ByteBuffer.wrap(new byte[] { 1, 2, 3 }), ByteBuffer.allocateDirect(4)))
			.isTrue();
		assertThat(channel.written()).containsExactly(0x89, 0x08, 1, 2, 3, 4, 5, 6, 7, 8, 0x89, 0x01, 9, 0x8A, 0x03, 1, 2,
				3);
	}

}
