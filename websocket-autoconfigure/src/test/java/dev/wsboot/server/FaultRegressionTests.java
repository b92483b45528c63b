package dev.wsboot.server;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import dev.wsboot.metrics.WebSocketMeter;
import dev.wsboot.metrics.WebSocketMeterTags;
import dev.wsboot.server.handshake.ConnectionLimit;
import dev.wsboot.server.supervision.SessionRegistry;
import dev.wsboot.test.FaultTestApplication;
import dev.wsboot.test.RawWebSocket.Frame;
import dev.wsboot.test.RawWebSocket.Handshake;
import dev.wsboot.test.RawWebSocket;
import dev.wsboot.test.ThreadDumps;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;

import static dev.wsboot.test.RawWebSocket.PING;
import static dev.wsboot.test.RawWebSocket.RSV1;
import static dev.wsboot.test.RawWebSocket.TEXT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The faults found by probing a running server, each driven the way it was found, with a raw
 * client against real Tomcat; {@link ContainerIoFaultRegressionTests} runs them again on
 * Tomcat's own WebSocket implementation.
 */
@SpringBootTest(classes = FaultTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "websocket.max-connections=8", "websocket.send-timeout=1s",
				"websocket.keep-alive-interval=200ms" })
@ExtendWith(OutputCaptureExtension.class)
@Timeout(120)
class FaultRegressionTests {

	@LocalServerPort
	int port;

	@Autowired
	ConnectionLimit connectionLimit;

	@Autowired
	SessionRegistry registry;

	@Autowired
	io.micrometer.core.instrument.MeterRegistry meters;

	@Test
	void givesPermitsBackWhenPeersResetRightAfterTheirHandshake() throws Exception {
		for (int round = 0; round < 5; round++) {
			for (int i = 0; i < 8; i++) {
				try (Socket socket = connect()) {
					socket.getOutputStream().write(handshakeRequest("/echo").getBytes(StandardCharsets.US_ASCII));
					socket.getOutputStream().flush();
					// Close with a reset once the request is out, as a dropped mobile client does.
					socket.setSoLinger(true, 0);
				}
			}
		}
		await().atMost(Duration.ofSeconds(10)).until(() -> this.connectionLimit.inUse() == 0);
		List<RawWebSocket> clients = new ArrayList<>();
		try {
			for (int i = 0; i < 8; i++) {
				RawWebSocket ws = RawWebSocket.open(this.port, "/echo");
				clients.add(ws);
				ws.sendText("still served " + i);
				assertThat(ws.readMessage().text()).isEqualTo("still served " + i);
			}
		}
		finally {
			clients.forEach(RawWebSocket::close);
		}
	}

	@Test
	void echoesAnEmptyMessageAfterAnotherOnACompressedConnection(CapturedOutput output) throws Exception {
		for (String path : List.of("/echo", "/echo-async")) {
			try (RawWebSocket ws = RawWebSocket.connect(this.port)) {
				Handshake handshake = ws.handshake(path, Map.of("Sec-WebSocket-Extensions", CompressionTests.OFFER));
				assertThat(handshake.status()).isEqualTo(101);
				CompressionTests.PerMessageDeflate deflate = new CompressionTests.PerMessageDeflate(handshake, false);
				ws.frame(TEXT).rsv(RSV1).payload(deflate.compress("first".getBytes(StandardCharsets.UTF_8))).write();
				assertThat(text(deflate, ws.readMessageFrames())).isEqualTo("first");
				// RFC 7692 section 7.2.3.6: an empty message compresses to one empty stored block.
				ws.frame(TEXT).rsv(RSV1).payload(new byte[] { 0x00 }).write();
				assertThat(text(deflate, ws.readMessageFrames())).as("echo of the empty message on %s", path).isEmpty();
				ws.frame(TEXT).rsv(RSV1).payload(deflate.compress("after".getBytes(StandardCharsets.UTF_8))).write();
				assertThat(text(deflate, ws.readMessageFrames())).isEqualTo("after");
			}
		}
		// "with 1011" as wsboot's logs say it: a bare "1011" can be part of a random port.
		assertThat(output).doesNotContain("ERROR").doesNotContain("with 1011");
	}

	private static String text(CompressionTests.PerMessageDeflate deflate, List<Frame> frames) throws Exception {
		return (frames.getFirst().rsv() == RSV1) ? new String(deflate.decompress(frames), StandardCharsets.UTF_8)
				: frames.getFirst().text();
	}

