package dev.wsboot.server.jetty;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.wsboot.test.RawWebSocket;
import dev.wsboot.test.TestApplication;
import org.eclipse.jetty.io.ManagedSelector;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.web.server.context.WebServerApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link JettySocketOwner}: on real Jetty, an open WebSocket's socket is no longer
 * watched by Jetty's selector, and however the connection ends, Jetty counts its endpoint closed.
 */
@SpringBootTest(classes = TestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT)
@Timeout(60)
class JettySocketTakeoverTests {

	private static final int EACH_WAY = 10;

	@LocalServerPort
	int port;

	@Autowired
	WebServerApplicationContext context;

	@Test
	void openWebSocketsAreOffJettysSelectorAndEveryWayOfEndingClosesTheirEndpoints() throws Exception {
		ServerConnector connector = connector();
		List<RawWebSocket> clientCloses = open("/echo");
		List<RawWebSocket> serverCloses = open("/return");
		List<RawWebSocket> aborts = open("/echo");
		for (RawWebSocket client : clientCloses) {
			client.sendText("hello");
			assertThat(client.readMessage().text()).isEqualTo("hello");
		}
		assertThat(connector.getConnectedEndPoints()).hasSizeGreaterThanOrEqualTo(3 * EACH_WAY);
		// Each of the 30 sockets would have a key here if Jetty's selector still watched it.
		await().atMost(Duration.ofSeconds(5)).until(() -> selectorKeys(connector) < EACH_WAY);
		for (RawWebSocket client : clientCloses) {
			client.sendClose(1000, "");
			assertThat(client.readUntilClose(Duration.ofSeconds(5)).code()).isEqualTo(1000);
			client.close();
		}
		for (RawWebSocket client : serverCloses) {
			client.sendText("bye");
			assertThat(client.readMessage().text()).isEqualTo("got bye");
			assertThat(client.readUntilClose(Duration.ofSeconds(5)).code()).isEqualTo(1000);
			client.close();
		}
		aborts.forEach(RawWebSocket::close);
		await().atMost(Duration.ofSeconds(10)).until(() -> connector.getConnectedEndPoints().isEmpty());
	}

	private List<RawWebSocket> open(String path) throws Exception {
		List<RawWebSocket> clients = new ArrayList<>();
		for (int i = 0; i < EACH_WAY; i++) {
			clients.add(RawWebSocket.open(this.port, path));
		}
		return clients;
	}

	private ServerConnector connector() throws ReflectiveOperationException {
		// Spring Boot's JettyWebServer is on the test class path of the Jetty run only.
		Object webServer = this.context.getWebServer();
		Server server = (Server) webServer.getClass().getMethod("getServer").invoke(webServer);
		return (ServerConnector) server.getConnectors()[0];
	}

	private static int selectorKeys(ServerConnector connector) {
		return connector.getSelectorManager()
			.getBeans(ManagedSelector.class)
			.stream()
			.mapToInt(ManagedSelector::size)
			.sum();
	}

}
