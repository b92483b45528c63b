package dev.wsboot.server;

import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import dev.wsboot.test.TestApplication;
import dev.wsboot.test.TestWebSocketClient;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.logging.LogLevel;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.web.socket.BinaryMessage;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.WebSocketMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.handler.LoggingWebSocketHandlerDecorator;
import org.springframework.web.socket.handler.WebSocketHandlerDecorator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Data messages reach what looks at them on every path: a loop's {@code receive()} and wsboot's
 * metrics always, a connection decorator that says it sees messages, and Spring's message trace
 * when it is on. Where nothing above wsboot's supervision looks, the direct path hands each part
 * to supervision, metrics and the loop without the handler chain.
 */
@Timeout(60)
class MessageRouteTests {

	private static final String SMALL_PARTS = "websocket.receive-buffer-size=1KB";

	@Nested
	@SpringBootTest(classes = { TestApplication.class, MessageRouteTests.Watching.class },
			webEnvironment = WebEnvironment.RANDOM_PORT, properties = SMALL_PARTS)
	class DecoratorThatSeesMessages {

		@LocalServerPort
		int port;

		@Autowired
		MessageWatcher watcher;

		@Autowired
		MeterRegistry meters;

		@Test
		void getsEveryPartOfALoopEndpointsMessages() throws Exception {
			echoesWholeMessagesAndCountsThem(this.port, this.meters);
			// 1 + 3 + 3 parts of at most 1 KB, on any path.
			assertThat(this.watcher.parts.get()).isEqualTo(7);
		}

	}

	@Nested
	@SpringBootTest(classes = { TestApplication.class, MessageRouteTests.NotWatching.class },
			webEnvironment = WebEnvironment.RANDOM_PORT, properties = SMALL_PARTS)
	class DecoratorThatDoesNotSeeMessages {

		@LocalServerPort
		int port;

		@Autowired
		MessageWatcher watcher;

		@Autowired
		MeterRegistry meters;

		@Test
		void leavesReceiveAndTheMetricsWhole() throws Exception {
			echoesWholeMessagesAndCountsThem(this.port, this.meters);
			// Direct I/O, on either container: the parts went past the handler chain.
			assertThat(this.watcher.parts.get()).isZero();
		}

	}

	@Nested
	@SpringBootTest(classes = TestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT)
	@ExtendWith(OutputCaptureExtension.class)
	class SpringMessageTrace {

		private static final String TRACE_LOGGER = LoggingWebSocketHandlerDecorator.class.getName();

		@LocalServerPort
		int port;

		@Test
		void tracesEachMessageOfAConnectionOpenedWhileItIsOn(CapturedOutput output) throws Exception {
			LoggingSystem logging = LoggingSystem.get(getClass().getClassLoader());
			logging.setLogLevel(TRACE_LOGGER, LogLevel.TRACE);
			try (TestWebSocketClient client = TestWebSocketClient.connect(URI.create("ws://127.0.0.1:" + this.port + "/echo"))) {
				client.sendText("trace me");
				assertThat(client.nextText()).isEqualTo("trace me");
			}
			finally {
				// The level is the JVM's, and other tests' connections must take the direct route.
				logging.setLogLevel(TRACE_LOGGER, null);
			}
			assertThat(output).contains("Handling TextMessage payload=[trace me]");
		}

	}

	/** A short text, then a text and a binary message of three parts each; all echoed whole. */
	private static void echoesWholeMessagesAndCountsThem(int port, MeterRegistry meters) throws Exception {
		String text = "é".repeat(1200);
		byte[] binary = new byte[2500];
		Arrays.fill(binary, (byte) 7);
		try (TestWebSocketClient client = TestWebSocketClient.connect(URI.create("ws://127.0.0.1:" + port + "/echo"))) {
			client.sendText("short");
			assertThat(client.nextText()).isEqualTo("short");
			// Two frames, cut by the server into parts of at most 1 KB.
			client.webSocket().sendText(text.substring(0, 700), false).get(10, TimeUnit.SECONDS);
			client.webSocket().sendText(text.substring(700), true).get(10, TimeUnit.SECONDS);
			assertThat(client.nextText()).isEqualTo(text);
			client.sendBinary(binary);
			assertThat(client.nextBinary()).isEqualTo(binary);
		}
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(counter(meters, "websocket.messages", "type", "text")).isEqualTo(2));
		assertThat(counter(meters, "websocket.messages", "type", "binary")).isOne();
		assertThat(counter(meters, "websocket.bytes")).isEqualTo(5 + 2400 + 2500);
	}

	private static double counter(MeterRegistry meters, String name, String... tags) {
		return meters.get(name).tag("endpoint", "/echo").tag("direction", "inbound").tags(tags).counter().count();
	}

	/** Counts the data parts that pass the handler it wraps. */
	static final class MessageWatcher implements ConnectionDecorator {

		final AtomicInteger parts = new AtomicInteger();

		private final boolean seesMessages;

		MessageWatcher(boolean seesMessages) {
			this.seesMessages = seesMessages;
		}

		@Override
		public WebSocketHandler decorate(String endpoint, WebSocketHandler handler) {
			return new WebSocketHandlerDecorator(handler) {

				@Override
				public void handleMessage(WebSocketSession session, WebSocketMessage<?> message) throws Exception {
					if (message instanceof TextMessage || message instanceof BinaryMessage) {
						MessageWatcher.this.parts.incrementAndGet();
					}
					super.handleMessage(session, message);
				}

			};
		}

		@Override
		public boolean seesMessages() {
			return this.seesMessages;
		}

	}

	@TestConfiguration(proxyBeanMethods = false)
	static class Watching {

		@Bean
		MessageWatcher messageWatcher() {
			return new MessageWatcher(true);
		}

	}

	@TestConfiguration(proxyBeanMethods = false)
	static class NotWatching {

		@Bean
		MessageWatcher messageWatcher() {
			return new MessageWatcher(false);
		}

	}

}
