package dev.wsboot.autoconfigure;

import org.springframework.boot.tomcat.ConfigurableTomcatWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;

/**
 * Sizes the application read and write buffers that Tomcat's NIO connector keeps for every open
 * socket to {@code websocket.receive-buffer-size}.
 * <p>
 * Only with {@code websocket.direct-io=false}: Tomcat's own WebSocket implementation keeps its
 * socket's buffers for as long as the connection is open, so with thousands of mostly idle
 * connections they are a large share of the memory per connection. They never go below 4 KB,
 * which keeps plain HTTP requests on the same connector efficient. With direct I/O (the default)
 * an open WebSocket holds none of them and the connector is left as the application set it.
 */
final class TomcatSocketBufferCustomizer implements WebServerFactoryCustomizer<ConfigurableTomcatWebServerFactory> {

	static final int MINIMUM_SIZE = 4 * 1024;

	private final int bufferSize;

	TomcatSocketBufferCustomizer(int receiveBufferSize) {
		this.bufferSize = Math.max(receiveBufferSize, MINIMUM_SIZE);
	}

	@Override
	public void customize(ConfigurableTomcatWebServerFactory factory) {
		String size = Integer.toString(this.bufferSize);
		factory.addConnectorCustomizers((connector) -> {
			connector.setProperty("socket.appReadBufSize", size);
			connector.setProperty("socket.appWriteBufSize", size);
		});
	}

}
