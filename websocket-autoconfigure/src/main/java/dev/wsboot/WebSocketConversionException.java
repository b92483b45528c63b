package dev.wsboot;

import java.io.IOException;

/**
 * Thrown by {@link WebSocketConnection#receive(Class)} when a message does not convert to the
 * type asked for. The connection stays open: a handler that catches it may go on. One that lets
 * it propagate has its connection closed with {@link #closeStatus()}: 1007 for a message whose
 * content does not convert (RFC 6455: data inconsistent with the type of the message), 1003 for a
 * kind of message (binary, text) that no codec accepts for the type (RFC 6455: a type of data the
 * endpoint cannot accept); never 1011, since the client's input is at fault, not the server.
 *
 * @since 0.1.0
 */
public class WebSocketConversionException extends IOException {

	private final CloseStatus closeStatus;

	/**
	 * Create an exception.
	 * @param closeStatus the status to close with if the handler does not catch it
	 * @param message what did not convert, for logs; never the payload
	 * @param cause the converter's failure, or {@code null}
	 */
	public WebSocketConversionException(CloseStatus closeStatus, String message, Throwable cause) {
		super(message, cause);
		this.closeStatus = closeStatus;
	}

	/**
	 * Create an exception without a cause.
	 * @param closeStatus the status to close with if the handler does not catch it
	 * @param message what did not convert, for logs; never the payload
	 */
	public WebSocketConversionException(CloseStatus closeStatus, String message) {
		super(message);
		this.closeStatus = closeStatus;
	}

	/**
	 * Return the status the connection is closed with if the handler does not catch this.
	 * @return 1007 or 1003
	 */
	public CloseStatus closeStatus() {
		return this.closeStatus;
	}

}
