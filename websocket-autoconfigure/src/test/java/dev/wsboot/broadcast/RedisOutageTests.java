package dev.wsboot.broadcast;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import dev.wsboot.WebSocketBroadcaster;
import dev.wsboot.actuate.WebSocketHealthIndicator;
import dev.wsboot.test.TestWebSocketClient;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Two instances lose their Redis server altogether and get it back: a {@code redis-server} process
 * of the test's own, on a free port, stopped and started again on the same port. Skipped, with the
 * reason, where no {@code redis-server} binary is installed.
 */
@ExtendWith(OutputCaptureExtension.class)
@Timeout(120)
class RedisOutageTests {

	private static final Path REDIS_SERVER = Path.of(System.getProperty("wsboot.test.redis-server",
			"/usr/bin/redis-server"));

	private final List<ConfigurableApplicationContext> instances = new ArrayList<>();

	private final List<TestWebSocketClient> clients = new ArrayList<>();

	private Process redis;

	@AfterEach
	void stop() {
		BroadcastClients.closeAll(this.clients);
		this.instances.forEach(ConfigurableApplicationContext::close);
		if (this.redis != null) {
			this.redis.destroyForcibly();
		}
	}

	@Test
	void deliversLocallyWhileRedisIsDownCountsTheLossAndReconnectsWhenItIsBack(CapturedOutput output)
			throws Exception {
		assumeTrue(Files.isExecutable(REDIS_SERVER),
				"No redis-server at " + REDIS_SERVER + ": install redis-server to run this test");
		int port = freePort();
		this.redis = startRedis(port);
		String prefix = "wsboot-outage-" + UUID.randomUUID();
		for (int i = 0; i < 2; i++) {
			this.instances.add(new SpringApplicationBuilder(BroadcastTestApplication.class)
				.properties("server.port=0", "spring.main.banner-mode=off", "websocket.keep-alive-interval=0",
						"websocket.cluster.redis.enabled=true", "websocket.cluster.redis.channel-prefix=" + prefix,
						"websocket.cluster.redis.heartbeat-interval=200ms", "spring.data.redis.host=127.0.0.1",
						"spring.data.redis.port=" + port, "spring.data.redis.timeout=1s")
				.run());
		}
		await().atMost(Duration.ofSeconds(20)).until(this::allConnected);
		List<URI> uris = new ArrayList<>();
		for (int c = 0; c < 10; c++) {
			uris.add(URI.create("ws://127.0.0.1:" + port(c % 2) + "/members/all"));
		}
		this.clients.addAll(BroadcastClients.connect(uris));
		broadcaster(1).sendToGroup("all", "before");
		for (TestWebSocketClient client : this.clients) {
			assertThat(client.nextText()).isEqualTo("before");
		}

		this.redis.destroy();
		this.redis.waitFor();
		await().atMost(Duration.ofSeconds(10)).until(() -> !backplane(0).isConnected() && !backplane(1).isConnected());
		assertThat(health(0)).isEqualTo(Status.DOWN);
		assertThat(output).contains("lost its connection: no heartbeat for");
		assertThat(meters(0).counter("websocket.broadcast.backplane.failures", "failure", "connection").count())
			.isGreaterThanOrEqualTo(1);
		broadcaster(0).sendToGroup("all", "while Redis is down");
		for (int c = 0; c < this.clients.size(); c += 2) {
			assertThat(this.clients.get(c).nextText()).isEqualTo("while Redis is down");
		}

		this.redis = startRedis(port);
		await().atMost(Duration.ofSeconds(60)).until(this::allConnected);
		assertThat(output).contains("is connected again after");
		assertThat(health(0)).isEqualTo(Status.UP);
		broadcaster(1).sendToGroup("all", "after");
		for (TestWebSocketClient client : this.clients) {
			String next = client.nextText(Duration.ofSeconds(10));
			// What was published while Redis was down may reach the other instance late, or never.
			if (next.equals("while Redis is down")) {
				next = client.nextText(Duration.ofSeconds(10));
			}
			assertThat(next).isEqualTo("after");
		}
	}

	private boolean allConnected() {
		return this.instances.stream().allMatch((instance) -> instance.getBean(RedisBackplane.class).isConnected());
	}

	private Process startRedis(int port) throws Exception {
		Process process = new ProcessBuilder(REDIS_SERVER.toString(), "--port", Integer.toString(port), "--bind",
				"127.0.0.1", "--save", "", "--appendonly", "no")
			.redirectErrorStream(true)
			.redirectOutput(new File("target/redis-outage-" + port + ".log"))
			.start();
		await().atMost(Duration.ofSeconds(10)).until(() -> answers(port));
		return process;
	}

	private static boolean answers(int port) {
		try (java.net.Socket socket = new java.net.Socket("127.0.0.1", port)) {
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

	private int port(int instance) {
		return ((WebServerApplicationContext) this.instances.get(instance)).getWebServer().getPort();
	}

	private WebSocketBroadcaster broadcaster(int instance) {
		return this.instances.get(instance).getBean(WebSocketBroadcaster.class);
	}

	private RedisBackplane backplane(int instance) {
		return this.instances.get(instance).getBean(RedisBackplane.class);
	}

	private Status health(int instance) {
		return this.instances.get(instance).getBean(WebSocketHealthIndicator.class).health().getStatus();
	}

	private MeterRegistry meters(int instance) {
		return this.instances.get(instance).getBean(MeterRegistry.class);
	}

}
