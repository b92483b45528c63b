package dev.wsboot.broadcast;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.locks.LockSupport;

import dev.wsboot.WebSocketBroadcaster;
import dev.wsboot.WebSocketMessage;
import dev.wsboot.testing.ResumableWebSocketClient;
import dev.wsboot.testing.TcpProxy;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Resumable connections across instances on one Redis: the client's instance stops, and the
 * client resumes on another with no broadcast lost or repeated.
 */
@Timeout(120)
class ResumeAcrossInstancesTests {

	private static final int INSTANCES = 3;

	private static final int BROADCASTS = 1500;

	private static TestRedis redis;

	private final String prefix = "wsboot-test-" + UUID.randomUUID();

	private final List<ConfigurableApplicationContext> instances = new ArrayList<>();

	@BeforeAll
	static void startRedis() {
		redis = TestRedis.start();
	}

	@AfterAll
	static void stopRedis() {
		if (redis != null) {
			redis.close();
		}
	}

	@AfterEach
	void stopInstances() {
		this.instances.forEach(ConfigurableApplicationContext::close);
	}

	@Test
	void aClientWhoseInstanceStopsResumesOnAnotherWithEveryBroadcastOnceInOrder() throws Exception {
		for (int i = 0; i < INSTANCES; i++) {
			this.instances.add(startInstance());
		}
		await().atMost(Duration.ofSeconds(20)).until(() -> this.instances.stream()
			.allMatch((instance) -> instance.getBean(RedisBackplane.class).isConnected()));
		ConfigurableApplicationContext first = this.instances.get(0);
		ConfigurableApplicationContext second = this.instances.get(1);
		ConfigurableApplicationContext publisher = this.instances.get(2);
		try (TcpProxy balancer = new TcpProxy(port(first));
				ResumableWebSocketClient client = ResumableWebSocketClient
					.connect(URI.create("ws://127.0.0.1:" + balancer.port() + "/news"), Duration.ofSeconds(20))) {
			client.send("ada");
			assertThat(client.nextText()).isEqualTo("joined ada");
			Thread broadcasts = Thread.ofVirtual().start(() -> {
				WebSocketBroadcaster broadcaster = publisher.getBean(WebSocketBroadcaster.class);
				for (int i = 1; i <= BROADCASTS; i++) {
					broadcaster.sendToGroup("news", WebSocketMessage.text("news " + i));
					// A steady feed, so that the instance stops in the middle of it.
					LockSupport.parkNanos(Duration.ofMillis(1).toNanos());
				}
			});
			List<String> received = new ArrayList<>();
			for (int i = 1; i <= BROADCASTS; i++) {
				try {
					received.add(client.nextText());
				}
				catch (AssertionError ex) {
					throw new AssertionError("Broadcast " + i + ": " + ex.getMessage() + "; missing "
							+ missing(received), ex);
				}
				if (i == 300) {
					// The balancer sends new connections elsewhere, and the client's instance stops.
					balancer.retarget(port(second));
					first.close();
				}
			}
			broadcasts.join(Duration.ofSeconds(30));
			List<String> expected = new ArrayList<>();
			for (int i = 1; i <= BROADCASTS; i++) {
				expected.add("news " + i);
			}
			assertThat(received).isEqualTo(expected);
			assertThat(client.resumes()).isGreaterThanOrEqualTo(1);
			assertThat(second.getBean(ResumeClusterTestApplication.Resumed.class).names).containsValue("ada");
		}
	}

	private ConfigurableApplicationContext startInstance() {
		return ClusterInstances.start(ResumeClusterTestApplication.class, redis, this.prefix,
				"websocket.shutdown-close-timeout=1s");
	}

	private static String missing(List<String> received) {
		List<Integer> missing = new ArrayList<>();
		for (int i = 1; i <= BROADCASTS; i++) {
			if (!received.contains("news " + i)) {
				missing.add(i);
			}
		}
		return missing.toString();
	}

	private static int port(ConfigurableApplicationContext instance) {
		return ((WebServerApplicationContext) instance).getWebServer().getPort();
	}

}
