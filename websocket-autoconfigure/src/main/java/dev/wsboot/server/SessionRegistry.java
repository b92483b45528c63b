package dev.wsboot.server;

import java.util.Collection;
import java.util.Collections;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.web.socket.WebSocketSession;

/**
 * The open WebSocket sessions of all wsboot endpoints, for keep-alive, shutdown and monitoring.
 *
 * @since 0.1.0
 */
public class SessionRegistry {

	private final Map<WebSocketSession, String> endpointBySession = new ConcurrentHashMap<>();

	/**
	 * Record an opened session.
	 * @param session the session
	 * @param endpoint the path template of its endpoint
	 */
	public void add(WebSocketSession session, String endpoint) {
		this.endpointBySession.put(session, endpoint);
	}

	/**
	 * Forget a closed session.
	 * @param session the session
	 */
	public void remove(WebSocketSession session) {
		this.endpointBySession.remove(session);
	}

	/**
	 * Return the open sessions.
	 * @return a live, unmodifiable view
	 */
	public Collection<WebSocketSession> sessions() {
		return Collections.unmodifiableSet(this.endpointBySession.keySet());
	}

	/**
	 * Count the open sessions of one endpoint.
	 * @param endpoint the path template of the endpoint
	 * @return the count
	 */
	public int count(String endpoint) {
		int count = 0;
		for (String candidate : this.endpointBySession.values()) {
			if (candidate.equals(endpoint)) {
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
		return this.endpointBySession.size();
	}

}
