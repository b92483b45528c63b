package dev.wsboot.server;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import dev.wsboot.CloseStatus;
import dev.wsboot.test.FrameTestApplication;
import dev.wsboot.test.FrameTestApplication.HandlerEnd;
import dev.wsboot.test.RawWebSocket;
import dev.wsboot.test.RawWebSocket.Close;
import dev.wsboot.test.RawWebSocket.Frame;
import dev.wsboot.test.RawWebSocket.Handshake;
import dev.wsboot.test.RawWebSocket.Message;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;

import static dev.wsboot.test.RawWebSocket.BINARY;
import static dev.wsboot.test.RawWebSocket.CONTINUATION;
import static dev.wsboot.test.RawWebSocket.PING;
import static dev.wsboot.test.RawWebSocket.PONG;
import static dev.wsboot.test.RawWebSocket.RSV1;
import static dev.wsboot.test.RawWebSocket.RSV2;
import static dev.wsboot.test.RawWebSocket.RSV3;
import static dev.wsboot.test.RawWebSocket.TEXT;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * RFC 6455 framing on the wire: what the server answers to frames a conforming client never
 * sends, and that legal but unusual framing reaches the handler intact.
 */
@SpringBootTest(classes = FrameTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT)
@ExtendWith(OutputCaptureExtension.class)
@Timeout(60)
class ProtocolViolationTests {

	private static final Pattern ERROR_LINE = Pattern.compile("(?m)^.*\\bERROR\\b.*$");

	private static final Pattern STACK_TRACE = Pattern.compile("(?m)^\\s+at [\\w$.]+\\(|^Caused by: |Exception in thread");

	@LocalServerPort
	int port;

	@Autowired
	FrameTestApplication.FrameRecorder recorder;

	@BeforeEach
	void clearRecorder() {
		this.recorder.clear();
	}

	@Test
	void closesWith1007OnInvalidUtf8InTextMessage(CapturedOutput output) throws Exception {
		byte[] invalid = { 'a', 'b', (byte) 0xC3, 0x28, 'c' };
		assertViolationClosesWith(1007, (ws) -> ws.frame(TEXT).payload(invalid).write(), output);
	}

	@Test
	void closesWith1007OnInvalidUtf8InLaterFragmentOfTextMessage(CapturedOutput output) throws Exception {
		assertViolationClosesWith(1007, (ws) -> {
			ws.frame(TEXT).fin(false).payload("valid start ").write();
			ws.frame(CONTINUATION).payload(new byte[] { 'x', (byte) 0xFF, 'y' }).write();
		}, output);
	}

	@Test
	void closesWith1002OnUnmaskedClientFrame(CapturedOutput output) throws Exception {
		assertViolationClosesWith(1002, (ws) -> ws.frame(TEXT).masked(false).payload("unmasked").write(), output);
	}

	@ParameterizedTest(name = "reserved bits {0}")
	@ValueSource(ints = { RSV1, RSV2, RSV3 })
	void closesWith1002OnReservedBitWithoutNegotiatedExtension(int rsv, CapturedOutput output) throws Exception {
		assertViolationClosesWith(1002, (ws) -> ws.frame(TEXT).rsv(rsv).payload("reserved").write(), output);
	}

	@ParameterizedTest(name = "opcode {0}")
	@ValueSource(ints = { 0x3, 0x7, 0xB, 0xF })
	void closesWith1002OnReservedOpcode(int opcode, CapturedOutput output) throws Exception {
		assertViolationClosesWith(1002, (ws) -> ws.frame(opcode).payload("reserved").write(), output);
	}

	@Test
	void closesWith1002OnControlFrameWithPayloadOver125Bytes(CapturedOutput output) throws Exception {
		assertViolationClosesWith(1002, (ws) -> ws.frame(PING).payload(new byte[126]).write(), output);
	}

	@Test
	void closesWith1002OnFragmentedControlFrame(CapturedOutput output) throws Exception {
		assertViolationClosesWith(1002, (ws) -> ws.frame(PING).fin(false).payload("half a ping").write(), output);
	}

	@Test
	void closesWith1002OnContinuationFrameWithoutStart(CapturedOutput output) throws Exception {
		assertViolationClosesWith(1002, (ws) -> ws.frame(CONTINUATION).payload("orphan").write(), output);
	}

