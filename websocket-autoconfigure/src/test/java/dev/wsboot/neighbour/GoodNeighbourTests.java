package dev.wsboot.neighbour;

import java.net.URI;
import java.util.Arrays;
import java.util.List;

import dev.wsboot.test.TestWebSocketClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * wsboot's settings reach wsboot's endpoints only: the application's own WebSocket handlers,
 * Jakarta endpoints and STOMP endpoints keep the container's defaults (Tomcat takes 8 KB text
 * messages whole), while a wsboot endpoint gets
 * its parts cut to {@code websocket.receive-buffer-size}.
 * {@link ContainerIoGoodNeighbourTests} runs the same with Tomcat's own WebSocket implementation.
 */
@SpringBootTest(classes = NeighbourApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = "websocket.receive-buffer-size=1KB")
@Timeout(30)
class GoodNeighbourTests {

	private static final String SIX_THOUSAND = "x".repeat(6000);

	@LocalServerPort
	int port;

	@Test
	void leavesTheApplicationsOwnSpringHandlerAlone() throws Exception {
		try (TestWebSocketClient client = connect("/own")) {
			client.sendText(SIX_THOUSAND);
			assertThat(client.nextText()).isEqualTo("own:6000");
		}
	}

	@Test
	void leavesTheApplicationsOwnJakartaEndpointAlone() throws Exception {
		try (TestWebSocketClient client = connect("/jakarta")) {
			client.sendText(SIX_THOUSAND);
			assertThat(client.nextText()).isEqualTo("jakarta:6000");
		}
	}

	@Test
	void leavesTheApplicationsOwnStompEndpointAlone() throws Exception {
		try (TestWebSocketClient client = connect("/stomp")) {
			client.sendText("CONNECT\naccept-version:1.2\nhost:localhost\n\n\0");
			assertThat(client.nextText()).startsWith("CONNECTED\n");
			client.sendText("SUBSCRIBE\nid:0\ndestination:/topic/length\n\n\0");
			client.sendText("SEND\ndestination:/app/length\ncontent-type:text/plain\n\n" + SIX_THOUSAND + "\0");
			String frame = client.nextText();
			assertThat(frame).startsWith("MESSAGE\n").endsWith("\n\nstomp:6000\0");
		}
	}

	@Test
	void cutsPartsOfItsOwnEndpointsToTheReceiveBufferSize() throws Exception {
		try (TestWebSocketClient client = connect("/parts")) {
			client.sendText("y".repeat(10_000));
			List<Integer> sizes = Arrays.stream(client.nextText().split(" ")).map(Integer::valueOf).toList();
			assertThat(sizes.stream().mapToInt(Integer::intValue).sum()).isEqualTo(10_000);
			assertThat(sizes).allSatisfy((size) -> assertThat(size).isBetween(1, 1024));
		}
	}

	private TestWebSocketClient connect(String path) throws Exception {
		return TestWebSocketClient.connect(URI.create("ws://127.0.0.1:" + this.port + path));
	}

}
