package dev.wsboot.server.supervision;

import java.time.Duration;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * The one log for connections closed because of what their peer sent, rate-limited so that a
 * misbehaving client population cannot flood it.
 */
public final class ForcedCloseLog {

	private static final Log LOGGER = LogFactory.getLog(ForcedCloseLog.class);

	static final RateLimitedLog INSTANCE = new RateLimitedLog(LOGGER, Duration.ofSeconds(10));

	private ForcedCloseLog() {
	}

	public static void messageTooBig(String connectionId, long maxMessageSize) {
		INSTANCE.info("too-big", () -> "Closed WebSocket connection " + connectionId
				+ " with 1009: a message exceeded websocket.max-message-size (" + maxMessageSize + " bytes)");
	}

	static void transportError(String connectionId, String endpoint, Throwable error, boolean protocolError) {
		// Peers that just vanish (EOF, reset) are everyday events; protocol errors are worth a line.
		if (protocolError) {
			// The container closes with 1002 or 1007 itself; the cause is the peer, so no stack trace.
			INSTANCE.info("protocol-error", () -> "WebSocket connection " + connectionId + " of endpoint '" + endpoint
					+ "' closed for a protocol error of its peer: " + error.getMessage());
		}
		else if (LOGGER.isDebugEnabled()) {
			LOGGER.debug("WebSocket connection " + connectionId + " of endpoint '" + endpoint + "' failed", error);
		}
	}


}
