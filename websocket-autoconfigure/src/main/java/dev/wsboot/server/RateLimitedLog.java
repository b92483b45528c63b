package dev.wsboot.server;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import org.apache.commons.logging.Log;

/**
 * Logs at most one line per kind of event and period, and says how many it held back, so that an
 * attack or a mass disconnect cannot flood the log.
 */
final class RateLimitedLog {

	private final Log log;

	private final long periodNanos;

	private final Map<String, Window> windows = new ConcurrentHashMap<>();

	RateLimitedLog(Log log, Duration period) {
		this.log = log;
		this.periodNanos = period.toNanos();
	}

	void warn(String kind, Supplier<String> message) {
		if (this.log.isWarnEnabled()) {
			long held = admit(kind);
			if (held >= 0) {
				this.log.warn(withHeldBack(message.get(), held));
			}
		}
	}

	void info(String kind, Supplier<String> message) {
		if (this.log.isInfoEnabled()) {
			long held = admit(kind);
			if (held >= 0) {
				this.log.info(withHeldBack(message.get(), held));
			}
		}
	}

	/**
	 * Decide whether a line of this kind may be written now.
	 * @return how many lines were held back since the last one written, or -1 to hold this one
	 */
	private long admit(String kind) {
		Window window = this.windows.computeIfAbsent(kind, (key) -> new Window());
		long now = System.nanoTime();
		long openedAt = window.openedAt.get();
		if (openedAt != 0 && now - openedAt < this.periodNanos) {
			window.heldBack.incrementAndGet();
			return -1;
		}
		if (!window.openedAt.compareAndSet(openedAt, (now != 0) ? now : 1)) {
			window.heldBack.incrementAndGet();
			return -1;
		}
		return window.heldBack.getAndSet(0);
	}

	private String withHeldBack(String message, long heldBack) {
		return (heldBack > 0) ? message + " (" + heldBack + " similar events not logged in the previous "
				+ Duration.ofNanos(this.periodNanos).toSeconds() + "s)" : message;
	}

	private static final class Window {

		private final AtomicLong openedAt = new AtomicLong();

		private final AtomicLong heldBack = new AtomicLong();

	}

}
