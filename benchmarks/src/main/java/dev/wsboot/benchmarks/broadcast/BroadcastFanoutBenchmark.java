package dev.wsboot.benchmarks.broadcast;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import dev.wsboot.WebSocketBroadcaster;
import dev.wsboot.broadcast.RedisBackplane;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.HistogramSnapshot;
import io.micrometer.core.instrument.distribution.ValueAtPercentile;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Measures broadcast fan-out: N instances of {@link FanoutApplication} in this JVM, joined through
 * a real Redis, with C connections spread over them; B broadcasts to the group of all
 * connections, published in turn by each instance at a steady pace. Every delivery's latency is
 * the time from the publish call to the client's receipt of the whole message (one clock: all in
 * one JVM). Prints p50, p99 and max for all deliveries, for those on the publishing instance
 * (local) and for those through Redis (remote), as Markdown.
 * <p>
 * Options ({@code --name=value}): {@code connections} (1000), {@code instances} (3),
 * {@code broadcasts} (300), {@code warmup} (100), {@code interval-ms} (20), {@code size} (128
 * bytes), {@code redis-host} (127.0.0.1), {@code redis-port} (6379).
 */
public final class BroadcastFanoutBenchmark {

	private BroadcastFanoutBenchmark() {
	}

	public static void main(String[] args) throws Exception {
		Map<String, String> options = options(args);
		int connections = Integer.parseInt(options.getOrDefault("connections", "1000"));
		int instanceCount = Integer.parseInt(options.getOrDefault("instances", "3"));
		int broadcasts = Integer.parseInt(options.getOrDefault("broadcasts", "300"));
		int warmup = Integer.parseInt(options.getOrDefault("warmup", "100"));
		long intervalMillis = Long.parseLong(options.getOrDefault("interval-ms", "20"));
		int size = Integer.parseInt(options.getOrDefault("size", "128"));
		String redisHost = options.getOrDefault("redis-host", "127.0.0.1");
		String redisPort = options.getOrDefault("redis-port", "6379");
		String prefix = "wsboot-bench-" + UUID.randomUUID();

		List<ConfigurableApplicationContext> instances = new ArrayList<>();
		List<Client> clients = new ArrayList<>();
		try {
			for (int i = 0; i < instanceCount; i++) {
				instances.add(new SpringApplicationBuilder(FanoutApplication.class)
					.properties("server.port=0", "spring.main.banner-mode=off", "logging.level.root=WARN",
							"websocket.keep-alive-interval=0", "websocket.cluster.redis.enabled=true",
							"websocket.cluster.redis.channel-prefix=" + prefix, "spring.data.redis.host=" + redisHost,
							"spring.data.redis.port=" + redisPort)
					.run());
			}
			awaitConnected(instances);
			int total = warmup + broadcasts;
			// Several HTTP clients, so that the clients' side does not read through one selector thread.
			List<HttpClient> httpClients = new ArrayList<>();
			for (int i = 0; i < Math.max(1, connections / 50); i++) {
				// Listeners run on the selector threads: they only record a time, and hand-offs would add latency.
				httpClients.add(HttpClient.newBuilder().executor(Runnable::run).build());
			}
			List<CompletableFuture<WebSocket>> opening = new ArrayList<>();
			for (int c = 0; c < connections; c++) {
				int instance = c % instanceCount;
				Client client = new Client(instance, total);
				clients.add(client);
				URI uri = URI.create("ws://127.0.0.1:" + port(instances.get(instance)) + "/fanout");
				opening.add(httpClients.get(c % httpClients.size()).newWebSocketBuilder().buildAsync(uri, client));
			}
			for (int c = 0; c < connections; c++) {
				clients.get(c).webSocket = opening.get(c).get(60, TimeUnit.SECONDS);
			}
			for (Client client : clients) {
				if (!client.joined.await(30, TimeUnit.SECONDS)) {
					throw new IllegalStateException("A client did not join in time");
				}
			}
			String padding = "x".repeat(Math.max(0, size - 40));
			long[] publishedAt = new long[total];
			long runStart = System.nanoTime();
			for (int seq = 0; seq < total; seq++) {
				int publisher = seq % instanceCount;
				WebSocketBroadcaster broadcaster = instances.get(publisher).getBean(WebSocketBroadcaster.class);
				publishedAt[seq] = System.nanoTime();
				broadcaster.sendToGroup(FanoutApplication.GROUP, seq + " " + publishedAt[seq] + " " + padding);
				long next = runStart + (seq + 1) * TimeUnit.MILLISECONDS.toNanos(intervalMillis);
				long wait = next - System.nanoTime();
				if (wait > 0) {
					TimeUnit.NANOSECONDS.sleep(wait);
				}
			}
			long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
			for (Client client : clients) {
				while (client.received.get() < total && System.nanoTime() < deadline) {
					Thread.sleep(10);
				}
			}
			report(clients, instanceCount, connections, broadcasts, warmup, intervalMillis, size);
			serverSide(instances);
		}
		finally {
			for (Client client : clients) {
				if (client.webSocket != null) {
					client.webSocket.abort();
				}
			}
			instances.forEach(ConfigurableApplicationContext::close);
		}
	}

