package dev.wsboot.autoconfigure;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.Assert;
import org.springframework.util.unit.DataSize;

/**
 * Configuration properties for wsboot WebSocket endpoints.
 *
 * @since 0.1.0
 */
@ConfigurationProperties("websocket")
public class WebSocketProperties {

	/**
	 * Whether to serve the endpoints mapped with @WebSocketMapping.
	 */
	private boolean enabled = true;

	/**
	 * Interval at which a ping frame is sent to every open connection, so that proxies keep it
	 * open. Zero turns pings off.
	 */
	private Duration keepAliveInterval = Duration.ofMinutes(2);

	/**
	 * Size of the container's read buffer per connection. Received data reaches the application
	 * in parts of at most this size (characters for text).
	 */
	private DataSize receiveBufferSize = DataSize.ofKilobytes(4);

	/**
	 * Largest message accepted, whole or in fragments. A larger one closes the connection with
	 * 1009 (message too big).
	 */
	private DataSize maxMessageSize = DataSize.ofMegabytes(1);

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public Duration getKeepAliveInterval() {
		return this.keepAliveInterval;
	}

	public void setKeepAliveInterval(Duration keepAliveInterval) {
		Assert.isTrue(!keepAliveInterval.isNegative(),
				() -> "websocket.keep-alive-interval must be zero (off) or positive, but was " + keepAliveInterval);
		this.keepAliveInterval = keepAliveInterval;
	}

	public DataSize getReceiveBufferSize() {
		return this.receiveBufferSize;
	}

	public void setReceiveBufferSize(DataSize receiveBufferSize) {
		Assert.isTrue(receiveBufferSize.toBytes() > 0 && receiveBufferSize.toBytes() <= Integer.MAX_VALUE,
				() -> "websocket.receive-buffer-size must be at least 1B and at most 2GB, but was " + receiveBufferSize);
		this.receiveBufferSize = receiveBufferSize;
	}

	public DataSize getMaxMessageSize() {
		return this.maxMessageSize;
	}

	public void setMaxMessageSize(DataSize maxMessageSize) {
		Assert.isTrue(maxMessageSize.toBytes() > 0,
				() -> "websocket.max-message-size must be at least 1B, but was " + maxMessageSize);
		this.maxMessageSize = maxMessageSize;
	}

}
