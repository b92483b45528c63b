package dev.wsboot.server;

import dev.wsboot.WebSocketConnection;
import dev.wsboot.WebSocketMessage;
import org.jspecify.annotations.Nullable;

/**
 * A connection as the runtime hands it to {@link ConnectionListener}s: a
 * {@link WebSocketConnection} that also takes whole messages queued by a broadcaster, which
 * learns when each is written.
 *
 * @since 0.1.0
 */
public interface QueueingConnection extends WebSocketConnection {

	/**
	 * Queue a whole message for the connection's sender thread, as
	 * {@link WebSocketConnection#sendAsync(WebSocketMessage)} does, for a caller that knows its
	 * size and wants to learn when it is written.
	 * @param message a whole message
	 * @param bytes its payload size in bytes
	 * @param done run once the message is written or dropped; it must not block
	 * @return {@code false} if the message was dropped because the connection is closed or was
	 * just cut off
	 */
	boolean enqueue(WebSocketMessage message, long bytes, @Nullable Runnable done);

	/**
	 * Return whether this connection takes broadcasts numbered in the cluster-wide order only,
	 * through {@link #enqueueBroadcast}, when the backplane keeps one.
	 * @return {@code true} for resumable connections
	 */
	default boolean takesNumberedBroadcasts() {
		return false;
	}

	/**
	 * Queue a broadcast with its place in the cluster-wide order, as
	 * {@link #enqueue(WebSocketMessage, long, Runnable)} does.
	 * @param message a whole message
	 * @param bytes its payload size in bytes
	 * @param streamId its place in the cluster-wide order of broadcasts
	 * @param done run once the message is written or dropped; it must not block
	 * @return {@code false} if the message was dropped
	 */
	default boolean enqueueBroadcast(WebSocketMessage message, long bytes, String streamId, @Nullable Runnable done) {
		return enqueue(message, bytes, done);
	}

}
