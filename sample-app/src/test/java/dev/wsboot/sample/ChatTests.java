package dev.wsboot.sample;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.util.ArrayList;
import java.util.List;
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
 * The chat rooms of the sample: {@code /chat/{room}} and the page at {@code /chat.html}.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@Timeout(30)
class ChatTests {

	@LocalServerPort
	int port;

	private final List<WebSocket> sockets = new ArrayList<>();

	@Test
	void everyMemberOfARoomGetsWhatAnyoneInItSaysAndOtherRoomsDoNot() throws Exception {
		try {
			BlockingQueue<String> alice = join("lobby", "alice");
			assertThat(alice.poll(10, TimeUnit.SECONDS)).isEqualTo("* alice joined lobby");
			BlockingQueue<String> bob = join("lobby", "bob");
			assertThat(bob.poll(10, TimeUnit.SECONDS)).isEqualTo("* bob joined lobby");
			assertThat(alice.poll(10, TimeUnit.SECONDS)).isEqualTo("* bob joined lobby");
			BlockingQueue<String> carol = join("kitchen", "carol");
			assertThat(carol.poll(10, TimeUnit.SECONDS)).isEqualTo("* carol joined kitchen");
			this.sockets.get(0).sendText("hello lobby", true).get(10, TimeUnit.SECONDS);
			assertThat(alice.poll(10, TimeUnit.SECONDS)).isEqualTo("alice: hello lobby");
			assertThat(bob.poll(10, TimeUnit.SECONDS)).isEqualTo("alice: hello lobby");
			this.sockets.get(1).sendClose(WebSocket.NORMAL_CLOSURE, "bye").get(10, TimeUnit.SECONDS);
			assertThat(alice.poll(10, TimeUnit.SECONDS)).isEqualTo("* bob left");
			assertThat(carol.poll(500, TimeUnit.MILLISECONDS)).isNull();
		}
		finally {
			this.sockets.forEach(WebSocket::abort);
		}
	}

	@Test
	void servesTheChatPageLinkedFromTheEchoPage() throws Exception {
		HttpClient http = HttpClient.newHttpClient();
		HttpResponse<String> chat = http.send(
				HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + "/chat.html")).build(),
				HttpResponse.BodyHandlers.ofString());
		assertThat(chat.statusCode()).isEqualTo(200);
		assertThat(chat.body()).contains("id=\"joinButton\"", "id=\"sendButton\"", "/chat/");
		HttpResponse<String> index = http.send(
				HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + "/")).build(),
				HttpResponse.BodyHandlers.ofString());
		assertThat(index.body()).contains("href=\"chat.html\"");
	}

	private BlockingQueue<String> join(String room, String name) {
		BlockingQueue<String> received = new LinkedBlockingQueue<>();
		WebSocket socket = HttpClient.newHttpClient()
			.newWebSocketBuilder()
			.buildAsync(URI.create("ws://127.0.0.1:" + this.port + "/chat/" + room + "?name=" + name),
					new WebSocket.Listener() {

						private final StringBuilder text = new StringBuilder();

						@Override
						public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
							this.text.append(data);
							if (last) {
								received.add(this.text.toString());
								this.text.setLength(0);
							}
							ws.request(1);
							return null;
						}

					})
			.orTimeout(10, TimeUnit.SECONDS)
			.join();
		this.sockets.add(socket);
		return received;
	}

}
