package dev.wsboot.server.connection;

import dev.wsboot.CloseStatus;
import dev.wsboot.WebSocketConversionException;
import dev.wsboot.WebSocketMessage;
import dev.wsboot.WebSocketMessageCodec;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * JSON text messages through the application's Jackson {@link JsonMapper}, so that its JSON
 * settings apply to WebSocket messages as to HTTP bodies.
 *
 * @since 0.1.0
 */
public final class JsonMessageCodec implements WebSocketMessageCodec {

	private final JsonMapper mapper;

	/**
	 * Create a codec.
	 * @param mapper the mapper, usually the one Spring Boot configures
	 */
	public JsonMessageCodec(JsonMapper mapper) {
		this.mapper = mapper;
	}

	@Override
	public boolean canDecode(Class<?> type, boolean text) {
		return text;
	}

	@Override
	public boolean canEncode(Class<?> type) {
		return true;
	}

	@Override
	public <T> T decode(WebSocketMessage message, Class<T> type) throws WebSocketConversionException {
		try {
			T value = this.mapper.readValue(message.text(), type);
			if (value == null) {
				throw new WebSocketConversionException(CloseStatus.BAD_DATA.withReason("Message is null"),
						"JSON null where " + type.getSimpleName() + " was expected");
			}
			return value;
		}
		catch (JacksonException ex) {
			// The reason goes to the client: the type's simple name and no payload.
			throw new WebSocketConversionException(
					CloseStatus.BAD_DATA.withReason("Message is not a valid " + type.getSimpleName()),
					"Message does not convert to " + type.getName() + ": " + ex.getOriginalMessage(), ex);
		}
	}

	@Override
	public WebSocketMessage encode(Object value) throws WebSocketConversionException {
		try {
			return WebSocketMessage.text(this.mapper.writeValueAsString(value));
		}
		catch (JacksonException ex) {
			throw new WebSocketConversionException(CloseStatus.SERVER_ERROR,
					"Cannot write " + value.getClass().getName() + " as JSON: " + ex.getOriginalMessage(), ex);
		}
	}

}
