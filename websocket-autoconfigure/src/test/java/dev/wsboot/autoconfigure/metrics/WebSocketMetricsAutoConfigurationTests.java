package dev.wsboot.autoconfigure.metrics;

import java.io.IOException;

import dev.wsboot.WebSocketConnection;
import dev.wsboot.WebSocketController;
import dev.wsboot.WebSocketMapping;
import dev.wsboot.autoconfigure.WebSocketServerAutoConfiguration;
import dev.wsboot.metrics.MicrometerWebSocketMonitor;
import dev.wsboot.server.EndpointMonitor;
import dev.wsboot.server.WebSocketMonitor;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link WebSocketMetricsAutoConfiguration}.
 */
class WebSocketMetricsAutoConfigurationTests {

	private final WebApplicationContextRunner contextRunner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(WebSocketServerAutoConfiguration.class,
				WebSocketMetricsAutoConfiguration.class))
		.withUserConfiguration(EchoController.class);

	@Test
	void registersMetersOfEveryEndpointInTheMeterRegistry() {
		this.contextRunner.withUserConfiguration(MeterRegistryConfiguration.class).run((context) -> {
			assertThat(context).hasSingleBean(MicrometerWebSocketMonitor.class);
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			assertThat(registry.get("websocket.connections.active").tag("endpoint", "/echo").gauge().value()).isZero();
			assertThat(registry.get("websocket.handshakes").tag("endpoint", "/echo").counters()).hasSize(7);
			assertThat(registry.get("websocket.messages").tag("endpoint", "/echo").counters()).hasSize(4);
			assertThat(registry.get("websocket.bytes").tag("endpoint", "/echo").counters()).hasSize(2);
			assertThat(registry.get("websocket.keepalive.rtt").tag("endpoint", "/echo").timer().count()).isZero();
			assertThat(registry.get("websocket.keepalive.timeouts").tag("endpoint", "/echo").counter().count()).isZero();
			assertThat(registry.get("websocket.send.overflows").tag("endpoint", "/echo").counter().count()).isZero();
			assertThat(registry.get("websocket.rate.limited").tag("endpoint", "/echo").counter().count()).isZero();
		});
	}

	@Test
	void registersMetersInTheAutoConfiguredMeterRegistry() {
		this.contextRunner
			.withConfiguration(AutoConfigurations.of(MetricsAutoConfiguration.class,
					SimpleMetricsExportAutoConfiguration.class, CompositeMeterRegistryAutoConfiguration.class))
			.run((context) -> {
				assertThat(context).hasSingleBean(MicrometerWebSocketMonitor.class);
				assertThat(context.getBean(MeterRegistry.class).find("websocket.connections.active").gauge()).isNotNull();
			});
	}

	@Test
	void leavesMetersToSpringBootsMeterFilters() {
		this.contextRunner
			.withConfiguration(AutoConfigurations.of(MetricsAutoConfiguration.class,
					SimpleMetricsExportAutoConfiguration.class, CompositeMeterRegistryAutoConfiguration.class))
			.withPropertyValues("management.metrics.enable.websocket=false")
			.run((context) -> assertThat(context.getBean(MeterRegistry.class).find("websocket.handshakes").meters())
				.isEmpty());
	}

	@Test
	void backsOffWithoutMeterRegistryBean() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context).doesNotHaveBean(WebSocketMonitor.class);
		});
	}

	@Test
	void backsOffWhenMicrometerIsAbsent() {
		this.contextRunner
			.withConfiguration(AutoConfigurations.of(MetricsAutoConfiguration.class,
					SimpleMetricsExportAutoConfiguration.class, CompositeMeterRegistryAutoConfiguration.class))
			.withClassLoader(new FilteredClassLoader("io.micrometer.core"))
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context).doesNotHaveBean(WebSocketMonitor.class);
			});
	}

	@Test
	void backsOffWhenMetricsAreDisabled() {
		this.contextRunner.withUserConfiguration(MeterRegistryConfiguration.class)
			.withPropertyValues("websocket.metrics.enabled=false")
			.run((context) -> {
				assertThat(context).doesNotHaveBean(WebSocketMonitor.class);
				assertThat(context.getBean(MeterRegistry.class).find("websocket.connections.active").gauge()).isNull();
			});
	}

	@Test
	void backsOffWhenWebSocketsAreDisabled() {
		this.contextRunner.withUserConfiguration(MeterRegistryConfiguration.class)
			.withPropertyValues("websocket.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(WebSocketMonitor.class));
	}

	@Test
	void backsOffWhenUserDefinesWebSocketMonitor() {
		this.contextRunner.withUserConfiguration(MeterRegistryConfiguration.class, UserMonitorConfiguration.class)
			.run((context) -> {
				assertThat(context).hasSingleBean(WebSocketMonitor.class);
				assertThat(context).doesNotHaveBean(MicrometerWebSocketMonitor.class);
				assertThat(context.getBean(MeterRegistry.class).find("websocket.connections.active").gauge()).isNull();
			});
	}

	@Configuration(proxyBeanMethods = false)
	static class MeterRegistryConfiguration {

		@Bean
		SimpleMeterRegistry meterRegistry() {
			return new SimpleMeterRegistry();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UserMonitorConfiguration {

		@Bean
		WebSocketMonitor userMonitor() {
			return (endpoint) -> EndpointMonitor.NONE;
		}

	}

	@WebSocketController
	static class EchoController {

		@WebSocketMapping("/echo")
		void echo(WebSocketConnection connection) throws IOException {
			connection.receive();
		}

	}

}
