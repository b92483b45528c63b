package dev.wsboot.security;

import dev.wsboot.testing.WebSocketTestClient;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A token offered as a subprotocol, checked by a {@code HandshakeGuard}: the right one opens the
 * connection with the real subprotocol agreed (the token never echoed), others get 401 before the
 * upgrade, counted with reason {@code guard}.
 */
@SpringBootTest(classes = BearerTokenApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = "websocket.keep-alive-interval=0")
@Timeout(30)
class BearerTokenTests {

	@LocalServerPort
	int port;

	@Autowired
	MeterRegistry meters;

	@Test
	void opensWithTheRealSubprotocolWhenTheTokenIsRight() {
		try (WebSocketTestClient client = WebSocketTestClient.to(this.port, "/secure")
			.subprotocols("chat.v1", "bearer." + BearerTokenApplication.TOKEN)
			.connect()) {
			assertThat(client.subprotocol()).isEqualTo("chat.v1");
			client.sendText("authenticated").expectText("authenticated");
		}
	}

	@Test
	void refusesAWrongOrMissingTokenWith401() {
		double before = refusedByGuard();
		assertThat(WebSocketTestClient.to(this.port, "/secure").subprotocols("chat.v1", "bearer.wrong").expectRefused())
			.isEqualTo(401);
		assertThat(WebSocketTestClient.to(this.port, "/secure").subprotocols("chat.v1").expectRefused()).isEqualTo(401);
		assertThat(refusedByGuard() - before).isEqualTo(2);
	}

	private double refusedByGuard() {
		return this.meters.get("websocket.handshakes")
			.tags("endpoint", "/secure", "outcome", "rejected", "reason", "guard")
			.counter()
			.count();
	}

}
