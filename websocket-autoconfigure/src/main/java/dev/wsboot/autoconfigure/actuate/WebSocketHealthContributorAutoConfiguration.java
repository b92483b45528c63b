package dev.wsboot.autoconfigure.actuate;

import dev.wsboot.actuate.WebSocketHealthIndicator;
import dev.wsboot.autoconfigure.WebSocketBroadcastAutoConfiguration;
import dev.wsboot.autoconfigure.WebSocketRedisBackplaneAutoConfiguration;
import dev.wsboot.autoconfigure.WebSocketServerAutoConfiguration;
import dev.wsboot.broadcast.BroadcastBackplane;
import dev.wsboot.server.WebSocketEndpointRegistry;
import dev.wsboot.server.handshake.ConnectionLimit;
import dev.wsboot.server.supervision.SessionRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.context.annotation.Bean;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration Auto-configuration} for
 * the {@link WebSocketHealthIndicator websocket health contributor}
 * ({@code management.health.websocket.enabled}).
 *
 * @since 0.1.0
 */
@AutoConfiguration(after = { WebSocketServerAutoConfiguration.class, WebSocketBroadcastAutoConfiguration.class,
		WebSocketRedisBackplaneAutoConfiguration.class })
@ConditionalOnClass(AbstractHealthIndicator.class)
@ConditionalOnBean(WebSocketEndpointRegistry.class)
public final class WebSocketHealthContributorAutoConfiguration {

	// On the method, so that the class condition has ruled out a missing health module first.
	@Bean
	@ConditionalOnMissingBean(name = "websocketHealthIndicator")
	@ConditionalOnEnabledHealthIndicator("websocket")
	WebSocketHealthIndicator websocketHealthIndicator(WebSocketEndpointRegistry endpoints, SessionRegistry sessions,
			ConnectionLimit connectionLimit, ObjectProvider<BroadcastBackplane> backplane) {
		return new WebSocketHealthIndicator(endpoints, sessions, connectionLimit, backplane.getIfUnique());
	}

}
