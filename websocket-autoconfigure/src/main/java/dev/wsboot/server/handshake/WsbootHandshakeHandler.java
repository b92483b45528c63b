package dev.wsboot.server.handshake;

import java.security.Principal;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import dev.wsboot.server.StandardSessionTransport;
import dev.wsboot.server.WebSocketServerSettings;
import dev.wsboot.server.WebSocketTransport;
import dev.wsboot.server.WebSocketTransports;
import dev.wsboot.server.jetty.JettyDirectUpgradeStrategy;
import dev.wsboot.server.jetty.JettyUpgradeStrategy;
import dev.wsboot.server.tomcat.DirectUpgradeStrategy;
import dev.wsboot.server.tomcat.TomcatTransport;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import org.jspecify.annotations.Nullable;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.http.server.ServletServerHttpRequest;
import org.springframework.web.socket.WebSocketExtension;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.server.HandshakeFailureException;
import org.springframework.web.socket.server.RequestUpgradeStrategy;
import org.springframework.web.socket.server.standard.StandardWebSocketUpgradeStrategy;
import org.springframework.web.socket.server.support.DefaultHandshakeHandler;

/**
 * Spring's handshake handler with permessage-deflate negotiation that can be switched off, and
 * with wsboot's own frame I/O where it is supported (see {@link DirectUpgradeStrategy} on Tomcat
 * and {@link JettyDirectUpgradeStrategy} on Jetty); with direct I/O off, Jetty's own WebSocket API
 * serves Jetty's connections (see {@link JettyUpgradeStrategy}).
 */
public final class WsbootHandshakeHandler extends DefaultHandshakeHandler {

	public WsbootHandshakeHandler(List<String> subprotocols, WebSocketServerSettings settings) {
		super(upgradeStrategy(settings));
		setSupportedProtocols(subprotocols.toArray(String[]::new));
	}

	private static RequestUpgradeStrategy upgradeStrategy(WebSocketServerSettings settings) {
		RequestUpgradeStrategy container = settings.isCompression() ? new ContainerUpgradeStrategy()
				: new NoExtensionsUpgradeStrategy();
		if (settings.isDirectIo() && DirectUpgradeStrategy.isSupported(WsbootHandshakeHandler.class.getClassLoader())) {
			return new DirectUpgradeStrategy(container, settings.isCompression(), settings.getMaxMessageSize(),
					settings.getReceiveBufferSize(), settings.getSendTimeout());
		}
		if (JettyUpgradeStrategy.isPresent(WsbootHandshakeHandler.class.getClassLoader())) {
			JettyUpgradeStrategy jetty = new JettyUpgradeStrategy(container, settings.isCompression());
			return settings.isDirectIo() ? new JettyDirectUpgradeStrategy(jetty, settings.isCompression(),
					settings.getMaxMessageSize(), settings.getReceiveBufferSize()) : jetty;
		}
		return container;
	}

	/**
	 * Upgrades with the container's own WebSocket implementation, and tells the runtime which
	 * {@link WebSocketTransport} its sessions have. Direct I/O and Jetty's API fall back to it
	 * for requests they cannot take.
	 */
	static class ContainerUpgradeStrategy extends StandardWebSocketUpgradeStrategy {

		private static final Function<WebSocketSession, WebSocketTransport> TRANSPORTS = TomcatTransport
			.isPresent(ContainerUpgradeStrategy.class.getClassLoader()) ? TomcatTransport::of
					: StandardSessionTransport::new;

		@Override
		public void upgrade(ServerHttpRequest request, ServerHttpResponse response, @Nullable String selectedProtocol,
				List<WebSocketExtension> selectedExtensions, @Nullable Principal user, WebSocketHandler wsHandler,
				Map<String, Object> attrs) throws HandshakeFailureException {
			attrs.put(WebSocketTransports.FACTORY_ATTRIBUTE, TRANSPORTS);
			super.upgrade(request, response, selectedProtocol, selectedExtensions, user, wsHandler, attrs);
		}

	}

	/**
	 * Upgrades without extensions. Tomcat negotiates extensions from the request's own
	 * {@code Sec-WebSocket-Extensions} header whatever Spring selected, so the header is hidden
	 * from it.
	 */
	static final class NoExtensionsUpgradeStrategy extends ContainerUpgradeStrategy {

		private static final String EXTENSIONS_HEADER = "Sec-WebSocket-Extensions";

		@Override
		public List<WebSocketExtension> getSupportedExtensions(ServerHttpRequest request) {
			return List.of();
		}

		@Override
		public void upgrade(ServerHttpRequest request, ServerHttpResponse response, @Nullable String selectedProtocol,
				List<WebSocketExtension> selectedExtensions, @Nullable Principal user, WebSocketHandler wsHandler,
				Map<String, Object> attrs) throws HandshakeFailureException {
			ServerHttpRequest withoutExtensions = (request instanceof ServletServerHttpRequest servletRequest)
					? new ServletServerHttpRequest(new ExtensionsHidingRequest(servletRequest.getServletRequest()))
					: request;
			super.upgrade(withoutExtensions, response, selectedProtocol, List.of(), user, wsHandler, attrs);
		}

		private static final class ExtensionsHidingRequest extends HttpServletRequestWrapper {

			ExtensionsHidingRequest(HttpServletRequest request) {
				super(request);
			}

			@Override
			public @Nullable String getHeader(String name) {
				return EXTENSIONS_HEADER.equalsIgnoreCase(name) ? null : super.getHeader(name);
			}

			@Override
			public Enumeration<String> getHeaders(String name) {
				return EXTENSIONS_HEADER.equalsIgnoreCase(name) ? Collections.emptyEnumeration() : super.getHeaders(name);
			}

			@Override
			public Enumeration<String> getHeaderNames() {
				List<String> names = Collections.list(super.getHeaderNames());
				names.removeIf(EXTENSIONS_HEADER::equalsIgnoreCase);
				return Collections.enumeration(names);
			}

		}

	}

}
