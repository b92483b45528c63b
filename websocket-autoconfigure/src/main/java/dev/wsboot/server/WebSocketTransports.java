package dev.wsboot.server;

import java.util.function.Function;

import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.handler.WebSocketSessionDecorator;

/**
 * Finds the {@link WebSocketTransport} of a connection, once: a container session that wsboot
 * adapted itself is its own transport; any other is given one by the factory that the handshake
 * left in the session's attributes (see {@link #FACTORY_ATTRIBUTE}), or the standard
 * {@code jakarta.websocket} one.
 *
 * @since 0.1.0
 */
public final class WebSocketTransports {

	/**
	 * Handshake attribute holding a {@code Function<WebSocketSession, WebSocketTransport>} for
	 * container sessions that are not transports themselves; set by the handshake handler,
	 * which knows the container.
	 */
	public static final String FACTORY_ATTRIBUTE = WebSocketTransports.class.getName() + ".factory";

	private static final String TRANSPORT_ATTRIBUTE = WebSocketTransports.class.getName() + ".transport";

	private WebSocketTransports() {
	}

	/**
	 * Return the transport of a session.
	 * @param session the session, possibly decorated
	 * @return its transport, the same one on every call
	 */
	@SuppressWarnings("unchecked")
	public static WebSocketTransport of(WebSocketSession session) {
		WebSocketSession container = WebSocketSessionDecorator.unwrap(session);
		if (container instanceof WebSocketTransport transport) {
			return transport;
		}
		if (container.getAttributes().get(TRANSPORT_ATTRIBUTE) instanceof WebSocketTransport transport) {
			return transport;
		}
		Object factory = container.getAttributes().get(FACTORY_ATTRIBUTE);
		WebSocketTransport transport = (factory instanceof Function<?, ?> function)
				? ((Function<WebSocketSession, WebSocketTransport>) function).apply(container)
				: new StandardSessionTransport(container);
		container.getAttributes().put(TRANSPORT_ATTRIBUTE, transport);
		return transport;
	}

}
