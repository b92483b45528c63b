package dev.wsboot.server.frame;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIOException;

/**
 * Tests for {@link PongFrames}, on bytes in memory.
 */
class PongFramesTests {

	private final List<String> pongs = new ArrayList<>();

	private final FrameChannel.PongListener listener = (payload) -> this.pongs
		.add(StandardCharsets.UTF_8.decode(payload).toString());

	@Test
	void takesEveryWholePongUnmaskedAndInOrder() throws IOException {
		ByteBuffer input = ByteBuffer.wrap(CodecTestSupport.concat(pong("first"), pong(""), pong("x".repeat(125))));
		assertThat(PongFrames.consume(input, this.listener)).isEqualTo(3);
		assertThat(this.pongs).containsExactly("first", "", "x".repeat(125));
		assertThat(input.hasRemaining()).isFalse();
	}

	@Test
	void stopsAtTheFirstFrameThatIsNotAPongAndLeavesItWhole() throws IOException {
		byte[] text = CodecTestSupport.clientFrame(true, FrameReader.TEXT, bytes("data"));
		ByteBuffer input = ByteBuffer.wrap(CodecTestSupport.concat(pong("a"), text, pong("b")));
		assertThat(PongFrames.consume(input, this.listener)).isEqualTo(1);
		assertThat(this.pongs).containsExactly("a");
		byte[] rest = new byte[input.remaining()];
		input.get(rest);
		assertThat(rest).isEqualTo(CodecTestSupport.concat(text, pong("b")));
	}

	@Test
	void leavesAPongCutShortForTheReader() throws IOException {
		byte[] whole = pong("cut short");
		ByteBuffer input = ByteBuffer.wrap(CodecTestSupport.concat(pong("a"), Arrays.copyOf(whole, whole.length - 1)));
		assertThat(PongFrames.consume(input, this.listener)).isEqualTo(1);
		assertThat(input.remaining()).isEqualTo(whole.length - 1);
		assertThat(PongFrames.consume(ByteBuffer.wrap(Arrays.copyOf(whole, 3)), this.listener)).isZero();
	}

	@Test
	void leavesEveryPongThatBreaksARuleForTheReaderToReject() throws IOException {
		byte[] unmasked = { (byte) 0x8A, 0x01, 0, 0, 0, 0, 'x' };
		byte[] fragmented = CodecTestSupport.clientFrame(false, FrameReader.PONG, bytes("x"));
		byte[] reservedBit = CodecTestSupport.clientFrame(0xCA, bytes("x"));
		byte[] oversize = CodecTestSupport.clientFrame(true, FrameReader.PONG, new byte[126]);
		for (byte[] frame : List.of(unmasked, fragmented, reservedBit, oversize)) {
			ByteBuffer input = ByteBuffer.wrap(frame);
			assertThat(PongFrames.consume(input, this.listener)).isZero();
			assertThat(input.position()).isZero();
		}
		assertThat(this.pongs).isEmpty();
	}

	@Test
	void aListenerThatFailsStopsTheTakingAfterItsPong() {
		ByteBuffer input = ByteBuffer.wrap(CodecTestSupport.concat(pong("a"), pong("b")));
		assertThatIOException().isThrownBy(() -> PongFrames.consume(input, (payload) -> {
			throw new IOException("handler failed");
		}));
		assertThat(input.remaining()).isEqualTo(pong("b").length);
	}

	private static byte[] pong(String payload) {
		return CodecTestSupport.clientFrame(true, FrameReader.PONG, bytes(payload));
	}

	private static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

}
