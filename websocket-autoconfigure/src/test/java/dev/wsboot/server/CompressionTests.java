package dev.wsboot.server;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

import dev.wsboot.server.frame.PerMessageDeflate;
import dev.wsboot.server.handshake.WsbootHandshakeHandler;
import dev.wsboot.test.FrameTestApplication;
import dev.wsboot.test.RawWebSocket.Frame;
import dev.wsboot.test.RawWebSocket.Handshake;
import dev.wsboot.test.RawWebSocket;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import static dev.wsboot.test.RawWebSocket.CONTINUATION;
import static dev.wsboot.test.RawWebSocket.RSV1;
import static dev.wsboot.test.RawWebSocket.TEXT;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * permessage-deflate (RFC 7692) on the wire, with {@code websocket.compression} on and off.
 */
@Timeout(60)
class CompressionTests {

	static final String OFFER = "permessage-deflate; client_max_window_bits";

	static final String OFFER_NO_CONTEXT_TAKEOVER = "permessage-deflate; client_no_context_takeover; client_max_window_bits";

	@Nested
	@SpringBootTest(classes = FrameTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT)
	class CompressionOn {

		@LocalServerPort
		int port;

		@Test
		void negotiatesPermessageDeflateWhenOffered() throws Exception {
			try (RawWebSocket ws = RawWebSocket.connect(this.port)) {
				Handshake handshake = ws.handshake("/echo", Map.of("Sec-WebSocket-Extensions", OFFER));
				assertThat(handshake.status()).isEqualTo(101);
				assertThat(handshake.header("Sec-WebSocket-Extensions")).startsWith("permessage-deflate");
			}
		}

		@Test
		void negotiatesNothingWhenNotOffered() throws Exception {
			try (RawWebSocket ws = RawWebSocket.connect(this.port)) {
				Handshake handshake = ws.handshake("/echo", Map.of());
				assertThat(handshake.status()).isEqualTo(101);
				assertThat(handshake.header("Sec-WebSocket-Extensions")).isNull();
			}
		}

		@Test
		void echoesOneMegabyteCompressedTextMessageCompressedAndIntact() throws Exception {
			String line = "wsboot sends this highly compressible line again and again. ";
			StringBuilder builder = new StringBuilder(1024 * 1024);
			while (builder.length() + line.length() <= 1024 * 1024) {
				builder.append(line);
			}
			builder.append(".".repeat(1024 * 1024 - builder.length()));
			String text = builder.toString();
			assertThat(text.getBytes(StandardCharsets.UTF_8)).hasSize(1024 * 1024);
			try (RawWebSocket ws = RawWebSocket.connect(this.port)) {
				Handshake handshake = ws.handshake("/echo", Map.of("Sec-WebSocket-Extensions", OFFER));
				assertThat(handshake.header("Sec-WebSocket-Extensions")).startsWith("permessage-deflate");
				PerMessageDeflate deflate = new PerMessageDeflate(handshake, false);
				byte[] compressed = deflate.compress(text.getBytes(StandardCharsets.UTF_8));
				assertThat(compressed.length).isLessThan(100 * 1024);
				ws.frame(TEXT).rsv(RSV1).payload(compressed).write();
				ws.resetBytesRead();
				List<Frame> echo = ws.readMessageFrames();
				long bytesRead = ws.bytesRead();
				assertThat(echo.getFirst().opcode()).isEqualTo(TEXT);
				assertThat(echo.getFirst().rsv()).as("RSV1 on the first frame").isEqualTo(RSV1);
				assertThat(echo.subList(1, echo.size())).allSatisfy((frame) -> {
					assertThat(frame.opcode()).isEqualTo(CONTINUATION);
					assertThat(frame.rsv()).isZero();
				});
				assertThat(new String(deflate.decompress(echo), StandardCharsets.UTF_8)).isEqualTo(text);
				assertThat(bytesRead).as("bytes read from the socket for the echo").isLessThan(100 * 1024);
			}
		}

