package dev.wsboot.broadcast;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import io.lettuce.core.KillArgs;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.output.StatusOutput;
import io.lettuce.core.protocol.CommandArgs;
import io.lettuce.core.protocol.CommandType;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.utility.DockerImageName;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A Redis server for the backplane tests, chosen when they run: a Testcontainers container when a
 * Docker engine is available, otherwise the local server on 127.0.0.1:6379, otherwise the test
 * is skipped with the reason (it fails instead with {@code wsboot.test.require-tools=true} or
 * {@code CI=true}). The system property {@code wsboot.test.redis} ({@code auto}, {@code docker}
 * or {@code local}) forces one way; {@code wsboot.test.redis-image} picks the image.
 */
final class TestRedis implements AutoCloseable {

	private static final Logger logger = LoggerFactory.getLogger(TestRedis.class);

	private static final String DEFAULT_IMAGE = "redis:7.4-alpine";

	private final String host;

	private final int port;

	private final String description;

	private final @Nullable GenericContainer<?> container;

	private final RedisClient adminClient;

	private final StatefulRedisConnection<String, String> admin;

	private TestRedis(String host, int port, String description, @Nullable GenericContainer<?> container) {
		this.host = host;
		this.port = port;
		this.description = description;
		this.container = container;
		this.adminClient = RedisClient.create(RedisURI.create(host, port));
		this.admin = this.adminClient.connect();
	}

	@SuppressWarnings("resource") // closed by close()
	static TestRedis start() {
		String mode = System.getProperty("wsboot.test.redis", "auto").trim().toLowerCase(Locale.ROOT);
		boolean docker = switch (mode) {
			case "docker" -> {
				require(dockerAvailable(), "wsboot.test.redis=docker but no Docker engine is available");
				yield true;
			}
			case "local" -> false;
			case "auto" -> dockerAvailable();
			default -> throw new IllegalArgumentException(
					"wsboot.test.redis must be auto, docker or local, but was '" + mode + "'");
		};
		TestRedis redis;
		if (docker) {
			GenericContainer<?> container = new GenericContainer<>(
					DockerImageName.parse(System.getProperty("wsboot.test.redis-image", DEFAULT_IMAGE)))
				.withExposedPorts(6379);
			container.start();
			redis = new TestRedis(container.getHost(), container.getMappedPort(6379),
					"Redis container " + container.getDockerImageName(), container);
		}
		else {
			require(answersPing("127.0.0.1", 6379), "No Docker engine and no Redis answering on 127.0.0.1:6379: "
					+ "start redis-server (apt-get install redis-server) or Docker to run this test");
			redis = new TestRedis("127.0.0.1", 6379, "local Redis on 127.0.0.1:6379", null);
		}
		logger.info("Backplane tests use {} ({})", redis.description, mode);
		return redis;
	}

	String host() {
		return this.host;
	}

	int port() {
		return this.port;
	}

	/**
	 * Kill the connections of clients with the given name.
	 * @param clientName the name the clients set
	 * @return how many were killed
	 */
	int killClients(String clientName) {
		List<Long> ids = new ArrayList<>();
		for (String line : this.admin.sync().clientList().split("\n")) {
			if (line.contains(" name=" + clientName + " ")) {
				ids.add(Long.parseLong(line.substring(line.indexOf("id=") + 3, line.indexOf(' '))));
			}
		}
		int killed = 0;
		for (long id : ids) {
			killed += this.admin.sync().clientKill(KillArgs.Builder.id(id)).intValue();
		}
		return killed;
	}

	/**
	 * Hold every client's write commands, {@code PUBLISH} included, for at most the given time
	 * ({@code CLIENT PAUSE ... WRITE}): reads, subscriptions and reconnects go on, but no
	 * message crosses Redis, so an outage lasts as long as the test needs and no heartbeat slips
	 * through between two kills.
	 * @param atMost when Redis resumes on its own if {@link #resumeWrites()} is not called
	 */
	void pauseWrites(Duration atMost) {
		this.admin.sync()
			.dispatch(CommandType.CLIENT, new StatusOutput<>(StringCodec.UTF8),
					new CommandArgs<>(StringCodec.UTF8).add("PAUSE").add(atMost.toMillis()).add("WRITE"));
	}

	/**
	 * End a {@link #pauseWrites(Duration) pause}.
	 */
	void resumeWrites() {
		this.admin.sync()
			.dispatch(CommandType.CLIENT, new StatusOutput<>(StringCodec.UTF8),
					new CommandArgs<>(StringCodec.UTF8).add("UNPAUSE"));
	}

	/**
	 * Count the connections of clients with the given name.
	 */
	long countClients(String clientName) {
		return this.admin.sync().clientList().lines().filter((line) -> line.contains(" name=" + clientName + " ")).count();
	}

	@Override
	public void close() {
		this.admin.close();
		this.adminClient.shutdown();
		if (this.container != null) {
			this.container.close();
		}
	}

	private static void require(boolean present, String reason) {
		// CI provides Redis, so there a missing one is a broken build, not a reason to skip.
		if (Boolean.getBoolean("wsboot.test.require-tools") || "true".equals(System.getenv("CI"))) {
			if (!present) {
				fail(reason + " (wsboot.test.require-tools=true or CI=true)");
			}
		}
		else {
			assumeTrue(present, reason);
		}
	}

	private static boolean dockerAvailable() {
		try {
			return DockerClientFactory.instance().isDockerAvailable();
		}
		catch (RuntimeException | LinkageError ex) {
			logger.info("Backplane tests: Docker check failed: {}", ex.toString());
			return false;
		}
	}

	private static boolean answersPing(String host, int port) {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress(host, port), 1000);
			socket.setSoTimeout(1000);
			OutputStream out = socket.getOutputStream();
			out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
			out.flush();
			InputStream in = socket.getInputStream();
			byte[] reply = in.readNBytes(7);
			return new String(reply, StandardCharsets.US_ASCII).equals("+PONG\r\n");
		}
		catch (Exception ex) {
			return false;
		}
	}

}
