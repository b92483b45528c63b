package dev.wsboot.broadcast;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The backplane's outbound queue: first in, first out, bounded in bytes.
 */
@Timeout(10)
class PublishQueueTests {

	@Test
	void handsEnvelopesOutInTheOrderTheyCame() throws InterruptedException {
		PublishQueue queue = new PublishQueue(100);
		assertThat(queue.offer(new byte[] { 1 })).isTrue();
		assertThat(queue.offer(new byte[] { 2 })).isTrue();
		assertThat(queue.take()).containsExactly(1);
		assertThat(queue.take()).containsExactly(2);
	}

	@Test
	void refusesWhatWouldPassTheLimitButTakesAnEnvelopeLargerThanTheLimitWhenEmpty() throws InterruptedException {
		PublishQueue queue = new PublishQueue(10);
		assertThat(queue.offer(new byte[25])).as("alone in the queue").isTrue();
		assertThat(queue.offer(new byte[1])).as("beyond the limit").isFalse();
		assertThat(queue.take()).hasSize(25);
		assertThat(queue.offer(new byte[6])).isTrue();
		assertThat(queue.offer(new byte[4])).as("exactly at the limit").isTrue();
		assertThat(queue.offer(new byte[1])).isFalse();
	}

	@Test
	void aWaitingTakerWakesForTheNextEnvelopeAndEndsWhenInterrupted() throws Exception {
		PublishQueue queue = new PublishQueue(10);
		CompletableFuture<byte[]> taken = CompletableFuture.supplyAsync(() -> {
			try {
				return queue.take();
			}
			catch (InterruptedException ex) {
				throw new IllegalStateException(ex);
			}
		});
		queue.offer(new byte[] { 9 });
		assertThat(taken.get(5, java.util.concurrent.TimeUnit.SECONDS)).containsExactly(9);
		Thread taker = Thread.ofVirtual().start(() -> {
			try {
				queue.take();
			}
			catch (InterruptedException ex) {
				// Expected: the publisher stops this way.
			}
		});
		taker.interrupt();
		assertThat(taker.join(Duration.ofSeconds(5))).isTrue();
	}

}
