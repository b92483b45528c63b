package dev.wsboot;

/**
 * Converts between application objects and WebSocket messages, for
 * {@link WebSocketConnection#receive(Class)}, {@link WebSocketConnection#send(Object)} and
 * {@link WebSocketConnection#sendAsync(Object)}. wsboot ships a JSON codec on the application's
 * Jackson {@code JsonMapper}; declare beans of this type for other formats (for binary ones, a
 * codec that decodes binary messages). The first codec that can handle a type is used, in bean
 * order, the JSON codec last.
 *
 * @since 0.1.0
 */
public interface WebSocketMessageCodec {

	/**
	 * Return whether this codec can turn a message of the given kind into the given type.
	 * @param type the type the handler asked for
	 * @param text whether the message is a text message
	 * @return {@code true} if {@link #decode} may be called
	 */
	boolean canDecode(Class<?> type, boolean text);

	/**
	 * Return whether this codec can turn objects of the given type into a message.
	 * @param type the object's class
	 * @return {@code true} if {@link #encode} may be called
	 */
	boolean canEncode(Class<?> type);

	/**
	 * Turn a whole message into an object.
	 * @param <T> the type
	 * @param message the message
	 * @param type the type to produce
	 * @return the object
	 * @throws WebSocketConversionException if the message does not convert
	 */
	<T> T decode(WebSocketMessage message, Class<T> type) throws WebSocketConversionException;

	/**
	 * Turn an object into a whole message.
	 * @param value the object
	 * @return the message
	 * @throws WebSocketConversionException if the object does not convert
	 */
	WebSocketMessage encode(Object value) throws WebSocketConversionException;

}
