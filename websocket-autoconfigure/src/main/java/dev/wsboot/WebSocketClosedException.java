package dev.wsboot;

import java.io.IOException;

/**
 * Thrown when sending on a connection that is already closed.
 *
 * @since 0.1.0
 */
public class WebSocketClosedException extends IOException {

	private final CloseStatus closeStatus;

	/**
	 * Create an exception for a connection closed with the given status.
	 * @param closeStatus how the connection was closed
	 */
	public WebSocketClosedException(CloseStatus closeStatus) {
		super("WebSocket connection is closed (" + closeStatus.code() + ")");
		this.closeStatus = closeStatus;
	}

	/**
	 * Return how the connection was closed.
	 * @return the close status
	 */
	public CloseStatus getCloseStatus() {
		return this.closeStatus;
	}

}
