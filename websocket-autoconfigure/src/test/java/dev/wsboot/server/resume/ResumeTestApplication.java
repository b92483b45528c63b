package dev.wsboot.server.resume;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.wsboot.CloseStatus;
import dev.wsboot.WebSocketConnection;
import dev.wsboot.WebSocketController;
import dev.wsboot.WebSocketMapping;
import dev.wsboot.WebSocketMessage;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

/**
 * An application with resumable endpoints, recording what each connection's handler received.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import(ResumeTestApplication.Endpoints.class)
public class ResumeTestApplication {

	@Bean
	Received received() {
		return new Received();
	}

	/** What each handler received and how its loop ended, by the client's name. */
	public static class Received {

		final Map<String, List<String>> messages = new ConcurrentHashMap<>();

		final Map<String, CloseStatus> ends = new ConcurrentHashMap<>();

		final Map<String, String> connectionIds = new ConcurrentHashMap<>();

	}

	@WebSocketController
	static class Endpoints {

		private final Received received;

		Endpoints(Received received) {
			this.received = received;
		}

		/**
		 * The first message is {@code <name> <count>}: the handler sends {@code count} numbered
		 * messages from a second thread while it records every message the client sends.
		 */
		@WebSocketMapping(path = "/numbered", resumable = true)
		void numbered(WebSocketConnection connection) throws IOException, InterruptedException {
			WebSocketMessage first = connection.receive();
			if (first == null) {
				return;
			}
			String[] start = first.text().split(" ");
			String name = start[0];
			int count = Integer.parseInt(start[1]);
			List<String> messages = new CopyOnWriteArrayList<>();
			this.received.messages.put(name, messages);
			this.received.connectionIds.put(name, connection.id());
			Thread sender = Thread.ofVirtual().start(() -> {
				try {
					for (int i = 1; i <= count; i++) {
						connection.send("s" + i);
					}
				}
				catch (IOException ex) {
					// The connection ended; the test sees it in the handler's end.
				}
			});
			WebSocketMessage message;
			while ((message = connection.receive()) != null) {
				messages.add(message.isText() ? message.text() : "binary:" + message.payloadLength());
			}
			sender.join();
			this.received.ends.put(name, connection.closeStatus());
		}

		/** Joins the group named in the first message and records until the connection ends. */
		@WebSocketMapping(path = "/group", resumable = true)
		void group(WebSocketConnection connection) throws IOException {
			WebSocketMessage first = connection.receive();
			if (first == null) {
				return;
			}
			String[] start = first.text().split(" ");
			connection.join(start[1]);
			connection.send("joined");
			while (connection.receive() != null) {
				// Only the end matters here.
			}
			this.received.ends.put(start[0], connection.closeStatus());
		}

		/** Echoes, for clients that do not speak the resume subprotocol. */
		@WebSocketMapping(path = "/echo", resumable = true)
		void echo(WebSocketConnection connection) throws IOException {
			WebSocketMessage message;
			while ((message = connection.receive()) != null) {
				connection.send(message);
			}
		}

	}

}
