package dev.wsboot.server;

import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.handler.WebSocketHandlerDecorator;

/**
 * Keeps the {@link SessionRegistry} in step with the sessions of one endpoint.
 */
final class RegisteringWebSocketHandlerDecorator extends WebSocketHandlerDecorator {

	private final String endpoint;

	private final SessionRegistry registry;

	RegisteringWebSocketHandlerDecorator(WebSocketHandler delegate, String endpoint, SessionRegistry registry) {
		super(delegate);
		this.endpoint = endpoint;
		this.registry = registry;
	}

	@Override
	public void afterConnectionEstablished(WebSocketSession session) throws Exception {
		this.registry.add(session, this.endpoint);
		super.afterConnectionEstablished(session);
	}

	@Override
	public void afterConnectionClosed(WebSocketSession session, CloseStatus closeStatus) throws Exception {
		this.registry.remove(session);
		super.afterConnectionClosed(session, closeStatus);
	}

}
