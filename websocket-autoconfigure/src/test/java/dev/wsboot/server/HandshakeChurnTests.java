package dev.wsboot.server;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import dev.wsboot.test.FaultTestApplication;
import dev.wsboot.test.RawWebSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Thousands of short connections opened by several clients at once: every one is served, none is
 * dropped by the hand-over of its socket from Tomcat's poller to wsboot.
 */
@SpringBootTest(classes = FaultTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT)
@ExtendWith(OutputCaptureExtension.class)
@Timeout(120)
class HandshakeChurnTests {

	@LocalServerPort
	int port;

	@Test
	void dropsNoConnectionAmongThousandsOfHandshakesUnderLoad(CapturedOutput output) throws Exception {
		int connections = 3000;
		AtomicInteger echoed = new AtomicInteger();
		List<String> failures = Collections.synchronizedList(new ArrayList<>());
		try (ExecutorService clients = Executors.newFixedThreadPool(8)) {
			for (int i = 0; i < connections; i++) {
				int n = i;
				clients.execute(() -> {
					try (RawWebSocket ws = RawWebSocket.open(this.port, "/echo")) {
						ws.sendText("hello " + n);
						String echo = ws.readMessage().text();
						if (echo.equals("hello " + n)) {
							echoed.incrementAndGet();
						}
						ws.sendClose(1000, "");
						ws.readUntilClose(Duration.ofSeconds(10));
					}
					catch (IOException | RuntimeException ex) {
						failures.add(n + ": " + ex);
					}
				});
			}
		}
		assertThat(failures).isEmpty();
		assertThat(echoed).hasValue(connections);
		assertThat(output).doesNotContain("released WebSocket connection");
	}

}
