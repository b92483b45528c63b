package dev.wsboot.server;

import java.security.Principal;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.http.server.ServletServerHttpRequest;
import org.springframework.http.server.ServletServerHttpResponse;
import org.springframework.web.socket.WebSocketExtension;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.server.HandshakeFailureException;
import org.springframework.web.socket.server.RequestUpgradeStrategy;

/**
 * An upgrade path of a container adapter: it upgrades the servlet requests it can serve and
 * leaves every other request to the container's own strategy. Adapters negotiate extensions from
 * the request themselves, so none are announced to Spring.
 *
 * @since 0.1.0
 */
public abstract class ServletUpgradeStrategy implements RequestUpgradeStrategy {

	private final RequestUpgradeStrategy fallback;

	/**
	 * Create a strategy.
	 * @param fallback the container's strategy, for the requests this one does not serve
	 */
	protected ServletUpgradeStrategy(RequestUpgradeStrategy fallback) {
		this.fallback = fallback;
	}

	@Override
	public String[] getSupportedVersions() {
		return new String[] { "13" };
	}

	@Override
	public List<WebSocketExtension> getSupportedExtensions(ServerHttpRequest request) {
		return List.of();
	}

	@Override
	public final void upgrade(ServerHttpRequest request, ServerHttpResponse response, @Nullable String selectedProtocol,
			List<WebSocketExtension> selectedExtensions, @Nullable Principal user, WebSocketHandler handler,
			Map<String, Object> attributes) throws HandshakeFailureException {
		if (request instanceof ServletServerHttpRequest servletRequest
				&& response instanceof ServletServerHttpResponse servletResponse
				&& upgrade(servletRequest, servletResponse, selectedProtocol, user, handler, attributes)) {
			return;
		}
		this.fallback.upgrade(request, response, selectedProtocol, selectedExtensions, user, handler, attributes);
	}

	/**
	 * Upgrade a servlet request, or decline it.
	 * @param request the request
	 * @param response the response
	 * @param selectedProtocol the subprotocol Spring selected, if any
	 * @param user the user Spring determined, if any
	 * @param handler the endpoint's handler
	 * @param attributes the handshake attributes, which become the session's
	 * @return {@code false} to leave the request to the container's strategy
	 * @throws HandshakeFailureException if the upgrade fails
	 */
	protected abstract boolean upgrade(ServletServerHttpRequest request, ServletServerHttpResponse response,
			@Nullable String selectedProtocol, @Nullable Principal user, WebSocketHandler handler,
			Map<String, Object> attributes) throws HandshakeFailureException;

}
