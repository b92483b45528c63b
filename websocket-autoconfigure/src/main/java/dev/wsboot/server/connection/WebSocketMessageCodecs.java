package dev.wsboot.server.connection;

import java.util.List;

import dev.wsboot.CloseStatus;
import dev.wsboot.WebSocketConversionException;
import dev.wsboot.WebSocketMessage;
import dev.wsboot.WebSocketMessageCodec;

/**
 * The application's {@link WebSocketMessageCodec codecs} in order, asked in turn.
 *
 * @since 0.1.0
 */
public final class WebSocketMessageCodecs {

	/** No codecs: typed messages are refused. */
	public static final WebSocketMessageCodecs NONE = new WebSocketMessageCodecs(List.of());

	private final List<WebSocketMessageCodec> codecs;

	/**
	 * Create the codecs.
	 * @param codecs the codecs, asked in this order
	 */
	public WebSocketMessageCodecs(List<WebSocketMessageCodec> codecs) {
		this.codecs = List.copyOf(codecs);
	}

	/**
	 * Turn a whole message into an object with the first codec that takes it.
	 * @param <T> the type
	 * @param message the message
	 * @param type the type to produce
	 * @return the object
	 * @throws WebSocketConversionException if no codec takes it or it does not convert
	 */
	public <T> T decode(WebSocketMessage message, Class<T> type) throws WebSocketConversionException {
		for (WebSocketMessageCodec codec : this.codecs) {
			if (codec.canDecode(type, message.isText())) {
				return codec.decode(message, type);
			}
		}
		throw new WebSocketConversionException(CloseStatus.UNSUPPORTED_DATA.withReason(
				"No " + (message.isText() ? "text" : "binary") + " message expected"),
				"No codec turns a " + (message.isText() ? "text" : "binary") + " message into " + type.getName());
	}

	/**
	 * Turn an object into a whole message with the first codec that takes it.
	 * @param value the object
	 * @return the message
	 * @throws WebSocketConversionException if no codec takes it or it does not convert
	 */
	public WebSocketMessage encode(Object value) throws WebSocketConversionException {
		for (WebSocketMessageCodec codec : this.codecs) {
			if (codec.canEncode(value.getClass())) {
				return codec.encode(value);
			}
		}
		throw new WebSocketConversionException(CloseStatus.SERVER_ERROR,
				"No codec turns a " + value.getClass().getName() + " into a message");
	}

}