	@Test
	void cutsOffAPeerThatFloodsPingsAndNeverReads() throws Exception {
		long cutBefore = abnormalCloses();
		try (Socket socket = nonReadingUpgrade("/echo")) {
			ExecutorService flooder = Executors.newSingleThreadExecutor();
			try {
				Future<?> flood = flooder.submit(() -> {
					// A masked ping with 125 zero bytes under an all-zero mask.
					byte[] ping = new byte[2 + 4 + 125];
					ping[0] = (byte) (0x80 | PING);
					ping[1] = (byte) (0x80 | 125);
					OutputStream out = socket.getOutputStream();
					// Bounded: 400,000 pings are far more than the socket buffers hold.
					for (int i = 0; i < 400_000; i++) {
						out.write(ping);
					}
					return null;
				});
				try {
					await().atMost(Duration.ofSeconds(30)).until(() -> this.registry.size() == 0 && flood.isDone());
				}
				catch (ConditionTimeoutException ex) {
					throw new AssertionError("registry size " + this.registry.size() + ", flood done " + flood.isDone()
							+ "; " + ThreadDumps.wsbootStacks("ping-flood"), ex);
				}
			}
			finally {
				socket.close();
				flooder.shutdownNow();
			}
		}
		// Direct I/O cuts the blocked pong write after the send timeout (1008); Tomcat's own
		// implementation fails the session itself, and the next keep-alive ping finds it gone
		// (1006). Jetty writes its pongs itself and stops reading meanwhile; its idle timeout, which
		// wsboot sets to two keep-alive intervals and the send timeout, ends such a connection (1001).
		// Counted, not read from the log: an earlier test's close line may have used up the log's rate.
		await().atMost(Duration.ofSeconds(10)).until(() -> abnormalCloses() > cutBefore);
		await().atMost(Duration.ofSeconds(10)).until(() -> this.connectionLimit.inUse() == 0);
	}

	private long abnormalCloses() {
		return this.meters.find(WebSocketMeter.CONNECTION_DURATION.meterName())
			.tag(WebSocketMeterTags.ENDPOINT, "/echo")
			.timers()
			.stream()
			.filter((timer) -> List.of("1001", "1006", "1008").contains(timer.getId().getTag(WebSocketMeterTags.CODE)))
			.mapToLong(io.micrometer.core.instrument.Timer::count)
			.sum();
	}

	@Test
	void reclaimsConnectionsWhoseHandlerNeverReadsOnceTheirPeersLeave() throws Exception {
		List<RawWebSocket> clients = new ArrayList<>();
		for (int i = 0; i < 8; i++) {
			clients.add(RawWebSocket.open(this.port, "/non-reader"));
		}
		await().atMost(Duration.ofSeconds(5)).until(() -> this.registry.size() == 8);
		for (RawWebSocket ws : clients) {
			ws.sendClose(1000, "bye");
			ws.close();
		}
		// Keep-alive pings every 200 ms meet the closed sockets, and fail.
		await().atMost(Duration.ofSeconds(10)).until(() -> this.registry.size() == 0);
		await().atMost(Duration.ofSeconds(5)).until(() -> this.connectionLimit.inUse() == 0);
	}

	@Test
	void answersMalformedExtensionsWith400AndOddOriginsWith403WithoutAnError(CapturedOutput output)
			throws Exception {
		for (String extensions : List.of(";", "x, ;", "permessage-deflate; ;", ",")) {
			try (RawWebSocket ws = RawWebSocket.connect(this.port)) {
				assertThat(ws.handshake("/echo", Map.of("Sec-WebSocket-Extensions", extensions)).status())
					.as("status for Sec-WebSocket-Extensions '%s'", extensions)
					.isIn(400, 101);
			}
		}
		try (RawWebSocket ws = RawWebSocket.connect(this.port)) {
			assertThat(ws.handshake("/echo", Map.of("Sec-WebSocket-Extensions", ";")).status()).isEqualTo(400);
		}
		for (String origin : List.of("http://127.0.0.1:" + this.port + ".evil.com", "http://[::1", "::::",
				"http://127.0.0.1:99999")) {
			try (RawWebSocket ws = RawWebSocket.connect(this.port)) {
				assertThat(ws.handshake("/echo", Map.of("Origin", origin)).status()).as("status for Origin '%s'", origin)
					.isEqualTo(403);
			}
		}
		assertThat(output).doesNotContain("ERROR").doesNotContain("Exception").doesNotContain(" 500 ");
		await().atMost(Duration.ofSeconds(5)).until(() -> this.connectionLimit.inUse() == 0);
	}

	@Test
	void refusesToPutForbiddenCloseCodesOnTheWire() {
		for (int code : new int[] { 1004, 1005, 1006, 1015, 1016, 2999 }) {
			assertThat(new dev.wsboot.CloseStatus(code, "").isSendable()).as("code %d", code).isFalse();
		}
		for (int code : new int[] { 1000, 1001, 1008, 1011, 1012, 1013, 1014, 3000, 4999 }) {
			assertThat(new dev.wsboot.CloseStatus(code, "").isSendable()).as("code %d", code).isTrue();
		}
	}

	private Socket connect() throws IOException {
		Socket socket = new Socket();
		socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), this.port), 5000);
		return socket;
	}

	private Socket nonReadingUpgrade(String path) throws Exception {
		return dev.wsboot.test.NonReadingSocket.open(this.port, path);
	}

	private String handshakeRequest(String path) {
		byte[] key = new byte[16];
		new Random().nextBytes(key);
		return "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + this.port
				+ "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: "
				+ Base64.getEncoder().encodeToString(key) + "\r\n\r\n";
	}

}
