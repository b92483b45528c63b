package dev.wsboot.server;

import org.jspecify.annotations.Nullable;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.server.HandshakeInterceptor;

/**
 * Wraps the handler of every wsboot endpoint, outside wsboot's own supervision, and may watch its
 * handshakes: the extension point for concerns that span a whole connection, such as
 * observations. Beans of this type are applied in order, the first one outermost.
 * <p>
 * With direct I/O, the pongs of a connection whose peer is otherwise quiet reach the handler on
 * wsboot's read-loop thread, which serves every such connection: handling a
 * {@code PongMessage} must not block.
 *
 * @since 0.1.0
 */
public interface ConnectionDecorator {

	/**
	 * Wrap an endpoint's handler.
	 * @param endpoint the endpoint's path template
	 * @param handler the handler, with wsboot's supervision inside
	 * @return the wrapped handler
	 */
	WebSocketHandler decorate(String endpoint, WebSocketHandler handler);

	/**
	 * Return whether the handler this decorator wraps around looks at {@code PongMessage}s. When
	 * no decorator of an endpoint does and its handler is a wsboot loop, which has no use for
	 * them, wsboot's transport hands keep-alive pongs straight to its supervision and metrics
	 * and the handler chain never sees them.
	 * @return {@code true} (the default) if pongs must pass through the decorated handler
	 */
	default boolean seesPongs() {
		return true;
	}

	/**
	 * Return whether the handler this decorator wraps around looks at data messages
	 * ({@code TextMessage}, {@code BinaryMessage}). When no decorator of an endpoint does and its
	 * handler is a wsboot loop, wsboot's transport hands each data part straight to its
	 * supervision and metrics and to the loop's {@code receive()}, and the handler chain never
	 * sees it.
	 * @return {@code true} (the default) if data messages must pass through the decorated handler
	 */
	default boolean seesMessages() {
		return true;
	}

	/**
	 * Return an interceptor to run on the endpoint's handshakes, on the request's thread, before
	 * wsboot's checks.
	 * @param endpoint the endpoint's path template
	 * @return the interceptor, or {@code null} for none
	 */
	default @Nullable HandshakeInterceptor handshakeInterceptor(String endpoint) {
		return null;
	}

}
