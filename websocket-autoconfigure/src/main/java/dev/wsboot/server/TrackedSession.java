package dev.wsboot.server;

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

	TrackedSession(WebSocketSession session, String endpoint, EndpointMonitor monitor) {
		this.session = session;
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
	 * Return the path template of the session's endpoint.
	 * @return the endpoint
	 */
	public String endpoint() {
		return this.endpoint;
	}

	EndpointMonitor monitor() {
		return this.monitor;
	}

	void inboundFrame(long now) {
		this.lastInboundNanos = now;
	}

	void outboundMessage(long now) {
		this.lastOutboundNanos = now;
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

	long lastTrafficNanos() {
		return Math.max(this.lastInboundNanos, this.lastOutboundNanos);
	}

	long unansweredPingSinceNanos() {
		return this.unansweredPingSinceNanos;
	}

}
