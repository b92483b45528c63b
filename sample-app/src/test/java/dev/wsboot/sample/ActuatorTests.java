package dev.wsboot.sample;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The sample's actuator endpoints as an operator reads them: health, metrics, the Prometheus
 * scrape and the websockets endpoint.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@Timeout(60)
class ActuatorTests {

	private static final Pattern SERIES = Pattern.compile("websocket_[a-z_]+");

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private final JsonMapper json = JsonMapper.builder().build();

	@LocalServerPort
	int port;

	private static JsonNode endpoint(JsonNode body, String path) {
		for (JsonNode endpoint : body.get("endpoints")) {
			if (endpoint.get("path").asString().equals(path)) {
				return endpoint;
			}
		}
		throw new AssertionError("No endpoint " + path + " in " + body);
	}

	@Test
	void listsTheEchoEndpointWithItsOpenConnectionAndSettings() throws Exception {
		WebSocket webSocket = connect();
		try {
			await().atMost(Duration.ofSeconds(10))
				.until(() -> endpoint(webSockets(), "/ws").get("activeConnections").asInt() == 1);
			JsonNode body = webSockets();
			assertThat(body.propertyNames()).containsExactly("endpoints");
			List<String> paths = new ArrayList<>();
			body.get("endpoints").forEach((endpoint) -> paths.add(endpoint.get("path").asString()));
			assertThat(paths).containsExactlyInAnyOrder("/ws", "/chat/{room}");
			assertThat(endpoint(body, "/chat/{room}").get("activeConnections").asInt()).isZero();
			JsonNode echo = endpoint(body, "/ws");
			assertThat(echo.propertyNames()).containsExactlyInAnyOrder("path", "handler", "subprotocols",
					"activeConnections", "settings");
			assertThat(echo.get("path").asString()).isEqualTo("/ws");
			assertThat(echo.get("handler").asString())
				.isEqualTo("dev.wsboot.sample.EchoController#echo(WebSocketConnection)");
			// The echo is resumable: it offers the resume subprotocol, and nothing else.
			assertThat(echo.get("subprotocols").isArray()).isTrue();
			assertThat(echo.get("subprotocols").size()).isOne();
			assertThat(echo.get("subprotocols").get(0).asString()).isEqualTo("wsboot.resume.v1");
			assertThat(echo.get("activeConnections").asInt()).isEqualTo(1);
			JsonNode settings = echo.get("settings");
			assertThat(settings.propertyNames()).containsExactlyInAnyOrder("keepAliveInterval", "keepAliveTimeout",
					"receiveBufferSize", "maxMessageSize", "inboundQueueCapacity", "sendTimeout", "idleTimeout",
					"maxConnections", "compression", "shutdownCloseTimeout");
			assertThat(settings.get("keepAliveTimeout").asString()).isEqualTo("PT0S");
			assertThat(settings.get("sendTimeout").asString()).isEqualTo("PT10S");
			assertThat(settings.get("idleTimeout").asString()).isEqualTo("PT0S");
			assertThat(settings.get("maxConnections").asInt()).isEqualTo(-1);
			assertThat(settings.get("compression").asBoolean()).isTrue();
			assertThat(settings.get("shutdownCloseTimeout").asString()).isEqualTo("PT10S");
			// As application.yml sets them, and the defaults for the rest.
			assertThat(settings.get("keepAliveInterval").asString()).isEqualTo("PT30S");
			assertThat(settings.get("receiveBufferSize").asInt()).isEqualTo(4096);
			assertThat(settings.get("maxMessageSize").asLong()).isEqualTo(1024 * 1024);
			assertThat(settings.get("inboundQueueCapacity").asInt()).isEqualTo(16);
		}
		finally {
			webSocket.sendClose(WebSocket.NORMAL_CLOSURE, "done").get(10, TimeUnit.SECONDS);
		}
		await().atMost(Duration.ofSeconds(10))
			.until(() -> webSockets().get("endpoints").get(0).get("activeConnections").asInt() == 0);
	}

