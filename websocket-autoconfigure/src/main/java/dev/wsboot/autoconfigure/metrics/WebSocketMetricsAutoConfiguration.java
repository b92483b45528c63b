package dev.wsboot.autoconfigure.metrics;

import dev.wsboot.autoconfigure.WebSocketServerAutoConfiguration;
import dev.wsboot.metrics.MicrometerWebSocketMonitor;
import dev.wsboot.server.WebSocketEndpointRegistry;
import dev.wsboot.server.WebSocketMonitor;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration Auto-configuration} that
 * records Micrometer metrics for the endpoints of {@link WebSocketServerAutoConfiguration}.
 * <p>
 * {@code websocket.metrics.enabled=false} turns it off.
 *
 * @since 0.1.0
 */
@AutoConfiguration(after = WebSocketServerAutoConfiguration.class,
		afterName = { "org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration",
				"org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration" })
@ConditionalOnClass(MeterRegistry.class)
@ConditionalOnBean({ MeterRegistry.class, WebSocketEndpointRegistry.class })
@ConditionalOnBooleanProperty(name = "websocket.metrics.enabled", matchIfMissing = true)
public final class WebSocketMetricsAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean(WebSocketMonitor.class)
	MicrometerWebSocketMonitor webSocketMetricsMonitor(MeterRegistry registry) {
		return new MicrometerWebSocketMonitor(registry);
	}

}
