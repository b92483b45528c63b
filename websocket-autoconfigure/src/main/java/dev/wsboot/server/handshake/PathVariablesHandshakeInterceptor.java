package dev.wsboot.server.handshake;

import java.util.Map;

import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.http.server.ServletServerHttpRequest;
import org.springframework.web.servlet.HandlerMapping;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.server.HandshakeInterceptor;

/**
 * Carries the values of the mapping's {@code {name}} templates, which Spring MVC extracted when it
 * matched the request, into the session's attributes.
 */
public final class PathVariablesHandshakeInterceptor implements HandshakeInterceptor {

	private static final String ATTRIBUTE = PathVariablesHandshakeInterceptor.class.getName() + ".pathVariables";

	@Override
	public boolean beforeHandshake(ServerHttpRequest request, ServerHttpResponse response, WebSocketHandler wsHandler,
			Map<String, Object> attributes) {
		Map<String, String> variables = pathVariables(request);
		if (!variables.isEmpty()) {
			attributes.put(ATTRIBUTE, variables);
		}
		return true;
	}

	@Override
	public void afterHandshake(ServerHttpRequest request, ServerHttpResponse response, WebSocketHandler wsHandler,
			@org.jspecify.annotations.Nullable Exception exception) {
	}

	/**
	 * Return the path variables Spring MVC extracted from the request.
	 * @param request the handshake request
	 * @return the variables, empty if none
	 */
	@SuppressWarnings("unchecked")
	public static Map<String, String> pathVariables(ServerHttpRequest request) {
		if (request instanceof ServletServerHttpRequest servletRequest && servletRequest.getServletRequest()
			.getAttribute(HandlerMapping.URI_TEMPLATE_VARIABLES_ATTRIBUTE) instanceof Map<?, ?> variables) {
			return Map.copyOf((Map<String, String>) variables);
		}
		return Map.of();
	}

	@SuppressWarnings("unchecked")
	public static Map<String, String> pathVariables(Map<String, Object> attributes) {
		Object variables = attributes.get(ATTRIBUTE);
		return (variables != null) ? (Map<String, String>) variables : Map.of();
	}

}
