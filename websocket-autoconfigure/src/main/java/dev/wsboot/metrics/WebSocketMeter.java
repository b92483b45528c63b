package dev.wsboot.metrics;

import java.util.List;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.binder.BaseUnits;
import org.jspecify.annotations.Nullable;

/**
 * The meters wsboot records for each WebSocket endpoint, named once for code, tests and
 * documentation alike.
 *
 * @since 0.1.0
 * @see WebSocketMeterTags
 */
public enum WebSocketMeter {

	/** Handshakes, by whether the connection was upgraded and why not. */
	HANDSHAKES("websocket.handshakes", Meter.Type.COUNTER, "WebSocket handshakes, by outcome and rejection reason",
			null, WebSocketMeterTags.ENDPOINT, WebSocketMeterTags.OUTCOME, WebSocketMeterTags.REASON),

	/** Connections open now; without a base unit, which Prometheus would append to the name. */
	CONNECTIONS_ACTIVE("websocket.connections.active", Meter.Type.GAUGE, "Open WebSocket connections", null,
			WebSocketMeterTags.ENDPOINT),

	/** How long connections were open, recorded when they close, by close code. */
	CONNECTION_DURATION("websocket.connection.duration", Meter.Type.TIMER,
			"Lifetime of closed WebSocket connections, by close code", null, WebSocketMeterTags.ENDPOINT,
			WebSocketMeterTags.CODE),

	/** Whole messages, by direction and frame type. */
	MESSAGES("websocket.messages", Meter.Type.COUNTER, "Whole WebSocket messages, by direction and type",
			BaseUnits.MESSAGES, WebSocketMeterTags.ENDPOINT, WebSocketMeterTags.DIRECTION, WebSocketMeterTags.TYPE),

	/** Payload bytes of whole messages, by direction (UTF-8 bytes for text). */
	BYTES("websocket.bytes", Meter.Type.COUNTER, "Payload bytes of WebSocket messages, by direction",
			BaseUnits.BYTES, WebSocketMeterTags.ENDPOINT, WebSocketMeterTags.DIRECTION),

	/** Time from a keep-alive ping to its pong. */
	KEEPALIVE_RTT("websocket.keepalive.rtt", Meter.Type.TIMER, "Round-trip time from keep-alive ping to pong",
			null, WebSocketMeterTags.ENDPOINT),

	/** Connections aborted because no pong came in time. */
	KEEPALIVE_TIMEOUTS("websocket.keepalive.timeouts", Meter.Type.COUNTER,
			"WebSocket connections aborted because no pong answered a keep-alive ping in time", null,
			WebSocketMeterTags.ENDPOINT),

	/** Connections cut off because their peer did not read what was sent. */
	SEND_OVERFLOWS("websocket.send.overflows", Meter.Type.COUNTER,
			"WebSocket connections closed because their peer did not read what was sent to it", null,
			WebSocketMeterTags.ENDPOINT),

	/** Connections closed for sending more messages a second than allowed. */
	RATE_LIMITED("websocket.rate.limited", Meter.Type.COUNTER,
			"WebSocket connections closed with 1008 for sending more than websocket.max-messages-per-second", null,
			WebSocketMeterTags.ENDPOINT),

	/** Attempts to resume a resumable connection, by outcome. */
	RESUMES("websocket.resumes", Meter.Type.COUNTER, "Attempts to resume a resumable WebSocket connection, by outcome",
			null, WebSocketMeterTags.ENDPOINT, WebSocketMeterTags.OUTCOME),

	/** Resumable connections whose client did not come back in time, by why. */
	RESUME_EXPIRED("websocket.resume.expired", Meter.Type.COUNTER,
			"Resumable WebSocket connections ended while their client was away, by reason", null,
			WebSocketMeterTags.ENDPOINT, WebSocketMeterTags.REASON),

	/** Kept messages sent again to resumed clients. */
	RESUME_REPLAYED("websocket.resume.replayed", Meter.Type.COUNTER,
			"Messages sent again to clients that resumed their WebSocket connection", BaseUnits.MESSAGES,
			WebSocketMeterTags.ENDPOINT),

	/** Bytes kept for absent clients of resumable connections. */
	RESUME_HELD("websocket.resume.held", Meter.Type.GAUGE,
			"Bytes of messages kept for absent clients of resumable WebSocket connections", BaseUnits.BYTES,
			WebSocketMeterTags.ENDPOINT),

	/** Failures of handlers and of the transport, by exception class. */
	ERRORS("websocket.errors", Meter.Type.COUNTER, "Failures of WebSocket handlers and transports, by exception",
			null, WebSocketMeterTags.ENDPOINT, WebSocketMeterTags.EXCEPTION);

	private final String meterName;

	private final Meter.Type type;

	private final String description;

	private final @Nullable String baseUnit;

	private final List<String> tagKeys;

	WebSocketMeter(String meterName, Meter.Type type, String description, @Nullable String baseUnit,
			String... tagKeys) {
		this.meterName = meterName;
		this.type = type;
		this.description = description;
		this.baseUnit = baseUnit;
		this.tagKeys = List.of(tagKeys);
	}

	/**
	 * Return the meter's name, in Micrometer's dot notation.
	 * @return the name
	 */
	public String meterName() {
		return this.meterName;
	}

	/**
	 * Return the meter's type.
	 * @return the type
	 */
	public Meter.Type type() {
		return this.type;
	}

	/**
	 * Return the meter's description, as registries such as Prometheus publish it.
	 * @return the description
	 */
	public String description() {
		return this.description;
	}

	/**
	 * Return the meter's base unit; timers leave it to the registry (seconds for Prometheus).
	 * @return the base unit or {@code null}
	 */
	public @Nullable String baseUnit() {
		return this.baseUnit;
	}

	/**
	 * Return the keys of the meter's tags, every one of them low in cardinality.
	 * @return the tag keys
	 */
	public List<String> tagKeys() {
		return this.tagKeys;
	}

}
