package dev.wsboot.testing;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The client against a real Tomcat: what it sends arrives, what it expects is checked, and a
 * failed expectation says what arrived instead.
 */
@SpringBootTest(classes = EchoServer.class, webEnvironment = WebEnvironment.RANDOM_PORT)
@Timeout(60)
class WebSocketTestClientTests {

	@LocalServerPort
	int port;

	@Test
	void sendsTextAndBytesAndExpectsTheirEchoes() {
		try (WebSocketTestClient client = connect()) {
			client.sendText("hello").expectText("hello");
			client.sendBinary(new byte[] { 1, 2, 3 });
			assertThat(client.expectBinary()).containsExactly(1, 2, 3);
		}
	}

	@Test
	void sendsAndExpectsObjectsAsJson() {
		try (WebSocketTestClient client = connect()) {
			client.send(new Greeting("Ada", 3));
			assertThat(client.expectMessage(Greeting.class)).isEqualTo(new Greeting("Ada", 3));
		}
	}

	@Test
	void failsAnExpectedTextWithWhatArrivedInstead() {
		try (WebSocketTestClient client = connect()) {
			client.sendText("hello");
			assertThatExceptionOfType(AssertionError.class).isThrownBy(() -> client.expectText("goodbye"))
				.withMessage("Expected the text message \"goodbye\" but received \"hello\"");
			client.sendBinary(new byte[4]);
			assertThatExceptionOfType(AssertionError.class).isThrownBy(client::expectText)
				.withMessage("Expected a text message but received a binary message of 4 bytes");
		}
	}

	@Test
	void failsATypedMessageThatIsNotJsonOfTheType() {
		try (WebSocketTestClient client = connect()) {
			client.sendText("not json");
			assertThatExceptionOfType(AssertionError.class).isThrownBy(() -> client.expectMessage(Greeting.class))
				.withMessageStartingWith("Expected a JSON message that reads as " + Greeting.class.getName()
						+ " but received \"not json\"");
		}
	}

	@Test
	void expectsThePingTheServerSends() {
		try (WebSocketTestClient client = connect()) {
			client.sendText("ping me");
			assertThat(client.expectPing()).containsExactly(7);
		}
	}

	@Test
	void expectsTheServersCloseAndSaysWhichCodeCameInstead() {
		try (WebSocketTestClient client = connect()) {
			client.sendText("close me");
			assertThatExceptionOfType(AssertionError.class).isThrownBy(() -> client.expectClose(1000))
				.withMessage("Expected a close with 1000 but received a close frame with 4000 \"asked to\"");
		}
		try (WebSocketTestClient client = connect()) {
			client.sendText("close me");
			assertThat(client.expectClose(4000).reason()).isEqualTo("asked to");
		}
	}

	@Test
	void failsAnExpectedCloseWhenAMessageComesFirst() {
		try (WebSocketTestClient client = connect()) {
			client.sendText("still open");
			assertThatExceptionOfType(AssertionError.class).isThrownBy(client::expectClose)
				.withMessage("Expected the connection to close but received a text message \"still open\"");
		}
	}

	@Test
	void boundsEveryWaitAndSaysNothingArrived() {
		try (WebSocketTestClient client = WebSocketTestClient.to(this.port, "/echo")
			.timeout(Duration.ofMillis(300))
			.connect()) {
			assertThatExceptionOfType(AssertionError.class).isThrownBy(client::expectText)
				.withMessage("Expected a text message within PT0.3S but nothing arrived");
			client.expectNothing(Duration.ofMillis(100));
		}
	}

	@Test
	void reportsTheStatusOfARefusedHandshake() {
		assertThat(WebSocketTestClient.to(this.port, "/refused").expectRefused()).isEqualTo(403);
		assertThatExceptionOfType(AssertionError.class)
			.isThrownBy(() -> WebSocketTestClient.to(this.port, "/refused").connect())
			.withMessageContaining("was refused with HTTP 403");
	}

	@Test
	void closesWithACodeAndReturnsTheServersAnswer() {
		WebSocketTestClient client = connect();
		assertThat(client.close(1000, "done").code()).isEqualTo(1000);
	}

	private WebSocketTestClient connect() {
		return WebSocketTestClient.to(this.port, "/echo").connect();
	}

	record Greeting(String name, int times) {
	}

}
