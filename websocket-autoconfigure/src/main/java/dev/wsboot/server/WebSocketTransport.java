package dev.wsboot.server;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.time.Duration;
import java.util.function.Consumer;

import dev.wsboot.server.frame.WebSocketProtocolException;
import org.jspecify.annotations.Nullable;
import org.springframework.web.socket.CloseStatus;

/**
 * What the runtime asks of the I/O path under one connection: pause reading, bound the
 * container's own timeouts, ping, drop the connection, and classify its failures. There is one
 * implementation per path (wsboot's own engine, each container adapter, the standard
 * {@code jakarta.websocket} fallback), chosen once per connection by
 * {@link WebSocketTransports#of}; supervision, keep-alive and the connection talk to this
 * interface only, never to a container.
 *
 * @since 0.1.0
 */
public interface WebSocketTransport {

	/** How long an aborted connection's close frame may take before the connection is dropped. */
	Duration ABORT_CLOSE_FRAME_TIMEOUT = Duration.ofSeconds(1);

	/**
	 * Return the deadline of a container's own blocking write behind wsboot's send timeout:
	 * long enough that wsboot's sweep acts first, so the container's limit is a backstop only.
	 * @param sendTimeout wsboot's send timeout
	 * @return the backstop
	 */
	static Duration writeBackstop(Duration sendTimeout) {
		return sendTimeout.multipliedBy(2).plus(ABORT_CLOSE_FRAME_TIMEOUT);
	}

	/**
	 * Return what pauses and resumes reading from this connection.
	 * @return the pauser, {@link ReadPauser#NONE} when reading cannot be paused
	 */
	ReadPauser readPauser();

	/**
	 * Bound the container's own timeouts for this connection, so that they back wsboot's up
	 * instead of overruling them.
	 * @param idleTimeout the container's idle timeout; zero for none
	 * @param sendTimeout wsboot's send timeout, which the container's blocking writes must outlast
	 */
	void limitContainer(Duration idleTimeout, Duration sendTimeout);

	/**
	 * Offer the peer a close frame for at most {@link #ABORT_CLOSE_FRAME_TIMEOUT}, then drop the
	 * connection without waiting for the peer's close frame.
	 * @param sent the close frame to offer
	 * @param local the status the application and the metrics see
	 * @throws IOException if the fallback close fails
	 */
	void abort(CloseStatus sent, CloseStatus local) throws IOException;

	/**
	 * Return whether writing a ping rarely waits on this path, so that one thread may ping many
	 * connections in turn.
	 * @return {@code true} if pings can be batched
	 */
	default boolean pingsWithoutWaiting() {
		return false;
	}

	/**
	 * Write a ping, unless a frame is being written already and the ping would wait behind it.
	 * @param payload the ping's payload
	 * @return {@code false} if a frame was being written and no ping was sent
	 * @throws IOException if the write fails
	 */
	boolean tryPing(ByteBuffer payload) throws IOException;

	/**
	 * Write a ping as {@link #tryPing(ByteBuffer)} does, building the frame in a buffer the caller
	 * lends for the call: a direct one spares the copy of a heap buffer into a direct one that the
	 * JDK makes on every socket write, and keep-alive writes a ping per connection per interval.
	 * Transports that do not write to a socket themselves ignore it.
	 * @param payload the ping's payload, at most 125 bytes
	 * @param frame a buffer of at least {@code payload.remaining() + 2} bytes, the calling thread's
	 * @return {@code false} if a frame was being written and no ping was sent
	 * @throws IOException if the write fails
	 */
	default boolean tryPing(ByteBuffer payload, ByteBuffer frame) throws IOException {
		return tryPing(payload);
	}

	/**
	 * Hand this connection's pongs to a listener instead of the handler chain, for when nothing
	 * in the chain but wsboot's supervision looks at them: a keep-alive pong then costs no
	 * message object and no walk through the decorators. Paths that cannot do so ignore the call,
	 * and their pongs keep reaching the chain.
	 * @param listener takes each pong's payload, which is valid only during the call; it runs on
	 * whichever thread read the pong and must not block
	 * @return whether pongs now go to the listener
	 */
	default boolean takePongs(Consumer<ByteBuffer> listener) {
		return false;
	}

	/**
	 * Return when the frame being written started, whoever writes it, so that a write to a peer
	 * that reads nothing (a pong, a close frame) is cut off like a blocked send.
	 * @return the {@link System#nanoTime()} of the start, or {@code 0} when no frame is being
	 * written or the path cannot tell
	 */
	default long writeStartedNanos() {
		return 0;
	}

	/**
	 * Return how many bytes (UTF-8, before any compression) the last text part sent through
	 * this path took: it encodes the text anyway, and a decorator that counts bytes then need not
	 * encode it a second time.
	 * @return the byte count ({@code 0} before the first), or {@code -1} where the path does not
	 * keep it
	 */
	default int lastSentTextBytes() {
		return -1;
	}

	/**
	 * Return the session that reads only when its handler asks, if this path works that way.
	 * @return the pulled session, or {@code null} when the container pushes messages
	 */
	default @Nullable PulledSession pulled() {
		return null;
	}

	/**
	 * Return whether a failure reported for this connection is a protocol error of the peer
	 * (the connection then closes with 1002 or 1007), which deserves a log line without a stack
	 * trace.
	 * @param error the failure
	 * @return {@code true} for a protocol error
	 */
	default boolean isProtocolError(Throwable error) {
		return error instanceof WebSocketProtocolException;
	}

	/**
	 * Return whether a failure only reports that the connection closed (a peer gone without a
	 * close frame, or a close for an error code), which the close code tells already.
	 * @param error the failure
	 * @return {@code true} for a close report
	 */
	default boolean isCloseReport(Throwable error) {
		return error instanceof EOFException || error instanceof ClosedChannelException;
	}

}
