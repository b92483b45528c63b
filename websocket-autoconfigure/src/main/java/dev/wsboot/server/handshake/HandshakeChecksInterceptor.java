package dev.wsboot.server.handshake;

import java.io.IOException;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import dev.wsboot.HandshakeDetails;
import dev.wsboot.HandshakeGuard;
import dev.wsboot.server.EndpointMonitor;
import dev.wsboot.server.supervision.HttpSessionEndListener;
import dev.wsboot.server.supervision.RateLimitedLog;
import dev.wsboot.server.supervision.SessionRegistry;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.http.server.ServletServerHttpRequest;
import org.springframework.http.server.ServletServerHttpResponse;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.socket.WebSocketExtension;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.WebSocketHttpHeaders;
import org.springframework.web.socket.server.HandshakeInterceptor;
import org.springframework.web.util.WebUtils;

/**
 * Refuses handshakes before the upgrade: a malformed {@code Sec-WebSocket-Extensions} header
 * (400), a browser {@code Origin} that is not allowed (403), a server that is shutting down or a
 * full connection limit (503 with {@code Retry-After}) and whatever the application's
 * {@link HandshakeGuard guards} refuse.
 * <p>
 * After an accepted upgrade it sends the 101 response at once, so that a peer gone before it
 * arrives is noticed here and its connection permit given back.
 */
public final class HandshakeChecksInterceptor implements HandshakeInterceptor {

	private static final Log logger = LogFactory.getLog(HandshakeChecksInterceptor.class);

	/** Request attribute naming why a handshake was refused, for the monitoring interceptor. */
	static final String REJECTION_ATTRIBUTE = HandshakeChecksInterceptor.class.getName() + ".rejection";

	private static final String HANDSHAKE_ATTRIBUTES = HandshakeChecksInterceptor.class.getName() + ".attributes";

	/** Seconds a refused client should wait before trying again. */
	static final String RETRY_AFTER_SECONDS = "5";

	private final String endpoint;

	private final @Nullable CorsConfiguration allowedOrigins;

	private final ConnectionLimit connectionLimit;

	private final SessionRegistry registry;

	private final List<HandshakeGuard> guards;

	private final RateLimitedLog rejections = new RateLimitedLog(logger, Duration.ofSeconds(10));

	/**
	 * Create the checks of one endpoint.
	 * @param endpoint the path template
	 * @param allowedOrigins allowed {@code Origin} values, {@code *} for any; empty for the
	 * server's own origin only
	 * @param connectionLimit the connection limit shared by all endpoints
	 * @param registry the open sessions, which tell whether the server is shutting down
	 * @param guards the application's guards
	 */
	public HandshakeChecksInterceptor(String endpoint, List<String> allowedOrigins, ConnectionLimit connectionLimit,
			SessionRegistry registry, List<HandshakeGuard> guards) {
		this.endpoint = endpoint;
		this.allowedOrigins = allowedOrigins.isEmpty() ? null : corsConfiguration(allowedOrigins);
		this.connectionLimit = connectionLimit;
		this.registry = registry;
		this.guards = List.copyOf(guards);
	}

	private static CorsConfiguration corsConfiguration(List<String> allowedOrigins) {
		CorsConfiguration configuration = new CorsConfiguration();
		configuration.setAllowedOriginPatterns(allowedOrigins);
		return configuration;
	}

