package dev.wsboot.server;

import java.util.List;

import org.springframework.web.socket.WebSocketHandler;

/**
 * One mapped WebSocket path and what handles it.
 *
 * @param path the path template
 * @param subprotocols the subprotocols the endpoint speaks, in order of preference
 * @param handlerDescription a readable name of the mapped method or handler bean
 * @param handler the Spring handler that serves the path: a {@link LoopWebSocketHandler} for a
 * mapped method, else the user's own handler
 * @since 0.1.0
 */
public record WebSocketEndpoint(String path, List<String> subprotocols, String handlerDescription,
		WebSocketHandler handler) {

	public WebSocketEndpoint {
		subprotocols = List.copyOf(subprotocols);
	}

}
