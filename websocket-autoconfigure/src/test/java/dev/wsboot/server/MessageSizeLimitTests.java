package dev.wsboot.server;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import dev.wsboot.test.FrameTestApplication;
import dev.wsboot.test.RawWebSocket;
import dev.wsboot.test.RawWebSocket.Close;
import dev.wsboot.test.RawWebSocket.Message;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static dev.wsboot.test.RawWebSocket.BINARY;
import static dev.wsboot.test.RawWebSocket.CONTINUATION;
import static dev.wsboot.test.RawWebSocket.TEXT;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code websocket.max-message-size} on the wire: a message over it closes the connection with
 * 1009 before any of it reaches the handler, whole or in fragments, for a mapped method and for a
 * plain Spring handler alike; a message exactly at it passes.
 */
@SpringBootTest(classes = FrameTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = "websocket.max-message-size=64KB")
@Timeout(60)
class MessageSizeLimitTests {

	private static final int LIMIT = 64 * 1024;

	private static final int OVERSIZE = 100 * 1024;

	@LocalServerPort
	int port;

	@Autowired
	FrameTestApplication.FrameRecorder recorder;

	@BeforeEach
	void clearRecorder() {
		this.recorder.clear();
	}

	@Test
	void closesWith1009OnOversizeSingleFrameBinaryMessageBeforeHandlerSeesAnyOfIt() throws Exception {
		byte[] oversize = randomBytes(OVERSIZE);
		assertOversizeClosesWith1009("/recording-echo", (ws) -> ws.sendBinary(oversize));
		assertThat(drain(this.recorder.received)).containsExactly("binary:5", "null");
		assertThat(this.recorder.handlerEnds.poll(5, TimeUnit.SECONDS)).extracting((end) -> end.closeStatus().code())
			.isEqualTo(1009);
	}

	@Test
	void closesWith1009OnOversizeBinaryMessageInSixtyFourByteFragmentsBeforeHandlerSeesAnyOfIt() throws Exception {
		byte[] oversize = randomBytes(OVERSIZE);
		assertOversizeClosesWith1009("/recording-echo", (ws) -> writeFragments(ws, BINARY, oversize, 64));
		assertThat(drain(this.recorder.received)).containsExactly("binary:5", "null");
		assertThat(this.recorder.handlerEnds.poll(5, TimeUnit.SECONDS)).extracting((end) -> end.closeStatus().code())
			.isEqualTo(1009);
	}

	@Test
	void closesWith1009OnTextMessageOneUtf8ByteOverLimit() throws Exception {
		byte[] oversize = ProtocolViolationTests.utf8OfLength(LIMIT + 1);
		// Fewer characters than the limit, more bytes: the limit counts bytes on the wire.
		assertThat(new String(oversize, java.nio.charset.StandardCharsets.UTF_8).length()).isLessThan(LIMIT);
		assertOversizeClosesWith1009("/recording-echo", (ws) -> ws.frame(TEXT).payload(oversize).write());
		assertThat(drain(this.recorder.received)).containsExactly("binary:5", "null");
	}

	@Test
	void echoesBinaryMessageExactlyAtLimitWholeAndInFragments() throws Exception {
		byte[] atLimit = randomBytes(LIMIT);
		try (RawWebSocket ws = RawWebSocket.open(this.port, "/recording-echo")) {
			ws.sendBinary(atLimit);
			Message echo = ws.readMessage();
			assertThat(echo.opcode()).isEqualTo(BINARY);
			assertThat(echo.payload()).isEqualTo(atLimit);
			writeFragments(ws, BINARY, atLimit, 64);
			assertThat(ws.readMessage().payload()).isEqualTo(atLimit);
			closeCleanly(ws);
		}
		assertThat(this.recorder.handlerEnds.poll(5, TimeUnit.SECONDS)).isNotNull();
		assertThat(drain(this.recorder.received)).containsExactly("binary:" + LIMIT, "binary:" + LIMIT, "null");
	}

	@Test
	void echoesTextMessageOfExactlyLimitUtf8Bytes() throws Exception {
		byte[] atLimit = ProtocolViolationTests.utf8OfLength(LIMIT);
		try (RawWebSocket ws = RawWebSocket.open(this.port, "/recording-echo")) {
			ws.frame(TEXT).payload(atLimit).write();
			Message echo = ws.readMessage();
			assertThat(echo.opcode()).isEqualTo(TEXT);
			assertThat(echo.payload()).isEqualTo(atLimit);
			closeCleanly(ws);
		}
		assertThat(this.recorder.handlerEnds.poll(5, TimeUnit.SECONDS)).isNotNull();
		assertThat(drain(this.recorder.received)).containsExactly("text:" + LIMIT, "null");
	}