	@Override
	public boolean beforeHandshake(ServerHttpRequest request, ServerHttpResponse response, WebSocketHandler wsHandler,
			Map<String, Object> attributes) {
		String malformedExtensions = malformedExtensions(request);
		if (malformedExtensions != null) {
			reject(request, response, HttpStatus.BAD_REQUEST, EndpointMonitor.HandshakeRejection.NOT_WEBSOCKET);
			this.rejections.info("extensions", () -> "Refused WebSocket handshake to '" + this.endpoint
					+ "' with 400: malformed Sec-WebSocket-Extensions header '" + malformedExtensions + "'");
			return false;
		}
		if (!hasValidKey(request)) {
			reject(request, response, HttpStatus.BAD_REQUEST, EndpointMonitor.HandshakeRejection.NOT_WEBSOCKET);
			this.rejections.info("key", () -> "Refused WebSocket handshake to '" + this.endpoint
					+ "' with 400: Sec-WebSocket-Key is not 16 bytes in base64");
			return false;
		}
		if (!originAllowed(request)) {
			reject(request, response, HttpStatus.FORBIDDEN, EndpointMonitor.HandshakeRejection.ORIGIN);
			this.rejections.info("origin", () -> "Refused WebSocket handshake to '" + this.endpoint + "' with 403: Origin '"
					+ RateLimitedLog.printable(request.getHeaders().getOrigin()) + "' is not in websocket.allowed-origins");
			return false;
		}
		if (this.registry.isDraining()) {
			reject(request, response, HttpStatus.SERVICE_UNAVAILABLE, EndpointMonitor.HandshakeRejection.LIMIT);
			response.getHeaders().set(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS);
			this.rejections.info("shutdown", () -> "Refused WebSocket handshake to '" + this.endpoint
					+ "' with 503: the server is shutting down");
			return false;
		}
		String user = (this.connectionLimit.getMaxConnectionsPerUser() >= 0) ? userKey(request) : null;
		ConnectionLimit.Acquisition acquisition = this.connectionLimit.tryAcquire(attributes, user);
		if (acquisition == ConnectionLimit.Acquisition.LIMIT) {
			reject(request, response, HttpStatus.SERVICE_UNAVAILABLE, EndpointMonitor.HandshakeRejection.LIMIT);
			response.getHeaders().set(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS);
			this.rejections.warn("limit", () -> "Refused WebSocket handshake to '" + this.endpoint
					+ "' with 503: websocket.max-connections (" + this.connectionLimit.getMaxConnections()
					+ ") reached");
			return false;
		}
		if (acquisition == ConnectionLimit.Acquisition.USER_LIMIT) {
			reject(request, response, HttpStatus.TOO_MANY_REQUESTS, EndpointMonitor.HandshakeRejection.USER_LIMIT);
			response.getHeaders().set(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS);
			this.rejections.warn("user-limit", () -> "Refused WebSocket handshake to '" + this.endpoint
					+ "' with 429: websocket.max-connections-per-user ("
					+ this.connectionLimit.getMaxConnectionsPerUser() + ") reached for "
					+ RateLimitedLog.printable(user));
			return false;
		}
		HttpStatusCode refusal = guardRefusal(request);
		if (refusal != null) {
			this.connectionLimit.release(attributes);
			reject(request, response, refusal, EndpointMonitor.HandshakeRejection.GUARD);
			this.rejections.info("guard-" + refusal.value(), () -> "Refused WebSocket handshake to '" + this.endpoint
					+ "' with " + refusal.value() + " by a HandshakeGuard");
			return false;
		}
		// The upgrade may still fail after this; afterHandshake then gives the permit back.
		setRequestAttribute(request, HANDSHAKE_ATTRIBUTES, attributes);
		recordHttpSession(request, attributes);
		return true;
	}

	/**
	 * Remember the HTTP session the handshake was made in (a logged-in user's), so that its end
	 * closes the connection (see {@link HttpSessionEndListener}). No session is created.
	 */
	private static void recordHttpSession(ServerHttpRequest request, Map<String, Object> attributes) {
		if (request instanceof ServletServerHttpRequest servletRequest) {
			jakarta.servlet.http.HttpSession session = servletRequest.getServletRequest().getSession(false);
			if (session != null) {
				attributes.put(HttpSessionEndListener.HTTP_SESSION_ID_ATTRIBUTE, session.getId());
			}
		}
	}

	private static void reject(ServerHttpRequest request, ServerHttpResponse response, HttpStatusCode status,
			EndpointMonitor.HandshakeRejection rejection) {
		response.setStatusCode(status);
		setRequestAttribute(request, REJECTION_ATTRIBUTE, rejection);
	}

	private static void setRequestAttribute(ServerHttpRequest request, String name, Object value) {
		if (request instanceof ServletServerHttpRequest servletRequest) {
			servletRequest.getServletRequest().setAttribute(name, value);
		}
	}

	/**
	 * Return whether the request's {@code Sec-WebSocket-Key} is valid, which not every container
	 * checks; a request without one is left to the handshake handler, which answers such requests
	 * itself.
	 */
	private static boolean hasValidKey(ServerHttpRequest request) {
		List<String> keys = request.getHeaders().getValuesAsList(WebSocketHttpHeaders.SEC_WEBSOCKET_KEY);
		return keys.isEmpty() || (keys.size() == 1 && isValidKey(keys.get(0)));
	}

