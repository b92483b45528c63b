package dev.wsboot.autoconfigure;

import dev.wsboot.WebSocketBroadcaster;
import dev.wsboot.broadcast.DisabledWebSocketBroadcaster;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration Auto-configuration} for
 * {@code websocket.enabled=false}: no endpoint is served, but an application that injects the
 * {@link WebSocketBroadcaster} still starts, and its broadcasts reach nobody.
 *
 * @since 0.1.0
 */
@AutoConfiguration(after = WebSocketBroadcastAutoConfiguration.class)
@ConditionalOnBooleanProperty(name = "websocket.enabled", havingValue = false)
public final class WebSocketDisabledAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	WebSocketBroadcaster webSocketBroadcaster() {
		return new DisabledWebSocketBroadcaster();
	}

}
