package dev.wsboot.server.connection;

/**
 * A token bucket for the messages one connection receives: {@code rate} tokens a second, at
 * most {@code rate} kept, one taken per whole message. Used by one reading thread at a time.
 */
public final class MessageRateLimiter {

	private static final long NANOS_PER_SECOND = 1_000_000_000L;

	private final int rate;

	// Tokens scaled by a second in nanoseconds, so that refills need no division or rounding.
	private long scaledTokens;

	private long lastRefillNanos;

	/**
	 * Create a full bucket.
	 * @param rate messages a second, and the burst allowed
	 * @param nowNanos the time from {@link System#nanoTime()}
	 */
	public MessageRateLimiter(int rate, long nowNanos) {
		this.rate = rate;
		this.scaledTokens = rate * NANOS_PER_SECOND;
		this.lastRefillNanos = nowNanos;
	}

	/**
	 * Take a token for one message.
	 * @param nowNanos the time from {@link System#nanoTime()}
	 * @return {@code false} if the connection is over its rate
	 */
	public boolean tryAcquire(long nowNanos) {
		long elapsed = Math.max(0, nowNanos - this.lastRefillNanos);
		this.lastRefillNanos = nowNanos;
		long capacity = this.rate * NANOS_PER_SECOND;
		// elapsed * rate cannot overflow before elapsed passes capacity / rate, about 292 years / rate.
		long refill = (elapsed >= NANOS_PER_SECOND) ? capacity : elapsed * this.rate;
		this.scaledTokens = Math.min(capacity, this.scaledTokens + refill);
		if (this.scaledTokens < NANOS_PER_SECOND) {
			return false;
		}
		this.scaledTokens -= NANOS_PER_SECOND;
		return true;
	}

}
