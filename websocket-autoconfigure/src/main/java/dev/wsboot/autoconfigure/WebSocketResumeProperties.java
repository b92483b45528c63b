package dev.wsboot.autoconfigure;

import java.time.Duration;

import org.springframework.util.Assert;
import org.springframework.util.unit.DataSize;

/**
 * Resumable connections ({@code @WebSocketMapping(resumable = true)}): what is kept while a
 * client is away ({@code websocket.resume.*}).
 *
 * @since 0.1.0
 */
public class WebSocketResumeProperties {

	/**
	 * How long a resumable connection whose client dropped without a close handshake waits
	 * for the client to come back.
	 */
	private Duration timeout = Duration.ofMinutes(2);

	/**
	 * Most unacknowledged outbound bytes kept per resumable connection; more ends it with
	 * 1008.
	 */
	private DataSize bufferLimit = DataSize.ofMegabytes(1);

	public Duration getTimeout() {
		return this.timeout;
	}

	public void setTimeout(Duration timeout) {
		Assert.isTrue(timeout.isPositive(), () -> "websocket.resume.timeout must be positive, but was " + timeout);
		this.timeout = timeout;
	}

	public DataSize getBufferLimit() {
		return this.bufferLimit;
	}

	public void setBufferLimit(DataSize bufferLimit) {
		Assert.isTrue(bufferLimit.toBytes() > 0,
				() -> "websocket.resume.buffer-limit must be at least 1B, but was " + bufferLimit);
		this.bufferLimit = bufferLimit;
	}

}
