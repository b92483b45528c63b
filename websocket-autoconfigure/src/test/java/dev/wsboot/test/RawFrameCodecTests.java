package dev.wsboot.test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import dev.wsboot.test.RawWebSocket.Frame;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The {@link RawWebSocket} test client against a scripted peer on a plain server socket, so that
 * the protocol tests can trust what it writes and reads.
 */
@Timeout(30)
class RawFrameCodecTests {

	private ServerSocket server;

	@BeforeEach
	void listen() throws IOException {
		this.server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
		this.server.setSoTimeout(5000);
	}

	@AfterEach
	void stopListening() throws IOException {
		this.server.close();
	}

	@ParameterizedTest(name = "{0} bytes")
	@ValueSource(ints = { 0, 1, 125, 126, 65535, 65536, 200_000 })
	void encodesLengthInSevenSixteenOrSixtyFourBitsAndMasksPayload(int length) throws Exception {
		byte[] payload = new byte[length];
		Arrays.fill(payload, (byte) 'x');
		try (RawWebSocket ws = RawWebSocket.connect(this.server.getLocalPort()); Socket peer = this.server.accept()) {
			byte[] bytes = ws.frame(RawWebSocket.BINARY).payload(payload).toBytes();
			int header = (length <= 125) ? 2 : (length <= 65535) ? 4 : 10;
			assertThat(bytes).hasSize(header + 4 + length);
			assertThat(bytes[0] & 0xFF).isEqualTo(0x82);
			assertThat(bytes[1] & 0x80).as("mask bit").isEqualTo(0x80);
			assertThat(bytes[1] & 0x7F).isEqualTo((length <= 125) ? length : (length <= 65535) ? 126 : 127);
			// The peer echoes the frame as is; the reader unmasks it.
			CompletableFuture<Void> echoed = CompletableFuture.runAsync(() -> {
				try {
					peer.getOutputStream().write(bytes);
				}
				catch (IOException ex) {
					throw new IllegalStateException(ex);
				}
			});
			Frame frame = ws.readFrame();
			assertThat(frame.fin()).isTrue();
			assertThat(frame.masked()).isTrue();
			assertThat(frame.opcode()).isEqualTo(RawWebSocket.BINARY);
			assertThat(frame.payload()).isEqualTo(payload);
			assertThat(ws.bytesRead()).isEqualTo(bytes.length);
			echoed.get(5, TimeUnit.SECONDS);
		}
	}

	@Test
	void writesEveryHeaderBitAsToldAndChopsWrites() throws Exception {
		try (RawWebSocket ws = RawWebSocket.connect(this.server.getLocalPort()); Socket peer = this.server.accept()) {
			ws.frame(0xB).fin(false).rsv(RawWebSocket.RSV1 | RawWebSocket.RSV3).masked(false).payload("hey").chop(1).write();
			byte[] received = peer.getInputStream().readNBytes(5);
			assertThat(received).containsExactly(0x5B, 3, 'h', 'e', 'y');
		}
	}

	@Test
	void writesUpgradeRequestAndParsesResponseHead() throws Exception {
		try (RawWebSocket ws = RawWebSocket.connect(this.server.getLocalPort()); Socket peer = this.server.accept()) {
			CompletableFuture<String> request = CompletableFuture.supplyAsync(() -> {
				try {
					String head = readHead(peer.getInputStream());
					String key = head.lines().filter((line) -> line.startsWith("Sec-WebSocket-Key: ")).findFirst()
						.orElseThrow().substring("Sec-WebSocket-Key: ".length());
					OutputStream out = peer.getOutputStream();
					out.write(("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: upgrade\r\n"
							+ "Sec-WebSocket-Extensions: a\r\nsec-websocket-extensions: b\r\nX-Key: " + key
							+ "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
					out.write(new byte[] { (byte) 0x81, 2, 'o', 'k' });
					return head;
				}
				catch (IOException ex) {
					throw new IllegalStateException(ex);
				}
			});
			RawWebSocket.Handshake handshake = ws.handshake("/path?q=1", Map.of("X-Extra", "yes"));
			String head = request.get(5, TimeUnit.SECONDS);
			assertThat(head).startsWith("GET /path?q=1 HTTP/1.1\r\n").contains("Upgrade: websocket\r\n")
				.contains("Sec-WebSocket-Version: 13\r\n").contains("X-Extra: yes\r\n");
			assertThat(handshake.status()).isEqualTo(101);
			assertThat(handshake.header("SEC-WEBSOCKET-EXTENSIONS")).isEqualTo("a, b");
			assertThat(handshake.header("X-Key")).hasSize(24);
			assertThat(handshake.header("Missing")).isNull();
			assertThat(ws.readFrame().text()).isEqualTo("ok");
			assertThat(ws.bytesRead()).as("only frame bytes count").isEqualTo(4);
		}
	}

	@Test
	void reportsCloseCodeAndReasonOrAbnormalEndAndBoundsEveryRead() throws Exception {
		try (RawWebSocket ws = RawWebSocket.connect(this.server.getLocalPort(), Duration.ofMillis(300));
				Socket peer = this.server.accept()) {
			OutputStream out = peer.getOutputStream();
			out.write(new byte[] { (byte) 0x89, 1, 7 });
			out.write(new byte[] { (byte) 0x88, 5, 0x03, (byte) 0xF1, 'b', 'y', 'e' });
			RawWebSocket.Close close = ws.readUntilClose(Duration.ofSeconds(5));
			assertThat(close.code()).isEqualTo(1009);
			assertThat(close.reason()).isEqualTo("bye");
			assertThat(close.framesBefore()).singleElement().extracting(Frame::opcode).isEqualTo(RawWebSocket.PING);
			assertThatExceptionOfType(SocketTimeoutException.class).isThrownBy(ws::readFrame);
			assertThat(ws.awaitEof()).isFalse();
			peer.close();
			assertThat(ws.readUntilClose(Duration.ofSeconds(5)).code()).isEqualTo(1006);
		}
	}

	private static String readHead(InputStream in) throws IOException {
		ByteArrayOutputStream head = new ByteArrayOutputStream();
		while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
			int b = in.read();
			if (b == -1) {
				throw new IOException("EOF in request head");
			}
			head.write(b);
		}
		return head.toString(StandardCharsets.ISO_8859_1);
	}

}
