package dev.wsboot.security;

import java.util.Map;

import dev.wsboot.test.RawWebSocket;
import dev.wsboot.test.RawWebSocket.Handshake;
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
	void opensWithTheRealSubprotocolWhenTheTokenIsRight() throws Exception {
		try (RawWebSocket ws = RawWebSocket.connect(this.port)) {
			Handshake handshake = ws.handshake("/secure",
					Map.of("Sec-WebSocket-Protocol", "chat.v1, bearer." + BearerTokenApplication.TOKEN));
			assertThat(handshake.status()).isEqualTo(101);
			assertThat(handshake.header("Sec-WebSocket-Protocol")).isEqualTo("chat.v1");
			ws.sendText("authenticated");
			assertThat(ws.readFrame().text()).isEqualTo("authenticated");
		}
	}

	@Test
	void refusesAWrongOrMissingTokenWith401() throws Exception {
		double before = refusedByGuard();
		for (String offered : new String[] { "chat.v1, bearer.wrong", "chat.v1" }) {
			try (RawWebSocket ws = RawWebSocket.connect(this.port)) {
				assertThat(ws.handshake("/secure", Map.of("Sec-WebSocket-Protocol", offered)).status())
					.as("status for Sec-WebSocket-Protocol '%s'", offered)
					.isEqualTo(401);
			}
		}
		assertThat(refusedByGuard() - before).isEqualTo(2);
	}

	private double refusedByGuard() {
		return this.meters.get("websocket.handshakes")
			.tags("endpoint", "/secure", "outcome", "rejected", "reason", "guard")
			.counter()
			.count();
	}

}
