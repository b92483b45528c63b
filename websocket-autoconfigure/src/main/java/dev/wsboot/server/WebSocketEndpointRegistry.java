package dev.wsboot.server;

import java.util.List;

/**
 * The WebSocket endpoints of an application.
 *
 * @since 0.1.0
 */
public class WebSocketEndpointRegistry {

	private final List<WebSocketEndpoint> endpoints;

	/**
	 * Create a registry.
	 * @param endpoints the endpoints, with unique paths
	 */
	public WebSocketEndpointRegistry(List<WebSocketEndpoint> endpoints) {
		this.endpoints = List.copyOf(endpoints);
	}

	/**
	 * Return the endpoints.
	 * @return the endpoints, in discovery order
	 */
	public List<WebSocketEndpoint> getEndpoints() {
		return this.endpoints;
	}

}
