package dev.wsboot.server;

import java.time.Duration;

import org.springframework.web.socket.CloseStatus;

/**
 * A container session that wsboot adapted itself, and so can steer without knowing the container:
 * pause reading, bound the container's idle timeout, and drop the connection.
 */
interface SteerableSession {

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
