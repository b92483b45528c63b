package dev.wsboot.metrics;

import java.util.Locale;

import dev.wsboot.server.EndpointMonitor.HandshakeRejection;

/**
 * Tag keys and values of the {@link WebSocketMeter WebSocket meters}.
 * <p>
 * Every value comes from a small fixed set or, for {@link #ENDPOINT}, from the application's
 * mappings: never a concrete URI, connection id or address, which would make a series per
 * connection.
 *
 * @since 0.1.0
 */
public final class WebSocketMeterTags {

	/** The mapping's path template, such as {@code /rooms/{room}}. */
	public static final String ENDPOINT = "endpoint";

	/** Whether a handshake was {@link #ACCEPTED} or {@link #REJECTED}. */
	public static final String OUTCOME = "outcome";

	/** Why a handshake was rejected: {@link #NONE} or a {@link HandshakeRejection} in lower case. */
	public static final String REASON = "reason";

	/** The close code of a connection, such as {@code 1000}; {@code 1006} when it ended without one. */
	public static final String CODE = "code";

	/** Whether a message was {@link #INBOUND} or {@link #OUTBOUND}. */
	public static final String DIRECTION = "direction";

	/** Whether a message was {@link #TEXT} or {@link #BINARY}. */
	public static final String TYPE = "type";

	/** The simple class name of a failure. */
	public static final String EXCEPTION = "exception";

	/** Outcome of an upgraded handshake. */
	public static final String ACCEPTED = "accepted";

	/** Outcome of a refused handshake. */
	public static final String REJECTED = "rejected";

	/** Reason of an accepted handshake. */
	public static final String NONE = "none";

	/** Direction of a message from the peer. */
	public static final String INBOUND = "inbound";

	/** Direction of a message to the peer. */
	public static final String OUTBOUND = "outbound";

	/** Type of a text message. */
	public static final String TEXT = "text";

	/** Type of a binary message. */
	public static final String BINARY = "binary";

	/** Outcome of a resume: the client's connection went on. */
	public static final String RESUMED = "resumed";

	/** Outcome of a resume: the token was unknown, expired or not the client's. */
	public static final String REFUSED = "refused";

	/** Why a resumable connection ended unresumed: its client stayed away too long. */
	public static final String TIMEOUT = "timeout";

	/** Why a resumable connection ended unresumed: too much waited for its client. */
	public static final String BUFFER_LIMIT = "buffer_limit";

	private WebSocketMeterTags() {
	}

	/**
	 * Return the {@link #REASON} value of a rejected handshake.
	 * @param rejection why the handshake was rejected
	 * @return {@code origin}, {@code limit}, {@code not_websocket} or {@code subprotocol}
	 */
	public static String reason(HandshakeRejection rejection) {
		return rejection.name().toLowerCase(Locale.ROOT);
	}

	/**
	 * Return the {@link #EXCEPTION} value of a failure.
	 * @param exception the failure
	 * @return its simple class name, or its full name for an anonymous class
	 */
	public static String exception(Throwable exception) {
		Class<?> type = exception.getClass();
		String simpleName = type.getSimpleName();
		return simpleName.isEmpty() ? type.getName() : simpleName;
	}

}