		@ParameterizedTest(name = "{0}")
		@ValueSource(strings = { OFFER, OFFER_NO_CONTEXT_TAKEOVER })
		void echoesCompressedMessagesFromSixteenBytesToOneHundredTwentyEightKilobytes(String offer) throws Exception {
			try (RawWebSocket ws = RawWebSocket.connect(this.port)) {
				Handshake handshake = ws.handshake("/echo", Map.of("Sec-WebSocket-Extensions", offer));
				String negotiated = handshake.header("Sec-WebSocket-Extensions");
				assertThat(negotiated).startsWith("permessage-deflate");
				boolean noContextTakeover = offer.contains("client_no_context_takeover");
				if (noContextTakeover) {
					assertThat(negotiated).contains("client_no_context_takeover");
				}
				PerMessageDeflate deflate = new PerMessageDeflate(handshake, noContextTakeover);
				Random random = new Random(7692);
				for (int size : new int[] { 16, 100, 1024, 4096, 16 * 1024, 65 * 1024, 128 * 1024, 16 }) {
					byte[] payload = words(random, size);
					boolean fragmented = size >= 4096;
					sendCompressedText(ws, deflate.compress(payload), fragmented);
					List<Frame> echo = ws.readMessageFrames();
					assertThat(echo.getFirst().rsv()).as("RSV1 on the echo of %d bytes", size).isEqualTo(RSV1);
					assertThat(deflate.decompress(echo)).as("echo of %d bytes", size).isEqualTo(payload);
				}
			}
		}

		@Test
		void echoesUncompressedMessageOnCompressedConnection() throws Exception {
			try (RawWebSocket ws = RawWebSocket.connect(this.port)) {
				Handshake handshake = ws.handshake("/echo", Map.of("Sec-WebSocket-Extensions", OFFER));
				PerMessageDeflate deflate = new PerMessageDeflate(handshake, false);
				ws.sendText("not compressed");
				List<Frame> echo = ws.readMessageFrames();
				String text = (echo.getFirst().rsv() == RSV1) ? new String(deflate.decompress(echo), StandardCharsets.UTF_8)
						: echo.getFirst().text();
				assertThat(text).isEqualTo("not compressed");
			}
		}

		private static void sendCompressedText(RawWebSocket ws, byte[] compressed, boolean fragmented)
				throws java.io.IOException {
			if (!fragmented) {
				ws.frame(TEXT).rsv(RSV1).payload(compressed).write();
				return;
			}
			// RSV1 marks the first frame only (RFC 7692, section 6.1).
			List<byte[]> pieces = ProtocolViolationTests.split(compressed, Math.max(1, compressed.length / 3));
			for (int i = 0; i < pieces.size(); i++) {
				ws.frame((i == 0) ? TEXT : CONTINUATION)
					.rsv((i == 0) ? RSV1 : 0)
					.fin(i == pieces.size() - 1)
					.payload(pieces.get(i))
					.write();
			}
		}

		/** Text of made-up words: compressible, but not trivially. */
		private static byte[] words(Random random, int size) {
			StringBuilder text = new StringBuilder(size + 16);
			while (text.length() < size) {
				int length = 2 + random.nextInt(8);
				for (int i = 0; i < length; i++) {
					text.append((char) ('a' + random.nextInt(26)));
				}
				text.append(' ');
			}
			text.setLength(size);
			return text.toString().getBytes(StandardCharsets.US_ASCII);
		}

	}

	@Nested
	@SpringBootTest(classes = FrameTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
			properties = "websocket.compression=false")
	class CompressionOff {

		@LocalServerPort
		int port;

