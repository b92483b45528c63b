package dev.wsboot.broadcast;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.wsboot.WebSocketBroadcaster;
import dev.wsboot.server.supervision.WebSocketShutdown;
import dev.wsboot.test.TestWebSocketClient;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.boot.web.server.context.WebServerGracefulShutdownLifecycle;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Three application instances (three contexts on three ports in this JVM) joined through a real
 * Redis.
 */
@ExtendWith(OutputCaptureExtension.class)
@Timeout(180)
class RedisBackplaneTests {

	private static final int INSTANCES = 3;

	private static TestRedis redis;

	/** Unique per run, so that parallel runs on one Redis do not hear each other. */
	private final String prefix = "wsboot-test-" + UUID.randomUUID();

	private final List<ConfigurableApplicationContext> instances = new ArrayList<>();

	private final List<TestWebSocketClient> clients = new ArrayList<>();

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

	@BeforeEach
	void startInstances() {
		for (int i = 0; i < INSTANCES; i++) {
			this.instances.add(startInstance());
		}
		await().atMost(Duration.ofSeconds(20)).until(() -> this.instances.stream().allMatch(
				(instance) -> instance.getBean(RedisBackplane.class).isConnected()));
	}

	@AfterEach
	void stopInstances() {
		BroadcastClients.closeAll(this.clients);
		this.instances.forEach(ConfigurableApplicationContext::close);
	}

	private ConfigurableApplicationContext startInstance() {
		return ClusterInstances.start(BroadcastTestApplication.class, redis, this.prefix);
	}

	@Test
	void acceptsConnectionsOnlyOnceTheBackplaneHearsItselfAndKeepsItUntilTheyAreClosed() {
		ConfigurableApplicationContext late = startInstance();
		try {
			// No waiting here: the web server started after the backplane heard its own heartbeat.
			assertThat(late.getBean(RedisBackplane.class).isConnected()).isTrue();
		}
		finally {
			late.close();
		}
		// Stopped after the web server and after every connection got its 1001.
		assertThat(RedisBackplane.PHASE)
			.isLessThan(WebServerGracefulShutdownLifecycle.SMART_LIFECYCLE_PHASE - 1024)
			.isLessThan(WebSocketShutdown.PHASE);
	}

	@Test
	void everyBroadcastReachesAllClientsOfAllInstancesExactlyOnceInOrder() throws Exception {
		connect(300, "all");
		int perSender = 20;
		List<Thread> senders = new ArrayList<>();
		for (int i = 0; i < INSTANCES; i++) {
			WebSocketBroadcaster broadcaster = broadcaster(i);
			int instance = i;
			senders.add(Thread.ofVirtual().start(() -> {
				for (int seq = 0; seq < perSender; seq++) {
					broadcaster.sendToGroup("all", instance + " " + seq);
				}
				broadcaster.sendToGroup("all", instance + " end");
			}));
		}
		for (Thread sender : senders) {
			assertThat(sender.join(Duration.ofSeconds(30))).isTrue();
		}
		for (TestWebSocketClient client : this.clients) {
			Map<Integer, List<Integer>> bySender = new HashMap<>();
			int ends = 0;
			while (ends < INSTANCES) {
				String[] message = ((String) client.nextMessage(Duration.ofSeconds(20))).split(" ");
				if (message[1].equals("end")) {
					ends++;
				}
				else {
					bySender.computeIfAbsent(Integer.parseInt(message[0]), (key) -> new ArrayList<>())
						.add(Integer.parseInt(message[1]));
				}
			}
			for (int i = 0; i < INSTANCES; i++) {
				assertThat(bySender.get(i)).as("broadcasts of instance %d", i)
					.containsExactlyElementsOf(sequence(perSender));
			}
		}
		broadcaster(1).sendToEndpoint(BroadcastTestApplication.MEMBERS, "to the endpoint");
		for (TestWebSocketClient client : this.clients) {
			assertThat(client.nextText()).isEqualTo("to the endpoint");
		}
		Thread.sleep(300);
		assertThat(this.clients).allSatisfy((client) -> assertThat(client.pendingMessages()).isZero());
		MeterRegistry meters = this.instances.get(0).getBean(MeterRegistry.class);
		assertThat(meters.counter("websocket.broadcast.messages", "scope", "group").count()).isEqualTo(perSender + 1);
		assertThat(meters.counter("websocket.broadcast.messages", "scope", "cluster").count())
			.isEqualTo(2 * (perSender + 1) + 1);
		assertThat(meters.timer("websocket.broadcast.latency", "scope", "cluster").count()).isEqualTo(2 * (perSender + 1) + 1);
	}