	@Test
	void closesPlainSpringHandlerWith1009OnOversizeTextMessage() throws Exception {
		byte[] oversize = ProtocolViolationTests.utf8OfLength(OVERSIZE);
		assertOversizeClosesWith1009("/plain-limited", (ws) -> ws.frame(TEXT).payload(oversize).write());
		assertThat(drain(this.recorder.plainReceived)).containsExactly("text:5");
		assertThat(this.recorder.plainClosed.poll(5, TimeUnit.SECONDS)).isEqualTo(1009);
	}

	@Test
	void closesPlainSpringHandlerWith1009OnOversizeTextMessageInSixtyFourByteFragments() throws Exception {
		byte[] oversize = ProtocolViolationTests.utf8OfLength(OVERSIZE);
		assertOversizeClosesWith1009("/plain-limited", (ws) -> writeFragments(ws, TEXT, oversize, 64));
		assertThat(drain(this.recorder.plainReceived)).containsExactly("text:5");
		assertThat(this.recorder.plainClosed.poll(5, TimeUnit.SECONDS)).isEqualTo(1009);
	}

	@Test
	void plainSpringHandlerGetsTextMessageExactlyAtLimit() throws Exception {
		byte[] atLimit = ProtocolViolationTests.utf8OfLength(LIMIT);
		try (RawWebSocket ws = RawWebSocket.open(this.port, "/plain-limited")) {
			ws.frame(TEXT).payload(atLimit).chop(1300).write();
			assertThat(ws.readMessage().payload()).isEqualTo(atLimit);
			closeCleanly(ws);
		}
		assertThat(this.recorder.plainClosed.poll(5, TimeUnit.SECONDS)).isEqualTo(1000);
		assertThat(drain(this.recorder.plainReceived)).containsExactly("text:" + LIMIT);
	}

	/** End with a close handshake, so that no handler of this test ends during the next one. */
	private static void closeCleanly(RawWebSocket ws) throws java.io.IOException {
		ws.sendClose(1000, "");
		assertThat(ws.readUntilClose(Duration.ofSeconds(10)).code()).isEqualTo(1000);
	}

	/**
	 * Send a small message, see it echoed, then send an oversize one from another thread (the
	 * server may stop reading it) and expect 1009.
	 */
	private void assertOversizeClosesWith1009(String path, RawWebSocket.Writes oversize) throws Exception {
		try (RawWebSocket ws = RawWebSocket.open(this.port, path)) {
			if (path.equals("/plain-limited")) {
				ws.sendText("small");
			}
			else {
				ws.sendBinary(new byte[] { 1, 2, 3, 4, 5 });
			}
			assertThat(ws.readMessage().payload()).hasSize(5);
			CompletableFuture<Void> writing = ws.inBackground(oversize);
			Close close = ws.readUntilClose(Duration.ofSeconds(15));
			assertThat(close.code()).as("close code, reason '%s'", close.reason()).isEqualTo(1009);
			assertThat(close.framesBefore()).as("frames before the close").isEmpty();
			// A client finishes its frame and answers the close; the server then ends the connection.
			writing.handle((done, failure) -> null).get(15, TimeUnit.SECONDS);
			if (!writing.isCompletedExceptionally()) {
				try {
					ws.sendClose(1009, "");
				}
				catch (java.net.SocketException ex) {
					// Jetty ends the TCP connection of a failed one without waiting for the answer.
				}
				assertThat(ws.awaitEof()).as("server ends the TCP connection").isTrue();
			}
		}
	}

	private static void writeFragments(RawWebSocket ws, int opcode, byte[] payload, int size) throws java.io.IOException {
		List<byte[]> fragments = ProtocolViolationTests.split(payload, size);
		for (int i = 0; i < fragments.size(); i++) {
			ws.frame((i == 0) ? opcode : CONTINUATION).fin(i == fragments.size() - 1).payload(fragments.get(i)).write();
		}
	}

	/** What the handler recorded until it went quiet for half a second. */
	private static <T> List<T> drain(java.util.concurrent.BlockingQueue<T> queue) throws InterruptedException {
		List<T> items = new ArrayList<>();
		T item;
		while ((item = queue.poll(500, TimeUnit.MILLISECONDS)) != null) {
			items.add(item);
		}
		return items;
	}

	private static byte[] randomBytes(int length) {
		byte[] bytes = new byte[length];
		new Random(length).nextBytes(bytes);
		return bytes;
	}

}
