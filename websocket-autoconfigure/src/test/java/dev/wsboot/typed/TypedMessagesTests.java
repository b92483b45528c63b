package dev.wsboot.typed;

import java.time.Duration;

import dev.wsboot.test.RawWebSocket.Close;
import dev.wsboot.test.RawWebSocket;
import dev.wsboot.testing.WebSocketTestClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code receive(Class)} and {@code send(Object)}: JSON through the application's own
 * {@code JsonMapper} (here with snake_case names), 1007 for a message that does not convert and
 * 1003 for a binary one, never 1011, and a handler that catches the conversion failure goes on.
 */
@SpringBootTest(classes = TypedMessagesApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "spring.jackson.property-naming-strategy=SNAKE_CASE", "websocket.keep-alive-interval=0" })
@ExtendWith(OutputCaptureExtension.class)
@Timeout(30)
class TypedMessagesTests {

	@LocalServerPort
	int port;

	@Test
	void receivesAndSendsObjectsAsJsonWithTheApplicationsMapper() throws Exception {
		for (String path : new String[] { "/typed", "/typed-async" }) {
			try (RawWebSocket ws = RawWebSocket.open(this.port, path)) {
				ws.sendText("{\"name\":\"Ada\"}");
				assertThat(ws.readFrame().text()).isEqualTo("{\"text\":\"hello Ada\",\"name_length\":3}");
				ws.sendText("{\"name\":\"Grace\"}");
				assertThat(ws.readFrame().text()).isEqualTo("{\"text\":\"hello Grace\",\"name_length\":5}");
			}
		}
	}

	@Test
	void exchangesObjectsWithATestClientThatUsesTheApplicationsMapper() {
		try (WebSocketTestClient client = WebSocketTestClient.to(this.port, "/typed").jsonMapper(this.jsonMapper).connect()) {
			client.send(new TypedMessagesApplication.Greeting("Ada"));
			assertThat(client.expectMessage(TypedMessagesApplication.Reply.class))
				.isEqualTo(new TypedMessagesApplication.Reply("hello Ada", 3));
		}
	}

	@org.springframework.beans.factory.annotation.Autowired
	tools.jackson.databind.json.JsonMapper jsonMapper;

	@Test
	void broadcastsObjectsAsJson() throws Exception {
		try (RawWebSocket member = RawWebSocket.open(this.port, "/room")) {
			org.awaitility.Awaitility.await()
				.atMost(Duration.ofSeconds(5))
				.until(() -> this.broadcaster.sendToMatching("/room", (connection) -> true,
						dev.wsboot.WebSocketMessage.text("ready")) == 1);
			assertThat(member.readFrame().text()).isEqualTo("ready");
			this.broadcaster.sendToGroup("room", (Object) new TypedMessagesApplication.Reply("to all", 6));
			assertThat(member.readFrame().text()).isEqualTo("{\"text\":\"to all\",\"name_length\":6}");
		}
	}

	@org.springframework.beans.factory.annotation.Autowired
	dev.wsboot.WebSocketBroadcaster broadcaster;

	@Test
	void closesWith1007WhenAMessageDoesNotConvert(CapturedOutput output) throws Exception {
		try (RawWebSocket ws = RawWebSocket.open(this.port, "/typed")) {
			ws.sendText("{\"name\": [1, 2");
			Close close = ws.readUntilClose(Duration.ofSeconds(10));
			assertThat(close.code()).isEqualTo(1007);
			assertThat(close.reason()).isEqualTo("Message is not a valid Greeting");
		}
		assertThat(output).contains("with 1007: Message does not convert to dev.wsboot.typed.TypedMessagesApplication$Greeting")
			.doesNotContain(" ERROR ")
			.doesNotContain("with 1011");
	}

	@Test
	void closesWith1003WhenABinaryMessageComesForJson() throws Exception {
		try (RawWebSocket ws = RawWebSocket.open(this.port, "/typed")) {
			ws.sendBinary(new byte[] { 1, 2, 3 });
			assertThat(ws.readUntilClose(Duration.ofSeconds(10)).code()).isEqualTo(1003);
		}
	}

	@Test
	void letsAHandlerThatCatchesTheFailureGoOn() throws Exception {
		try (RawWebSocket ws = RawWebSocket.open(this.port, "/tolerant")) {
			ws.sendText("not json");
			assertThat(ws.readFrame().text()).isEqualTo("not a greeting, closing with 1007 if uncaught");
			ws.sendText("{\"name\":\"Linus\"}");
			assertThat(ws.readFrame().text()).isEqualTo("{\"text\":\"hello Linus\",\"name_length\":5}");
		}
	}

}
