package dev.wsboot.autoconfigure;

import dev.wsboot.WebSocketBroadcaster;
import dev.wsboot.broadcast.BroadcastBackplane;
import dev.wsboot.broadcast.BroadcastMonitor;
import dev.wsboot.broadcast.InMemoryBackplane;
import dev.wsboot.broadcast.LocalConnections;
import dev.wsboot.broadcast.RedisBackplane;
import dev.wsboot.metrics.MicrometerBroadcastMonitor;
import dev.wsboot.server.WebSocketServerSettings;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.RedisConnectionFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;

/**
 * Tests for {@link WebSocketBroadcastAutoConfiguration} and
 * {@link WebSocketRedisBackplaneAutoConfiguration}.
 */
class WebSocketBroadcastAutoConfigurationTests {

	private final WebApplicationContextRunner contextRunner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(WebSocketServerAutoConfiguration.class,
				WebSocketBroadcastAutoConfiguration.class, WebSocketRedisBackplaneAutoConfiguration.class,
				DataRedisAutoConfiguration.class));

	@Test
	void offersABroadcasterThatReachesNobodyWhenSwitchedOff() {
		new WebApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(WebSocketServerAutoConfiguration.class,
					WebSocketBroadcastAutoConfiguration.class, WebSocketDisabledAutoConfiguration.class))
			.withPropertyValues("websocket.enabled=false")
			.run((context) -> {
				assertThat(context).hasSingleBean(WebSocketBroadcaster.class)
					.doesNotHaveBean(dev.wsboot.broadcast.LocalConnections.class)
					.doesNotHaveBean(dev.wsboot.server.supervision.SessionRegistry.class);
				WebSocketBroadcaster broadcaster = context.getBean(WebSocketBroadcaster.class);
				assertThat(broadcaster).isInstanceOf(dev.wsboot.broadcast.DisabledWebSocketBroadcaster.class);
				broadcaster.sendToGroup("room", "nobody hears this");
				assertThat(((dev.wsboot.broadcast.DisabledWebSocketBroadcaster) broadcaster).getDroppedCount()).isOne();
			});
	}

	@Test
	void keepsTheUsualBroadcasterWhenSwitchedOn() {
		new WebApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(WebSocketServerAutoConfiguration.class,
					WebSocketBroadcastAutoConfiguration.class, WebSocketDisabledAutoConfiguration.class))
			.run((context) -> assertThat(context).getBean(WebSocketBroadcaster.class)
				.isInstanceOf(dev.wsboot.broadcast.DefaultWebSocketBroadcaster.class));
	}

	@Test
	void broadcastsThroughTheInMemoryBackplaneByDefault() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasSingleBean(WebSocketBroadcaster.class);
			assertThat(context).hasSingleBean(LocalConnections.class);
			assertThat(context).getBean(BroadcastBackplane.class).isInstanceOf(InMemoryBackplane.class);
			assertThat(context).doesNotHaveBean(BroadcastMonitor.class);
		});
	}

	@Test
	void backsOffWhenUserDefinesBroadcaster() {
		this.contextRunner.withUserConfiguration(UserBroadcasterConfiguration.class).run((context) -> {
			assertThat(context).hasSingleBean(WebSocketBroadcaster.class);
			assertThat(context).getBean(WebSocketBroadcaster.class)
				.isSameAs(context.getBean(UserBroadcasterConfiguration.class).broadcaster);
		});
	}

	@Test
	void backsOffWhenUserDefinesBackplane() {
		this.contextRunner.withUserConfiguration(UserBackplaneConfiguration.class)
			.withPropertyValues("websocket.cluster.redis.enabled=true")
			.run((context) -> assertThat(context).getBean(BroadcastBackplane.class)
				.isSameAs(context.getBean(UserBackplaneConfiguration.class).backplane));
	}

	@Test
	void doesNotBroadcastWhenWebSocketsAreDisabled() {
		this.contextRunner.withPropertyValues("websocket.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(WebSocketBroadcaster.class));
	}

	@Test
	void usesTheRedisBackplaneWhenEnabledAndStartsWhileRedisIsUnreachable() {
		this.contextRunner
			.withPropertyValues("websocket.cluster.redis.enabled=true", "websocket.cluster.redis.channel-prefix=app-1",
					"spring.data.redis.port=1")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				RedisBackplane backplane = context.getBean(RedisBackplane.class);
				assertThat(backplane.getChannel()).isEqualTo("app-1:broadcast");
				assertThat(backplane.isRunning()).isTrue();
				assertThat(backplane.isConnected()).isFalse();
			});
	}

	@Test
	void failsAtStartupWhenRedisIsEnabledButNotOnTheClasspath() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(RedisConnectionFactory.class))
			.withPropertyValues("websocket.cluster.redis.enabled=true")
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(context.getStartupFailure()).rootCause()
					.hasMessageContaining("websocket.cluster.redis.enabled is true but there is no Redis backplane");
			});
	}

	@Test
	void recordsBroadcastMetricsWhenAMeterRegistryIsPresent() {
		this.contextRunner.withBean(MeterRegistry.class, SimpleMeterRegistry::new).run((context) -> {
			assertThat(context).getBean(BroadcastMonitor.class).isInstanceOf(MicrometerBroadcastMonitor.class);
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			assertThat(registry.find("websocket.broadcast.messages").counters()).hasSize(3);
			assertThat(registry.find("websocket.broadcast.latency").timers()).hasSize(3);
		});
	}

	@Test
	void recordsNoBroadcastMetricsWhenMetricsAreDisabled() {
		this.contextRunner.withBean(MeterRegistry.class, SimpleMeterRegistry::new)
			.withPropertyValues("websocket.metrics.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(BroadcastMonitor.class));
	}

	@Test
	void appliesSendBufferLimit() {
		this.contextRunner.withPropertyValues("websocket.send-buffer-limit=64KB")
			.run((context) -> assertThat(context.getBean(WebSocketServerSettings.class).getSendBufferLimit())
				.isEqualTo(64 * 1024));
	}

	@Test
	void defaultsSendBufferLimitTo512Kilobytes() {
		this.contextRunner.run((context) -> assertThat(
				context.getBean(WebSocketServerSettings.class).getSendBufferLimit()).isEqualTo(512 * 1024));
	}

	@Test
	void failsAtStartupNamingThePropertyWhenSendBufferLimitIsZero() {
		this.contextRunner.withPropertyValues("websocket.send-buffer-limit=0").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause()
				.hasMessageContaining("websocket.send-buffer-limit must be at least 1B, but was 0B");
		});
	}

	@Configuration(proxyBeanMethods = false)
	static class UserBroadcasterConfiguration {

		final WebSocketBroadcaster broadcaster = mock(WebSocketBroadcaster.class);

		@Bean
		WebSocketBroadcaster userBroadcaster() {
			return this.broadcaster;
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UserBackplaneConfiguration {

		final BroadcastBackplane backplane = new InMemoryBackplane();

		@Bean
		BroadcastBackplane userBackplane() {
			return this.backplane;
		}

	}

}
