package dev.wsboot.server.supervision;

import java.net.URI;
import java.time.Duration;
import java.util.List;

import dev.wsboot.test.TestApplication;
import dev.wsboot.test.TestWebSocketClient;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link KeepAliveScheduler}: keep-alive pings as an idle client sees them.
 */
@Timeout(30)
class KeepAliveSchedulerTests {

	@Nested
	@SpringBootTest(classes = TestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
			properties = "websocket.keep-alive-interval=200ms")
	class WithInterval {

		@LocalServerPort
		int port;

		@Test
		void pingsIdleConnectionAtConfiguredInterval() throws Exception {
			try (TestWebSocketClient client = TestWebSocketClient.connect(URI.create("ws://127.0.0.1:" + this.port + "/echo"))) {
				Thread.sleep(1200);
				List<Long> pings = List.copyOf(client.pingTimes());
				assertThat(pings).hasSizeGreaterThanOrEqualTo(4).hasSizeLessThanOrEqualTo(8);
				for (int i = 1; i < pings.size(); i++) {
					// Fixed-rate scheduling keeps each gap near the interval even on a busy machine.
					assertThat(Duration.ofNanos(pings.get(i) - pings.get(i - 1))).isBetween(Duration.ofMillis(50),
							Duration.ofMillis(450));
				}
				client.sendText("still here");
				assertThat(client.nextText()).isEqualTo("still here");
			}
		}

	}

	@Nested
	@SpringBootTest(classes = TestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
			properties = "websocket.keep-alive-interval=0")
	class Off {

		@LocalServerPort
		int port;

		@Test
		void sendsNoPingsWhenIntervalIsZero() throws Exception {
			try (TestWebSocketClient client = TestWebSocketClient.connect(URI.create("ws://127.0.0.1:" + this.port + "/echo"))) {
				Thread.sleep(1200);
				assertThat(client.pingTimes()).isEmpty();
				client.sendText("still here");
				assertThat(client.nextText()).isEqualTo("still here");
			}
		}

	}

}
