package dev.wsboot.security;

import java.io.IOException;
import java.util.List;

import dev.wsboot.HandshakeGuard;
import dev.wsboot.WebSocketConnection;
import dev.wsboot.WebSocketController;
import dev.wsboot.WebSocketMapping;
import dev.wsboot.WebSocketMessage;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpStatus;

/**
 * The browser bearer-token pattern: browsers cannot set an Authorization header on a WebSocket,
 * so the client offers the token as a second subprotocol, {@code bearer.<token>}, next to the real
 * one; a guard checks it before the upgrade and the server agrees the real subprotocol only.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import(BearerTokenApplication.Endpoints.class)
public class BearerTokenApplication {

	static final String TOKEN = "s3cret-token";

	private static final String BEARER_PREFIX = "bearer.";

	@Bean
	HandshakeGuard bearerTokenInSubprotocol() {
		return (endpoint, handshake) -> {
			List<String> offered = handshake.headers().getValuesAsList("Sec-WebSocket-Protocol");
			String token = offered.stream()
				.filter((protocol) -> protocol.startsWith(BEARER_PREFIX))
				.map((protocol) -> protocol.substring(BEARER_PREFIX.length()))
				.findFirst()
				.orElse(null);
			return TOKEN.equals(token) ? null : HttpStatus.UNAUTHORIZED;
		};
	}

	@WebSocketController
	static class Endpoints {

		@WebSocketMapping(path = "/secure", subprotocols = "chat.v1")
		void secure(WebSocketConnection connection) throws IOException {
			WebSocketMessage message;
			while ((message = connection.receive()) != null) {
				connection.send(message);
			}
		}

	}

}
