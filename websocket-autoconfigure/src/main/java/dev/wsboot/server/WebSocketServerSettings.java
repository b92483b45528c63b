package dev.wsboot.server;

import java.time.Duration;

import org.springframework.util.Assert;

/**
 * Settings of the wsboot runtime, independent of how they were configured.
 *
 * @since 0.1.0
 */
public class WebSocketServerSettings {

	private Duration keepAliveInterval = Duration.ofMinutes(2);

	private int receiveBufferSize = 4 * 1024;

	private long maxMessageSize = 1024 * 1024;

	private int inboundQueueCapacity = 16;

	/**
	 * Return the interval between keep-alive pings.
	 * @return the interval; zero when pings are off
	 */
	public Duration getKeepAliveInterval() {
		return this.keepAliveInterval;
	}

	/**
	 * Set the interval between keep-alive pings.
	 * @param keepAliveInterval the interval; zero turns pings off
	 */
	public void setKeepAliveInterval(Duration keepAliveInterval) {
		Assert.isTrue(!keepAliveInterval.isNegative(), "keepAliveInterval must not be negative");
		this.keepAliveInterval = keepAliveInterval;
	}

	/**
	 * Return the size of the container's read buffer per connection.
	 * @return the size in bytes
	 */
	public int getReceiveBufferSize() {
		return this.receiveBufferSize;
	}

	/**
	 * Set the size of the container's read buffer per connection.
	 * @param receiveBufferSize the size in bytes, at least 1
	 */
	public void setReceiveBufferSize(int receiveBufferSize) {
		Assert.isTrue(receiveBufferSize > 0, "receiveBufferSize must be positive");
		this.receiveBufferSize = receiveBufferSize;
	}

	/**
	 * Return the largest whole message accepted.
	 * @return the size in bytes
	 */
	public long getMaxMessageSize() {
		return this.maxMessageSize;
	}

	/**
	 * Set the largest whole message accepted; larger ones close the connection with 1009.
	 * @param maxMessageSize the size in bytes, at least 1
	 */
	public void setMaxMessageSize(long maxMessageSize) {
		Assert.isTrue(maxMessageSize > 0, "maxMessageSize must be positive");
		this.maxMessageSize = maxMessageSize;
	}

	/**
	 * Return how many received message parts wait for the handler before reading pauses.
	 * @return the capacity
	 */
	public int getInboundQueueCapacity() {
		return this.inboundQueueCapacity;
	}

	/**
	 * Set how many received message parts wait for the handler before reading pauses.
	 * @param inboundQueueCapacity the capacity, at least 1
	 */
	public void setInboundQueueCapacity(int inboundQueueCapacity) {
		Assert.isTrue(inboundQueueCapacity > 0, "inboundQueueCapacity must be positive");
		this.inboundQueueCapacity = inboundQueueCapacity;
	}

}
