package dev.wsboot.server.handshake;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.wsboot.HandshakeGuard;
import dev.wsboot.test.Handshakes;
import dev.wsboot.test.TestApplication;
import dev.wsboot.test.TestWebSocketClient;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpStatus;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link HandshakeChecksInterceptor}: handshakes refused before the upgrade, as the
 * client sees them.
 */
@Timeout(60)
@ExtendWith(OutputCaptureExtension.class)
class HandshakeChecksInterceptorTests {

	@Nested
	@SpringBootTest(classes = TestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT)
	class DefaultOrigins {

		@LocalServerPort
		int port;

		@Test
		void refusesForeignBrowserOriginWith403(CapturedOutput output) {
			assertThat(Handshakes.attempt(echo(this.port), "https://evil.example").status()).isEqualTo(403);
			assertThat(output).contains("Refused WebSocket handshake to '/echo' with 403: Origin 'https://evil.example'");
		}

		@Test
		void acceptsSameOriginAndClientsWithoutOrigin() {
			assertThat(Handshakes.attempt(echo(this.port), "http://127.0.0.1:" + this.port).status()).isEqualTo(101);
			assertThat(Handshakes.attempt(echo(this.port), null).status()).isEqualTo(101);
		}

		@Test
		void selectsFirstSupportedSubprotocolTheClientOffers() throws Exception {
			URI chat = URI.create("ws://127.0.0.1:" + this.port + "/chat");
			try (TestWebSocketClient client = TestWebSocketClient.connect(chat, "v0.chat", "v1.chat", "v2.chat")) {
				assertThat(client.subprotocol()).isEqualTo("v1.chat");
				assertThat(client.nextText()).isEqualTo("subprotocol=v1.chat");
			}
		}

		@Test
		void acceptsWithoutSubprotocolWhenNoneOfferedIsSupported() throws Exception {
			URI chat = URI.create("ws://127.0.0.1:" + this.port + "/chat");
			try (TestWebSocketClient client = TestWebSocketClient.connect(chat, "mqtt")) {
				assertThat(client.subprotocol()).isEmpty();
				assertThat(client.nextText()).isEqualTo("subprotocol=null");
			}
		}

	}

	@Nested
	@SpringBootTest(classes = TestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
			properties = "websocket.allowed-origins=https://app.example,https://*.trusted.example")
	class ConfiguredOrigins {

		@LocalServerPort
		int port;

		@Test
		void acceptsConfiguredOriginsAndPatternsOnly() {
			assertThat(Handshakes.attempt(echo(this.port), "https://app.example").status()).isEqualTo(101);
			assertThat(Handshakes.attempt(echo(this.port), "https://eu.trusted.example").status()).isEqualTo(101);
			assertThat(Handshakes.attempt(echo(this.port), "https://evil.example").status()).isEqualTo(403);
		}

	}

	@Nested
	@SpringBootTest(classes = TestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
			properties = "websocket.allowed-origins=*")
	class AnyOrigin {

		@LocalServerPort
		int port;

		@Test
		void acceptsAnyOriginWithWildcard() {
			assertThat(Handshakes.attempt(echo(this.port), "https://anyone.example").status()).isEqualTo(101);
		}

	}

	@Nested
	@SpringBootTest(classes = TestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
			properties = "websocket.max-connections=2")
	class ConnectionLimit {

		@LocalServerPort
		int port;

		@Autowired
		dev.wsboot.server.handshake.ConnectionLimit limit;

		@Test
		void refusesHandshakesOverLimitWith503AndRetryAfterUntilClientsLeave(CapturedOutput output) {
			List<TestWebSocketClient> clients = new ArrayList<>();
			try {
				clients.add(TestWebSocketClient.connect(echo(this.port)));
				clients.add(TestWebSocketClient.connect(echo(this.port)));
				Handshakes.Refusal refusal = Handshakes.attempt(echo(this.port), null);
				assertThat(refusal.status()).isEqualTo(503);
				assertThat(refusal.retryAfter()).isEqualTo("5");
				assertThat(output).contains("with 503: websocket.max-connections (2) reached");
				clients.remove(0).close();
				Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> this.limit.inUse() < 2);
				assertThat(Handshakes.attempt(echo(this.port), null).status()).isEqualTo(101);
			}
			finally {
				clients.forEach(TestWebSocketClient::close);
			}
		}

		@Test
		void givesPermitBackWhenHandshakeFailsAfterTheLimitCheck() throws Exception {
			var http = java.net.http.HttpClient.newHttpClient();
			for (int i = 0; i < 5; i++) {
				var response = http.send(java.net.http.HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + "/echo")).build(),
						java.net.http.HttpResponse.BodyHandlers.ofString());
				assertThat(response.statusCode()).isEqualTo(400);
			}
			Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> this.limit.inUse() == 0);
		}

	}

	@Nested
	@SpringBootTest(classes = { TestApplication.class, GuardConfiguration.class },
			webEnvironment = WebEnvironment.RANDOM_PORT)
	class Guard {

		@LocalServerPort
		int port;

		@Test
		void refusesWithTheGuardsStatusAndAcceptsWhatItLetsThrough() throws Exception {
			assertThat(Handshakes.attempt(URI.create("ws://127.0.0.1:" + this.port + "/rooms/secret"), null).status())
				.isEqualTo(401);
			try (TestWebSocketClient client = TestWebSocketClient
				.connect(URI.create("ws://127.0.0.1:" + this.port + "/rooms/secret?user=ada"))) {
				assertThat(client.nextText()).startsWith("room=secret");
			}
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class GuardConfiguration {

		@Bean
		HandshakeGuard userRequired() {
			return (endpoint, handshake) -> (endpoint.equals("/rooms/{room}")
					&& handshake.queryParameters().getFirst("user") == null) ? HttpStatus.UNAUTHORIZED : null;
		}

	}

	private static URI echo(int port) {
		return URI.create("ws://127.0.0.1:" + port + "/echo");
	}

}
