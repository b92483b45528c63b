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

}
