package dev.wsboot.autoconfigure;

import dev.wsboot.observation.NoDuplicateMetersHandler;
import dev.wsboot.observation.WebSocketObservations;
import dev.wsboot.server.WebSocketEndpointRegistry;
import io.micrometer.core.instrument.observation.MeterObservationHandler;
import io.micrometer.observation.ObservationRegistry;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication.Type;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration Auto-configuration} of
 * the {@code websocket.connection} observation (and, with
 * {@code websocket.observations.messages=true}, message observations) when the application has an
 * {@link ObservationRegistry}, as Spring Boot's actuator gives it.
 *
 * @since 0.1.0
 */
@AutoConfiguration(before = WebSocketServerAutoConfiguration.class,
		afterName = "org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration")
@ConditionalOnClass({ ObservationRegistry.class, WebSocketEndpointRegistry.class })
@ConditionalOnBean(ObservationRegistry.class)
@ConditionalOnWebApplication(type = Type.SERVLET)
@ConditionalOnBooleanProperty(name = "websocket.enabled", matchIfMissing = true)
@EnableConfigurationProperties(WebSocketProperties.class)
public final class WebSocketObservationAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	WebSocketObservations webSocketObservations(ObservationRegistry registry, WebSocketProperties properties) {
		return new WebSocketObservations(registry, properties.getObservations().isMessages());
	}

	@Bean
	@Order(Ordered.HIGHEST_PRECEDENCE)
	@ConditionalOnClass(MeterObservationHandler.class)
	@ConditionalOnMissingBean
	NoDuplicateMetersHandler webSocketNoDuplicateMetersHandler() {
		return new NoDuplicateMetersHandler();
	}

}
