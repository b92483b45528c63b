package dev.wsboot.sample;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

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
	void echoesTextAndBinaryOnWs() throws Exception {
		BlockingQueue<Object> received = new LinkedBlockingQueue<>();
		WebSocket webSocket = HttpClient.newHttpClient()
			.newWebSocketBuilder()
			.buildAsync(URI.create("ws://127.0.0.1:" + this.port + "/ws"), new WebSocket.Listener() {

				@Override
				public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
					received.add(data.toString());
					ws.request(1);
					return null;
				}

				@Override
				public CompletionStage<?> onBinary(WebSocket ws, ByteBuffer data, boolean last) {
					byte[] bytes = new byte[data.remaining()];
					data.get(bytes);
					received.add(bytes);
					ws.request(1);
					return null;
				}

			})
			.orTimeout(10, TimeUnit.SECONDS)
			.join();
		try {
			webSocket.sendText("hello wsboot", true).join();
			assertThat(received.poll(10, TimeUnit.SECONDS)).isEqualTo("hello wsboot");
			webSocket.sendBinary(ByteBuffer.wrap(new byte[] { 1, 2, 3 }), true).join();
			assertThat(received.poll(10, TimeUnit.SECONDS)).isEqualTo(new byte[] { 1, 2, 3 });
		}
		finally {
			webSocket.sendClose(WebSocket.NORMAL_CLOSURE, "done").get(10, TimeUnit.SECONDS);
		}
	}

}
