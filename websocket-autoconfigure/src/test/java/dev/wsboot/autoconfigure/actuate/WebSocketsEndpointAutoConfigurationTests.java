package dev.wsboot.autoconfigure.actuate;

import java.io.IOException;

import dev.wsboot.WebSocketConnection;
import dev.wsboot.WebSocketController;
import dev.wsboot.WebSocketMapping;
import dev.wsboot.actuate.WebSocketsEndpoint;
import dev.wsboot.autoconfigure.WebSocketServerAutoConfiguration;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link WebSocketsEndpointAutoConfiguration}.
 */
class WebSocketsEndpointAutoConfigurationTests {

	private final WebApplicationContextRunner contextRunner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(WebSocketServerAutoConfiguration.class,
				WebSocketsEndpointAutoConfiguration.class))
		.withUserConfiguration(EchoController.class);

	@Test
	void providesEndpointWhenExposed() {
		this.contextRunner.withPropertyValues("management.endpoints.web.exposure.include=websockets")
			.run((context) -> {
				assertThat(context).hasSingleBean(WebSocketsEndpoint.class);
				assertThat(context.getBean(WebSocketsEndpoint.class).webSockets().endpoints())
					.extracting((endpoint) -> endpoint.path())
					.containsExactly("/echo");
			});
	}

	@Test
	void backsOffWhenNotExposed() {
		this.contextRunner.run((context) -> assertThat(context).doesNotHaveBean(WebSocketsEndpoint.class));
	}

	@Test
	void backsOffWhenAccessIsNone() {
		this.contextRunner
			.withPropertyValues("management.endpoints.web.exposure.include=websockets",
					"management.endpoint.websockets.access=NONE")
			.run((context) -> assertThat(context).doesNotHaveBean(WebSocketsEndpoint.class));
	}

	@Test
	void backsOffWithoutActuator() {
		this.contextRunner.withPropertyValues("management.endpoints.web.exposure.include=websockets")
			.withClassLoader(new FilteredClassLoader("org.springframework.boot.actuate"))
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context).doesNotHaveBean(WebSocketsEndpoint.class);
			});
	}

	@Test
	void backsOffWhenWebSocketsAreDisabled() {
		this.contextRunner
			.withPropertyValues("management.endpoints.web.exposure.include=websockets", "websocket.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(WebSocketsEndpoint.class));
	}

	@WebSocketController
	static class EchoController {

		@WebSocketMapping("/echo")
		void echo(WebSocketConnection connection) throws IOException {
			connection.receive();
		}

	}

}
