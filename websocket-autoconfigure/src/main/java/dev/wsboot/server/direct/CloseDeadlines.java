package dev.wsboot.server.direct;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import dev.wsboot.server.frame.FrameChannel;

/**
 * The deadlines of close handshakes and close-frame writes of all direct sessions, on one timer
 * thread; the work a deadline triggers runs on a virtual thread, so that no handler callback can
 * hold the timer up.
 */
final class CloseDeadlines {

	private static final ScheduledExecutorService TIMER = Executors
		.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("wsboot-close-deadlines").factory());

	private CloseDeadlines() {
	}

	/**
	 * Run a task when the delay has passed, unless the returned future is cancelled first.
	 */
	static ScheduledFuture<?> schedule(Runnable task, Duration delay) {
		return TIMER.schedule(() -> Thread.ofVirtual().start(task), delay.toNanos(), TimeUnit.NANOSECONDS);
	}

	/**
	 * Write, shutting the channel down if the write has not ended within the timeout; a failed
	 * write is left to the dropped connection to tell.
	 */
	static void write(FrameChannel channel, Duration timeout, Write write) {
		ScheduledFuture<?> deadline = schedule(channel::shutdown, timeout);
		try {
			write.run();
		}
		catch (IOException ignored) {
			// The peer is gone or not reading: the dropped connection tells it.
		}
		finally {
			deadline.cancel(false);
		}
	}

	/**
	 * A write that may fail.
	 */
	@FunctionalInterface
	interface Write {

		void run() throws IOException;

	}

}
