package dev.wsboot.server;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.wsboot.test.FaultTestApplication;
import dev.wsboot.test.RawWebSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Shutting down while clients keep connecting: every connection that was accepted gets 1001 at
 * once, including those whose handshake was under way when the shutdown began, and none waits
 * out the grace period.
 */
@Timeout(60)
class ShutdownDrainTests {

	@Test
	void closesConnectionsAcceptedDuringShutdownWith1001AtOnce() throws Exception {
		ConfigurableApplicationContext context = new SpringApplicationBuilder(FaultTestApplication.class)
			.properties("server.port=0", "spring.main.banner-mode=off", "websocket.keep-alive-interval=0",
					"websocket.shutdown-close-timeout=10s")
			.run();
		int port = ((WebServerApplicationContext) context).getWebServer().getPort();
		List<RawWebSocket> accepted = Collections.synchronizedList(new ArrayList<>());
		for (int i = 0; i < 3; i++) {
			accepted.add(RawWebSocket.open(port, "/echo"));
		}
		AtomicBoolean stopping = new AtomicBoolean();
		try (ExecutorService clients = Executors.newFixedThreadPool(4)) {
			List<Future<?>> connecting = new ArrayList<>();
			for (int c = 0; c < 4; c++) {
				connecting.add(clients.submit(() -> {
					// Bounded: at most 500 attempts each, ending once the server is gone.
					for (int i = 0; i < 500 && !(stopping.get() && !context.isActive()); i++) {
						try {
							accepted.add(RawWebSocket.open(port, "/echo"));
						}
						catch (IOException ex) {
							// 503 while shutting down, or refused once stopped: not accepted.
						}
					}
				}));
			}
			Thread.sleep(200);
			stopping.set(true);
			long start = System.nanoTime();
			CompletableFuture.runAsync(context::close).get(30, TimeUnit.SECONDS);
			Duration shutdown = Duration.ofNanos(System.nanoTime() - start);
			for (Future<?> client : connecting) {
				client.get(30, TimeUnit.SECONDS);
			}
			assertThat(shutdown).as("shutdown with a 10 s grace").isLessThan(Duration.ofSeconds(5));
		}
		List<Integer> codes = new ArrayList<>();
		for (RawWebSocket ws : accepted) {
			codes.add(ws.readUntilClose(Duration.ofSeconds(5)).code());
			ws.close();
		}
		assertThat(codes).hasSizeGreaterThan(3).containsOnly(1001);
	}

}
