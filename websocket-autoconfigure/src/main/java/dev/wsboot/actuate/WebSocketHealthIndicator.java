package dev.wsboot.actuate;

import java.util.LinkedHashMap;
import java.util.Map;

import dev.wsboot.broadcast.BroadcastBackplane;
import dev.wsboot.server.WebSocketEndpoint;
import dev.wsboot.server.WebSocketEndpointRegistry;
import dev.wsboot.server.handshake.ConnectionLimit;
import dev.wsboot.server.supervision.SessionRegistry;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * The {@code websocket} health: open connections per endpoint against
 * {@code websocket.max-connections}, and the broadcast backplane. DOWN while the Redis backplane
 * hears no heartbeat (broadcasts then reach this instance's connections only), OUT_OF_SERVICE
 * while the server shuts down, UP otherwise.
 *
 * @since 0.1.0
 */
public class WebSocketHealthIndicator extends AbstractHealthIndicator {

	private final WebSocketEndpointRegistry endpoints;

	private final SessionRegistry sessions;

	private final ConnectionLimit connectionLimit;

	private final @Nullable BroadcastBackplane backplane;

	/**
	 * Create an indicator.
	 * @param endpoints the mapped endpoints
	 * @param sessions the open sessions
	 * @param connectionLimit the connection limit
	 * @param backplane the broadcast backplane, or {@code null} without broadcast
	 */
	public WebSocketHealthIndicator(WebSocketEndpointRegistry endpoints, SessionRegistry sessions,
			ConnectionLimit connectionLimit, @Nullable BroadcastBackplane backplane) {
		super("WebSocket health check failed");
		this.endpoints = endpoints;
		this.sessions = sessions;
		this.connectionLimit = connectionLimit;
		this.backplane = backplane;
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) {
		Map<String, Integer> perEndpoint = new LinkedHashMap<>();
		for (WebSocketEndpoint endpoint : this.endpoints.getEndpoints()) {
			perEndpoint.put(endpoint.path(), this.sessions.count(endpoint.path()));
		}
		builder.withDetail("connections", this.sessions.size())
			.withDetail("maxConnections", this.connectionLimit.getMaxConnections())
			.withDetail("endpoints", perEndpoint);
		BroadcastBackplane backplane = this.backplane;
		if (backplane != null) {
			builder.withDetail("backplane", backplane.describe());
			if (!backplane.isConnected()) {
				builder.down();
				return;
			}
		}
		if (this.sessions.isDraining()) {
			builder.outOfService();
			return;
		}
		builder.up();
	}

}
