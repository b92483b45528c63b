package dev.wsboot.actuate;

import java.util.List;

import dev.wsboot.server.WebSocketEndpoint;
import dev.wsboot.server.WebSocketEndpointRegistry;
import dev.wsboot.server.WebSocketServerSettings;
import dev.wsboot.server.supervision.SessionRegistry;
import org.springframework.boot.actuate.endpoint.OperationResponseBody;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;

/**
 * {@link Endpoint @Endpoint} that lists the mapped WebSocket endpoints with their open
 * connection counts and effective settings.
 * <p>
 * It describes endpoints only: no connection ids, addresses, principals or message contents.
 *
 * @since 0.1.0
 */
@Endpoint(id = "websockets")
public class WebSocketsEndpoint {

	private final WebSocketEndpointRegistry endpoints;

	private final SessionRegistry sessions;

	private final WebSocketServerSettings settings;

	/**
	 * Create an endpoint.
	 * @param endpoints the mapped endpoints
	 * @param sessions the open sessions, counted per endpoint
	 * @param settings the effective runtime settings
	 */
	public WebSocketsEndpoint(WebSocketEndpointRegistry endpoints, SessionRegistry sessions,
			WebSocketServerSettings settings) {
		this.endpoints = endpoints;
		this.sessions = sessions;
		this.settings = settings;
	}

	/**
	 * Describe every mapped endpoint.
	 * @return the endpoints, in discovery order
	 */
	@ReadOperation
	public WebSocketsDescriptor webSockets() {
		WebSocketServerSettings effective = this.settings;
		SettingsDescriptor settings = new SettingsDescriptor(effective.getKeepAliveInterval().toString(),
				effective.getKeepAliveTimeout().toString(), effective.getReceiveBufferSize(),
				effective.getMaxMessageSize(), effective.getInboundQueueCapacity(), effective.getSendTimeout().toString(),
				effective.getIdleTimeout().toString(), effective.getMaxConnections(), effective.isCompression(),
				effective.getShutdownCloseTimeout().toString());
		List<EndpointDescriptor> endpoints = this.endpoints.getEndpoints()
			.stream()
			.map((endpoint) -> describe(endpoint, settings))
			.toList();
		return new WebSocketsDescriptor(endpoints);
	}

	private EndpointDescriptor describe(WebSocketEndpoint endpoint, SettingsDescriptor settings) {
		return new EndpointDescriptor(endpoint.path(), endpoint.handlerDescription(), endpoint.subprotocols(),
				this.sessions.count(endpoint.path()), settings);
	}

	/**
	 * The application's WebSocket endpoints.
	 *
	 * @param endpoints the endpoints, in discovery order
	 * @since 0.1.0
	 */
	public record WebSocketsDescriptor(List<EndpointDescriptor> endpoints) implements OperationResponseBody {

	}

	/**
	 * One mapped WebSocket endpoint.
	 *
	 * @param path the path template, as the {@code endpoint} tag of the metrics
	 * @param handler the mapped method or handler bean
	 * @param subprotocols the subprotocols offered, in order of preference
	 * @param activeConnections the connections open now
	 * @param settings the settings in effect for the endpoint
	 * @since 0.1.0
	 */
	public record EndpointDescriptor(String path, String handler, List<String> subprotocols, int activeConnections,
			SettingsDescriptor settings) {

	}

	/**
	 * The settings in effect for an endpoint.
	 *
	 * @param keepAliveInterval interval between keep-alive pings, in ISO-8601 ({@code PT0S} when off)
	 * @param keepAliveTimeout how long a ping may stay unanswered, in ISO-8601 ({@code PT0S} when off)
	 * @param receiveBufferSize the container's read buffer per connection, in bytes
	 * @param maxMessageSize largest message accepted, in bytes
	 * @param inboundQueueCapacity received parts that wait for the handler before reading pauses
	 * @param sendTimeout how long a send may block before the peer is cut off, in ISO-8601
	 * @param idleTimeout how long a connection may pass no traffic, in ISO-8601 ({@code PT0S} when off)
	 * @param maxConnections most open connections across all endpoints, -1 for no limit
	 * @param compression whether permessage-deflate is negotiated
	 * @param shutdownCloseTimeout how long shutdown waits for connections to close, in ISO-8601
	 * @since 0.1.0
	 */
	public record SettingsDescriptor(String keepAliveInterval, String keepAliveTimeout, int receiveBufferSize,
			long maxMessageSize, int inboundQueueCapacity, String sendTimeout, String idleTimeout, int maxConnections,
			boolean compression, String shutdownCloseTimeout) {

	}

}
