package dev.wsboot.test;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import dev.wsboot.WebSocketConnection;
import dev.wsboot.WebSocketController;
import dev.wsboot.WebSocketMapping;
import dev.wsboot.WebSocketMessage;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Import;

/**
 * The endpoints that faulty peers are pointed at: a synchronous echo, an echo through the send
 * queue, and a handler that never reads.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import(FaultTestApplication.Endpoints.class)
public class FaultTestApplication {

	/** How long the non-reading handler waits for its connection to end before it gives up. */
	public static final Duration NON_READER_LIFETIME = Duration.ofSeconds(60);

	@WebSocketController
	static class Endpoints {

		@WebSocketMapping("/echo")
		void echo(WebSocketConnection connection) throws IOException {
			WebSocketMessage message;
			while ((message = connection.receive()) != null) {
				connection.send(message);
			}
		}

		@WebSocketMapping("/echo-async")
		void echoAsync(WebSocketConnection connection) throws IOException {
			WebSocketMessage message;
			while ((message = connection.receive()) != null) {
				connection.sendAsync(message);
			}
		}

		@WebSocketMapping("/non-reader")
		void nonReader(WebSocketConnection connection) throws InterruptedException {
			// Never calls receive(): only supervision can learn that the peer left.
			CountDownLatch never = new CountDownLatch(1);
			long deadline = System.nanoTime() + NON_READER_LIFETIME.toNanos();
			while (connection.isOpen() && System.nanoTime() < deadline) {
				never.await(50, TimeUnit.MILLISECONDS);
			}
		}

	}

}
