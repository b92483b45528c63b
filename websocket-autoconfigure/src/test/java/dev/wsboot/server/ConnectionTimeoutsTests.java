package dev.wsboot.server;

import java.io.InputStream;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import dev.wsboot.CloseStatus;
import dev.wsboot.test.NonReadingSocket;
import dev.wsboot.test.TestApplication;
import dev.wsboot.test.TestWebSocketClient;
import dev.wsboot.testing.TcpProxy;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Connections the server ends on its own: dead peers, idle peers and peers that do not read.
 */
@Timeout(60)
@ExtendWith(OutputCaptureExtension.class)
class ConnectionTimeoutsTests {

	@Nested
	@SpringBootTest(classes = TestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
			properties = { "websocket.keep-alive-interval=200ms", "websocket.keep-alive-timeout=300ms" })
	class KeepAliveTimeout {

		@LocalServerPort
		int port;

		@Autowired
		TestApplication.Recorder recorder;

		@Autowired
		MeterRegistry meters;

		@Test
		void abortsPeerThatStopsAnsweringPingsWithoutHurtingOthers(CapturedOutput output) throws Exception {
			this.recorder.closeStatuses.clear();
			try (TcpProxy proxy = new TcpProxy(this.port);
					TestWebSocketClient vanishing = TestWebSocketClient
						.connect(URI.create("ws://127.0.0.1:" + proxy.port() + "/close-status"));
					TestWebSocketClient healthy = TestWebSocketClient
						.connect(URI.create("ws://127.0.0.1:" + this.port + "/echo"))) {
				vanishing.sendText("hello");
				Thread.sleep(500);
				assertThat(this.recorder.closeStatuses).isEmpty();
				long stalledAt = System.nanoTime();
				proxy.stall();
				CloseStatus seenByHandler = this.recorder.closeStatuses.poll(5, TimeUnit.SECONDS);
				Duration detection = Duration.ofNanos(System.nanoTime() - stalledAt);
				assertThat(seenByHandler).isNotNull();
				assertThat(seenByHandler.code()).isEqualTo(1006);
				// Interval + timeout is 500 ms; checks run every 75 ms; allow for a busy machine.
				assertThat(detection).isLessThan(Duration.ofMillis(2000));
				assertThat(output).contains("no pong within websocket.keep-alive-timeout (PT0.3S)");
				assertThat(this.meters.get("websocket.keepalive.timeouts").tag("endpoint", "/close-status").counter().count())
					.isEqualTo(1);
				healthy.sendText("still echoing");
				assertThat(healthy.nextText()).isEqualTo("still echoing");
				assertThat(healthy.isClosedByServer()).isFalse();
			}
		}

	}

	@Nested
	@SpringBootTest(classes = TestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
			properties = { "websocket.keep-alive-interval=0", "websocket.idle-timeout=600ms" })
	class IdleTimeout {

		@LocalServerPort
		int port;

		@Test
		void closesConnectionWithoutTrafficWith1001() throws Exception {
			try (TestWebSocketClient client = TestWebSocketClient.connect(URI.create("ws://127.0.0.1:" + this.port + "/echo"))) {
				long start = System.nanoTime();
				client.sendText("one");
				assertThat(client.nextText()).isEqualTo("one");
				assertThat(client.awaitClose(Duration.ofSeconds(5))).isEqualTo(1001);
				assertThat(client.awaitCloseReason(Duration.ofSeconds(1))).isEqualTo("Idle timeout");
				assertThat(Duration.ofNanos(System.nanoTime() - start)).isBetween(Duration.ofMillis(550),
						Duration.ofMillis(3000));
			}
		}

		@Test
		void keepsConnectionThatKeepsTalking() throws Exception {
			try (TestWebSocketClient client = TestWebSocketClient.connect(URI.create("ws://127.0.0.1:" + this.port + "/echo"))) {
				for (int i = 0; i < 8; i++) {
					Thread.sleep(200);
					client.sendText("tick " + i);
					assertThat(client.nextText()).isEqualTo("tick " + i);
				}
				assertThat(client.isClosedByServer()).isFalse();
			}
		}

	}

	@Nested
	@SpringBootTest(classes = TestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
			properties = { "websocket.keep-alive-interval=100ms", "websocket.idle-timeout=600ms" })
	class IdleTimeoutWithPings {

		@LocalServerPort
		int port;

		@Test
		void answeredPingsCountAsTraffic() throws Exception {
			try (TestWebSocketClient client = TestWebSocketClient.connect(URI.create("ws://127.0.0.1:" + this.port + "/echo"))) {
				Thread.sleep(1500);
				assertThat(client.isClosedByServer()).isFalse();
				assertThat(client.pingTimes()).hasSizeGreaterThanOrEqualTo(5);
			}
		}

		@Test
		void unansweredPingsDoNotCountAsTraffic() throws Exception {
			try (Socket silent = NonReadingSocket.open(this.port, "/echo")) {
				// The raw socket reads nothing and answers no ping.
				long start = System.nanoTime();
				InputStream in = silent.getInputStream();
				silent.setSoTimeout(5000);
				byte[] frame = readUntilClose(in);
				assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(4));
				assertThat(((frame[0] & 0xFF) << 8) | (frame[1] & 0xFF)).isEqualTo(1001);
			}
		}

	}

	@Nested
	@SpringBootTest(classes = TestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
			properties = { "websocket.keep-alive-interval=0", "websocket.send-timeout=500ms" })
	class SendTimeout {

		@LocalServerPort
		int port;

		@Autowired
		TestApplication.Recorder recorder;

		@Autowired
		MeterRegistry meters;

		@Test
		void cutsOffPeerThatNeverReadsWith1008AndKeepsOthersEchoing(CapturedOutput output) throws Exception {
			this.recorder.floodOutcomes.clear();
			try (Socket nonReader = NonReadingSocket.open(this.port, "/flood");
					TestWebSocketClient healthy = TestWebSocketClient
						.connect(URI.create("ws://127.0.0.1:" + this.port + "/echo"))) {
				for (int i = 0; i < 5; i++) {
					healthy.sendText("during flood " + i);
					assertThat(healthy.nextText()).isEqualTo("during flood " + i);
				}
				String outcome = this.recorder.floodOutcomes.poll(15, TimeUnit.SECONDS);
				assertThat(outcome).isNotNull().contains("1008").contains("Send timeout");
				assertThat(output).contains("with 1008: its peer read nothing for websocket.send-timeout (PT0.5S)");
				assertThat(this.meters.get("websocket.send.overflows").tag("endpoint", "/flood").counter().count())
					.isEqualTo(1);
				healthy.sendText("after flood");
				assertThat(healthy.nextText()).isEqualTo("after flood");
			}
		}

	}

	private static byte[] readUntilClose(InputStream in) throws Exception {
		for (int frames = 0; frames < 100; frames++) {
			int first = in.read();
			int second = in.read();
			if (first < 0 || second < 0) {
				throw new AssertionError("Connection ended without a close frame");
			}
			int length = second & 0x7F;
			if (length == 126) {
				length = (in.read() << 8) | in.read();
			}
			byte[] payload = in.readNBytes(length);
			if ((first & 0x0F) == 0x8) {
				return payload;
			}
		}
		throw new AssertionError("No close frame within 100 frames");
	}

}
