package dev.wsboot.server.supervision;

import java.util.Collection;
import java.util.Collections;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import dev.wsboot.server.EndpointMonitor;
import org.jspecify.annotations.Nullable;
import org.springframework.web.socket.WebSocketSession;

/**
 * The open WebSocket sessions of all wsboot endpoints, for keep-alive, shutdown and monitoring.
 *
 * @since 0.1.0
 */
public class SessionRegistry {

	private final Map<WebSocketSession, TrackedSession> sessions = new ConcurrentHashMap<>();

	private volatile boolean draining;

	/**
	 * Record an opened session.
	 * @param session the container's session
	 * @param endpoint the path template of its endpoint
	 * @param monitor the endpoint's monitor
	 * @return the tracked session
	 */
	public TrackedSession add(WebSocketSession session, String endpoint, EndpointMonitor monitor) {
		TrackedSession tracked = new TrackedSession(session, endpoint, monitor);
		this.sessions.put(session, tracked);
		return tracked;
	}

	/**
	 * Mark the server as shutting down: new handshakes are refused from now on.
	 */
	public void startDraining() {
		this.draining = true;
	}

	/**
	 * Mark the server as accepting connections again, after a stop and a restart.
	 */
	public void stopDraining() {
		this.draining = false;
	}

	/**
	 * Return whether the server is shutting down.
	 * @return {@code true} between {@link #startDraining()} and {@link #stopDraining()}
	 */
	public boolean isDraining() {
		return this.draining;
	}

	/**
	 * Forget a closed session.
	 * @param session the container's session
	 */
	public void remove(WebSocketSession session) {
		this.sessions.remove(session);
	}

	/**
	 * Return the tracked session of a container's session.
	 * @param session the container's session
	 * @return the tracked session, or {@code null} once it is closed
	 */
	public @Nullable TrackedSession get(WebSocketSession session) {
		return this.sessions.get(session);
	}

	/**
	 * Return the open sessions.
	 * @return a live, unmodifiable view of the container's sessions
	 */
	public Collection<WebSocketSession> sessions() {
		return Collections.unmodifiableSet(this.sessions.keySet());
	}

	/**
	 * Return the open sessions with their supervision state.
	 * @return a live, unmodifiable view
	 */
	public Collection<TrackedSession> trackedSessions() {
		return Collections.unmodifiableCollection(this.sessions.values());
	}

	/**
	 * Count the open sessions of one endpoint.
	 * @param endpoint the path template of the endpoint
	 * @return the count
	 */
	public int count(String endpoint) {
		int count = 0;
		for (TrackedSession tracked : this.sessions.values()) {
			if (tracked.endpoint().equals(endpoint)) {
				count++;
			}
		}
		return count;
	}

	/**
	 * Count all open sessions.
	 * @return the count
	 */
	public int size() {
		return this.sessions.size();
	}

}