		/*
		 * wsboot switches compression off in WsbootHandshakeHandler.filterRequestedExtensions,
		 * which only shapes the extension list Spring hands to the container. Tomcat's
		 * UpgradeUtil.doUpgrade negotiates from the request's own Sec-WebSocket-Extensions header
		 * against its installed extensions whenever that list is empty, so permessage-deflate is
		 * agreed all the same.
		 */
		@Test
		void negotiatesNothingAndRefusesCompressedFramesWhenPermessageDeflateIsOffered() throws Exception {
			try (RawWebSocket ws = RawWebSocket.connect(this.port)) {
				Handshake handshake = ws.handshake("/echo", Map.of("Sec-WebSocket-Extensions", OFFER));
				assertThat(handshake.status()).isEqualTo(101);
				assertThat(handshake.header("Sec-WebSocket-Extensions")).isNull();
				ws.sendText("plain");
				Frame echo = ws.readFrame();
				assertThat(echo.rsv()).as("reserved bits of the echo").isZero();
				assertThat(echo.text()).isEqualTo("plain");
				byte[] compressed = new PerMessageDeflate(null, false).compress("compressed anyway".getBytes(StandardCharsets.UTF_8));
				ws.frame(TEXT).rsv(RSV1).payload(compressed).write();
				assertThat(ws.readUntilClose(Duration.ofSeconds(10)).code()).isEqualTo(1002);
			}
		}

		@Test
		void echoesWithoutExtensionWhenNothingIsOffered() throws Exception {
			try (RawWebSocket ws = RawWebSocket.connect(this.port)) {
				Handshake handshake = ws.handshake("/echo", Map.of());
				assertThat(handshake.status()).isEqualTo(101);
				assertThat(handshake.header("Sec-WebSocket-Extensions")).isNull();
				ws.sendText("plain");
				Frame echo = ws.readFrame();
				assertThat(echo.rsv()).isZero();
				assertThat(echo.text()).isEqualTo("plain");
			}
		}

	}

	/**
	 * The client's side of permessage-deflate: raw DEFLATE with a sync flush per message, the
	 * trailing {@code 00 00 FF FF} stripped on sending and added back on receiving.
	 */
	static final class PerMessageDeflate {

		private static final byte[] TAIL = { 0, 0, (byte) 0xFF, (byte) 0xFF };

		private final Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION, true);

		private final Inflater inflater = new Inflater(true);

		private final boolean clientNoContextTakeover;

		private final boolean serverNoContextTakeover;

		PerMessageDeflate(Handshake handshake, boolean clientNoContextTakeover) {
			String negotiated = (handshake != null) ? handshake.header("Sec-WebSocket-Extensions") : null;
			this.clientNoContextTakeover = clientNoContextTakeover;
			this.serverNoContextTakeover = negotiated != null && negotiated.contains("server_no_context_takeover");
		}

		byte[] compress(byte[] data) {
			if (this.clientNoContextTakeover) {
				this.deflater.reset();
			}
			this.deflater.setInput(data);
			ByteArrayOutputStream out = new ByteArrayOutputStream();
			byte[] buffer = new byte[64 * 1024];
			int n;
			do {
				n = this.deflater.deflate(buffer, 0, buffer.length, Deflater.SYNC_FLUSH);
				out.write(buffer, 0, n);
			}
			while (n == buffer.length || !this.deflater.needsInput());
			byte[] compressed = out.toByteArray();
			assertThat(Arrays.copyOfRange(compressed, compressed.length - 4, compressed.length)).isEqualTo(TAIL);
			return Arrays.copyOf(compressed, compressed.length - 4);
		}

		byte[] decompress(List<Frame> frames) throws DataFormatException {
			ByteArrayOutputStream compressed = new ByteArrayOutputStream();
			frames.forEach((frame) -> compressed.writeBytes(frame.payload()));
			compressed.writeBytes(TAIL);
			if (this.serverNoContextTakeover) {
				this.inflater.reset();
			}
			this.inflater.setInput(compressed.toByteArray());
			ByteArrayOutputStream out = new ByteArrayOutputStream();
			byte[] buffer = new byte[64 * 1024];
			while (true) {
				int n = this.inflater.inflate(buffer);
				out.write(buffer, 0, n);
				if (n == 0 && (this.inflater.needsInput() || this.inflater.finished())) {
					break;
				}
			}
			return out.toByteArray();
		}

	}

}