	private static void report(List<Client> clients, int instanceCount, int connections, int broadcasts, int warmup,
			long intervalMillis, int size) {
		List<Long> all = new ArrayList<>();
		List<Long> local = new ArrayList<>();
		List<Long> remote = new ArrayList<>();
		long missing = 0;
		long duplicates = 0;
		for (Client client : clients) {
			for (int seq = warmup; seq < client.latencies.length; seq++) {
				long latency = client.latencies[seq];
				if (latency < 0) {
					missing++;
					continue;
				}
				all.add(latency);
				((seq % instanceCount == client.instance) ? local : remote).add(latency);
			}
			duplicates += client.duplicates.get();
		}
		System.out.println();
		System.out.printf("Broadcast fan-out: %d connections on %d instances through Redis, %d broadcasts "
				+ "(after %d warm-up) of %d bytes every %d ms, published by each instance in turn%n%n", connections,
				instanceCount, broadcasts, warmup, size, intervalMillis);
		System.out.println("| deliveries | count | p50 | p99 | max |");
		System.out.println("|---|---|---|---|---|");
		row("all", all);
		row("local (publishing instance)", local);
		row("remote (through Redis)", remote);
		System.out.printf("%nmissing deliveries: %d, duplicates: %d, JVM: %s, cores: %d%n", missing, duplicates,
				Runtime.version(), Runtime.getRuntime().availableProcessors());
	}

	private static void serverSide(List<ConfigurableApplicationContext> instances) {
		System.out.println();
		System.out.println("Server side, websocket.broadcast.latency (publish to the last local write; all runs, "
				+ "warm-up included):");
		System.out.println();
		System.out.println("| instance | scope | count | p50 | p99 | max |");
		System.out.println("|---|---|---|---|---|---|");
		for (int i = 0; i < instances.size(); i++) {
			MeterRegistry registry = instances.get(i).getBean(MeterRegistry.class);
			for (Timer timer : registry.find("websocket.broadcast.latency").timers()) {
				if (timer.count() == 0) {
					continue;
				}
				HistogramSnapshot snapshot = timer.takeSnapshot();
				String[] values = new String[2];
				for (ValueAtPercentile value : snapshot.percentileValues()) {
					values[(value.percentile() < 0.9) ? 0 : 1] = millis((long) value.value(TimeUnit.NANOSECONDS));
				}
				System.out.printf("| %d | %s | %d | %s | %s | %s |%n", i, timer.getId().getTag("scope"), timer.count(),
						values[0], values[1], millis((long) timer.max(TimeUnit.NANOSECONDS)));
			}
		}
	}

	private static void row(String name, List<Long> latencies) {
		long[] sorted = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
		if (sorted.length == 0) {
			System.out.printf("| %s | 0 | - | - | - |%n", name);
			return;
		}
		System.out.printf("| %s | %d | %s | %s | %s |%n", name, sorted.length, millis(percentile(sorted, 0.50)),
				millis(percentile(sorted, 0.99)), millis(sorted[sorted.length - 1]));
	}

	private static long percentile(long[] sorted, double p) {
		int index = (int) Math.ceil(p * sorted.length) - 1;
		return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
	}

	private static String millis(long nanos) {
		return String.format("%.2f ms", nanos / 1_000_000.0);
	}

	private static void awaitConnected(List<ConfigurableApplicationContext> instances) throws InterruptedException {
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
		while (!instances.stream().allMatch((instance) -> instance.getBean(RedisBackplane.class).isConnected())) {
			if (System.nanoTime() > deadline) {
				throw new IllegalStateException("The instances did not connect to Redis within 30 s");
			}
			Thread.sleep(50);
		}
	}

	private static int port(ConfigurableApplicationContext context) {
		return ((WebServerApplicationContext) context).getWebServer().getPort();
	}

	private static Map<String, String> options(String[] args) {
		Map<String, String> options = new HashMap<>();
		for (String arg : args) {
			if (!arg.startsWith("--") || !arg.contains("=")) {
				throw new IllegalArgumentException("Options are --name=value, got '" + arg + "'");
			}
			options.put(arg.substring(2, arg.indexOf('=')), arg.substring(arg.indexOf('=') + 1));
		}
		return options;
	}

	/**
	 * A client that records, per broadcast, the latency from publish to receipt.
	 */
	private static final class Client implements WebSocket.Listener {

		final int instance;

		final long[] latencies;

		final AtomicInteger received = new AtomicInteger();

		final AtomicInteger duplicates = new AtomicInteger();

		final CountDownLatch joined = new CountDownLatch(1);

		volatile WebSocket webSocket;

		private final StringBuilder text = new StringBuilder();

		Client(int instance, int total) {
			this.instance = instance;
			this.latencies = new long[total];
			Arrays.fill(this.latencies, -1);
		}

		@Override
		public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
			long now = System.nanoTime();
			this.text.append(data);
			if (last) {
				String message = this.text.toString();
				this.text.setLength(0);
				if (message.equals("joined")) {
					this.joined.countDown();
				}
				else {
					String[] parts = message.split(" ", 3);
					int seq = Integer.parseInt(parts[0]);
					if (this.latencies[seq] >= 0) {
						this.duplicates.incrementAndGet();
					}
					this.latencies[seq] = now - Long.parseLong(parts[1]);
					this.received.incrementAndGet();
				}
			}
			webSocket.request(1);
			return null;
		}

	}

}
