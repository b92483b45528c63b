package dev.wsboot.sample;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Chooses, at run time, how the proxy tests get their nginx: a Testcontainers container when a
 * Docker engine is available, otherwise Debian's nginx binary as a child process, otherwise the
 * test is skipped (see {@link Prerequisites}). The system property {@code wsboot.test.proxy}
 * ({@code auto}, the default, {@code docker} or {@code local}) forces one way; a forced way that
 * is not available skips the test with the reason.
 */
final class ReverseProxies {

	private static final Logger logger = LoggerFactory.getLogger(ReverseProxies.class);

	private ReverseProxies() {
	}

	/**
	 * Start nginx in front of the app, the way the machine allows.
	 * @param appPort the app's port on loopback
	 * @param readTimeout nginx's {@code proxy_read_timeout}
	 * @return the running proxy
	 * @throws IOException if the local nginx fails to start
	 */
	static ReverseProxy start(int appPort, Duration readTimeout) throws IOException {
		String mode = System.getProperty("wsboot.test.proxy", "auto").trim().toLowerCase(Locale.ROOT);
		Optional<Path> binary = LocalNginx.binary();
		boolean docker = switch (mode) {
			case "docker" -> {
				assumeTrue(dockerAvailable(), "wsboot.test.proxy=docker but no Docker engine is available");
				yield true;
			}
			case "local" -> false;
			case "auto" -> dockerAvailable();
			default -> throw new IllegalArgumentException(
					"wsboot.test.proxy must be auto, docker or local, but was '" + mode + "'");
		};
		ReverseProxy proxy;
		if (docker) {
			logger.info("Reverse proxy: Docker engine available, starting nginx with Testcontainers ({})", mode);
			proxy = NginxInDocker.start(appPort, readTimeout);
		}
		else {
			Prerequisites.require(binary.isPresent(), () -> "No Docker engine and no nginx binary at "
					+ System.getProperty("wsboot.test.nginx", "/usr/sbin/nginx")
					+ ": install nginx (apt-get install nginx) or start Docker to run this test");
			logger.info("Reverse proxy: {}, starting the local nginx binary {}",
					mode.equals("local") ? "forced by wsboot.test.proxy=local" : "no Docker engine", binary.get());
			proxy = LocalNginx.start(binary.get(), appPort, readTimeout);
		}
		logger.info("Reverse proxy started: {}, proxy_read_timeout {}", proxy.description(), readTimeout);
		return proxy;
	}

	private static boolean dockerAvailable() {
		try {
			return DockerClientFactory.instance().isDockerAvailable();
		}
		catch (RuntimeException | LinkageError ex) {
			logger.info("Reverse proxy: Docker check failed: {}", ex.toString());
			return false;
		}
	}

}
