package dev.wsboot.server;

import java.net.URI;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import dev.wsboot.test.TestApplication;
import dev.wsboot.test.TestWebSocketClient;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.web.socket.PongMessage;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.WebSocketMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.handler.WebSocketHandlerDecorator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Keep-alive pongs reach what looks at them on every path: wsboot's keep-alive clock and the
 * round-trip metric always, and a connection decorator that says it sees pongs. Where no
 * decorator does, the direct path hands them to supervision without the handler chain.
 */
@Timeout(60)
class PongRouteTests {

	private static final String PROPERTIES_INTERVAL = "websocket.keep-alive-interval=100ms";

	private static final String PROPERTIES_TIMEOUT = "websocket.keep-alive-timeout=300ms";

	@Nested
	@SpringBootTest(classes = { TestApplication.class, PongRouteTests.Watching.class },
			webEnvironment = WebEnvironment.RANDOM_PORT, properties = { PROPERTIES_INTERVAL, PROPERTIES_TIMEOUT })
	class DecoratorThatSeesPongs {

		@LocalServerPort
		int port;

		@Autowired
		PongWatcher watcher;

		@Autowired
		MeterRegistry meters;

		@Test
		void getsThePongsOfALoopEndpointBesideTheKeepAliveClock() throws Exception {
			try (TestWebSocketClient client = TestWebSocketClient.connect(URI.create("ws://127.0.0.1:" + this.port + "/echo"))) {
				int before = this.watcher.pongs.get();
				await().atMost(Duration.ofSeconds(10)).until(() -> this.watcher.pongs.get() >= before + 5);
				assertThat(roundTrips(this.meters)).isPositive();
				client.sendText("still here");
				assertThat(client.nextText()).isEqualTo("still here");
				assertThat(client.isClosedByServer()).isFalse();
			}
		}

	}

	@Nested
	@SpringBootTest(classes = { TestApplication.class, PongRouteTests.NotWatching.class },
			webEnvironment = WebEnvironment.RANDOM_PORT, properties = { PROPERTIES_INTERVAL, PROPERTIES_TIMEOUT })
	class DecoratorThatDoesNotSeePongs {

		@LocalServerPort
		int port;

		@Autowired
		PongWatcher watcher;

		@Autowired
		MeterRegistry meters;

		@Test
		void keepsAnsweringPeersOpenAndTimesTheirRoundTrips() throws Exception {
			try (TestWebSocketClient client = TestWebSocketClient.connect(URI.create("ws://127.0.0.1:" + this.port + "/echo"))) {
				long before = roundTrips(this.meters);
				// Ten answered pings span more than three keep-alive timeouts.
				await().atMost(Duration.ofSeconds(10)).until(() -> roundTrips(this.meters) >= before + 10);
				assertThat(client.pingTimes()).hasSizeGreaterThanOrEqualTo(10);
				assertThat(this.meters.get("websocket.keepalive.timeouts").tag("endpoint", "/echo").counter().count())
					.isZero();
				// Direct I/O, on either container: supervision took the pongs off the socket itself.
				assertThat(this.watcher.pongs.get()).isZero();
				client.sendText("still here");
				assertThat(client.nextText()).isEqualTo("still here");
				assertThat(client.isClosedByServer()).isFalse();
			}
		}

	}

	private static long roundTrips(MeterRegistry meters) {
		return meters.get("websocket.keepalive.rtt").tag("endpoint", "/echo").timer().count();
	}

	/** Counts the pongs that pass the handler it wraps. */
	static final class PongWatcher implements ConnectionDecorator {

		final AtomicInteger pongs = new AtomicInteger();

		private final boolean seesPongs;

		PongWatcher(boolean seesPongs) {
			this.seesPongs = seesPongs;
		}

		@Override
		public WebSocketHandler decorate(String endpoint, WebSocketHandler handler) {
			return new WebSocketHandlerDecorator(handler) {

				@Override
				public void handleMessage(WebSocketSession session, WebSocketMessage<?> message) throws Exception {
					if (message instanceof PongMessage) {
						PongWatcher.this.pongs.incrementAndGet();
					}
					super.handleMessage(session, message);
				}

			};
		}

		@Override
		public boolean seesPongs() {
			return this.seesPongs;
		}

	}

	@TestConfiguration(proxyBeanMethods = false)
	static class Watching {

		@Bean
		PongWatcher pongWatcher() {
			return new PongWatcher(true);
		}

	}

	@TestConfiguration(proxyBeanMethods = false)
	static class NotWatching {

		@Bean
		PongWatcher pongWatcher() {
			return new PongWatcher(false);
		}

	}

}
