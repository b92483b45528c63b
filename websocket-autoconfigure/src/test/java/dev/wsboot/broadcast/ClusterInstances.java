package dev.wsboot.broadcast;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Starts instances of a test application that form one cluster on a test Redis.
 */
final class ClusterInstances {

	private ClusterInstances() {
	}

	/**
	 * Start one instance on a random port with the Redis backplane on.
	 * @param application the application class
	 * @param redis the Redis the cluster shares
	 * @param prefix the cluster's channel prefix, unique per test
	 * @param properties more properties
	 * @return the running instance
	 */
	static ConfigurableApplicationContext start(Class<?> application, TestRedis redis, String prefix,
			String... properties) {
		return new SpringApplicationBuilder(application)
			.properties("server.port=0", "spring.main.banner-mode=off", "websocket.keep-alive-interval=0",
					"websocket.cluster.redis.enabled=true", "websocket.cluster.redis.channel-prefix=" + prefix,
					"websocket.cluster.redis.heartbeat-interval=200ms", "spring.data.redis.host=" + redis.host(),
					"spring.data.redis.port=" + redis.port(), "spring.data.redis.client-name=" + prefix,
					"spring.data.redis.timeout=2s")
			.properties(properties)
			.run();
	}

}
