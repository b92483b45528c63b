package dev.wsboot.server.supervision;

import java.net.InetSocketAddress;
import java.security.Principal;
import java.time.Duration;
import java.util.Locale;
import java.util.function.Supplier;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.WebSocketSession;

/**
 * One line per connection opened and per connection closed, on the logger {@code dev.wsboot.audit}
 * at a level of the application's choosing: endpoint, connection id, principal, remote address and
 * origin, and at close the close code and duration. Never a payload.
 *
 * @since 0.1.0
 */
public final class AuditLog {

	/** The logger the lines go to, so that they can be routed apart from the rest. */
	public static final String LOGGER_NAME = "dev.wsboot.audit";

	private static final Log logger = LogFactory.getLog(LOGGER_NAME);

	/** An audit log that writes nothing. */
	public static final AuditLog OFF = new AuditLog(Level.OFF);

	private final Level level;

	/**
	 * Create an audit log.
	 * @param level the level of its lines, or {@link Level#OFF}
	 */
	public AuditLog(Level level) {
		this.level = level;
	}

	void opened(String endpoint, WebSocketSession session) {
		write(() -> "WebSocket connection " + session.getId() + " opened on '" + endpoint + "'" + who(session));
	}

	void closed(String endpoint, WebSocketSession session, CloseStatus status, long durationNanos) {
		write(() -> "WebSocket connection " + session.getId() + " closed on '" + endpoint + "' with " + status.getCode()
				+ " after " + Duration.ofMillis(durationNanos / 1_000_000) + who(session));
	}

	private static String who(WebSocketSession session) {
		Principal principal = session.getPrincipal();
		InetSocketAddress remote = session.getRemoteAddress();
		String origin = session.getHandshakeHeaders().getOrigin();
		return ": principal " + ((principal != null) ? RateLimitedLog.printable(principal.getName()) : "none")
				+ ", remote " + ((remote != null) ? remote.getHostString() + ":" + remote.getPort() : "unknown")
				+ ", origin " + ((origin != null) ? RateLimitedLog.printable(origin) : "none");
	}

	private void write(Supplier<String> line) {
		switch (this.level) {
			case TRACE -> {
				if (logger.isTraceEnabled()) {
					logger.trace(line.get());
				}
			}
			case DEBUG -> {
				if (logger.isDebugEnabled()) {
					logger.debug(line.get());
				}
			}
			case INFO -> {
				if (logger.isInfoEnabled()) {
					logger.info(line.get());
				}
			}
			case WARN -> {
				if (logger.isWarnEnabled()) {
					logger.warn(line.get());
				}
			}
			case OFF -> {
			}
		}
	}

	/**
	 * The level of the audit lines.
	 */
	public enum Level {

		/** No audit lines. */
		OFF,

		/** At TRACE. */
		TRACE,

		/** At DEBUG. */
		DEBUG,

		/** At INFO. */
		INFO,

		/** At WARN. */
		WARN;

		/**
		 * Return the level for a name, as a property gives it.
		 * @param name the name, in any case
		 * @return the level
		 */
		public static Level of(@Nullable String name) {
			return (name != null) ? valueOf(name.trim().toUpperCase(Locale.ROOT)) : OFF;
		}

	}

}
