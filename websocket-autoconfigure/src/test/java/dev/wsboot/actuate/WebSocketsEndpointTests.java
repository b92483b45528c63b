package dev.wsboot.actuate;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;

import dev.wsboot.actuate.WebSocketsEndpoint.EndpointDescriptor;
import dev.wsboot.server.EndpointMonitor;
import dev.wsboot.server.WebSocketEndpoint;
import dev.wsboot.server.WebSocketEndpointRegistry;
import dev.wsboot.server.WebSocketServerSettings;
import dev.wsboot.server.supervision.SessionRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.web.socket.adapter.standard.StandardWebSocketSession;
import org.springframework.web.socket.handler.TextWebSocketHandler;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link WebSocketsEndpoint}.
 */
class WebSocketsEndpointTests {

	@Test
	void describesEachEndpointWithItsOpenConnectionsAndTheSettingsInEffect() {
		WebSocketEndpointRegistry endpoints = new WebSocketEndpointRegistry(
				List.of(new WebSocketEndpoint("/chat", List.of("v1"), "ChatController#chat", new TextWebSocketHandler()),
						new WebSocketEndpoint("/news", List.of(), "news handler", new TextWebSocketHandler())));
		SessionRegistry sessions = new SessionRegistry();
		sessions.add(new StandardWebSocketSession(new HttpHeaders(), new HashMap<>(), null, null), "/chat",
				EndpointMonitor.NONE);
		WebSocketServerSettings settings = WebSocketServerSettings.defaults()
			.withKeepAliveInterval(Duration.ofSeconds(20))
			.withMaxConnections(500)
			.withCompression(false);
		List<EndpointDescriptor> described = new WebSocketsEndpoint(endpoints, sessions, settings).webSockets()
			.endpoints();
		assertThat(described).extracting(EndpointDescriptor::path).containsExactly("/chat", "/news");
		EndpointDescriptor chat = described.get(0);
		assertThat(chat.handler()).isEqualTo("ChatController#chat");
		assertThat(chat.subprotocols()).containsExactly("v1");
		assertThat(chat.activeConnections()).isEqualTo(1);
		assertThat(described.get(1).activeConnections()).isZero();
		assertThat(chat.settings().keepAliveInterval()).isEqualTo("PT20S");
		assertThat(chat.settings().maxConnections()).isEqualTo(500);
		assertThat(chat.settings().compression()).isFalse();
		assertThat(chat.settings().sendTimeout()).isEqualTo("PT10S");
	}

}
