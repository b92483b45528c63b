package dev.wsboot.sample;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import dev.wsboot.testing.WebSocketTestClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sample app as a user starts it: the page at {@code /} and the echo at {@code /ws}.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@Timeout(30)
class SampleApplicationTests {

	@LocalServerPort
	int port;

	@Test
	void servesThePageWithConnectSendCloseAndCommunicationLog() throws Exception {
		HttpResponse<String> page = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + "/")).build(),
					HttpResponse.BodyHandlers.ofString());
		assertThat(page.statusCode()).isEqualTo(200);
		assertThat(page.body()).contains("id=\"connectButton\"", "id=\"sendButton\"", "id=\"closeButton\"",
				"Communication Log");
	}

	@Test
	void echoesTextAndBinaryOnWs() {
		try (WebSocketTestClient client = WebSocketTestClient.to(this.port, "/ws").connect()) {
			client.sendText("hello wsboot").expectText("hello wsboot");
			client.sendBinary(new byte[] { 1, 2, 3 });
			assertThat(client.expectBinary()).containsExactly(1, 2, 3);
			assertThat(client.close(1000, "done").code()).isEqualTo(1000);
		}
	}

}
