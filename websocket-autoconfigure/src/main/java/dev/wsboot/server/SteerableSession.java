package dev.wsboot.server;

import java.time.Duration;

import org.springframework.web.socket.CloseStatus;

/**
 * A container session that wsboot adapted itself, and so can steer without knowing the container:
 * pause reading, bound the container's idle timeout, and drop the connection. Container adapters
 * implement it; the runtime asks it instead of testing for a container.
 *
 * @since 0.1.0
 */
public interface SteerableSession {

	/** How long an aborted session's close frame may take before the connection is dropped. */
	Duration ABORT_CLOSE_FRAME_TIMEOUT = DirectWebSocketSession.ABORT_CLOSE_FRAME_TIMEOUT;

	/**
	 * Return what pauses and resumes reading from this session's connection.
	 * @return the pauser
	 */
	ReadPauser readPauser();

	/**
	 * Set the container's own idle timeout for this connection.
	 * @param timeout the timeout; zero for none
	 */
	void setContainerIdleTimeout(Duration timeout);

	/**
	 * Offer the peer a close frame briefly, then drop the connection.
	 * @param sent the close frame to offer
	 */
	void abort(CloseStatus sent);

}
