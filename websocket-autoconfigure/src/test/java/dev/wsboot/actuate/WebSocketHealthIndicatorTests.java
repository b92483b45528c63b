package dev.wsboot.actuate;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.wsboot.broadcast.Broadcast;
import dev.wsboot.broadcast.BroadcastBackplane;
import dev.wsboot.server.EndpointMonitor;
import dev.wsboot.server.WebSocketEndpoint;
import dev.wsboot.server.WebSocketEndpointRegistry;
import dev.wsboot.server.handshake.ConnectionLimit;
import dev.wsboot.server.supervision.SessionRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.http.HttpHeaders;
import org.springframework.web.socket.adapter.standard.StandardWebSocketSession;
import org.springframework.web.socket.handler.TextWebSocketHandler;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link WebSocketHealthIndicator}.
 */
class WebSocketHealthIndicatorTests {

	private final WebSocketEndpointRegistry endpoints = new WebSocketEndpointRegistry(
			List.of(new WebSocketEndpoint("/chat", List.of(), "chat", new TextWebSocketHandler()),
					new WebSocketEndpoint("/news", List.of(), "news", new TextWebSocketHandler())));

	private final SessionRegistry sessions = new SessionRegistry();

	@Test
	void isUpWithTheConnectionsOfEachEndpointAndTheLimit() {
		this.sessions.add(new StandardWebSocketSession(new HttpHeaders(), new HashMap<>(), null, null), "/chat",
				EndpointMonitor.NONE);
		Health health = new WebSocketHealthIndicator(this.endpoints, this.sessions, new ConnectionLimit(100), null)
			.health(true);
		assertThat(health.getStatus()).isEqualTo(Status.UP);
		assertThat(health.getDetails()).containsEntry("connections", 1)
			.containsEntry("maxConnections", 100)
			.containsEntry("endpoints", Map.of("/chat", 1, "/news", 0));
	}

	@Test
	void isOutOfServiceWhileTheServerDrains() {
		this.sessions.startDraining();
		Health health = new WebSocketHealthIndicator(this.endpoints, this.sessions, new ConnectionLimit(-1), null)
			.health(true);
		assertThat(health.getStatus()).isEqualTo(Status.OUT_OF_SERVICE);
	}

	@Test
	void isDownWhileTheBackplaneIsDisconnectedAndDescribesIt() {
		Health health = new WebSocketHealthIndicator(this.endpoints, this.sessions, new ConnectionLimit(-1),
				new DisconnectedBackplane())
			.health(true);
		assertThat(health.getStatus()).isEqualTo(Status.DOWN);
		assertThat(health.getDetails()).containsEntry("backplane", Map.of("type", "redis", "heartbeat", "missed"));
	}

	private static final class DisconnectedBackplane implements BroadcastBackplane {

		@Override
		public void subscribe(Receiver receiver) {
		}

		@Override
		public void publish(Broadcast broadcast) {
		}

		@Override
		public boolean isConnected() {
			return false;
		}

		@Override
		public Map<String, Object> describe() {
			return Map.of("type", "redis", "heartbeat", "missed");
		}

	}

}
