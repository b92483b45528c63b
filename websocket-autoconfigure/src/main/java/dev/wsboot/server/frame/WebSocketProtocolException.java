package dev.wsboot.server.frame;

import java.io.IOException;

/**
 * A peer broke the WebSocket protocol; the connection is failed with {@link #closeCode()}.
 *
 * @since 0.1.0
 */
public final class WebSocketProtocolException extends IOException {

	/** The close code for a message over the size limit. */
	public static final int TOO_BIG = 1009;

	private static final long serialVersionUID = 1L;

	private final int closeCode;

	/**
	 * Create an exception.
	 * @param closeCode the close code to fail the connection with: 1002, 1007 or 1009
	 * @param message what the peer did, for the log and the close frame's reason
	 */
	public WebSocketProtocolException(int closeCode, String message) {
		super(message);
		this.closeCode = closeCode;
	}

	/**
	 * Create the exception for a message over the size limit (1009), with the one reason text
	 * every path sends.
	 * @param maxMessageSize the limit in bytes
	 * @return the exception
	 */
	public static WebSocketProtocolException messageTooBig(long maxMessageSize) {
		return new WebSocketProtocolException(TOO_BIG, "Message exceeds " + maxMessageSize + " bytes");
	}

	/**
	 * Return the close code the connection is failed with.
	 * @return the code
	 */
	public int closeCode() {
		return this.closeCode;
	}

}
