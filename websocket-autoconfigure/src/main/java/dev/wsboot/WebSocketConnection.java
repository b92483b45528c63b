package dev.wsboot;

import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.security.Principal;
import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;

/**
 * One accepted WebSocket connection, as seen by a mapped method.
 * <p>
 * Receiving is meant for the one thread that runs the mapped method; sending and closing are safe
 * from any thread.
 *
 * @since 0.1.0
 */
public interface WebSocketConnection {

	/**
	 * Return the connection's id, unique within this application.
	 * @return the id
	 */
	String id();

	/**
	 * Return the URI of the opening handshake.
	 * @return the request URI
	 */
	URI uri();

	/**
	 * Return the authenticated user of the opening handshake.
	 * @return the principal, or {@code null} if the request was not authenticated
	 */
	@Nullable Principal principal();

	/**
	 * Return the subprotocol agreed in the handshake.
	 * @return the subprotocol, or {@code null} if none was agreed
	 */
	@Nullable String subprotocol();

	/**
	 * Return the values of the mapping's {@code {name}} path templates.
	 * @return the path variables by name, read-only
	 */
	Map<String, String> pathVariables();

	/**
	 * Return attributes for the application's own use, kept for the life of the connection.
	 * @return the mutable, thread-safe attributes
	 */
	Map<String, Object> attributes();

	/**
	 * Wait for the next whole message, aggregated up to {@code websocket.max-message-size}.
	 * @return the message, or {@code null} once the peer has closed the connection or it ended
	 * otherwise; {@link #closeStatus()} then tells how
	 * @throws IOException if the thread is interrupted while waiting
	 */
	@Nullable WebSocketMessage receive() throws IOException;

	/**
	 * Wait for the next whole message and convert it to the given type with the application's
	 * {@link WebSocketMessageCodec codecs} (JSON by default).
	 * @param <T> the type
	 * @param type the type the message should convert to
	 * @return the object, or {@code null} once the connection has closed
	 * @throws WebSocketConversionException if the message does not convert; the connection stays
	 * open for a handler that catches it, and is closed with 1007 (or 1003 for a kind of message
	 * no codec takes) if the handler lets it propagate
	 * @throws IOException if the thread is interrupted while waiting
	 */
	default <T> @Nullable T receive(Class<T> type) throws IOException {
		throw new UnsupportedOperationException(getClass().getName() + " does not support typed messages");
	}

	/**
	 * Convert an object with the application's {@link WebSocketMessageCodec codecs} (JSON text by
	 * default) and send it, blocking as {@link #send(WebSocketMessage)} does.
	 * @param value the object
	 * @throws IOException if the object does not convert, the connection is closed or the write
	 * fails
	 */
	default void send(Object value) throws IOException {
		throw new UnsupportedOperationException(getClass().getName() + " does not support typed messages");
	}

	/**
	 * Convert an object as {@link #send(Object)} does and queue it as
	 * {@link #sendAsync(WebSocketMessage)} does.
	 * @param value the object
	 * @return {@code false} if the message was dropped because the connection is closed or was
	 * just cut off
	 * @throws WebSocketConversionException if the object does not convert
	 */
	default boolean sendAsync(Object value) throws WebSocketConversionException {
		throw new UnsupportedOperationException(getClass().getName() + " does not support typed messages");
	}

	/**
	 * Wait for the next part of a message as the container read it: at most
	 * {@code websocket.receive-buffer-size} bytes (characters for text), with
	 * {@link WebSocketMessage#isLast()} marking the end of the message.
	 * @return the part, or {@code null} once the connection has closed
	 * @throws IOException if the thread is interrupted while waiting
	 */
	@Nullable WebSocketMessage receivePart() throws IOException;

	/**
	 * Send a text message, blocking until it is written or {@code websocket.send-timeout} passes.
	 * @param text the text
	 * @throws IOException if the connection is closed or the write fails
	 */
	void send(String text) throws IOException;

	/**
	 * Send a binary message, blocking until it is written or {@code websocket.send-timeout}
	 * passes.
	 * @param payload the bytes to send, from the buffer's position to its limit
	 * @throws IOException if the connection is closed or the write fails
	 */
	void send(ByteBuffer payload) throws IOException;

	/**
	 * Send a message or a part of one, blocking until it is written.
	 * @param message the message; a part with {@code isLast() == false} must be followed by the
	 * rest of its message before any other message
	 * @throws IOException if the connection is closed or the write fails
	 */
	void send(WebSocketMessage message) throws IOException;

	/**
	 * Queue a whole message for sending and return at once; a virtual thread of the connection
	 * sends what is queued, in order, with the blocking {@link #send(WebSocketMessage)}.
	 * <p>
	 * At most {@code websocket.send-buffer-limit} bytes wait per connection: a message that would
	 * exceed it closes the connection with 1008 (a slow consumer) and is dropped, so a peer that
	 * does not read costs bounded memory and never slows the sender. A message larger than the
	 * limit is still accepted when nothing else waits.
	 * @param message a whole message ({@code isLast() == true})
	 * @return {@code false} if the message was dropped because the connection is closed or was
	 * just cut off
	 */
	default boolean sendAsync(WebSocketMessage message) {
		throw new UnsupportedOperationException(getClass().getName() + " does not support asynchronous sends");
	}

	/**
	 * Add the connection to a named group, so that broadcasts to the group reach it; does nothing
	 * if it is a member already or the connection is closed. Membership ends when the connection
	 * closes.
	 * @param group the group name
	 * @see #leave(String)
	 */
	default void join(String group) {
		throw new UnsupportedOperationException(getClass().getName() + " does not support groups");
	}

	/**
	 * Remove the connection from a named group; does nothing if it is not a member.
	 * @param group the group name
	 */
	default void leave(String group) {
		throw new UnsupportedOperationException(getClass().getName() + " does not support groups");
	}

	/**
	 * Return the groups the connection has joined and not left.
	 * @return a read-only snapshot; empty once the connection has closed
	 */
	default Set<String> groups() {
		return Set.of();
	}

	/**
	 * Return whether the connection is open for sending.
	 * @return {@code false} once either side has closed
	 */
	boolean isOpen();

	/**
	 * Return whether this handler invocation goes on with a resumable connection that another
	 * instance served before (see {@code @WebSocketMapping(resumable = true)}); its id, groups and
	 * string attributes are the ones it had there.
	 * @return {@code true} for such a connection
	 */
	default boolean isResumed() {
		return false;
	}

	/**
	 * Close the connection with 1000 Normal Closure.
	 * @throws IOException if the close frame cannot be written
	 */
	void close() throws IOException;

	/**
	 * Close the connection with the given code and reason; does nothing if already closed.
	 * @param status the close code and reason
	 * @throws IOException if the close frame cannot be written
	 * @throws IllegalArgumentException if the code may not be sent (see
	 * {@link CloseStatus#isSendable()})
	 */
	void close(CloseStatus status) throws IOException;

	/**
	 * Return how the connection ended.
	 * @return the peer's close code and reason, the status this side closed with, or
	 * {@code null} while the connection is open
	 */
	@Nullable CloseStatus closeStatus();

}
