package dev.wsboot.server.supervision;

import java.util.HashMap;

import dev.wsboot.server.EndpointMonitor;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.adapter.standard.StandardWebSocketSession;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link SessionRegistry}.
 */
class SessionRegistryTests {

	private final SessionRegistry registry = new SessionRegistry();

	@Test
	void countsOpenSessionsPerEndpointUntilTheyAreRemoved() {
		WebSocketSession first = session();
		WebSocketSession second = session();
		this.registry.add(first, "/chat", EndpointMonitor.NONE);
		this.registry.add(second, "/chat", EndpointMonitor.NONE);
		this.registry.add(session(), "/news", EndpointMonitor.NONE);
		assertThat(this.registry.count("/chat")).isEqualTo(2);
		assertThat(this.registry.size()).isEqualTo(3);
		this.registry.remove(first);
		assertThat(this.registry.count("/chat")).isEqualTo(1);
		assertThat(this.registry.get(first)).isNull();
		assertThat(this.registry.get(second)).isNotNull().satisfies((tracked) -> {
			assertThat(tracked.endpoint()).isEqualTo("/chat");
			assertThat(tracked.session()).isSameAs(second);
		});
	}

	@Test
	void drainsBetweenStartAndStop() {
		assertThat(this.registry.isDraining()).isFalse();
		this.registry.startDraining();
		assertThat(this.registry.isDraining()).isTrue();
		this.registry.stopDraining();
		assertThat(this.registry.isDraining()).isFalse();
	}

	private static WebSocketSession session() {
		return new StandardWebSocketSession(new HttpHeaders(), new HashMap<>(), null, null);
	}

}
