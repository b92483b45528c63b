package dev.wsboot.metrics;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import dev.wsboot.test.TestWebSocketClient;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The WebSocket meters after one scripted session on a real server (run once for the class),
 * read from the registry and from the Prometheus scrape, one behaviour per test.
 */
@SpringBootTest(classes = MetricsTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "websocket.max-message-size=1KB", "websocket.keep-alive-interval=100ms",
				"management.endpoints.web.exposure.include=prometheus" })
@Timeout(60)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WebSocketMetricsTests {

	private static final String ECHO = "/metrics/echo";

	private static final String ROOMS = "/metrics/rooms/{room}";

	private static final String FAIL = "/metrics/fail";

	private static final int CONNECTIONS = 3;

	private static final int TEXTS = 4;

	private static final int BINARIES = 2;

	/** 50 characters, 100 bytes in UTF-8: the meters count bytes on the wire. */
	private static final String TEXT = "ü".repeat(50);

	private static final int TEXT_BYTES = 100;

	private static final int BINARY_BYTES = 200;

	private static final int OVERSIZE_BYTES = 2000;

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	@LocalServerPort
	int port;

	@Autowired
	MeterRegistry registry;

	@BeforeAll
	void runTheScriptedSession() throws Exception {
		runScript();
		// Closes are reported from the container's threads once the closing handshake is done.
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(this.registry.find("websocket.connection.duration")
				.timers()
				.stream()
				.mapToLong(Timer::count)
				.sum()).isEqualTo(CONNECTIONS + 3));
	}

	@Test
	void leavesNoConnectionActiveAndCountsNoTimeoutOverflowOrRefusalThatDidNotHappen() {
		for (String endpoint : List.of(ECHO, ROOMS, FAIL)) {
			assertThat(this.registry.get("websocket.connections.active").tag("endpoint", endpoint).gauge().value())
				.as("active on %s", endpoint)
				.isZero();
			assertThat(counter("websocket.keepalive.timeouts", endpoint)).isZero();
			assertThat(counter("websocket.send.overflows", endpoint)).isZero();
			for (String reason : List.of("origin", "limit", "subprotocol")) {
				assertThat(counter("websocket.handshakes", endpoint, "outcome", "rejected", "reason", reason)).isZero();
			}
		}
	}

	@Test
	void countsHandshakesByEndpointOutcomeAndReason() {
		assertThat(counter("websocket.handshakes", ECHO, "outcome", "accepted", "reason", "none")).isEqualTo(CONNECTIONS + 1);
		assertThat(counter("websocket.handshakes", ECHO, "outcome", "rejected", "reason", "not_websocket")).isEqualTo(1);
		assertThat(counter("websocket.handshakes", ROOMS, "outcome", "accepted", "reason", "none")).isEqualTo(1);
		assertThat(counter("websocket.handshakes", ROOMS, "outcome", "rejected", "reason", "not_websocket")).isZero();
		assertThat(counter("websocket.handshakes", FAIL, "outcome", "accepted", "reason", "none")).isEqualTo(1);
	}

	@Test
	void countsMessagesAndBytesOnTheWireByDirectionAndType() {
		// The oversize message is refused from its frame header, before its payload is read: it
		// is not counted as received.
		assertThat(counter("websocket.messages", ECHO, "direction", "inbound", "type", "text"))
			.isEqualTo(CONNECTIONS * TEXTS);
		assertThat(counter("websocket.messages", ECHO, "direction", "inbound", "type", "binary"))
			.isEqualTo(CONNECTIONS * BINARIES);
		assertThat(counter("websocket.messages", ECHO, "direction", "outbound", "type", "text"))
			.isEqualTo(CONNECTIONS * TEXTS);
		assertThat(counter("websocket.messages", ECHO, "direction", "outbound", "type", "binary"))
			.isEqualTo(CONNECTIONS * BINARIES);
		assertThat(counter("websocket.bytes", ECHO, "direction", "inbound"))
			.isEqualTo(CONNECTIONS * (TEXTS * TEXT_BYTES + BINARIES * BINARY_BYTES));
		assertThat(counter("websocket.bytes", ECHO, "direction", "outbound"))
			.isEqualTo(CONNECTIONS * (TEXTS * TEXT_BYTES + BINARIES * BINARY_BYTES));

		assertThat(counter("websocket.messages", ROOMS, "direction", "inbound", "type", "text")).isEqualTo(2);
		assertThat(counter("websocket.messages", ROOMS, "direction", "outbound", "type", "text")).isEqualTo(2);
		assertThat(counter("websocket.messages", ROOMS, "direction", "inbound", "type", "binary")).isZero();
		assertThat(counter("websocket.bytes", ROOMS, "direction", "inbound")).isEqualTo(2 * "hello".length());
		assertThat(counter("websocket.bytes", ROOMS, "direction", "outbound")).isEqualTo(2 * "ack".length());

		assertThat(counter("websocket.messages", FAIL, "direction", "inbound", "type", "text")).isEqualTo(1);
		assertThat(counter("websocket.messages", FAIL, "direction", "outbound", "type", "text")).isZero();
	}

	@Test
	void timesConnectionsByCloseCode() {
		assertThat(closes(ECHO, "1000")).isEqualTo(CONNECTIONS);
		assertThat(closes(ECHO, "1009")).isEqualTo(1);
		assertThat(closes(ROOMS, "1000")).isEqualTo(1);
		assertThat(closes(FAIL, "1011")).isEqualTo(1);
	}

	@Test
	void countsTheHandlersFailureByExceptionOnly() {
		assertThat(this.registry.find("websocket.errors").counters())
			.as("websocket.errors: %s", this.registry.find("websocket.errors").counters().stream()
				.map((counter) -> counter.getId().getTags() + "=" + counter.count()).toList())
			.singleElement().satisfies((errors) -> {
			assertThat(errors.getId().getTag("endpoint")).isEqualTo(FAIL);
			assertThat(errors.getId().getTag("exception")).isEqualTo("IllegalStateException");
			assertThat(errors.count()).isEqualTo(1);
		});
	}

	@Test
	void timesKeepAliveRoundTrips() {
		assertThat(this.registry.get("websocket.keepalive.rtt").tag("endpoint", ECHO).timer().count()).isPositive();
	}

	@Test
	void showsTheMetersInThePrometheusScrapeUnderPathTemplatesOnly() throws Exception {
		String scrape = get("/actuator/prometheus").body();
		assertThat(scrape).contains(
				"websocket_handshakes_total{endpoint=\"/metrics/echo\",outcome=\"accepted\",reason=\"none\"} 4.0",
				"websocket_handshakes_total{endpoint=\"/metrics/echo\",outcome=\"rejected\",reason=\"not_websocket\"} 1.0",
				"websocket_handshakes_total{endpoint=\"/metrics/echo\",outcome=\"rejected\",reason=\"origin\"} 0.0",
				"websocket_connections_active{endpoint=\"/metrics/echo\"} 0.0",
				"websocket_connections_active{endpoint=\"/metrics/rooms/{room}\"} 0.0",
				"websocket_connection_duration_seconds_count{code=\"1009\",endpoint=\"/metrics/echo\"} 1",
				"websocket_connection_duration_seconds_count{code=\"1011\",endpoint=\"/metrics/fail\"} 1",
				"websocket_messages_total{direction=\"inbound\",endpoint=\"/metrics/echo\",type=\"binary\"} 6.0",
				"websocket_messages_total{direction=\"outbound\",endpoint=\"/metrics/rooms/{room}\",type=\"text\"} 2.0",
				"websocket_bytes_total{direction=\"outbound\",endpoint=\"/metrics/echo\"} 2400.0",
				"websocket_keepalive_rtt_seconds_bucket{endpoint=\"/metrics/echo\",le=",
				"websocket_keepalive_timeouts_total{endpoint=\"/metrics/echo\"} 0.0",
				"websocket_send_overflows_total{endpoint=\"/metrics/echo\"} 0.0",
				"websocket_errors_total{endpoint=\"/metrics/fail\",exception=\"IllegalStateException\"} 1.0");
		// Only path templates: no concrete room, connection id or address.
		assertThat(scrape).doesNotContain("lobby");
	}

	private void runScript() throws Exception {
		List<TestWebSocketClient> echoClients = new ArrayList<>();
		byte[] binary = new byte[BINARY_BYTES];
		Arrays.fill(binary, (byte) 7);
		for (int i = 0; i < CONNECTIONS; i++) {
			TestWebSocketClient client = TestWebSocketClient.connect(ws(ECHO));
			echoClients.add(client);
			for (int j = 0; j < TEXTS; j++) {
				client.sendText(TEXT);
				assertThat(client.nextText()).isEqualTo(TEXT);
			}
			for (int j = 0; j < BINARIES; j++) {
				client.sendBinary(binary);
				assertThat(client.nextBinary()).isEqualTo(binary);
			}
		}
		// Let the keep-alive pings of the open connections come back as pongs.
		await().atMost(Duration.ofSeconds(10))
			.until(() -> this.registry.get("websocket.keepalive.rtt").tag("endpoint", ECHO).timer().count() > 0);
		for (TestWebSocketClient client : echoClients) {
			closeNormally(client);
		}

		try (TestWebSocketClient client = TestWebSocketClient.connect(ws("/metrics/rooms/lobby"))) {
			client.sendText("hello");
			assertThat(client.nextText()).isEqualTo("ack");
			client.sendText("hello");
			assertThat(client.nextText()).isEqualTo("ack");
			closeNormally(client);
		}

		try (TestWebSocketClient client = TestWebSocketClient.connect(ws(FAIL))) {
			client.sendText("x");
			assertThat(client.awaitClose(Duration.ofSeconds(10))).isEqualTo(1011);
		}

		try (TestWebSocketClient client = TestWebSocketClient.connect(ws(ECHO))) {
			client.sendText("x".repeat(OVERSIZE_BYTES));
			assertThat(client.awaitClose(Duration.ofSeconds(10))).isEqualTo(1009);
		}

		HttpResponse<String> plainGet = get(ECHO);
		assertThat(plainGet.statusCode()).isEqualTo(400);
	}

	private void closeNormally(TestWebSocketClient client) {
		client.sendClose(1000, "bye");
		assertThat(client.awaitClose(Duration.ofSeconds(10))).isEqualTo(1000);
		client.close();
	}

	private double counter(String name, String endpoint, String... tags) {
		Counter counter = this.registry.get(name).tag("endpoint", endpoint).tags(tags).counter();
		return counter.count();
	}

	private long closes(String endpoint, String code) {
		return this.registry.get("websocket.connection.duration").tags("endpoint", endpoint, "code", code).timer().count();
	}

	private HttpResponse<String> get(String path) throws Exception {
		return this.http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path))
			.timeout(Duration.ofSeconds(10))
			.build(), HttpResponse.BodyHandlers.ofString());
	}

	private URI ws(String path) {
		return URI.create("ws://127.0.0.1:" + this.port + path);
	}

}
