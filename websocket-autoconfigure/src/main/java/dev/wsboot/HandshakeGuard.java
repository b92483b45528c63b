package dev.wsboot;

import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatusCode;

/**
 * Decides whether a WebSocket handshake may proceed; declare a bean of this type to refuse
 * handshakes with an HTTP status of the application's choosing (for example 401 without a
 * token).
 * <p>
 * Guards run after the origin check and the connection limit, in their bean order.
 *
 * @since 0.1.0
 */
@FunctionalInterface
public interface HandshakeGuard {

	/**
	 * Check a handshake.
	 * @param endpoint the path template of the endpoint
	 * @param handshake what the client sent
	 * @return {@code null} to let the handshake proceed, or the status to refuse it with
	 */
	@Nullable HttpStatusCode check(String endpoint, HandshakeDetails handshake);

}
