package dev.wsboot.server.resume;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import dev.wsboot.CloseStatus;
import dev.wsboot.WebSocketBroadcaster;
import dev.wsboot.testing.TcpProxy;
import dev.wsboot.test.ThreadDumps;
import dev.wsboot.testing.ResumableWebSocketClient;
import dev.wsboot.testing.WebSocketTestClient;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link ResumableConnection} and {@link ResumableEndpoint}: clients that drop and come
 * back through a TCP proxy, on real Tomcat.
 */
@Timeout(120)
class ResumableConnectionTests {

	@Nested
	@SpringBootTest(classes = ResumeTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
			properties = "websocket.resume.timeout=5s")
	class SameInstance {

		@LocalServerPort
		int port;

		@Autowired
		ResumeTestApplication.Received received;

		@Autowired
		MeterRegistry meters;

		@Test
		void aClientCutMidStreamAndItsServerEachGetEveryMessageOnceInOrder() throws Exception {
			try (TcpProxy proxy = new TcpProxy(this.port);
					ResumableWebSocketClient client = ResumableWebSocketClient
						.connect(URI.create("ws://127.0.0.1:" + proxy.port() + "/numbered"), Duration.ofSeconds(20))) {
				client.send("cut 10000");
				Thread clientSender = Thread.ofVirtual().start(() -> {
					for (int i = 1; i <= 1000; i++) {
						client.send("c" + i);
					}
				});
				List<String> fromServer = new ArrayList<>();
				for (int i = 1; i <= 10_000; i++) {
					try {
						fromServer.add(client.nextText());
					}
					catch (AssertionError ex) {
						throw new AssertionError("Message " + i + ": " + ex.getMessage() + "\n"
								+ ThreadDumps.wsbootStacks("resume-cut"), ex);
					}
					if (i == 2_500) {
						proxy.cut();
					}
				}
				clientSender.join(Duration.ofSeconds(20));
				assertThat(fromServer).isEqualTo(numbered("s", 10_000));
				assertThat(client.resumes()).isGreaterThanOrEqualTo(1);
				await().atMost(Duration.ofSeconds(20))
					.untilAsserted(() -> assertThat(this.received.messages.get("cut")).hasSize(1000));
				assertThat(this.received.messages.get("cut")).isEqualTo(numbered("c", 1000));
				assertThat(this.meters.get("websocket.resumes").tag("endpoint", "/numbered")
					.tag("outcome", "resumed").counter().count()).isGreaterThanOrEqualTo(1);
			}
		}

		@Test
		void aCleanCloseByTheClientEndsTheHandlersLoopAtOnce() {
			try (ResumableWebSocketClient client = ResumableWebSocketClient
				.connect(URI.create("ws://127.0.0.1:" + this.port + "/numbered"))) {
				client.send("clean 1");
				assertThat(client.nextText()).isEqualTo("s1");
				client.send("bye");
			}
			await().atMost(Duration.ofSeconds(3))
				.untilAsserted(() -> assertThat(this.received.ends.get("clean")).isEqualTo(CloseStatus.NORMAL));
			assertThat(this.received.messages.get("clean")).containsExactly("bye");
		}

		@Test
		void aClientThatDoesNotSpeakTheProtocolGetsAnOrdinaryConnection() {
			try (WebSocketTestClient client = WebSocketTestClient.to(this.port, "/echo").connect()) {
				client.sendText("plain");
				client.expectText("plain");
				assertThat(client.subprotocol()).isEmpty();
			}
		}

		@Test
		void anUnknownTokenIsRefusedWith4404AndCounted() throws Exception {
			double before = refused();
			RawResumeClient raw = RawResumeClient.connect(this.port, "/numbered");
			raw.send("rNoSuchToken:0");
			assertThat(raw.closed().get(5, TimeUnit.SECONDS)).isEqualTo(4404);
			assertThat(refused()).isEqualTo(before + 1);
		}

		@Test
		void aHelloThatIsNeitherNewNorResumeIsAProtocolError() throws Exception {
			RawResumeClient raw = RawResumeClient.connect(this.port, "/numbered");
			raw.send("hello");
			assertThat(raw.closed().get(5, TimeUnit.SECONDS)).isEqualTo(1002);
		}

