package dev.wsboot.autoconfigure;

import dev.wsboot.WebSocketBroadcaster;
import dev.wsboot.broadcast.BroadcastBackplane;
import dev.wsboot.broadcast.BroadcastMonitor;
import dev.wsboot.broadcast.DefaultWebSocketBroadcaster;
import dev.wsboot.broadcast.InMemoryBackplane;
import dev.wsboot.broadcast.LocalConnections;
import dev.wsboot.metrics.MicrometerBroadcastMonitor;
import dev.wsboot.server.connection.WebSocketMessageCodecs;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication.Type;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.DispatcherServlet;
import org.springframework.web.socket.WebSocketHandler;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration Auto-configuration} of
 * the {@link WebSocketBroadcaster}: broadcast to the connections of an endpoint or a group, on
 * this instance through an {@link InMemoryBackplane} unless another {@link BroadcastBackplane} is
 * defined (see {@link WebSocketRedisBackplaneAutoConfiguration}).
 *
 * @since 0.1.0
 */
@AutoConfiguration(after = WebSocketServerAutoConfiguration.class,
		afterName = { "org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration",
				"org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration" })
@ConditionalOnClass({ WebSocketHandler.class, DispatcherServlet.class })
@ConditionalOnWebApplication(type = Type.SERVLET)
@ConditionalOnBooleanProperty(name = "websocket.enabled", matchIfMissing = true)
@EnableConfigurationProperties(WebSocketProperties.class)
public final class WebSocketBroadcastAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	LocalConnections webSocketLocalConnections() {
		return new LocalConnections();
	}

	@Bean
	@ConditionalOnMissingBean
	BroadcastBackplane webSocketBroadcastBackplane(WebSocketProperties properties) {
		if (properties.getCluster().getRedis().isEnabled()) {
			// A silent fallback would split the cluster into instances that cannot see each other.
			throw new IllegalStateException("websocket.cluster.redis.enabled is true but there is no Redis backplane: "
					+ "add spring-boot-starter-data-redis and configure spring.data.redis.*");
		}
		return new InMemoryBackplane();
	}

	@Bean
	@ConditionalOnMissingBean
	WebSocketBroadcaster webSocketBroadcaster(LocalConnections connections, BroadcastBackplane backplane,
			ObjectProvider<BroadcastMonitor> monitor, ObjectProvider<WebSocketMessageCodecs> codecs) {
		DefaultWebSocketBroadcaster broadcaster = new DefaultWebSocketBroadcaster(connections, backplane,
				monitor.getIfUnique(() -> BroadcastMonitor.NONE));
		broadcaster.setCodecs(codecs.getIfAvailable(() -> WebSocketMessageCodecs.NONE));
		return broadcaster;
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(MeterRegistry.class)
	@ConditionalOnBean(MeterRegistry.class)
	@ConditionalOnBooleanProperty(name = "websocket.metrics.enabled", matchIfMissing = true)
	static class BroadcastMetricsConfiguration {

		@Bean
		@ConditionalOnMissingBean(BroadcastMonitor.class)
		MicrometerBroadcastMonitor webSocketBroadcastMonitor(MeterRegistry registry) {
			return new MicrometerBroadcastMonitor(registry);
		}

	}

}
