package dev.wsboot.typed;

import java.io.IOException;

import dev.wsboot.WebSocketConnection;
import dev.wsboot.WebSocketController;
import dev.wsboot.WebSocketConversionException;
import dev.wsboot.WebSocketMapping;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Import;

/**
 * Endpoints that receive and send objects as JSON.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import(TypedMessagesApplication.Endpoints.class)
public class TypedMessagesApplication {

	/** What a client sends. */
	public record Greeting(String name) {
	}

	/** What the server answers. */
	public record Reply(String text, int nameLength) {
	}

	@WebSocketController
	static class Endpoints {

		@WebSocketMapping("/typed")
		void typed(WebSocketConnection connection) throws IOException {
			Greeting greeting;
			while ((greeting = connection.receive(Greeting.class)) != null) {
				connection.send(new Reply("hello " + greeting.name(), greeting.name().length()));
			}
		}

		@WebSocketMapping("/typed-async")
		void typedAsync(WebSocketConnection connection) throws IOException {
			Greeting greeting;
			while ((greeting = connection.receive(Greeting.class)) != null) {
				connection.sendAsync(new Reply("hello " + greeting.name(), greeting.name().length()));
			}
		}

		@WebSocketMapping("/room")
		void room(WebSocketConnection connection) throws IOException {
			connection.join("room");
			while (connection.receive() != null) {
				// Members only listen.
			}
		}

		@WebSocketMapping("/tolerant")
		void tolerant(WebSocketConnection connection) throws IOException {
			for (int i = 0; i < 100; i++) {
				try {
					Greeting greeting = connection.receive(Greeting.class);
					if (greeting == null) {
						return;
					}
					connection.send(new Reply("hello " + greeting.name(), greeting.name().length()));
				}
				catch (WebSocketConversionException ex) {
					connection.send("not a greeting, closing with " + ex.closeStatus().code() + " if uncaught");
				}
			}
		}

	}

}
