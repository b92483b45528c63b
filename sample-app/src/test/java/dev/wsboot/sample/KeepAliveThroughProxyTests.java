package dev.wsboot.sample;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import dev.wsboot.sample.RecordingWebSocketListener.Ending;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Keep-alive through a real reverse proxy: nginx with {@code proxy_read_timeout 2s} in front of
 * the sample app, and the JDK's WebSocket client behind it. With the server pinging every 500 ms
 * an idle connection outlives nginx's timeout; without pings nginx cuts it.
 * <p>
 * nginx comes from Docker (Testcontainers) when a Docker engine is available, otherwise from the
 * local binary; see {@link ReverseProxies}.
 */
class KeepAliveThroughProxyTests {

	private static final Logger logger = LoggerFactory.getLogger(KeepAliveThroughProxyTests.class);

	static final Duration PROXY_READ_TIMEOUT = Duration.ofSeconds(2);

	static final Duration WAIT = Duration.ofSeconds(10);

	@Nested
	@SpringBootTest(classes = SampleApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
			properties = "websocket.keep-alive-interval=500ms")
	class WithKeepAliveEvery500Milliseconds {

		@LocalServerPort
		int port;

		ReverseProxy proxy;

		@BeforeEach
		void startProxy() throws IOException {
			this.proxy = ReverseProxies.start(this.port, PROXY_READ_TIMEOUT);
		}

		@AfterEach
		void stopProxy() {
			if (this.proxy != null) {
				this.proxy.close();
			}
		}

		@Test
		@Timeout(value = 45, unit = TimeUnit.SECONDS)
		void idleConnectionSurvivesEightSecondsAndStillEchoes() throws Exception {
			RecordingWebSocketListener listener = new RecordingWebSocketListener();
			try (HttpClient client = httpClient()) {
				WebSocket webSocket = connect(client, this.proxy.webSocketUri("/ws"), listener);

				// Idle for 8 s, four times nginx's read timeout: only the server's pings cross the proxy.
				assertThat(endingWithin(listener, Duration.ofSeconds(8)))
					.as("how the idle connection through nginx ended within 8 s").isEmpty();
				assertThat(listener.pings()).as("pings received through nginx in 8 s").isGreaterThanOrEqualTo(4);

				String text = "still here: Grüße 👋";
				webSocket.sendText(text, true).get(WAIT.toSeconds(), TimeUnit.SECONDS);
				assertThat(listener.nextMessage(WAIT)).as("echo of a text message").isEqualTo(text);

				byte[] bytes = new byte[256];
				for (int i = 0; i < bytes.length; i++) {
					bytes[i] = (byte) i;
				}
				webSocket.sendBinary(ByteBuffer.wrap(bytes), true).get(WAIT.toSeconds(), TimeUnit.SECONDS);
				assertThat(listener.nextMessage(WAIT)).as("echo of a binary message")
					.isInstanceOfSatisfying(byte[].class, (echo) -> assertThat(echo).containsExactly(bytes));

				webSocket.sendClose(WebSocket.NORMAL_CLOSURE, "done").get(WAIT.toSeconds(), TimeUnit.SECONDS);
				assertThat(endingWithin(listener, WAIT)).as("the server's answer to the client's close")
					.hasValueSatisfying((ending) -> assertThat(ending.statusCode()).isEqualTo(1000));
			}
		}

	}

	@Nested
	@SpringBootTest(classes = SampleApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
			properties = "websocket.keep-alive-interval=0")
	class WithKeepAliveOff {

		@LocalServerPort
		int port;

		ReverseProxy proxy;

		@BeforeEach
		void startProxy() throws IOException {
			this.proxy = ReverseProxies.start(this.port, PROXY_READ_TIMEOUT);
		}

		@AfterEach
		void stopProxy() {
			if (this.proxy != null) {
				this.proxy.close();
			}
		}

		@Test
		@Timeout(value = 30, unit = TimeUnit.SECONDS)
		void idleConnectionIsCutByNginxAfterAboutTwoSeconds() throws Exception {
			RecordingWebSocketListener listener = new RecordingWebSocketListener();
			try (HttpClient client = httpClient()) {
				WebSocket webSocket = connect(client, this.proxy.webSocketUri("/ws"), listener);
				webSocket.sendText("hello", true).get(WAIT.toSeconds(), TimeUnit.SECONDS);
				assertThat(listener.nextMessage(WAIT)).as("echo through nginx").isEqualTo("hello");
				long lastTraffic = System.nanoTime();

				Optional<Ending> ending = endingWithin(listener, WAIT);
				assertThat(ending).as("the idle connection is cut by nginx").isPresent();
				double idleSeconds = (ending.get().nanoTime() - lastTraffic) / 1e9;
				logger.info("Idle connection without keep-alive ended after {} s: {}", "%.2f".formatted(idleSeconds),
						ending.get().description());
				assertThat(idleSeconds).as("seconds from the last echo to the cut (proxy_read_timeout 2s)")
					.isBetween(1.5, 5.0);
				assertThat(ending.get().statusCode()).as("nginx drops the connection without a close frame")
					.isNotEqualTo(1000);
				assertThat(listener.pings()).as("pings received with keep-alive off").isZero();
			}
		}

	}

	static HttpClient httpClient() {
		return HttpClient.newBuilder().proxy(HttpClient.Builder.NO_PROXY).connectTimeout(WAIT).build();
	}

	static WebSocket connect(HttpClient client, URI uri, RecordingWebSocketListener listener) throws Exception {
		return client.newWebSocketBuilder()
			.connectTimeout(WAIT)
			.buildAsync(uri, listener)
			.get(WAIT.toSeconds(), TimeUnit.SECONDS);
	}

	static Optional<Ending> endingWithin(RecordingWebSocketListener listener, Duration timeout)
			throws InterruptedException, ExecutionException {
		try {
			return Optional.of(listener.ending().get(timeout.toNanos(), TimeUnit.NANOSECONDS));
		}
		catch (TimeoutException ex) {
			return Optional.empty();
		}
	}

}
