package dev.wsboot.server.direct;

import java.net.URI;
import java.security.Principal;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;

/**
 * What the handshake established for a direct session.
 *
 * @param uri the request URI
 * @param headers the request headers
 * @param attributes the attributes the handshake interceptors set
 * @param principal the authenticated user, if any
 * @param subprotocol the accepted subprotocol, if any
 * @since 0.1.0
 */
public record DirectHandshake(@Nullable URI uri, HttpHeaders headers, Map<String, Object> attributes,
		@Nullable Principal principal, @Nullable String subprotocol) {
}
