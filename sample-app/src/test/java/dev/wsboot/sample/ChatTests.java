package dev.wsboot.sample;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import dev.wsboot.testing.WebSocketTestClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The chat rooms of the sample: {@code /chat/{room}}, typed JSON messages both ways, and the page
 * at {@code /chat.html}.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@Timeout(30)
class ChatTests {

	@LocalServerPort
	int port;

	@Test
	void everyMemberOfARoomGetsWhatAnyoneInItSaysAndOtherRoomsDoNot() {
		try (WebSocketTestClient alice = join("lobby", "alice")) {
			assertThat(alice.expectMessage(ChatEvent.class)).isEqualTo(ChatEvent.joined("lobby", "alice"));
			try (WebSocketTestClient bob = join("lobby", "bob")) {
				assertThat(bob.expectMessage(ChatEvent.class)).isEqualTo(ChatEvent.joined("lobby", "bob"));
				assertThat(alice.expectMessage(ChatEvent.class)).isEqualTo(ChatEvent.joined("lobby", "bob"));
				try (WebSocketTestClient carol = join("kitchen", "carol")) {
					assertThat(carol.expectMessage(ChatEvent.class)).isEqualTo(ChatEvent.joined("kitchen", "carol"));
					alice.send(new ChatPost("hello lobby"));
					assertThat(alice.expectMessage(ChatEvent.class))
						.isEqualTo(ChatEvent.said("lobby", "alice", "hello lobby"));
					assertThat(bob.expectMessage(ChatEvent.class))
						.isEqualTo(ChatEvent.said("lobby", "alice", "hello lobby"));
					bob.close(1000, "bye");
					assertThat(alice.expectMessage(ChatEvent.class)).isEqualTo(ChatEvent.left("lobby", "bob"));
					carol.expectNothing(Duration.ofMillis(500));
				}
			}
		}
	}

	@Test
	void closesWith1007AMessageThatIsNotAChatPostAndTellsTheRoom() {
		try (WebSocketTestClient alice = join("porch", "alice")) {
			alice.expectMessage(ChatEvent.class);
			try (WebSocketTestClient bob = join("porch", "bob")) {
				bob.expectMessage(ChatEvent.class);
				alice.expectMessage(ChatEvent.class);
				bob.sendText("plain text, not JSON");
				bob.expectClose(1007);
				assertThat(alice.expectMessage(ChatEvent.class)).isEqualTo(ChatEvent.left("porch", "bob"));
			}
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

	private WebSocketTestClient join(String room, String name) {
		return WebSocketTestClient.to(this.port, "/chat/" + room + "?name=" + name).connect();
	}

}