	@Test
	void closesWith1002OnNewDataFrameInsideFragmentedMessage(CapturedOutput output) throws Exception {
		assertViolationClosesWith(1002, (ws) -> {
			ws.frame(TEXT).fin(false).payload("first half").write();
			ws.frame(BINARY).payload(new byte[] { 1, 2, 3 }).write();
		}, output);
	}

	@Test
	void echoesTextMessageWrittenByteByByte() throws Exception {
		String text = "Grüße 👋 byte by byte, ".repeat(20);
		try (RawWebSocket ws = RawWebSocket.open(this.port, "/echo")) {
			ws.frame(TEXT).payload(text).chop(1).write();
			Message echo = ws.readMessage();
			assertThat(echo.opcode()).isEqualTo(TEXT);
			assertThat(echo.text()).isEqualTo(text);
		}
	}

	@Test
	void echoesSixtyFourKilobyteMessageSentInThirteenHundredByteFragments() throws Exception {
		byte[] payload = utf8OfLength(64 * 1024);
		List<byte[]> fragments = split(payload, 1300);
		assertThat(fragments).hasSize(51);
		try (RawWebSocket ws = RawWebSocket.open(this.port, "/echo")) {
			for (int i = 0; i < fragments.size(); i++) {
				boolean last = i == fragments.size() - 1;
				ws.frame((i == 0) ? TEXT : CONTINUATION).fin(last).payload(fragments.get(i)).write();
			}
			Message echo = ws.readMessage();
			assertThat(echo.opcode()).isEqualTo(TEXT);
			assertThat(echo.payload()).isEqualTo(payload);
		}
	}

	@Test
	void echoesFragmentedMessageWrittenInSmallChops() throws Exception {
		byte[] payload = utf8OfLength(5000);
		List<byte[]> fragments = split(payload, 1300);
		try (RawWebSocket ws = RawWebSocket.open(this.port, "/echo")) {
			for (int i = 0; i < fragments.size(); i++) {
				boolean last = i == fragments.size() - 1;
				ws.frame((i == 0) ? TEXT : CONTINUATION).fin(last).payload(fragments.get(i)).chop(7).write();
			}
			assertThat(ws.readMessage().payload()).isEqualTo(payload);
		}
	}

	@Test
	void answersPingWithPongOfSamePayload() throws Exception {
		byte[] payload = "ping-payload-0123456789".getBytes(StandardCharsets.US_ASCII);
		try (RawWebSocket ws = RawWebSocket.open(this.port, "/echo")) {
			ws.frame(PING).payload(payload).write();
			Frame pong = ws.readFrame();
			assertThat(pong.opcode()).isEqualTo(PONG);
			assertThat(pong.fin()).isTrue();
			assertThat(pong.masked()).isFalse();
			assertThat(pong.payload()).isEqualTo(payload);
		}
	}

	@Test
	void answersPingBetweenFragmentsAndStillEchoesTheMessage() throws Exception {
		try (RawWebSocket ws = RawWebSocket.open(this.port, "/echo")) {
			ws.frame(BINARY).fin(false).payload(new byte[] { 1, 2 }).write();
			ws.frame(PING).payload(new byte[] { 42 }).write();
			Frame pong = ws.readFrame();
			assertThat(pong.opcode()).isEqualTo(PONG);
			assertThat(pong.payload()).containsExactly(42);
			ws.frame(CONTINUATION).payload(new byte[] { 3, 4 }).write();
			Message echo = ws.readMessage();
			assertThat(echo.opcode()).isEqualTo(BINARY);
			assertThat(echo.payload()).containsExactly(1, 2, 3, 4);
		}
	}

	@Test
	void acceptsHandshakeWithCorrectAcceptKey() throws Exception {
		try (RawWebSocket ws = RawWebSocket.connect(this.port)) {
			Handshake handshake = ws.handshake("/echo", Map.of());
			assertThat(handshake.status()).isEqualTo(101);
			assertThat(handshake.header("Sec-WebSocket-Accept")).isEqualTo(handshake.expectedAccept());
			assertThat(handshake.header("Upgrade")).isEqualToIgnoringCase("websocket");
		}
	}

