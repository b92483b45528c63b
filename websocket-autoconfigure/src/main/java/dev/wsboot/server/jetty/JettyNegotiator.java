package dev.wsboot.server.jetty;

import java.util.List;

import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.websocket.api.Configurable;
import org.eclipse.jetty.websocket.common.JettyWebSocketFrameHandler;
import org.eclipse.jetty.websocket.core.Configuration;
import org.eclipse.jetty.websocket.core.FrameHandler;
import org.eclipse.jetty.websocket.core.server.FrameHandlerFactory;
import org.eclipse.jetty.websocket.core.server.ServerUpgradeRequest;
import org.eclipse.jetty.websocket.core.server.ServerUpgradeResponse;
import org.eclipse.jetty.websocket.core.server.WebSocketNegotiator;
import org.jspecify.annotations.Nullable;

/**
 * Negotiates one upgrade for a {@link JettyListener} as Jetty's servlet container would, with
 * one difference: the session's upgrade response is a detached copy.
 * <p>
 * Jetty 12.1's own copy keeps its headers as a live view of the response's headers, which
 * reaches the whole HTTP request (its attributes, parser and channel state): about 7 KB that every
 * open connection would hold for its whole life.
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

	@Override
	public FrameHandler negotiate(ServerUpgradeRequest request, ServerUpgradeResponse response, Callback callback) {
		if (this.selectedProtocol != null && !this.selectedProtocol.isEmpty()) {
			response.setAcceptedSubProtocol(this.selectedProtocol);
		}
		if (!this.compression) {
			response.setExtensions(List.of());
		}
		FrameHandler handler = this.frameHandlers.newFrameHandler(this.listener, request, response);
		if (handler instanceof JettyWebSocketFrameHandler jetty && jetty.getUpgradeResponse() != null) {
			jetty.setUpgradeResponse(new DetachedUpgradeResponse(jetty.getUpgradeResponse()));
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