		@Test
		void aClientThatStaysAwayPastTheTimeoutEndsTheLoopAndItsTokenIsRefused() throws Exception {
			double expiredBefore = this.meters.get("websocket.resume.expired").tag("endpoint", "/numbered")
				.tag("reason", "timeout").counter().count();
			RawResumeClient raw = RawResumeClient.connect(this.port, "/numbered");
			raw.send("n");
			String welcome = raw.next();
			assertThat(welcome).startsWith("w");
			raw.send("mgone 3");
			assertThat(raw.next()).isEqualTo("ms1");
			raw.abort();
			await().atMost(Duration.ofSeconds(15))
				.untilAsserted(() -> assertThat(this.received.ends.get("gone")).isEqualTo(ResumeSession.EXPIRED));
			assertThat(this.meters.get("websocket.resume.expired").tag("endpoint", "/numbered")
				.tag("reason", "timeout").counter().count()).isEqualTo(expiredBefore + 1);
			RawResumeClient late = RawResumeClient.connect(this.port, "/numbered");
			late.send("r" + welcome.substring(1) + ":1");
			assertThat(late.closed().get(5, TimeUnit.SECONDS)).isEqualTo(4404);
		}

		@Test
		void aResumedClientGetsWhatItMissedWhileTheHeldBytesAreMetered() throws Exception {
			double replayedBefore = this.meters.get("websocket.resume.replayed").tag("endpoint", "/numbered")
				.counter().count();
			RawResumeClient raw = RawResumeClient.connect(this.port, "/numbered");
			raw.send("n");
			String token = raw.next().substring(1);
			raw.send("mmissed 5");
			assertThat(raw.next()).isEqualTo("ms1");
			raw.abort();
			// Five messages of three bytes each wait for the client, none acknowledged.
			await().atMost(Duration.ofSeconds(5)).until(() -> heldBytes() >= 15);
			RawResumeClient back = RawResumeClient.connect(this.port, "/numbered");
			back.send("r" + token + ":1");
			assertThat(back.next()).startsWith("s1:");
			assertThat(List.of(back.next(), back.next(), back.next(), back.next()))
				.containsExactly("ms2", "ms3", "ms4", "ms5");
			assertThat(heldBytes()).isZero();
			assertThat(this.meters.get("websocket.resume.replayed").tag("endpoint", "/numbered").counter().count())
				.isEqualTo(replayedBefore + 4);
			back.send("mdone");
			await().atMost(Duration.ofSeconds(5))
				.untilAsserted(() -> assertThat(this.received.messages.get("missed")).containsExactly("done"));
		}

		private double heldBytes() {
			return this.meters.get("websocket.resume.held").tag("endpoint", "/numbered").gauge().value();
		}

		private double refused() {
			return this.meters.get("websocket.resumes").tag("endpoint", "/numbered").tag("outcome", "refused")
				.counter().count();
		}

	}

	@Nested
	@SpringBootTest(classes = ResumeTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
			properties = { "websocket.resume.timeout=5s", "websocket.direct-io=false" })
	class SameInstanceOnTheContainersImplementation extends SameInstance {

	}

	@Nested
	@SpringBootTest(classes = ResumeTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
			properties = { "websocket.resume.timeout=60s", "websocket.resume.buffer-limit=16KB" })
	class BufferLimit {

		private static final int CLIENTS = 1000;

		@LocalServerPort
		int port;

		@Autowired
		ResumeTestApplication.Received received;

		@Autowired
		MeterRegistry meters;

		@Autowired
		WebSocketBroadcaster broadcaster;

		@Autowired
		ResumeRegistry registry;

