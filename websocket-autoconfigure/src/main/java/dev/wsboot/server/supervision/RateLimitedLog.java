package dev.wsboot.server.supervision;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import org.apache.commons.logging.Log;
import org.jspecify.annotations.Nullable;

/**
 * Logs at most one line per kind of event and period, and says how many it held back, so that an
 * attack or a mass disconnect cannot flood the log.
 */
public final class RateLimitedLog {

	private static final int MAX_PRINTED_CHARS = 100;

	private final Log log;

	private final long periodNanos;

	private final Map<String, Window> windows = new ConcurrentHashMap<>();

	/**
	 * Create a log that writes at most one line per kind of event and period.
	 * @param log where the lines go
	 * @param period the period
	 */
	public RateLimitedLog(Log log, Duration period) {
		this.log = log;
		this.periodNanos = period.toNanos();
	}

	/**
	 * Write a warning unless one of this kind was written in the current period.
	 * @param kind the kind of event
	 * @param message the line, built only when it is written
	 */
	public void warn(String kind, Supplier<String> message) {
		if (this.log.isWarnEnabled()) {
			long held = admit(kind);
			if (held >= 0) {
				this.log.warn(withHeldBack(message.get(), held));
			}
		}
	}

	/**
	 * Write an info line unless one of this kind was written in the current period.
	 * @param kind the kind of event
	 * @param message the line, built only when it is written
	 */
	public void info(String kind, Supplier<String> message) {
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

	/**
	 * Return a value a client sent in a form that is safe to log: at most 100 characters, with
	 * control characters (which could forge log lines) replaced.
	 * @param value the client's value
	 * @return the printable form
	 */
	public static String printable(@Nullable String value) {
		if (value == null) {
			return "";
		}
		StringBuilder printable = new StringBuilder(Math.min(value.length(), MAX_PRINTED_CHARS + 3));
		for (int i = 0; i < value.length() && i < MAX_PRINTED_CHARS; i++) {
			char c = value.charAt(i);
			printable.append(Character.isISOControl(c) ? '?' : c);
		}
		if (value.length() > MAX_PRINTED_CHARS) {
			printable.append("...");
		}
		return printable.toString();
	}

	private String withHeldBack(String message, long heldBack) {
		if (heldBack == 0) {
			return message;
		}
		Duration period = Duration.ofNanos(this.periodNanos);
		String shown = (period.toSeconds() > 0) ? period.toSeconds() + "s" : period.toMillis() + "ms";
		return message + " (" + heldBack + " similar events not logged in the previous " + shown + ")";
	}

	private static final class Window {

		private final AtomicLong openedAt = new AtomicLong();

		private final AtomicLong heldBack = new AtomicLong();

	}

}
