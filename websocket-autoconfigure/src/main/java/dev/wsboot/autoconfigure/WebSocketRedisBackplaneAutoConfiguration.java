package dev.wsboot.autoconfigure;

import dev.wsboot.broadcast.BroadcastBackplane;
import dev.wsboot.broadcast.BroadcastMonitor;
import dev.wsboot.broadcast.RedisBackplane;
import dev.wsboot.broadcast.RedisResumeStore;
import dev.wsboot.server.resume.ResumeStore;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication.Type;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.listener.RedisMessageListenerContainer;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration Auto-configuration} of
 * a {@link RedisBackplane} that carries broadcasts between instances over the application's
 * Redis connection ({@code spring.data.redis.*}), when
 * {@code websocket.cluster.redis.enabled=true}.
 *
 * @since 0.1.0
 */
@AutoConfiguration(before = WebSocketBroadcastAutoConfiguration.class,
		afterName = "org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration")
@ConditionalOnClass({ RedisConnectionFactory.class, RedisMessageListenerContainer.class })
@ConditionalOnWebApplication(type = Type.SERVLET)
@ConditionalOnBooleanProperty(name = "websocket.enabled", matchIfMissing = true)
@ConditionalOnBooleanProperty("websocket.cluster.redis.enabled")
@ConditionalOnBean(RedisConnectionFactory.class)
@EnableConfigurationProperties(WebSocketProperties.class)
public final class WebSocketRedisBackplaneAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean(BroadcastBackplane.class)
	RedisBackplane webSocketRedisBackplane(RedisConnectionFactory connectionFactory, WebSocketProperties properties,
			ObjectProvider<BroadcastMonitor> monitor) {
		WebSocketProperties.Cluster.Redis redis = properties.getCluster().getRedis();
		RedisBackplane backplane = new RedisBackplane(connectionFactory, redis.getChannelPrefix(),
				redis.getHeartbeatInterval(), monitor.getIfUnique(() -> BroadcastMonitor.NONE));
		// Resumable connections resume on any instance from the stream and their kept records.
		backplane.enableStream(properties.getResume().getTimeout());
		return backplane;
	}

	@Bean
	@ConditionalOnMissingBean(ResumeStore.class)
	@ConditionalOnBean(RedisBackplane.class)
	RedisResumeStore webSocketRedisResumeStore(RedisConnectionFactory connectionFactory, WebSocketProperties properties,
			RedisBackplane backplane) {
		return new RedisResumeStore(connectionFactory, properties.getCluster().getRedis().getChannelPrefix(), backplane);
	}

}
