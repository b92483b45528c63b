package dev.wsboot.server;

import java.util.Map;

import dev.wsboot.server.handshake.ConnectionLimit;
import dev.wsboot.test.FaultTestApplication;
import dev.wsboot.test.RawWebSocket.Handshake;
import dev.wsboot.test.RawWebSocket;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code websocket.max-connections-per-user}: anonymous handshakes count against their remote
 * address; one over the limit gets 429 with Retry-After and is counted with reason
 * {@code user_limit}; a closed connection makes room again.
 */
@SpringBootTest(classes = FaultTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "websocket.max-connections-per-user=2", "websocket.keep-alive-interval=0" })
@Timeout(30)
class ConnectionsPerUserTests {

	@LocalServerPort
	int port;

	@Autowired
	MeterRegistry meters;

	@Autowired
	ConnectionLimit connectionLimit;

	@Test
	void refusesAThirdConnectionFromOneAddressWith429UntilOneCloses() throws Exception {
		try (RawWebSocket first = RawWebSocket.open(this.port, "/echo");
				RawWebSocket second = RawWebSocket.open(this.port, "/echo")) {
			try (RawWebSocket third = RawWebSocket.connect(this.port)) {
				Handshake refused = third.handshake("/echo", Map.of());
				assertThat(refused.status()).isEqualTo(429);
				assertThat(refused.header("Retry-After")).isEqualTo("5");
			}
			assertThat(this.meters.get("websocket.handshakes")
				.tags("endpoint", "/echo", "outcome", "rejected", "reason", "user_limit")
				.counter()
				.count()).isOne();
			first.sendClose(1000, "");
			first.readUntilClose(java.time.Duration.ofSeconds(5));
			await().atMost(java.time.Duration.ofSeconds(5))
				.until(() -> this.connectionLimit.inUse("address:127.0.0.1") == 1);
			try (RawWebSocket again = RawWebSocket.open(this.port, "/echo")) {
				again.sendText("room again");
				assertThat(again.readMessage().text()).isEqualTo("room again");
				second.sendText("still served");
				assertThat(second.readMessage().text()).isEqualTo("still served");
			}
		}
	}

}
