package dev.wsboot.server.socket;

import java.time.Duration;

import dev.wsboot.test.RawWebSocket;
import dev.wsboot.test.TestApplication;
import dev.wsboot.test.ThreadDumps;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledForJreRange;
import org.junit.jupiter.api.condition.JRE;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static dev.wsboot.test.RawWebSocket.TEXT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests for watched sockets ({@link LoopWait#watch}): on JDK 25 and later, on real Tomcat with
 * no keep-alive pings, a direct connection's thread waits for its next message in the loop, not
 * in a socket read, and every message and the close still arrive as sent.
 */
@SpringBootTest(classes = TestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = "websocket.keep-alive-interval=0")
@EnabledForJreRange(min = JRE.JAVA_25)
@Timeout(60)
class WatchedSocketTests {

	private static final String LOOP_WAIT_FRAME = LoopWait.class.getName() + ".await";

	private static final String SOCKET_READ_FRAME = SocketFrameChannel.class.getName() + ".readFromSocket";

	@LocalServerPort
	int port;

	@Test
	void aConnectionBetweenMessagesWaitsInTheLoopAndItsMessagesArriveWhole() throws Exception {
		try (RawWebSocket ws = RawWebSocket.open(this.port, "/echo")) {
			ws.sendText("first");
			assertThat(ws.readMessage().text()).isEqualTo("first");
			// No pong was ever sent: the thread waits in the loop for data, not for quiet.
			await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200))
				.until(() -> ThreadDumps.wsbootStacks("watched").contains(LOOP_WAIT_FRAME));
			assertThat(ThreadDumps.wsbootStacks("watched")).doesNotContain(SOCKET_READ_FRAME);
			String large = "w".repeat(300_000);
			ws.sendText(large);
			assertThat(ws.readMessage().text()).isEqualTo(large);
			// Two frames in one segment: the second must not wait for more bytes.
			byte[] first = ws.frame(TEXT).payload("a").toBytes();
			ws.writeRaw(ReadLoopTests.concat(first, ws.frame(TEXT).payload("b").toBytes()));
			assertThat(ws.readMessage().text()).isEqualTo("a");
			assertThat(ws.readMessage().text()).isEqualTo("b");
			ws.sendClose(1000, "");
			assertThat(ws.readUntilClose(Duration.ofSeconds(5)).code()).isEqualTo(1000);
		}
	}

}
