package dev.wsboot.server.supervision;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.function.BooleanSupplier;

import dev.wsboot.server.EndpointMonitor;
import dev.wsboot.server.WebSocketTransport;
import dev.wsboot.server.WebSocketTransports;
import org.springframework.web.socket.WebSocketSession;

/**
 * An open session with what its supervision needs: its endpoint and when traffic last passed.
 *
 * @since 0.1.0
 */
public final class TrackedSession {

	// The clocks below are written at every message and read by the keep-alive sweep, which
	// looks at them once a second or so against timeouts of seconds: opaque stores suffice, and
	// on x86 they cost a plain store where a volatile one costs a fence that waits for the store
	// before it (measured: docs/BENCHMARKS.md, fifteenth session).
	private static final VarHandle LAST_INBOUND;

	private static final VarHandle LAST_OUTBOUND;

	private static final VarHandle SEND_STARTED;

	static {
		try {
			MethodHandles.Lookup lookup = MethodHandles.lookup();
			LAST_INBOUND = lookup.findVarHandle(TrackedSession.class, "lastInboundNanos", long.class);
			LAST_OUTBOUND = lookup.findVarHandle(TrackedSession.class, "lastOutboundNanos", long.class);
			SEND_STARTED = lookup.findVarHandle(TrackedSession.class, "sendStartedNanos", long.class);
		}
		catch (ReflectiveOperationException ex) {
			throw new ExceptionInInitializerError(ex);
		}
	}

	private final WebSocketSession session;

	private final String endpoint;

	private final EndpointMonitor monitor;

	private long lastInboundNanos;

	private long lastOutboundNanos;

	private volatile long unansweredPingSinceNanos;

	private long sendStartedNanos;

	private volatile BooleanSupplier readingPaused = () -> false;

	private final WebSocketTransport transport;

	private volatile long pingWriteStartedNanos;

	/** When a sweep first found the session no longer open, or 0. */
	private volatile long closingSinceNanos;

	TrackedSession(WebSocketSession session, String endpoint, EndpointMonitor monitor) {
		this.session = session;
		this.transport = WebSocketTransports.of(session);
		this.endpoint = endpoint;
		this.monitor = monitor;
		long now = System.nanoTime();
		LAST_INBOUND.setOpaque(this, now);
		LAST_OUTBOUND.setOpaque(this, now);
	}

	/**
	 * Return the container's session.
	 * @return the session
	 */
	public WebSocketSession session() {
		return this.session;
	}

	/**
	 * Return the session's transport.
	 * @return the transport
	 */
	public WebSocketTransport transport() {
		return this.transport;
	}

	/**
	 * Return the path template of the session's endpoint.
	 * @return the endpoint
	 */
	public String endpoint() {
		return this.endpoint;
	}

	EndpointMonitor monitor() {
		return this.monitor;
	}

	/**
	 * Tell how to find out whether reading is paused, during which the peer's pongs and frames
	 * cannot arrive and its silence proves nothing.
	 * @param readingPaused whether reading from the session's socket is paused now
	 */
	public void readingPausedBy(BooleanSupplier readingPaused) {
		this.readingPaused = readingPaused;
	}

	boolean isReadingPaused() {
		return this.readingPaused.getAsBoolean();
	}

	/**
	 * Forget the unanswered ping, for when its answer could not be heard. The idle clock is left
	 * alone: an assumption is no traffic.
	 */
	void assumeAlive() {
		this.unansweredPingSinceNanos = 0;
	}

	void inboundFrame(long now) {
		LAST_INBOUND.setOpaque(this, now);
	}

	void pongReceived(long now) {
		LAST_INBOUND.setOpaque(this, now);
		this.unansweredPingSinceNanos = 0;
	}

	void pingSent(long now) {
		if (this.unansweredPingSinceNanos == 0) {
			// Zero means "none outstanding"; nanoTime may legitimately be zero once in 292 years.
			this.unansweredPingSinceNanos = (now != 0) ? now : 1;
		}
	}

	void sendStarted(long now) {
		SEND_STARTED.setOpaque(this, (now != 0) ? now : 1);
	}

	/**
	 * Record that a keep-alive ping is being written through the container, which times it like
	 * a send but, unlike one, does not count as traffic.
	 * @param now the time from {@link System#nanoTime()}, or 0 once the ping is written
	 */
	void pingWriteStarted(long now) {
		this.pingWriteStartedNanos = now;
	}

	void sendFinished(long now) {
		SEND_STARTED.setOpaque(this, 0L);
		LAST_OUTBOUND.setOpaque(this, now);
	}

	/**
	 * Return when the send or transport write in progress started, the earlier if both are.
	 * @return the start from {@link System#nanoTime()}, or 0 when none is in progress
	 */
	long sendStartedNanos() {
		long send = earlier((long) SEND_STARTED.getOpaque(this), this.pingWriteStartedNanos);
		// Covers frames the transport writes of its own (pongs, close frames) that no send covers.
		long write = this.transport.writeStartedNanos();
		return earlier(send, write);
	}

	private static long earlier(long first, long second) {
		if (first == 0 || second == 0) {
			return (first != 0) ? first : second;
		}
		return (first - second < 0) ? first : second;
	}

	long lastTrafficNanos() {
		return Math.max((long) LAST_INBOUND.getOpaque(this), (long) LAST_OUTBOUND.getOpaque(this));
	}

	long unansweredPingSinceNanos() {
		return this.unansweredPingSinceNanos;
	}

	/**
	 * Record that a sweep found the session closing: no longer open, yet not ended, as while a
	 * container's close frame waits to be written.
	 * @param now the time from {@link System#nanoTime()}
	 */
	void closingSeen(long now) {
		if (this.closingSinceNanos == 0) {
			this.closingSinceNanos = (now != 0) ? now : 1;
		}
	}

	long closingSinceNanos() {
		return this.closingSinceNanos;
	}

}
