package dev.wsboot.server.frame;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Message parts out as frames: the opcode on the first part only, FIN on the last, and the
 * compression bit on the first frame of a compressed message.
 */
class MessageEncoderTests {

	@Test
	void sendsTheFirstPartWithTheMessageOpcodeAndTheRestAsContinuations() throws IOException {
		CodecTestSupport.InMemoryChannel channel = new CodecTestSupport.InMemoryChannel(64, new byte[0]);
		MessageEncoder encoder = new MessageEncoder(new FrameWriter(channel), null);
		encoder.writePart(FrameReader.TEXT, false, utf8("one "));
		encoder.writePart(FrameReader.TEXT, false, utf8("two "));
		encoder.writePart(FrameReader.TEXT, true, utf8("three"));
		encoder.writePart(FrameReader.BINARY, true, ByteBuffer.wrap(new byte[] { 7 }));
		byte[] out = channel.written();
		// Unmasked server frames: a two-byte header and the payload.
		assertThat(out[0]).isEqualTo((byte) 0x01);
		assertThat(out[6]).isEqualTo((byte) 0x00);
		assertThat(out[12]).isEqualTo((byte) 0x80);
		assertThat(out[19]).isEqualTo((byte) 0x82);
		assertThat(new String(out, 14, 5, StandardCharsets.UTF_8)).isEqualTo("three");
		assertThat(out).hasSize(22);
	}

	@Test
	void setsTheCompressionBitOnTheFirstFrameOfACompressedMessageOnly() throws IOException {
		CodecTestSupport.InMemoryChannel channel = new CodecTestSupport.InMemoryChannel(64, new byte[0]);
		PerMessageDeflate deflate = PerMessageDeflate.negotiate(List.of(PerMessageDeflate.NAME));
		assertThat(deflate).isNotNull();
		MessageEncoder encoder = new MessageEncoder(new FrameWriter(channel), deflate);
		encoder.writePart(FrameReader.TEXT, false, utf8("aaaaaaaaaaaaaaaa"));
		int first = channel.written().length;
		encoder.writePart(FrameReader.TEXT, true, utf8("aaaaaaaaaaaaaaaa"));
		byte[] out = channel.written();
		assertThat(out[0]).isEqualTo((byte) 0x41);
		assertThat(out[first]).isEqualTo((byte) 0x80);
	}

	@Test
	void refusesToCompressOnceItsSessionHasEnded() {
		CodecTestSupport.InMemoryChannel channel = new CodecTestSupport.InMemoryChannel(64, new byte[0]);
		PerMessageDeflate deflate = PerMessageDeflate.negotiate(List.of(PerMessageDeflate.NAME));
		assertThat(deflate).isNotNull();
		MessageEncoder encoder = new MessageEncoder(new FrameWriter(channel), deflate);
		deflate.end();
		org.assertj.core.api.Assertions.assertThatExceptionOfType(java.nio.channels.ClosedChannelException.class)
			.isThrownBy(() -> encoder.writePart(FrameReader.TEXT, true, utf8("late")));
		assertThat(channel.written()).isEmpty();
	}

	private static ByteBuffer utf8(String text) {
		return ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
	}

}
