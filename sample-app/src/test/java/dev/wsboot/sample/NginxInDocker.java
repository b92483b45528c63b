package dev.wsboot.sample;

import java.net.URI;
import java.time.Duration;

import org.testcontainers.Testcontainers;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.images.builder.Transferable;
import org.testcontainers.nginx.NginxContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * nginx from the {@code nginx} Docker image, started with Testcontainers. The container reaches
 * the app on the host as {@code host.testcontainers.internal}; the test reaches the container on
 * its mapped port.
 * <p>
 * The image is {@value #DEFAULT_IMAGE} unless the system property
 * {@code wsboot.test.nginx-image} names another one.
 */
final class NginxInDocker implements ReverseProxy {

	static final String DEFAULT_IMAGE = "nginx:1.28-alpine";

	private static final int NGINX_PORT = 80;

	private final NginxContainer container;

	private NginxInDocker(NginxContainer container) {
		this.container = container;
	}

	/**
	 * Start an nginx container in front of the app and wait until it listens.
	 * @param appPort the app's port on the host
	 * @param readTimeout nginx's {@code proxy_read_timeout}
	 * @return the running container
	 */
	@SuppressWarnings("resource") // closed by close()
	static NginxInDocker start(int appPort, Duration readTimeout) {
		Testcontainers.exposeHostPorts(appPort);
		String config = NginxConfig.httpBlockContent(String.valueOf(NGINX_PORT),
				"host.testcontainers.internal:" + appPort, readTimeout);
		NginxContainer container = new NginxContainer(
				DockerImageName.parse(System.getProperty("wsboot.test.nginx-image", DEFAULT_IMAGE)))
			.withCopyToContainer(Transferable.of(config), "/etc/nginx/conf.d/default.conf")
			.withExposedPorts(NGINX_PORT)
			.waitingFor(Wait.forListeningPort().withStartupTimeout(Duration.ofSeconds(60)));
		try {
			container.start();
			return new NginxInDocker(container);
		}
		catch (RuntimeException ex) {
			container.close();
			throw ex;
		}
	}

	@Override
	public URI webSocketUri(String path) {
		return URI.create("ws://" + this.container.getHost() + ":" + this.container.getMappedPort(NGINX_PORT) + path);
	}

	@Override
	public String description() {
		return "nginx container " + this.container.getDockerImageName() + " (" + this.container.getContainerId()
				+ ") on " + this.container.getHost() + ":" + this.container.getMappedPort(NGINX_PORT);
	}

	@Override
	public void close() {
		this.container.close();
	}

}