	@Test
	void servesTheWebSocketMetersToPrometheusAndTheMetricsEndpoint() throws Exception {
		WebSocket webSocket = connect();
		try {
			webSocket.sendText("metered", true).get(10, TimeUnit.SECONDS);
		}
		finally {
			webSocket.sendClose(WebSocket.NORMAL_CLOSURE, "done").get(10, TimeUnit.SECONDS);
		}
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(get("/actuator/prometheus").body())
				.contains("websocket_connection_duration_seconds_count{code=\"1000\",endpoint=\"/ws\"}"));
		HttpResponse<String> scrape = get("/actuator/prometheus");
		assertThat(scrape.statusCode()).isEqualTo(200);
		assertThat(scrape.body()).contains("websocket_handshakes_total{endpoint=\"/ws\",outcome=\"accepted\",reason=\"none\"}",
				"websocket_connections_active{endpoint=\"/ws\"}",
				"websocket_messages_total{direction=\"inbound\",endpoint=\"/ws\",type=\"text\"}",
				"websocket_bytes_total{direction=\"outbound\",endpoint=\"/ws\"}",
				"websocket_keepalive_rtt_seconds_bucket{endpoint=\"/ws\",le=");
		HttpResponse<String> names = get("/actuator/metrics");
		assertThat(this.json.readTree(names.body()).get("names").values()).extracting(JsonNode::asString)
			.contains("websocket.handshakes", "websocket.connections.active", "websocket.connection.duration",
					"websocket.messages", "websocket.bytes", "websocket.keepalive.rtt",
					"websocket.keepalive.timeouts", "websocket.send.overflows");
		JsonNode messages = this.json.readTree(get("/actuator/metrics/websocket.messages?tag=endpoint:/ws"
				+ "&tag=direction:inbound&tag=type:text").body());
		assertThat(messages.get("measurements").get(0).get("value").asDouble()).isGreaterThanOrEqualTo(1);
	}

	@Test
	void dashboardQueriesOnlySeriesThatTheScrapeServes() throws Exception {
		JsonNode dashboard = this.json.readTree(Files.readString(Path.of("..", "docs", "grafana-dashboard.json")));
		Set<String> queried = new TreeSet<>();
		for (JsonNode panel : dashboard.get("panels").values()) {
			if (panel.has("targets")) {
				for (JsonNode target : panel.get("targets").values()) {
					Matcher series = SERIES.matcher(target.get("expr").asString());
					while (series.find()) {
						queried.add(series.group());
					}
				}
			}
		}
		assertThat(queried).hasSizeGreaterThanOrEqualTo(9);
		WebSocket webSocket = connect();
		webSocket.sendClose(WebSocket.NORMAL_CLOSURE, "done").get(10, TimeUnit.SECONDS);
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(get("/actuator/prometheus").body())
				.contains("websocket_connection_duration_seconds_count{"));
		String scrape = get("/actuator/prometheus").body();
		// Errors get a series on the first failure, with its exception tag; the sample has none.
		queried.remove("websocket_errors_total");
		assertThat(queried).allSatisfy((name) -> assertThat(scrape).contains("\n" + name + "{"));
	}

	@Test
	void reportsHealthUp() throws Exception {
		HttpResponse<String> health = get("/actuator/health");
		assertThat(health.statusCode()).isEqualTo(200);
		assertThat(this.json.readTree(health.body()).get("status").asString()).isEqualTo("UP");
	}

	private JsonNode webSockets() throws Exception {
		HttpResponse<String> response = get("/actuator/websockets");
		assertThat(response.statusCode()).isEqualTo(200);
		return this.json.readTree(response.body());
	}

	private WebSocket connect() {
		BlockingQueue<CharSequence> received = new LinkedBlockingQueue<>();
		return this.http.newWebSocketBuilder()
			.buildAsync(URI.create("ws://127.0.0.1:" + this.port + "/ws"), new WebSocket.Listener() {

				@Override
				public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
					received.add(data);
					ws.request(1);
					return null;
				}

			})
			.orTimeout(10, TimeUnit.SECONDS)
			.join();
	}

	private HttpResponse<String> get(String path) throws Exception {
		return this.http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path))
			.timeout(Duration.ofSeconds(10))
			.build(), HttpResponse.BodyHandlers.ofString());
	}

}