		@Test
		void aThousandAbsentClientsHoldNoMoreThanTheLimitEachAndEndWith1008WhenItIsPassed() throws Exception {
			HttpClient http = HttpClient.newHttpClient();
			List<RawResumeClient> clients = new ArrayList<>();
			for (int i = 0; i < CLIENTS; i++) {
				RawResumeClient client = RawResumeClient.connect(http, this.port, "/group");
				client.send("n");
				assertThat(client.next()).startsWith("w");
				client.send("mg" + i + " everyone");
				// The server may acknowledge the client's message before the handler answers
				// it: its acknowledgement timer runs every 200 ms (docs/RESUME.md).
				assertThat(client.nextSkippingAcknowledgements()).isEqualTo("mjoined");
				clients.add(client);
			}
			clients.forEach(RawResumeClient::abort);
			// Every transport is gone and every connection waits for its client.
			await().atMost(Duration.ofSeconds(30)).until(() -> allParked(CLIENTS));
			assertThat(this.received.ends).isEmpty();
			double maxHeld = 0;
			String kilobyte = "x".repeat(1024);
			// 20 KB each: the 17th message passes the 16 KB limit of every connection.
			for (int i = 0; i < 20; i++) {
				this.broadcaster.sendToGroup("everyone", dev.wsboot.WebSocketMessage.text(kilobyte));
				maxHeld = Math.max(maxHeld, heldBytes());
			}
			await().atMost(Duration.ofSeconds(30)).until(() -> this.received.ends.size() == CLIENTS);
			assertThat(this.received.ends.values()).containsOnly(ResumeSession.BUFFER_EXCEEDED);
			assertThat(maxHeld).isLessThanOrEqualTo(CLIENTS * 16.0 * 1024);
			assertThat(heldBytes()).isZero();
			assertThat(this.registry.size()).isZero();
			assertThat(this.meters.get("websocket.resume.expired").tag("endpoint", "/group")
				.tag("reason", "buffer_limit").counter().count()).isEqualTo(CLIENTS);
		}

		private boolean allParked(int count) {
			return this.meters.get("websocket.connections.active").tag("endpoint", "/group").gauge().value() == 0
					&& this.registry.size() == count;
		}

		private double heldBytes() {
			return this.meters.get("websocket.resume.held").tag("endpoint", "/group").gauge().value();
		}

	}

	private static List<String> numbered(String prefix, int count) {
		List<String> expected = new ArrayList<>(count);
		for (int i = 1; i <= count; i++) {
			expected.add(prefix + i);
		}
		return expected;
	}

	/** The subprotocol spoken by hand, to send what a well-behaved client would not. */
	static final class RawResumeClient implements WebSocket.Listener {

		private final BlockingQueue<String> texts = new LinkedBlockingQueue<>();

		private final CompletableFuture<Integer> closed = new CompletableFuture<>();

		private final StringBuilder text = new StringBuilder();

		private WebSocket webSocket;

		static RawResumeClient connect(int port, String path) throws Exception {
			return connect(HttpClient.newHttpClient(), port, path);
		}

		static RawResumeClient connect(HttpClient http, int port, String path) throws Exception {
			RawResumeClient client = new RawResumeClient();
			client.webSocket = http
				.newWebSocketBuilder()
				.subprotocols(ResumeFrames.SUBPROTOCOL)
				.buildAsync(URI.create("ws://127.0.0.1:" + port + path), client)
				.get(5, TimeUnit.SECONDS);
			return client;
		}

		void send(String message) throws Exception {
			this.webSocket.sendText(message, true).get(5, TimeUnit.SECONDS);
		}

		String next() throws InterruptedException {
			String next = this.texts.poll(5, TimeUnit.SECONDS);
			assertThat(next).as("a message within 5 s").isNotNull();
			return next;
		}

		String nextSkippingAcknowledgements() throws InterruptedException {
			for (int i = 0; i < 100; i++) {
				String next = next();
				if (!next.matches("a[0-9]+")) {
					return next;
				}
			}
			throw new AssertionError("Only acknowledgements arrived");
		}

		CompletableFuture<Integer> closed() {
			return this.closed;
		}

		void abort() {
			this.webSocket.abort();
		}

		@Override
		public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
			this.text.append(data);
			if (last) {
				this.texts.add(this.text.toString());
				this.text.setLength(0);
			}
			webSocket.request(1);
			return null;
		}

		@Override
		public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
			this.closed.complete(statusCode);
			return null;
		}

		@Override
		public void onError(WebSocket webSocket, Throwable error) {
			this.closed.complete(1006);
		}

	}

}
