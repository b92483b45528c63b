package dev.wsboot.server;

import dev.wsboot.WebSocketMessage;

/**
 * Receives what happens on one endpoint, for metrics or other monitoring.
 * <p>
 * The runtime obtains one instance per endpoint at startup and calls it on hot paths, so an
 * implementation resolves its meters up front and does no lookups or string building per call.
 * Every method does nothing by default.
 *
 * @since 0.1.0
 */
public interface EndpointMonitor {

	/** A monitor that records nothing. */
	EndpointMonitor NONE = new EndpointMonitor() {
	};

	/** A handshake was accepted and the connection upgraded. */
	default void handshakeAccepted() {
	}

	/**
	 * A handshake was refused before the upgrade.
	 * @param reason why
	 */
	default void handshakeRejected(HandshakeRejection reason) {
	}

	/** A connection opened. */
	default void connectionOpened() {
	}

	/**
	 * A connection closed.
	 * @param code the close code, 1006 when it ended without a close frame
	 * @param durationNanos how long it was open
	 */
	default void connectionClosed(int code, long durationNanos) {
	}

	/**
	 * A whole message arrived.
	 * @param type text or binary
	 * @param bytes its payload size
	 */
	default void messageReceived(WebSocketMessage.Type type, long bytes) {
	}

	/**
	 * A whole message was sent, in one part or several.
	 * @param type text or binary
	 * @param bytes its payload size
	 */
	default void messageSent(WebSocketMessage.Type type, long bytes) {
	}

	/**
	 * A pong answered a keep-alive ping.
	 * @param roundTripNanos time from ping to pong
	 */
	default void keepAliveRoundTrip(long roundTripNanos) {
	}

	/** A connection was aborted because no pong came within the keep-alive timeout. */
	default void keepAliveTimedOut() {
	}

	/** A connection was cut off because its peer did not read what was sent to it. */
	default void sendOverflow() {
	}

	/** A connection was closed with 1008 for sending more than websocket.max-messages-per-second. */
	default void rateLimited() {
	}

	/**
	 * A client resumed a resumable connection.
	 * @param replayedMessages how many kept messages are sent again
	 */
	default void resumed(long replayedMessages) {
	}

	/** A client asked to resume with a token that is unknown, expired or not its own. */
	default void resumeRefused() {
	}

	/** A resumable connection ended because its client did not come back within the resume timeout. */
	default void resumeExpired() {
	}

	/** A resumable connection ended because more than the resume buffer limit waited for its client. */
	default void resumeBufferExceeded() {
	}

	/**
	 * The bytes kept for absent clients of resumable connections changed.
	 * @param delta the change in bytes
	 */
	default void resumeBytesHeld(long delta) {
	}

	/**
	 * A handler or the transport failed.
	 * @param exception the failure
	 */
	default void error(Throwable exception) {
	}

	/**
	 * Why a handshake was refused, as the {@code reason} tag of {@code websocket.handshakes}.
	 */
	enum HandshakeRejection {

		/** The browser's {@code Origin} is not allowed. */
		ORIGIN,

		/** The connection limit was reached. */
		LIMIT,

		/** The connection limit of the handshake's user (principal or remote address) was reached. */
		USER_LIMIT,

		/** The request was not a valid WebSocket handshake (400, 405, 426). */
		NOT_WEBSOCKET,

		/** None of the offered subprotocols is supported and the endpoint requires one. */
		SUBPROTOCOL,

		/** An application {@link dev.wsboot.HandshakeGuard} refused it. */
		GUARD

	}

}
