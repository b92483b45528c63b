package dev.wsboot.server.frame;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import static dev.wsboot.server.frame.CodecTestSupport.clientFrame;
import static dev.wsboot.server.frame.CodecTestSupport.concat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Data frames in, message parts out: fragmentation rules, part sizes, the size limit, UTF-8
 * across frames and permessage-deflate, on bytes in memory.
 */
class MessageDecoderTests {

	@Test
	void handsOutAFragmentedTextMessageInPartsOfAtMostThePartSize() throws IOException {
		byte[] stream = concat(clientFrame(false, FrameReader.TEXT, ascii("Hello, ")),
				clientFrame(true, FrameReader.CONTINUATION, ascii("world")));
		List<String> parts = decodeAll(stream, null, 1024, 4);
		assertThat(parts).containsExactly("T:Hell(4)", "T:o, (3)", "T:worl(4)", "T:d(1)$");
	}

	@Test
	void joinsACharacterSplitBetweenFramesIntoOnePartCountingEachByteWhereItArrived() throws IOException {
		byte[] euro = "€".getBytes(StandardCharsets.UTF_8);
		byte[] stream = concat(clientFrame(false, FrameReader.TEXT, new byte[] { euro[0] }),
				clientFrame(true, FrameReader.CONTINUATION, new byte[] { euro[1], euro[2] }));
		assertThat(String.join("", decodeAll(stream, null, 1024, 1024))).isEqualTo("T:(1)T:€(2)$");
	}

	@Test
	void handsOutBinaryPartsAsTheyArrive() throws IOException {
		byte[] stream = clientFrame(true, FrameReader.BINARY, new byte[] { 1, 2, 3, 4, 5 });
		assertThat(decodeAll(stream, null, 1024, 2)).containsExactly("B:2", "B:2", "B:1$");
	}

	@Test
	void refusesAContinuationWithoutAMessageWith1002() {
		byte[] stream = clientFrame(true, FrameReader.CONTINUATION, ascii("x"));
		assertFailure(stream, null, 1024, 1002, "Continuation frame without a message to continue");
	}

	@Test
	void refusesANewMessageBeforeThePreviousEndedWith1002() {
		byte[] stream = concat(clientFrame(false, FrameReader.TEXT, ascii("a")),
				clientFrame(true, FrameReader.TEXT, ascii("b")));
		assertFailure(stream, null, 1024, 1002, "New message before the previous one ended");
	}

	@Test
	void refusesAMessageOverTheLimitWith1009BeforeReadingItsPayload() {
		byte[] stream = concat(clientFrame(false, FrameReader.BINARY, new byte[60]),
				clientFrame(true, FrameReader.CONTINUATION, new byte[60]));
		assertFailure(stream, null, 100, 1009, "Message exceeds 100 bytes");
	}

	@Test
	void refusesTextThatIsNotUtf8With1007() {
		byte[] stream = clientFrame(true, FrameReader.TEXT, new byte[] { 'a', (byte) 0xC0, (byte) 0xAF });
		assertFailure(stream, null, 1024, 1007, null);
	}

	@Test
	void inflatesACompressedMessage() throws IOException {
		String text = "compressible ".repeat(200);
		byte[] compressed = compress(text);
		byte[] stream = clientFrame(0x80 | 0x40 | FrameReader.TEXT, compressed);
		List<String> parts = decodeAll(stream, agreement(), 1 << 20, 1 << 16);
		assertThat(parts).hasSize(1);
		assertThat(parts.getFirst()).isEqualTo("T:" + text + "(" + text.length() + ")$");
	}

	@Test
	void refusesACompressedMessageThatInflatesBeyondTheLimitWith1009() throws IOException {
		byte[] compressed = compress("z".repeat(10_000));
		byte[] stream = clientFrame(0x80 | 0x40 | FrameReader.TEXT, compressed);
		assertFailure(stream, agreement(), 1_000, 1009, "Message exceeds 1000 bytes");
	}

	private static List<String> decodeAll(byte[] stream, @Nullable PerMessageDeflate deflate, long max, int partSize)
			throws IOException {
		FrameReader reader = new FrameReader(new CodecTestSupport.InMemoryChannel(3, stream), deflate != null);
		MessageDecoder decoder = new MessageDecoder(reader, deflate, max, partSize);
		List<String> parts = new ArrayList<>();
		MessageDecoder.PartSink sink = new MessageDecoder.PartSink() {

			@Override
			public void text(String part, int bytes, boolean last) {
				parts.add("T:" + part + "(" + bytes + ")" + (last ? "$" : ""));
			}

			@Override
			public void binary(ByteBuffer part, boolean last) {
				parts.add("B:" + part.remaining() + (last ? "$" : ""));
			}

		};
		// Bounded: every frame of these streams is small.
		for (int step = 0; step < 1_000 && !(parts.size() > 0 && parts.getLast().endsWith("$")); step++) {
			if (decoder.needsHeader()) {
				reader.readHeader();
				decoder.startFrame(reader.opcode());
			}
			decoder.nextPart(sink);
		}
		return parts;
	}

	private static void assertFailure(byte[] stream, @Nullable PerMessageDeflate deflate, long max, int code,
			@Nullable String message) {
		assertThatExceptionOfType(WebSocketProtocolException.class)
			.isThrownBy(() -> decodeAll(stream, deflate, max, 1024))
			.satisfies((ex) -> {
				assertThat(ex.closeCode()).isEqualTo(code);
				if (message != null) {
					assertThat(ex.getMessage()).isEqualTo(message);
				}
			});
	}

	private static PerMessageDeflate agreement() {
		PerMessageDeflate deflate = PerMessageDeflate.negotiate(List.of(PerMessageDeflate.NAME));
		assertThat(deflate).isNotNull();
		return deflate;
	}

	private static byte[] compress(String text) {
		// A sender's compression is the same DEFLATE stream a server sends.
		ByteBuffer compressed = agreement().deflate(ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)), true);
		byte[] bytes = new byte[compressed.remaining()];
		compressed.get(bytes);
		return bytes;
	}

	private static byte[] ascii(String text) {
		return text.getBytes(StandardCharsets.US_ASCII);
	}

}
