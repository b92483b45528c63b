package dev.wsboot.server.jetty;

import java.io.IOException;
import java.security.Principal;
import java.util.Map;

import dev.wsboot.server.ServletUpgradeStrategy;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.eclipse.jetty.ee11.websocket.server.JettyWebSocketServerContainer;
import org.jspecify.annotations.Nullable;
import org.springframework.http.server.ServletServerHttpRequest;
import org.springframework.http.server.ServletServerHttpResponse;
import org.springframework.util.ClassUtils;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.server.HandshakeFailureException;
import org.springframework.web.socket.server.RequestUpgradeStrategy;

/**
 * Upgrades on Jetty through Jetty's own WebSocket API, whose explicit demand lets wsboot pause
 * reading without holding a Jetty thread (the Jakarta API on Jetty cannot), with message parts
 * delivered as they arrive.
 * <p>
 * Jetty negotiates permessage-deflate itself; with compression off it is told to accept no
 * extension. Requests of another container go to the fallback strategy.
 *
 * @since 0.1.0
 */
public final class JettyUpgradeStrategy extends ServletUpgradeStrategy {

	private final boolean compression;

	/**
	 * Create a strategy.
	 * @param fallback the strategy for requests that Jetty's WebSocket container does not serve
	 * @param compression whether permessage-deflate may be negotiated
	 */
	public JettyUpgradeStrategy(RequestUpgradeStrategy fallback, boolean compression) {
		super(fallback);
		this.compression = compression;
	}

	/**
	 * Return whether Jetty's servlet container and its WebSocket API are on the class path. Each
	 * request is still checked: a Tomcat application may carry Jetty's classes too.
	 * @param classLoader the class loader to look with
	 * @return whether this strategy can be used
	 */
	public static boolean isPresent(@Nullable ClassLoader classLoader) {
		return ClassUtils.isPresent("org.eclipse.jetty.ee11.servlet.ServletContextHandler", classLoader)
				&& ClassUtils.isPresent("org.eclipse.jetty.ee11.websocket.server.JettyWebSocketServerContainer",
						classLoader);
	}

	@Override
	protected boolean upgrade(ServletServerHttpRequest request, ServletServerHttpResponse response,
			@Nullable String selectedProtocol, @Nullable Principal user, WebSocketHandler wsHandler,
			Map<String, Object> attributes) throws HandshakeFailureException {
		HttpServletRequest httpRequest = request.getServletRequest();
		JettyWebSocketServerContainer container = JettyWebSocketServerContainer
			.getContainer(httpRequest.getServletContext());
		if (container == null) {
			return false;
		}
		HttpServletResponse httpResponse = response.getServletResponse();
		JettyTransportSession session = new JettyTransportSession(attributes, user);
		JettyListener listener = new JettyListener(wsHandler, session);
		try {
			if (!JettyNegotiator.upgrade(container, listener, selectedProtocol, this.compression, httpRequest,
					httpResponse)) {
				throw new HandshakeFailureException("Jetty did not upgrade the connection of " + request.getURI());
			}
		}
		catch (IOException | RuntimeException ex) {
			if (ex instanceof HandshakeFailureException failure) {
				throw failure;
			}
			throw new HandshakeFailureException("Could not upgrade the connection of " + request.getURI(), ex);
		}
		return true;
	}

}
