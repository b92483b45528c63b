package dev.wsboot.autoconfigure.actuate;

import dev.wsboot.actuate.WebSocketsEndpoint;
import dev.wsboot.autoconfigure.WebSocketServerAutoConfiguration;
import dev.wsboot.server.WebSocketEndpointRegistry;
import dev.wsboot.server.WebSocketServerSettings;
import dev.wsboot.server.supervision.SessionRegistry;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration Auto-configuration} for
 * the {@link WebSocketsEndpoint websockets actuator endpoint}.
 *
 * @since 0.1.0
 */
@AutoConfiguration(after = WebSocketServerAutoConfiguration.class)
@ConditionalOnClass(ConditionalOnAvailableEndpoint.class)
@ConditionalOnBean(WebSocketEndpointRegistry.class)
public final class WebSocketsEndpointAutoConfiguration {

	// On the method, so that the class condition has ruled out a missing actuator before this is read.
	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnAvailableEndpoint
	WebSocketsEndpoint webSocketsEndpoint(WebSocketEndpointRegistry endpoints, SessionRegistry sessions,
			WebSocketServerSettings settings) {
		return new WebSocketsEndpoint(endpoints, sessions, settings);
	}

}
