package dev.wsboot.server.connection;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The token bucket behind {@code websocket.max-messages-per-second}.
 */
class MessageRateLimiterTests {

	private static final long SECOND = 1_000_000_000L;

	@Test
	void allowsABurstOfTheRateThenRefusesUntilTokensComeBack() {
		MessageRateLimiter limiter = new MessageRateLimiter(5, 0);
		for (int i = 0; i < 5; i++) {
			assertThat(limiter.tryAcquire(0)).as("message %d of the burst", i).isTrue();
		}
		assertThat(limiter.tryAcquire(0)).isFalse();
		assertThat(limiter.tryAcquire(SECOND / 5)).isTrue();
		assertThat(limiter.tryAcquire(SECOND / 5)).isFalse();
	}

	@Test
	void neverRefusesASenderAtItsRate() {
		MessageRateLimiter limiter = new MessageRateLimiter(10, 0);
		for (int i = 0; i < 1000; i++) {
			assertThat(limiter.tryAcquire(i * SECOND / 10)).isTrue();
		}
	}

	@Test
	void keepsNoMoreThanOneBurstAfterALongPause() {
		MessageRateLimiter limiter = new MessageRateLimiter(3, 0);
		long later = 3600 * SECOND;
		for (int i = 0; i < 3; i++) {
			assertThat(limiter.tryAcquire(later)).isTrue();
		}
		assertThat(limiter.tryAcquire(later)).isFalse();
	}

}
