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
import static org.awaitility.Awaitility.await;

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
		List<Integer> codes = Collections.synchronizedList(new ArrayList<>());
		List<Thread> answerers = Collections.synchronizedList(new ArrayList<>());
		for (int i = 0; i < 3; i++) {
			answerers.add(answerClose(RawWebSocket.open(port, "/echo"), codes));
		}
		AtomicBoolean stopping = new AtomicBoolean();
		try (ExecutorService clients = Executors.newFixedThreadPool(4)) {
			List<Future<?>> connecting = new ArrayList<>();
			for (int c = 0; c < 4; c++) {
				connecting.add(clients.submit(() -> {
					// Bounded: at most 500 attempts each, ending once the server is gone.
					for (int i = 0; i < 500 && !(stopping.get() && !context.isActive()); i++) {
						try {
							answerers.add(answerClose(RawWebSocket.open(port, "/echo"), codes));
						}
						catch (IOException ex) {
							// 503 while shutting down, or refused once stopped: not accepted.
						}
					}
				}));
			}
			// Shut down while the clients are connecting: once they have added some.
			await().atMost(Duration.ofSeconds(10)).until(() -> answerers.size() >= 6);
			stopping.set(true);
			long start = System.nanoTime();
			CompletableFuture.runAsync(context::close).get(30, TimeUnit.SECONDS);
			Duration shutdown = Duration.ofNanos(System.nanoTime() - start);
			for (Future<?> client : connecting) {
				client.get(30, TimeUnit.SECONDS);
			}
			assertThat(shutdown).as("shutdown with a 10 s grace").isLessThan(Duration.ofSeconds(5));
		}
		for (Thread answerer : List.copyOf(answerers)) {
			assertThat(answerer.join(Duration.ofSeconds(20))).isTrue();
		}
		assertThat(codes).hasSize(answerers.size()).hasSizeGreaterThan(3).containsOnly(1001);
	}

	/**
	 * Read as a browser does, and answer the server's close frame.
	 */
	private static Thread answerClose(RawWebSocket ws, List<Integer> codes) {
		return Thread.ofVirtual().start(() -> {
			try (ws) {
				RawWebSocket.Close close = ws.readUntilClose(Duration.ofSeconds(15));
				codes.add(close.code());
				ws.sendClose(close.code(), "");
			}
			catch (IOException ex) {
				// The server may have closed the socket before the answer: the code is recorded.
			}
		});
	}

}