	@Test
	void recoversAfterItsRedisConnectionsAreKilledAndDeliversLocallyMeanwhile(CapturedOutput output)
			throws Exception {
		connect(30, "all");
		assertThat(redis.countClients(this.prefix)).isGreaterThanOrEqualTo(INSTANCES);
		roundReachesEveryone("before");
		// Killed connections come back within milliseconds; with writes held, no heartbeat crosses
		// Redis in between, so the outage is certain rather than a race against the reconnects.
		redis.pauseWrites(Duration.ofSeconds(20));
		AtomicBoolean killing = new AtomicBoolean(true);
		Thread killer = Thread.ofVirtual().start(() -> {
			while (killing.get()) {
				redis.killClients(this.prefix);
				sleep(20);
			}
		});
		try {
			await().atMost(Duration.ofSeconds(10)).until(() -> !backplane(0).isConnected());
			broadcaster(0).sendToGroup("all", "during the outage");
			for (int c = 0; c < this.clients.size(); c += INSTANCES) {
				assertThat(this.clients.get(c).nextText()).isEqualTo("during the outage");
			}
		}
		finally {
			killing.set(false);
			killer.join();
			redis.resumeWrites();
		}
		assertThat(output).contains("lost its connection: no heartbeat for");
		await().atMost(Duration.ofSeconds(30)).until(() -> this.instances.stream()
			.allMatch((instance) -> instance.getBean(RedisBackplane.class).isConnected()));
		assertThat(output).contains("is connected again after");
		assertThat(this.instances.get(0)
			.getBean(MeterRegistry.class)
			.counter("websocket.broadcast.backplane.failures", "failure", "connection")
			.count()).isGreaterThanOrEqualTo(1);
		roundReachesEveryone("after");
	}

	private void roundReachesEveryone(String round) throws Exception {
		for (int i = 0; i < INSTANCES; i++) {
			broadcaster(i).sendToGroup("all", round + " " + i);
		}
		for (TestWebSocketClient client : this.clients) {
			List<String> received = new ArrayList<>();
			while (received.size() < INSTANCES) {
				String message = client.nextText();
				// Pub/sub keeps nothing: other instances may or may not have heard the outage's broadcast.
				if (!message.equals("during the outage")) {
					received.add(message);
				}
			}
			assertThat(received).containsExactlyInAnyOrder(round + " 0", round + " 1", round + " 2");
		}
	}

	private void connect(int count, String group) throws Exception {
		List<URI> uris = new ArrayList<>();
		for (int c = 0; c < count; c++) {
			uris.add(URI.create("ws://127.0.0.1:" + port(c % INSTANCES) + "/members/" + group));
		}
		this.clients.addAll(BroadcastClients.connect(uris));
		for (int i = 0; i < INSTANCES; i++) {
			assertThat(this.instances.get(i).getBean(LocalConnections.class).ofGroup(group)).hasSize(count / INSTANCES);
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

	private static List<Integer> sequence(int count) {
		List<Integer> sequence = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			sequence.add(i);
		}
		return sequence;
	}

	private static void sleep(long millis) {
		try {
			TimeUnit.MILLISECONDS.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
