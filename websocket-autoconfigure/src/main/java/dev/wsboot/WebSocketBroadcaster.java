package dev.wsboot;

import java.util.function.Predicate;

/**
 * Sends one message to many connections without waiting for any of them.
 * <p>
 * Each connection gets the message through its own bounded send queue
 * ({@code websocket.send-buffer-limit}): a client that does not read is cut off with 1008 and
 * never slows the others. Broadcasts to an endpoint or a group reach the connections of every
 * instance that shares the backplane, each exactly once, and the broadcasts of one thread arrive
 * in the order it sent them.
 *
 * @since 0.1.0
 */
public interface WebSocketBroadcaster {

	/**
	 * Send a message to every open connection of an endpoint, on all instances.
	 * @param endpoint the path template of the endpoint, as mapped, e.g. {@code /chat/{room}}
	 * @param message a whole message
	 */
	void sendToEndpoint(String endpoint, WebSocketMessage message);

	/**
	 * Send a text message to every open connection of an endpoint, on all instances.
	 * @param endpoint the path template of the endpoint
	 * @param text the text
	 */
	default void sendToEndpoint(String endpoint, String text) {
		sendToEndpoint(endpoint, WebSocketMessage.text(text));
	}

	/**
	 * Send a binary message to every open connection of an endpoint, on all instances.
	 * @param endpoint the path template of the endpoint
	 * @param bytes the payload, which must not change afterwards
	 */
	default void sendToEndpoint(String endpoint, byte[] bytes) {
		sendToEndpoint(endpoint, WebSocketMessage.binary(bytes));
	}

	/**
	 * Send a message to every connection that has {@linkplain WebSocketConnection#join joined} a
	 * group, on all instances.
	 * @param group the group
	 * @param message a whole message
	 */
	void sendToGroup(String group, WebSocketMessage message);

	/**
	 * Send a text message to every member of a group, on all instances.
	 * @param group the group
	 * @param text the text
	 */
	default void sendToGroup(String group, String text) {
		sendToGroup(group, WebSocketMessage.text(text));
	}

	/**
	 * Send a binary message to every member of a group, on all instances.
	 * @param group the group
	 * @param bytes the payload, which must not change afterwards
	 */
	default void sendToGroup(String group, byte[] bytes) {
		sendToGroup(group, WebSocketMessage.binary(bytes));
	}

	/**
	 * Send an object, converted as {@link WebSocketConnection#send(Object)} converts it (JSON text
	 * by default), to every open connection of an endpoint, on all instances.
	 * @param endpoint the path template of the endpoint
	 * @param value the object
	 * @throws dev.wsboot.WebSocketConversionException if the object does not convert
	 */
	default void sendToEndpoint(String endpoint, Object value) throws dev.wsboot.WebSocketConversionException {
		throw new UnsupportedOperationException(getClass().getName() + " does not broadcast objects");
	}

	/**
	 * Send an object, converted as {@link WebSocketConnection#send(Object)} converts it, to every
	 * member of a group, on all instances.
	 * @param group the group
	 * @param value the object
	 * @throws dev.wsboot.WebSocketConversionException if the object does not convert
	 */
	default void sendToGroup(String group, Object value) throws dev.wsboot.WebSocketConversionException {
		throw new UnsupportedOperationException(getClass().getName() + " does not broadcast objects");
	}

	/**
	 * Send a message to the open connections of an endpoint on this instance that match a
	 * predicate. A predicate cannot travel, so this broadcast stays on this instance.
	 * @param endpoint the path template of the endpoint
	 * @param filter chooses the connections; called once per connection, it must not block
	 * @param message a whole message
	 * @return how many connections the message was queued for
	 */
	int sendToMatching(String endpoint, Predicate<? super WebSocketConnection> filter, WebSocketMessage message);

}