	/**
	 * Send a violation after a good message and assert the close code the server answers with,
	 * that it then ends the TCP connection, that the handler's loop ended with the same code and
	 * that nothing was logged at ERROR.
	 * <p>
	 * Tomcat writes the close frame of an abnormal close with a 50 ms timeout
	 * ({@code org.apache.tomcat.websocket.ABNORMAL_SESSION_CLOSE_SEND_TIMEOUT}); when a loaded
	 * machine stalls the container's thread longer than that, Tomcat drops the close frame and
	 * just closes the socket (1006 here, "Failed to send close message" at DEBUG). Such an attempt
	 * is repeated on a new connection, at most twice; any other code fails at once.
	 */
	private void assertViolationClosesWith(int expectedCode, RawWebSocket.Writes violation, CapturedOutput output)
			throws Exception {
		int attempts = 0;
		Close close;
		do {
			attempts++;
			String marker = "before " + UUID.randomUUID();
			close = violate(marker, violation);
			CloseStatus handlerEnd = handlerEnd(marker);
			assertThat(handlerEnd).as("the handler's receive loop ended").isNotNull();
			if (close.code() != 1006) {
				assertThat(close.code()).as("close code, reason '%s'", close.reason()).isEqualTo(expectedCode);
				assertThat(handlerEnd.code()).as("close code the handler saw").isEqualTo(expectedCode);
			}
		}
		while (close.code() == 1006 && attempts < 3);
		assertThat(close.code()).as("close code after %d attempts ending without close frame", attempts)
			.isEqualTo(expectedCode);
		// Give any late log line from the container's thread a moment to appear.
		Thread.sleep(300);
		assertNoErrorLogged(output);
	}

	private Close violate(String marker, RawWebSocket.Writes violation) throws Exception {
		try (RawWebSocket ws = RawWebSocket.open(this.port, "/echo")) {
			// The connection works, and the handler is in its loop, before the violation.
			ws.sendText(marker);
			assertThat(ws.readMessage().text()).isEqualTo(marker);
			violation.write(ws);
			Close close = ws.readUntilClose(Duration.ofSeconds(10));
			assertThat(close.framesBefore()).as("frames before the close").isEmpty();
			try {
				ws.sendClose(close.code() == 1006 ? 1000 : close.code(), "");
			}
			catch (java.io.IOException ex) {
				// The server may already have ended the TCP connection.
			}
			assertThat(ws.awaitEof()).as("server ends the TCP connection").isTrue();
			return close;
		}
	}

	/** How the handler of the connection whose first message was the marker ended. */
	private CloseStatus handlerEnd(String marker) throws InterruptedException {
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
		while (System.nanoTime() < deadline) {
			HandlerEnd end = this.recorder.handlerEnds.poll(100, TimeUnit.MILLISECONDS);
			// Ends of earlier tests' connections may still arrive; skip them.
			if (end != null && marker.equals(end.firstText())) {
				return end.closeStatus();
			}
		}
		return null;
	}

	static void assertNoErrorLogged(CapturedOutput output) {
		String captured = output.getAll();
		assertThat(ERROR_LINE.matcher(captured).results().map(java.util.regex.MatchResult::group).toList())
			.as("log lines at ERROR").isEmpty();
		assertThat(STACK_TRACE.matcher(captured).find()).as("a stack trace in the output:%n%s", captured).isFalse();
	}

	/** UTF-8 text of exactly {@code length} bytes, mixing one- to four-byte characters. */
	static byte[] utf8OfLength(int length) {
		byte[] unit = "abc Grüße ✓ 👋 ".getBytes(StandardCharsets.UTF_8);
		ByteArrayOutputStream bytes = new ByteArrayOutputStream(length);
		while (bytes.size() + unit.length <= length) {
			bytes.writeBytes(unit);
		}
		while (bytes.size() < length) {
			bytes.write('.');
		}
		return bytes.toByteArray();
	}

	static List<byte[]> split(byte[] payload, int size) {
		List<byte[]> pieces = new java.util.ArrayList<>();
		for (int offset = 0; offset < payload.length; offset += size) {
			pieces.add(Arrays.copyOfRange(payload, offset, Math.min(payload.length, offset + size)));
		}
		return pieces;
	}

}