	/**
	 * Return whether a {@code Sec-WebSocket-Key} is 16 bytes in base64 (RFC 6455 section 4.2.1).
	 * @param key the header's value
	 * @return {@code true} if it is
	 */
	public static boolean isValidKey(@Nullable String key) {
		if (key == null || key.length() != 24) {
			return false;
		}
		try {
			return Base64.getDecoder().decode(key).length == 16;
		}
		catch (IllegalArgumentException ex) {
			return false;
		}
	}

	/**
	 * Return whom a handshake counts against for websocket.max-connections-per-user: the
	 * authenticated principal, else the remote address (the proxy's, behind a proxy, unless the
	 * application trusts forwarded headers with server.forward-headers-strategy).
	 */
	static String userKey(ServerHttpRequest request) {
		java.security.Principal principal = request.getPrincipal();
		if (principal != null) {
			return "principal:" + principal.getName();
		}
		java.net.InetSocketAddress remote = request.getRemoteAddress();
		if (remote == null) {
			return "address:unknown";
		}
		return "address:" + ((remote.getAddress() != null) ? remote.getAddress().getHostAddress() : remote.getHostString());
	}

	private static @Nullable String malformedExtensions(ServerHttpRequest request) {
		for (String value : request.getHeaders().getValuesAsList(WebSocketHttpHeaders.SEC_WEBSOCKET_EXTENSIONS)) {
			try {
				// Spring parses the header again during the upgrade and fails with a 500.
				WebSocketExtension.parseExtensions(value);
			}
			catch (RuntimeException ex) {
				return RateLimitedLog.printable(value);
			}
		}
		return null;
	}

	private boolean originAllowed(ServerHttpRequest request) {
		// Requests without Origin come from non-browser clients, which Origin does not protect.
		if (isSameOrigin(request)) {
			return true;
		}
		try {
			return this.allowedOrigins != null
					&& this.allowedOrigins.checkOrigin(request.getHeaders().getOrigin()) != null;
		}
		catch (RuntimeException ex) {
			return false;
		}
	}

	private static boolean isSameOrigin(ServerHttpRequest request) {
		try {
			return WebUtils.isSameOrigin(request);
		}
		catch (RuntimeException ex) {
			// An Origin that is no URI at all (such as a port followed by a host name) is no match.
			return false;
		}
	}

	private @Nullable HttpStatusCode guardRefusal(ServerHttpRequest request) {
		if (this.guards.isEmpty()) {
			return null;
		}
		HandshakeDetails details = HandshakeDetailsFactory.create(request.getURI(), request.getHeaders(),
				PathVariablesHandshakeInterceptor.pathVariables(request), request.getPrincipal(),
				request.getRemoteAddress());
		for (HandshakeGuard guard : this.guards) {
			HttpStatusCode refusal = guard.check(this.endpoint, details);
			if (refusal != null) {
				return refusal;
			}
		}
		return null;
	}

	@Override
	@SuppressWarnings("unchecked")
	public void afterHandshake(ServerHttpRequest request, ServerHttpResponse response, WebSocketHandler wsHandler,
			@Nullable Exception exception) {
		if (!(request instanceof ServletServerHttpRequest servletRequest) || !(servletRequest.getServletRequest()
			.getAttribute(HANDSHAKE_ATTRIBUTES) instanceof Map<?, ?> attributes)) {
			return;
		}
		if (exception != null || HandshakeMonitoringInterceptor.status(response) >= 400) {
			this.connectionLimit.release((Map<String, Object>) attributes);
		}
		else if (!delivered(response)) {
			// The container drops such a connection without starting it, so nothing else would.
			this.connectionLimit.release((Map<String, Object>) attributes);
		}
	}

	private boolean delivered(ServerHttpResponse response) {
		if (!(response instanceof ServletServerHttpResponse servletResponse)) {
			return true;
		}
		try {
			servletResponse.getServletResponse().flushBuffer();
			return true;
		}
		catch (IOException ex) {
			this.rejections.info("gone", () -> "WebSocket peer of '" + this.endpoint
					+ "' went away before the 101 response reached it: " + ex.getMessage());
			return false;
		}
	}

}
