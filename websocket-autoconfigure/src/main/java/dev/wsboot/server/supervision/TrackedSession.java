package dev.wsboot.server.supervision;

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

	private final WebSocketSession session;

	private final String endpoint;

	private final EndpointMonitor monitor;

	private volatile long lastInboundNanos;

	private volatile long lastOutboundNanos;

	private volatile long unansweredPingSinceNanos;

	private volatile long sendStartedNanos;

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
		this.lastInboundNanos = now;
		this.lastOutboundNanos = now;
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
		this.lastInboundNanos = now;
	}

	void pongReceived(long now) {
		this.lastInboundNanos = now;
		this.unansweredPingSinceNanos = 0;
	}

	void pingSent(long now) {
		if (this.unansweredPingSinceNanos == 0) {
			// Zero means "none outstanding"; nanoTime may legitimately be zero once in 292 years.
			this.unansweredPingSinceNanos = (now != 0) ? now : 1;
		}
	}

	void sendStarted(long now) {
		this.sendStartedNanos = (now != 0) ? now : 1;
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
		this.sendStartedNanos = 0;
		this.lastOutboundNanos = now;
	}

	/**
	 * Return when the send or transport write in progress started, the earlier if both are.
	 * @return the start from {@link System#nanoTime()}, or 0 when none is in progress
	 */
	long sendStartedNanos() {
		long send = earlier(this.sendStartedNanos, this.pingWriteStartedNanos);
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
		return Math.max(this.lastInboundNanos, this.lastOutboundNanos);
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
