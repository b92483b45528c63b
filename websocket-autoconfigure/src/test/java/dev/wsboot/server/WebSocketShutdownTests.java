package dev.wsboot.server;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import dev.wsboot.CloseStatus;
import dev.wsboot.WebSocketConnection;
import dev.wsboot.WebSocketController;
import dev.wsboot.WebSocketMapping;
import dev.wsboot.server.supervision.SessionRegistry;
import dev.wsboot.server.supervision.WebSocketShutdown;
import dev.wsboot.test.TestApplication;
import dev.wsboot.test.TestWebSocketClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link WebSocketShutdown} on a real application that is stopped.
 */
@Timeout(60)
class WebSocketShutdownTests {

	@Test
	void sendsGoingAwayToEveryConnectionAndEndsHandlerLoops() throws Exception {
		ConfigurableApplicationContext context = start("websocket.shutdown-close-timeout=5s");
		TestApplication.Recorder recorder = context.getBean(TestApplication.Recorder.class);
		int port = port(context);
		try (TestWebSocketClient first = TestWebSocketClient.connect(URI.create("ws://127.0.0.1:" + port + "/close-status"));
				TestWebSocketClient second = TestWebSocketClient.connect(URI.create("ws://127.0.0.1:" + port + "/echo"))) {
			second.sendText("ready");
			assertThat(second.nextText()).isEqualTo("ready");
			context.close();
			assertThat(first.awaitClose(Duration.ofSeconds(5))).isEqualTo(1001);
			assertThat(second.awaitClose(Duration.ofSeconds(5))).isEqualTo(1001);
			assertThat(second.awaitCloseReason(Duration.ofSeconds(1))).isEqualTo("Server shutting down");
			CloseStatus seenByLoop = recorder.closeStatuses.poll(5, TimeUnit.SECONDS);
			assertThat(seenByLoop).isNotNull();
			assertThat(seenByLoop.code()).isEqualTo(1001);
		}
	}

	@Test
	void doesNotWaitLongerThanTheTimeoutForAStuckHandlerAndSilentPeer() throws Exception {
		ConfigurableApplicationContext context = start("websocket.shutdown-close-timeout=1s");
		int port = port(context);
		try (var silent = dev.wsboot.test.NonReadingSocket.open(port, "/stuck")) {
			SessionRegistry registry = context.getBean(SessionRegistry.class);
			await().atMost(Duration.ofSeconds(5)).until(() -> registry.count("/stuck") == 1);
			long start = System.nanoTime();
			context.close();
			// The close timeout plus the web server's own stop.
			assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(6));
		}
	}

	private static ConfigurableApplicationContext start(String... properties) {
		return new SpringApplicationBuilder(TestApplication.class, StuckController.class)
			.properties("server.port=0", "websocket.keep-alive-interval=0")
			.properties(properties)
			.run();
	}

	private static int port(ConfigurableApplicationContext context) {
		return ((WebServerApplicationContext) context).getWebServer().getPort();
	}

	@WebSocketController
	static class StuckController {

		@WebSocketMapping("/stuck")
		void stuck(WebSocketConnection connection) throws IOException, InterruptedException {
			// Ignores the connection entirely, as a handler blocked on something else would.
			Thread.sleep(60_000);
		}

	}

}
