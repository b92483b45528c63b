package dev.wsboot.sample;

import java.io.IOException;

import dev.wsboot.WebSocketConnection;
import dev.wsboot.WebSocketController;
import dev.wsboot.WebSocketMapping;
import dev.wsboot.WebSocketMessage;

/**
 * Echoes every message back as it was received, text as text and binary as binary, until the
 * client closes. Resumable: a client that speaks {@code wsboot.resume.v1}, as the sample page
 * does, survives a dropped connection without losing a message; other clients get an ordinary
 * connection.
 *
 * @since 0.1.0
 */
@WebSocketController
public class EchoController {

	/**
	 * Run the echo loop for one connection.
	 * @param connection the accepted connection
	 * @throws IOException if the connection fails
	 */
	@WebSocketMapping(path = "/ws", resumable = true)
	public void echo(WebSocketConnection connection) throws IOException {
		WebSocketMessage message;
		while ((message = connection.receive()) != null) {
			connection.send(message);
		}
	}

}
