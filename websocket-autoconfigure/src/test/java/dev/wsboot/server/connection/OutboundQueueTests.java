package dev.wsboot.server.connection;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import dev.wsboot.WebSocketMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link OutboundQueue}.
 */
@Timeout(30)
class OutboundQueueTests {

	@Test
	void sendsInOrderOnOneVirtualThreadStartedByTheFirstMessage() {
		List<String> sent = new CopyOnWriteArrayList<>();
		List<Thread> threads = new CopyOnWriteArrayList<>();
		OutboundQueue queue = new OutboundQueue(1024, (message) -> {
			sent.add(message.text());
			threads.add(Thread.currentThread());
		});
		for (int i = 0; i < 100; i++) {
			assertThat(queue.offer(WebSocketMessage.text("m" + i), 2, null)).isEqualTo(OutboundQueue.Outcome.QUEUED);
		}
		await().until(() -> sent.size() == 100);
		assertThat(sent).first().isEqualTo("m0");
		assertThat(sent).last().isEqualTo("m99");
		assertThat(sent).isSortedAccordingTo((a, b) -> Integer.compare(Integer.parseInt(a.substring(1)),
				Integer.parseInt(b.substring(1))));
		assertThat(threads).allMatch(Thread::isVirtual);
		await().until(() -> queue.queuedBytes() == 0);
	}

	@Test
	void endsWithOverflowWhenAMessageWouldExceedTheLimitAndDropsWhatWaits() throws Exception {
		CountDownLatch blocked = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		AtomicInteger done = new AtomicInteger();
		OutboundQueue queue = new OutboundQueue(100, (message) -> {
			blocked.countDown();
			release.await();
		});
		assertThat(queue.offer(WebSocketMessage.text("first"), 60, done::incrementAndGet))
			.isEqualTo(OutboundQueue.Outcome.QUEUED);
		assertThat(blocked.await(5, TimeUnit.SECONDS)).isTrue();
		assertThat(queue.offer(WebSocketMessage.text("second"), 40, done::incrementAndGet))
			.isEqualTo(OutboundQueue.Outcome.QUEUED);
		assertThat(queue.queuedBytes()).isEqualTo(100);
		assertThat(queue.offer(WebSocketMessage.text("third"), 1, done::incrementAndGet))
			.isEqualTo(OutboundQueue.Outcome.OVERFLOW);
		assertThat(done).hasValue(2);
		assertThat(queue.offer(WebSocketMessage.text("fourth"), 1, done::incrementAndGet))
			.isEqualTo(OutboundQueue.Outcome.ENDED);
		release.countDown();
		await().until(() -> done.get() == 4);
	}

	@Test
	void acceptsAMessageLargerThanTheLimitWhenNothingWaits() {
		List<String> sent = new CopyOnWriteArrayList<>();
		OutboundQueue queue = new OutboundQueue(10, (message) -> sent.add(message.text()));
		assertThat(queue.offer(WebSocketMessage.text("big"), 1000, null)).isEqualTo(OutboundQueue.Outcome.QUEUED);
		await().until(() -> sent.size() == 1);
	}

	@Test
	void failedSendEndsTheQueueAndCompletesEveryMessage() {
		AtomicInteger done = new AtomicInteger();
		CountDownLatch failing = new CountDownLatch(1);
		OutboundQueue queue = new OutboundQueue(1000, (message) -> {
			failing.await();
			throw new java.io.IOException("closed");
		});
		queue.offer(WebSocketMessage.text("a"), 1, done::incrementAndGet);
		queue.offer(WebSocketMessage.text("b"), 1, done::incrementAndGet);
		failing.countDown();
		await().until(() -> done.get() == 2);
		assertThat(queue.offer(WebSocketMessage.text("c"), 1, done::incrementAndGet))
			.isEqualTo(OutboundQueue.Outcome.ENDED);
		assertThat(done).hasValue(3);
	}

}
