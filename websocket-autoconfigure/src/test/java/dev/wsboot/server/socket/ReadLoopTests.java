package dev.wsboot.server.socket;

import java.io.IOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;

import dev.wsboot.CloseStatus;
import dev.wsboot.WebSocketBroadcaster;
import dev.wsboot.WebSocketMessage;
import dev.wsboot.test.RawWebSocket;
import dev.wsboot.test.TestApplication;
import dev.wsboot.test.ThreadDumps;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static dev.wsboot.test.RawWebSocket.PING;
import static dev.wsboot.test.RawWebSocket.PONG;
import static dev.wsboot.test.RawWebSocket.TEXT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link ReadLoop} and {@link LoopWait}: on real Tomcat, a connection whose peer
 * only answers pings waits off its thread, its pongs still count for the keep-alive timeout, and
 * whatever else arrives, or happens to the socket, reaches the handler as before.
 */
@SpringBootTest(classes = TestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "websocket.keep-alive-interval=100ms", "websocket.keep-alive-timeout=2s" })
@Timeout(60)
class ReadLoopTests {

	private static final String LOOP_WAIT_FRAME = LoopWait.class.getName() + ".await";

	@LocalServerPort
	int port;

	@Autowired
	TestApplication.Recorder recorder;

	@Autowired
	WebSocketBroadcaster broadcaster;

	@Test
	void aPeerThatOnlyAnswersPingsWaitsOffItsThreadAndStaysOpenPastTheKeepAliveTimeout() throws Exception {
		try (RawWebSocket ws = RawWebSocket.open(this.port, "/echo")) {
			awaitQuietWait(ws);
			// Forty keep-alive intervals, twice the timeout: every pong was counted off the thread.
			answerPings(ws, 40);
			assertThat(ThreadDumps.wsbootStacks("loop-wait")).contains(LOOP_WAIT_FRAME);
			ws.sendText("still here");
			assertThat(nextText(ws)).isEqualTo("still here");
			ws.sendClose(1000, "");
			assertThat(ws.readUntilClose(Duration.ofSeconds(5)).code()).isEqualTo(1000);
		}
	}

	@Test
	void dataThatArrivesWithAPongInOneSegmentWakesTheThreadAndIsNotLost() throws Exception {
		try (RawWebSocket ws = RawWebSocket.open(this.port, "/echo")) {
			awaitQuietWait(ws);
			RawWebSocket.Frame ping = nextPing(ws);
			byte[] pong = ws.frame(PONG).payload(ping.payload()).toBytes();
			byte[] text = ws.frame(TEXT).payload("glued").toBytes();
			ws.writeRaw(concat(pong, text));
			assertThat(nextText(ws)).isEqualTo("glued");
		}
	}

	@Test
	void dataAfterPongsThatTrickleInIsStillRead() throws Exception {
		try (RawWebSocket ws = RawWebSocket.open(this.port, "/echo")) {
			awaitQuietWait(ws);
			// Pongs one at a time are what makes the loop gather before its next wait.
			for (int i = 0; i < 50; i++) {
				ws.frame(PONG).payload("unsolicited " + i).write();
			}
			ws.sendText("after the pongs");
			assertThat(nextText(ws)).isEqualTo("after the pongs");
		}
	}

	@Test
	void aFrameThatArrivesInPiecesWhileQuietIsReadWhole() throws Exception {
		try (RawWebSocket ws = RawWebSocket.open(this.port, "/echo")) {
			awaitQuietWait(ws);
			byte[] text = ws.frame(TEXT).payload("in pieces").toBytes();
			ws.writeRaw(Arrays.copyOf(text, 1));
			// No pong may go in the middle of a frame: two pings pass unanswered, well within
			// the keep-alive timeout, before the rest of the frame follows.
			nextPing(ws);
			nextPing(ws);
			ws.writeRaw(Arrays.copyOfRange(text, 1, text.length));
			assertThat(nextText(ws)).isEqualTo("in pieces");
		}
	}

	@Test
	void aPeerThatVanishesWhileQuietEndsTheHandlersLoopAt1006() throws Exception {
		this.recorder.closeStatuses.clear();
		RawWebSocket ws = RawWebSocket.open(this.port, "/close-status");
		awaitQuietWait(ws);
		ws.close();
		assertThat(this.recorder.closeStatuses.poll(5, TimeUnit.SECONDS)).isEqualTo(CloseStatus.ABNORMAL);
	}

	@Test
	void aBroadcastLargerThanTheSocketBuffersReachesAQuietConnectionWhole() throws Exception {
		try (RawWebSocket ws = RawWebSocket.open(this.port, "/close-status")) {
			awaitQuietWait(ws);
			String large = "q".repeat(4 * 1024 * 1024);
			this.broadcaster.sendToEndpoint("/close-status", WebSocketMessage.text(large));
			assertThat(nextText(ws)).hasSize(large.length()).isEqualTo(large);
			answerPings(ws, 3);
			ws.sendClose(1000, "");
			assertThat(ws.readUntilClose(Duration.ofSeconds(5)).code()).isEqualTo(1000);
		}
	}

	/** Answer pings until the connection's thread waits in the read loop. */
	private static void awaitQuietWait(RawWebSocket ws) throws IOException {
		answerPings(ws, 2);
		await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200)).until(() -> {
			answerPings(ws, 1);
			return ThreadDumps.wsbootStacks("loop-wait").contains(LOOP_WAIT_FRAME);
		});
	}

	private static void answerPings(RawWebSocket ws, int count) throws IOException {
		for (int i = 0; i < count; i++) {
			RawWebSocket.Frame ping = nextPing(ws);
			ws.frame(PONG).payload(ping.payload()).write();
		}
	}

	private static RawWebSocket.Frame nextPing(RawWebSocket ws) throws IOException {
		RawWebSocket.Frame frame = ws.readFrame();
		assertThat(frame.opcode()).as("the next frame's opcode: %s", frame).isEqualTo(PING);
		return frame;
	}

	/** The next data message's text, answering the pings that come before and between its frames. */
	private static String nextText(RawWebSocket ws) throws IOException {
		StringBuilder text = new StringBuilder();
		for (int i = 0; i < 100_000; i++) {
			RawWebSocket.Frame frame = ws.readFrame();
			if (frame.opcode() == PING) {
				ws.frame(PONG).payload(frame.payload()).write();
				continue;
			}
			assertThat(frame.opcode()).as("a data frame: %s", frame).isIn(TEXT, RawWebSocket.CONTINUATION);
			text.append(frame.text());
			if (frame.fin()) {
				return text.toString();
			}
		}
		throw new AssertionError("No whole message in 100,000 frames");
	}

	static byte[] concat(byte[] first, byte[] second) {
		byte[] both = Arrays.copyOf(first, first.length + second.length);
		System.arraycopy(second, 0, both, first.length, second.length);
		return both;
	}

}
