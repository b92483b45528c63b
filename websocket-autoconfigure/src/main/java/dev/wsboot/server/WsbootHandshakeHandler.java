package dev.wsboot.server;

import java.util.List;

import org.springframework.http.server.ServerHttpRequest;
import org.springframework.web.socket.WebSocketExtension;
import org.springframework.web.socket.server.support.DefaultHandshakeHandler;

/**
 * Spring's handshake handler with permessage-deflate negotiation that can be switched off.
 */
final class WsbootHandshakeHandler extends DefaultHandshakeHandler {

	private final boolean compression;

	WsbootHandshakeHandler(List<String> subprotocols, boolean compression) {
		this.compression = compression;
		setSupportedProtocols(subprotocols.toArray(String[]::new));
	}

	@Override
	protected List<WebSocketExtension> filterRequestedExtensions(ServerHttpRequest request,
			List<WebSocketExtension> requestedExtensions, List<WebSocketExtension> supportedExtensions) {
		if (!this.compression) {
			return List.of();
		}
		return super.filterRequestedExtensions(request, requestedExtensions, supportedExtensions);
	}

}
