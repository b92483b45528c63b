package dev.wsboot.server.connection;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;

import dev.wsboot.WebSocketMessage;
import dev.wsboot.server.ReadPauser;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link InboundQueue}.
 */
class InboundQueueTests {

	private final List<String> reading = new CopyOnWriteArrayList<>();

	private final ReadPauser pauser = new ReadPauser() {

		@Override
		public boolean pause() {
			InboundQueueTests.this.reading.add("pause");
			return true;
		}

		@Override
		public void resume() {
			InboundQueueTests.this.reading.add("resume");
		}

	};

	@Test
	void pausesAfterAWholeMessageUntilTheHandlerAnswersIt() throws IOException {
		InboundQueue queue = new InboundQueue(16, this.pauser);
		queue.put(WebSocketMessage.text("a", false));
		assertThat(this.reading).isEmpty();
		queue.put(WebSocketMessage.text("b", true));
		assertThat(this.reading).containsExactly("pause");
		assertThat(queue.isReadingPaused()).isTrue();
		assertThat(queue.take().text()).isEqualTo("a");
		assertThat(queue.take().text()).isEqualTo("b");
		assertThat(this.reading).containsExactly("pause");
		queue.answered();
		assertThat(this.reading).containsExactly("pause", "resume");
		assertThat(queue.isReadingPaused()).isFalse();
	}

	@Test
	void askingForMoreWithNothingLeftCountsAsAnAnswer() throws Exception {
		InboundQueue queue = new InboundQueue(16, this.pauser);
		queue.put(WebSocketMessage.text("a"));
		queue.take();
		AtomicReference<WebSocketMessage> next = new AtomicReference<>();
		Thread handler = Thread.ofVirtual().start(() -> {
			try {
				next.set(queue.take());
			}
			catch (IOException ex) {
				throw new IllegalStateException(ex);
			}
		});
		await().atMost(Duration.ofSeconds(5)).until(() -> this.reading.contains("resume"));
		assertThat(this.reading).containsExactly("pause", "resume");
		queue.put(WebSocketMessage.text("b"));
		handler.join(Duration.ofSeconds(5));
		assertThat(next.get()).isEqualTo(WebSocketMessage.text("b"));
	}

	@Test
	void anEndedQueueDoesNotResumeReading() throws IOException {
		InboundQueue queue = new InboundQueue(16, this.pauser);
		queue.put(WebSocketMessage.text("a"));
		queue.take();
		queue.end();
		assertThat(queue.take()).isNull();
		assertThat(this.reading).containsExactly("pause");
	}

	@Test
	void pausesWhenFullAndResumesOnceHalfIsTaken() throws IOException {
		InboundQueue queue = new InboundQueue(4, this.pauser);
		for (int i = 0; i < 4; i++) {
			queue.put(WebSocketMessage.text("part " + i, false));
		}
		assertThat(this.reading).containsExactly("pause");
		queue.take();
		assertThat(this.reading).containsExactly("pause");
		queue.take();
		assertThat(this.reading).containsExactly("pause", "resume");
		assertThat(queue.highWaterMark()).isEqualTo(4);
	}

	@Test
	void handsOutWhatIsLeftAfterTheEndAndThenNull() throws IOException {
		InboundQueue queue = new InboundQueue(16, ReadPauser.NONE);
		queue.put(WebSocketMessage.text("last words"));
		queue.end();
		queue.put(WebSocketMessage.text("after the end"));
		assertThat(queue.take().text()).isEqualTo("last words");
		assertThat(queue.take()).isNull();
	}

	@Test
	void withoutAPauserTheContainersThreadWaitsForRoom() throws Exception {
		InboundQueue queue = new InboundQueue(1, ReadPauser.NONE);
		queue.put(WebSocketMessage.text("first"));
		Thread container = Thread.ofVirtual().start(() -> queue.put(WebSocketMessage.text("second")));
		await().atMost(Duration.ofSeconds(5)).until(() -> container.getState() == Thread.State.WAITING);
		assertThat(queue.take().text()).isEqualTo("first");
		container.join(Duration.ofSeconds(5));
		assertThat(container.isAlive()).isFalse();
		assertThat(queue.take().text()).isEqualTo("second");
	}

	@Test
	void anInterruptedHandlerGetsAnInterruptedIoException() throws Exception {
		InboundQueue queue = new InboundQueue(16, ReadPauser.NONE);
		AtomicReference<Throwable> failure = new AtomicReference<>();
		Thread handler = Thread.ofVirtual().start(() -> {
			try {
				queue.take();
			}
			catch (IOException ex) {
				failure.set(ex);
			}
		});
		await().atMost(Duration.ofSeconds(5)).until(() -> handler.getState() == Thread.State.WAITING);
		handler.interrupt();
		handler.join(Duration.ofSeconds(5));
		assertThat(failure.get()).isInstanceOf(InterruptedIOException.class)
			.hasMessage("Interrupted while waiting for a WebSocket message");
	}

	@Test
	void handlersReceivingOnSeveralThreadsAtOnceEachGetAPartAndThenTheEnd() throws Exception {
		InboundQueue queue = new InboundQueue(16, this.pauser);
		List<String> received = new CopyOnWriteArrayList<>();
		List<Thread> takers = new ArrayList<>();
		for (int i = 0; i < 3; i++) {
			takers.add(Thread.ofVirtual().start(() -> {
				try {
					WebSocketMessage part;
					while ((part = queue.take()) != null) {
						received.add(part.text());
					}
				}
				catch (IOException ex) {
					received.add(ex.toString());
				}
			}));
		}
		await().atMost(Duration.ofSeconds(5))
			.until(() -> takers.stream().allMatch((taker) -> taker.getState() == Thread.State.WAITING));
		for (int i = 0; i < 5; i++) {
			queue.put(WebSocketMessage.text("part " + i, false));
		}
		await().atMost(Duration.ofSeconds(5)).until(() -> received.size() == 5);
		queue.end();
		for (Thread taker : takers) {
			taker.join(Duration.ofSeconds(5));
			assertThat(taker.isAlive()).isFalse();
		}
		assertThat(received).containsExactlyInAnyOrder("part 0", "part 1", "part 2", "part 3", "part 4");
	}

}
