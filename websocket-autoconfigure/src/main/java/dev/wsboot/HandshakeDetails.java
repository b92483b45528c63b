package dev.wsboot;

import java.net.InetSocketAddress;
import java.net.URI;
import java.security.Principal;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.util.MultiValueMap;

/**
 * What the client sent in the opening handshake, for a mapped method that declares a parameter
 * of this type.
 *
 * @param uri the request URI
 * @param headers the request headers, read-only
 * @param queryParameters the decoded query parameters, read-only
 * @param pathVariables values of the mapping's {@code {name}} templates, read-only
 * @param principal the authenticated user, if any
 * @param remoteAddress the client's address as the container sees it, if known
 * @since 0.1.0
 */
public record HandshakeDetails(URI uri, HttpHeaders headers, MultiValueMap<String, String> queryParameters,
		Map<String, String> pathVariables, @Nullable Principal principal, @Nullable InetSocketAddress remoteAddress) {

}
