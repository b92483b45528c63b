package dev.wsboot.server.handshake;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Who owns a permit of {@code websocket.max-connections}, and when it comes back.
 */
class ConnectionLimitTests {

	@Test
	void refusesOverTheLimitAndTakesAgainOnceReleased() {
		ConnectionLimit limit = new ConnectionLimit(2);
		Map<String, Object> first = new HashMap<>();
		Map<String, Object> second = new HashMap<>();
		assertThat(limit.tryAcquire(first)).isTrue();
		assertThat(limit.tryAcquire(second)).isTrue();
		assertThat(limit.tryAcquire(new HashMap<>())).isFalse();
		limit.release(first);
		limit.release(first);
		assertThat(limit.inUse()).isOne();
		assertThat(limit.tryAcquire(new HashMap<>())).isTrue();
	}

	@Test
	void reclaimsAPermitWhoseConnectionNeverOpens() {
		ConnectionLimit limit = new ConnectionLimit(1, Duration.ofMillis(50));
		assertThat(limit.tryAcquire(new HashMap<>())).isTrue();
		await().atMost(Duration.ofSeconds(5)).until(() -> limit.inUse() == 0);
		assertThat(limit.tryAcquire(new HashMap<>())).isTrue();
	}

	@Test
	void keepsThePermitOfAConnectionThatOpened() throws Exception {
		ConnectionLimit limit = new ConnectionLimit(1, Duration.ofMillis(50));
		Map<String, Object> attributes = new HashMap<>();
		assertThat(limit.tryAcquire(attributes)).isTrue();
		limit.claim(attributes);
		await().pollDelay(Duration.ofMillis(200)).atMost(Duration.ofSeconds(5)).until(() -> true);
		assertThat(limit.inUse()).isOne();
		assertThat(limit.tryAcquire(new HashMap<>())).isFalse();
		limit.release(attributes);
		assertThat(limit.inUse()).isZero();
	}

	@Test
	void countsAConnectionThatOpensAfterItsPermitWasReclaimedUntilItCloses() {
		ConnectionLimit limit = new ConnectionLimit(1, Duration.ofMillis(50));
		Map<String, Object> late = new HashMap<>();
		assertThat(limit.tryAcquire(late)).isTrue();
		await().atMost(Duration.ofSeconds(5)).until(() -> limit.inUse() == 0);
		limit.claim(late);
		assertThat(limit.inUse()).isOne();
		limit.release(late);
		assertThat(limit.inUse()).isZero();
	}

	@Test
	void neverLetsOneUserOverItsLimitUnderContention() throws Exception {
		ConnectionLimit limit = new ConnectionLimit(-1, 3);
		java.util.concurrent.atomic.AtomicInteger maxSeen = new java.util.concurrent.atomic.AtomicInteger();
		try (java.util.concurrent.ExecutorService threads = java.util.concurrent.Executors.newFixedThreadPool(4)) {
			for (int t = 0; t < 4; t++) {
				threads.execute(() -> {
					for (int i = 0; i < 20_000; i++) {
						Map<String, Object> attributes = new HashMap<>();
						if (limit.tryAcquire(attributes, "user") == ConnectionLimit.Acquisition.ACQUIRED) {
							limit.claim(attributes);
							maxSeen.accumulateAndGet(limit.inUse("user"), Math::max);
							limit.release(attributes);
						}
					}
				});
			}
		}
		assertThat(maxSeen.get()).isBetween(1, 3);
		assertThat(limit.inUse("user")).isZero();
	}

}
