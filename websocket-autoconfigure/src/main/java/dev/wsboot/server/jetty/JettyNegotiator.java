package dev.wsboot.server.jetty;

import java.io.IOException;
import java.util.List;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.eclipse.jetty.ee11.servlet.ServletContextHandler;
import org.eclipse.jetty.ee11.servlet.ServletCoreRequest;
import org.eclipse.jetty.ee11.servlet.ServletCoreResponse;
import org.eclipse.jetty.ee11.websocket.server.JettyWebSocketServerContainer;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Blocker;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.websocket.api.Configurable;
import org.eclipse.jetty.websocket.common.JettyWebSocketFrameHandler;
import org.eclipse.jetty.websocket.core.Configuration;
import org.eclipse.jetty.websocket.core.FrameHandler;
import org.eclipse.jetty.websocket.core.server.FrameHandlerFactory;
import org.eclipse.jetty.websocket.core.server.ServerUpgradeRequest;
import org.eclipse.jetty.websocket.core.server.ServerUpgradeResponse;
import org.eclipse.jetty.websocket.core.server.WebSocketMappings;
import org.eclipse.jetty.websocket.core.server.WebSocketNegotiator;
import org.jspecify.annotations.Nullable;

/**
 * Negotiates one upgrade for a {@link JettyListener} as Jetty's servlet container would, with
 * one difference: the session's upgrade request and response are detached, compact copies.
 * <p>
 * Jetty 12.1's own response copy keeps its headers as a live view of the response's headers,
 * which reaches the whole HTTP request (its attributes, parser and channel state): about 7 KB that
 * every open connection would hold for its whole life. Its request copy keeps parsed headers, URI
 * and cookies (see {@link DetachedUpgradeRequest}).
 */
final class JettyNegotiator implements WebSocketNegotiator {

	private final Object listener;

	private final FrameHandlerFactory frameHandlers;

	private final Configurable settings;

	private final @Nullable String selectedProtocol;

	private final boolean compression;

	/**
	 * Create a negotiator.
	 * @param listener the endpoint the upgraded connection talks to
	 * @param frameHandlers the factory of Jetty's WebSocket container, which adapts the listener
	 * @param settings the container's settings, applied to the session as the container would
	 * @param selectedProtocol the subprotocol Spring selected, or {@code null}
	 * @param compression whether permessage-deflate may be negotiated
	 */
	JettyNegotiator(Object listener, FrameHandlerFactory frameHandlers, Configurable settings,
			@Nullable String selectedProtocol, boolean compression) {
		this.listener = listener;
		this.frameHandlers = frameHandlers;
		this.settings = settings;
		this.selectedProtocol = selectedProtocol;
		this.compression = compression;
	}

	/**
	 * Upgrade through Jetty's core WebSocket API, as the servlet container's own
	 * {@code upgrade} does, but with a {@link JettyNegotiator}. Kept out of
	 * {@link JettyUpgradeStrategy}, which a Tomcat application loads too: verifying this method
	 * loads Jetty's server classes.
	 * @param container Jetty's WebSocket container of the request's context
	 * @param listener the endpoint the upgraded connection talks to
	 * @param selectedProtocol the subprotocol Spring selected, or {@code null}
	 * @param compression whether permessage-deflate may be negotiated
	 * @param httpRequest the upgrade request
	 * @param httpResponse its response
	 * @return whether the connection was upgraded; {@code false} also where the context has no
	 * WebSocket mappings or frame handler factory of Jetty's
	 * @throws IOException if writing the response failed
	 */
	static boolean upgrade(JettyWebSocketServerContainer container, JettyListener listener,
			@Nullable String selectedProtocol, boolean compression, HttpServletRequest httpRequest,
			HttpServletResponse httpResponse)
			throws IOException {
		ServletContextHandler context = ServletContextHandler.getServletContextHandler(httpRequest.getServletContext());
		WebSocketMappings mappings = (context != null) ? WebSocketMappings.getMappings(context) : null;
		FrameHandlerFactory frameHandlers = container.getBean(FrameHandlerFactory.class);
		if (mappings == null || frameHandlers == null) {
			// Jetty's container creates both; without them Jetty does not serve WebSocket here.
			return false;
		}
		JettyNegotiator negotiator = new JettyNegotiator(listener, frameHandlers, container, selectedProtocol,
				compression);
		Request coreRequest = ServletCoreRequest.wrap(httpRequest);
		Response coreResponse = ServletCoreResponse.wrap(coreRequest, httpResponse, false);
		try (Blocker.Callback written = Blocker.callback()) {
			boolean upgraded = mappings.upgrade(negotiator, coreRequest, coreResponse, written, null);
			if (upgraded) {
				// The 101 response is written before the servlet returns, as with the container's upgrade.
				written.block();
			}
			return upgraded;
		}
	}

	@Override
	public FrameHandler negotiate(ServerUpgradeRequest request, ServerUpgradeResponse response, Callback callback) {
		if (this.selectedProtocol != null && !this.selectedProtocol.isEmpty()) {
			response.setAcceptedSubProtocol(this.selectedProtocol);
		}
		if (!this.compression) {
			response.setExtensions(List.of());
		}
		FrameHandler handler = this.frameHandlers.newFrameHandler(this.listener, request, response);
		if (handler instanceof JettyWebSocketFrameHandler jetty) {
			if (jetty.getUpgradeRequest() != null) {
				jetty.setUpgradeRequest(new DetachedUpgradeRequest(jetty.getUpgradeRequest()));
			}
			if (jetty.getUpgradeResponse() != null) {
				jetty.setUpgradeResponse(new DetachedUpgradeResponse(jetty.getUpgradeResponse()));
			}
		}
		return handler;
	}

	@Override
	public void customize(Configuration configuration) {
		configuration.setIdleTimeout(this.settings.getIdleTimeout());
		configuration.setInputBufferSize(this.settings.getInputBufferSize());
		configuration.setOutputBufferSize(this.settings.getOutputBufferSize());
		configuration.setMaxBinaryMessageSize(this.settings.getMaxBinaryMessageSize());
		configuration.setMaxTextMessageSize(this.settings.getMaxTextMessageSize());
		configuration.setMaxFrameSize(this.settings.getMaxFrameSize());
		configuration.setAutoFragment(this.settings.isAutoFragment());
		configuration.setMaxOutgoingFrames(this.settings.getMaxOutgoingFrames());
	}

}
