package dev.wsboot.server.direct;

import java.net.URI;
import java.security.Principal;
import java.util.Map;

import dev.wsboot.server.handshake.HeaderLines;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;

/**
 * What the handshake established for a direct session.
 * <p>
 * An open connection keeps its handshake for its whole life, and most never look at the request
 * URI or headers again: as parsed objects (a {@link URI} with its component strings, a
 * case-insensitive map of lists) they would be a large share of an idle connection's memory. They
 * are kept as one string each and parsed again on each request for them.
 *
 * @since 0.1.0
 */
public final class DirectHandshake {

	private final @Nullable String uri;

	/** See {@link HeaderLines}. */
	private final String headerLines;

	private final Map<String, Object> attributes;

	private final @Nullable Principal principal;

	private final @Nullable String subprotocol;

	/**
	 * Keep what a handshake established.
	 * @param uri the request URI
	 * @param headers the request headers, copied
	 * @param attributes the attributes the handshake interceptors set, used as given
	 * @param principal the authenticated user, if any
	 * @param subprotocol the accepted subprotocol, if any
	 */
	public DirectHandshake(@Nullable URI uri, HttpHeaders headers, Map<String, Object> attributes,
			@Nullable Principal principal, @Nullable String subprotocol) {
		this.uri = (uri != null) ? uri.toString() : null;
		this.headerLines = HeaderLines.of(headers);
		this.attributes = attributes;
		this.principal = principal;
		this.subprotocol = subprotocol;
	}

	/**
	 * Return the request URI.
	 * @return the URI, parsed anew on each call, or {@code null} if the request had none
	 */
	public @Nullable URI uri() {
		return (this.uri != null) ? URI.create(this.uri) : null;
	}

	/**
	 * Return the request headers.
	 * @return read-only headers, made anew on each call
	 */
	public HttpHeaders headers() {
		return HeaderLines.parse(this.headerLines);
	}

	/**
	 * Return the attributes the handshake interceptors set.
	 * @return the session's attributes, shared and mutable
	 */
	public Map<String, Object> attributes() {
		return this.attributes;
	}

	/**
	 * Return the authenticated user.
	 * @return the principal, if any
	 */
	public @Nullable Principal principal() {
		return this.principal;
	}

	/**
	 * Return the accepted subprotocol.
	 * @return the subprotocol, if any
	 */
	public @Nullable String subprotocol() {
		return this.subprotocol;
	}

}
