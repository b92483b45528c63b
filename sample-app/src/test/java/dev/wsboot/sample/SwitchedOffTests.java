package dev.wsboot.sample;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import dev.wsboot.WebSocketBroadcaster;
import dev.wsboot.broadcast.DisabledWebSocketBroadcaster;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sample with {@code websocket.enabled=false}, as when another WebSocket stack takes over:
 * it starts although its chat injects the broadcaster, serves its page, and serves no endpoint.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "websocket.enabled=false")
@Timeout(30)
class SwitchedOffTests {

	@LocalServerPort
	int port;

	@Autowired
	WebSocketBroadcaster broadcaster;

	@Test
	void startsServesThePageAndNoEndpoint() throws Exception {
		HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
		HttpResponse<String> page = http.send(HttpRequest.newBuilder(uri("/")).build(),
				HttpResponse.BodyHandlers.ofString());
		assertThat(page.statusCode()).isEqualTo(200);
		HttpResponse<String> endpoint = http.send(HttpRequest.newBuilder(uri("/ws")).build(),
				HttpResponse.BodyHandlers.ofString());
		assertThat(endpoint.statusCode()).isEqualTo(404);
	}

	@Test
	void countsBroadcastsThatReachNobody() {
		assertThat(this.broadcaster).isInstanceOf(DisabledWebSocketBroadcaster.class);
		this.broadcaster.sendToGroup("room", "hello");
		this.broadcaster.sendToEndpoint("/chat", "hello");
		assertThat(((DisabledWebSocketBroadcaster) this.broadcaster).getDroppedCount()).isEqualTo(2);
	}

	private URI uri(String path) {
		return URI.create("http://127.0.0.1:" + this.port + path);
	}

}
