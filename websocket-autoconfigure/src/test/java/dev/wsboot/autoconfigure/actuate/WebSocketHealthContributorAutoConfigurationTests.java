package dev.wsboot.autoconfigure.actuate;

import java.util.Map;

import dev.wsboot.WebSocketConnection;
import dev.wsboot.WebSocketController;
import dev.wsboot.WebSocketMapping;
import dev.wsboot.actuate.WebSocketHealthIndicator;
import dev.wsboot.autoconfigure.WebSocketBroadcastAutoConfiguration;
import dev.wsboot.autoconfigure.WebSocketServerAutoConfiguration;
import dev.wsboot.server.supervision.SessionRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link WebSocketHealthContributorAutoConfiguration}.
 */
class WebSocketHealthContributorAutoConfigurationTests {

	private final WebApplicationContextRunner contextRunner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(WebSocketServerAutoConfiguration.class,
				WebSocketBroadcastAutoConfiguration.class, WebSocketHealthContributorAutoConfiguration.class))
		.withUserConfiguration(EchoController.class)
		.withPropertyValues("websocket.max-connections=100");

	@Test
	void reportsConnectionsPerEndpointAgainstTheLimitAndTheBackplane() {
		this.contextRunner.run((context) -> {
			Health health = context.getBean("websocketHealthIndicator", WebSocketHealthIndicator.class).health();
			assertThat(health.getStatus()).isEqualTo(Status.UP);
			assertThat(health.getDetails()).containsEntry("connections", 0)
				.containsEntry("maxConnections", 100)
				.containsEntry("endpoints", Map.of("/echo", 0))
				.containsEntry("backplane", Map.of("type", "in-memory"));
		});
	}

	@Test
	void isOutOfServiceWhileTheServerShutsDown() {
		this.contextRunner.run((context) -> {
			context.getBean(SessionRegistry.class).startDraining();
			assertThat(context.getBean(WebSocketHealthIndicator.class).health().getStatus())
				.isEqualTo(Status.OUT_OF_SERVICE);
		});
	}

	@Test
	void backsOffWhenTheHealthIndicatorIsDisabled() {
		this.contextRunner.withPropertyValues("management.health.websocket.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(WebSocketHealthIndicator.class));
	}

	@WebSocketController
	static class EchoController {

		@WebSocketMapping("/echo")
		void echo(WebSocketConnection connection) {
		}

	}

}
