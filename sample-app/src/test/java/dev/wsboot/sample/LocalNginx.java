package dev.wsboot.sample;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Debian's nginx binary, started by the test as a child process with a generated configuration
 * in a private temporary directory, listening on a free loopback port.
 * <p>
 * The binary is {@code /usr/sbin/nginx} unless the system property {@code wsboot.test.nginx}
 * names another one.
 */
final class LocalNginx implements ReverseProxy {

	private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(15);

	private static final int BIND_ATTEMPTS = 3;

	private final Process process;

	private final Path dir;

	private final int port;

	private final Thread shutdownHook;

	private LocalNginx(Process process, Path dir, int port) {
		this.process = process;
		this.dir = dir;
		this.port = port;
		this.shutdownHook = new Thread(this::stopProcess, "stop-test-nginx");
		Runtime.getRuntime().addShutdownHook(this.shutdownHook);
	}

	/**
	 * Return the nginx binary, if one is installed.
	 * @return the executable
	 */
	static Optional<Path> binary() {
		Path path = Path.of(System.getProperty("wsboot.test.nginx", "/usr/sbin/nginx"));
		return Files.isExecutable(path) ? Optional.of(path) : Optional.empty();
	}

	/**
	 * Start nginx in front of the app and wait until it accepts connections.
	 * @param binary the nginx executable
	 * @param appPort the app's port on loopback
	 * @param readTimeout nginx's {@code proxy_read_timeout}
	 * @return the running nginx
	 * @throws IOException if nginx cannot be started
	 */
	static LocalNginx start(Path binary, int appPort, Duration readTimeout) throws IOException {
		Path dir = Files.createTempDirectory("wsboot-nginx-");
		try {
			IOException last = null;
			for (int attempt = 1; attempt <= BIND_ATTEMPTS; attempt++) {
				// A port that was free a moment ago may be taken before nginx binds it: try again.
				int port = freeLoopbackPort();
				Path conf = dir.resolve("nginx.conf");
				Files.writeString(conf, NginxConfig.standalone(dir, port, appPort, readTimeout));
				Process process = new ProcessBuilder(binary.toString(), "-p", dir.toString(), "-c", conf.toString(),
						"-e", dir.resolve("error.log").toString())
					.redirectErrorStream(true)
					.redirectOutput(dir.resolve("console.log").toFile())
					.start();
				try {
					awaitListening(process, port);
					return new LocalNginx(process, dir, port);
				}
				catch (IOException ex) {
					destroy(process);
					last = new IOException(ex.getMessage() + "\n--- nginx error.log ---\n" + read(dir.resolve("error.log"))
							+ "\n--- nginx console ---\n" + read(dir.resolve("console.log")), ex);
				}
			}
			throw last;
		}
		catch (IOException | RuntimeException ex) {
			deleteRecursively(dir);
			throw ex;
		}
	}

	@Override
	public URI webSocketUri(String path) {
		return URI.create("ws://127.0.0.1:" + this.port + path);
	}

	@Override
	public String description() {
		return "local nginx " + System.getProperty("wsboot.test.nginx", "/usr/sbin/nginx") + " (pid "
				+ this.process.pid() + ") on 127.0.0.1:" + this.port;
	}

	/**
	 * Return nginx's error log so far, for diagnostics.
	 * @return the log text
	 */
	String errorLog() {
		return read(this.dir.resolve("error.log"));
	}

	@Override
	public void close() {
		stopProcess();
		try {
			Runtime.getRuntime().removeShutdownHook(this.shutdownHook);
		}
		catch (IllegalStateException ex) {
			// The JVM is shutting down: the hook runs anyway.
		}
		deleteRecursively(this.dir);
	}

	private void stopProcess() {
		destroy(this.process);
	}

	private static void destroy(Process process) {
		List<ProcessHandle> children = process.descendants().toList();
		process.destroy();
		try {
			if (!process.waitFor(5, TimeUnit.SECONDS)) {
				process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
			}
		}
		catch (InterruptedException ex) {
			process.destroyForcibly();
			Thread.currentThread().interrupt();
		}
		children.forEach(ProcessHandle::destroyForcibly);
	}

	private static void awaitListening(Process process, int port) throws IOException {
		long deadline = System.nanoTime() + STARTUP_TIMEOUT.toNanos();
		while (System.nanoTime() < deadline) {
			if (!process.isAlive()) {
				throw new IOException("nginx exited with status " + process.exitValue() + " before listening on port "
						+ port);
			}
			try (Socket socket = new Socket()) {
				socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 500);
				return;
			}
			catch (IOException notYet) {
				try {
					Thread.sleep(50);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					throw new IOException("Interrupted while waiting for nginx", ex);
				}
			}
		}
		throw new IOException("nginx did not listen on port " + port + " within " + STARTUP_TIMEOUT);
	}

	private static int freeLoopbackPort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
	}

	private static String read(Path file) {
		try {
			return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "(no " + file.getFileName() + ")";
		}
		catch (IOException ex) {
			return "(unreadable: " + ex + ")";
		}
	}

	private static void deleteRecursively(Path dir) {
		try (Stream<Path> paths = Files.walk(dir)) {
			paths.sorted(Comparator.reverseOrder()).forEach((path) -> {
				try {
					Files.deleteIfExists(path);
				}
				catch (IOException ex) {
					throw new UncheckedIOException(ex);
				}
			});
		}
		catch (IOException | UncheckedIOException ex) {
			// Best effort: it is a temporary directory.
		}
	}

}
