package dev.wsboot.server;

import java.io.IOException;

import dev.wsboot.server.frame.MessageDecoder;

/**
 * A container session that reads only when asked, on the asking thread, instead of pushing
 * messages to its handler from the container's threads. It enforces the endpoint's
 * {@code max-message-size} itself, closing with 1009 before an oversize payload is read, so its
 * parts need no second count.
 *
 * @since 0.1.0
 */
public interface PulledSession {

	/**
	 * Read until one data part has been handed to the session's handler or the session ends;
	 * control frames met on the way are handled.
	 * @return {@code false} once the session has ended
	 * @throws IOException if the handler fails on a part
	 */
	boolean pump() throws IOException;

	/**
	 * Run the application on the connection's own thread once establishing the session is done;
	 * it reads through {@link #pump()}.
	 * @param application the application's work for this connection
	 */
	void runApplication(Runnable application);

	/**
	 * Return whether a thread is reading, so that pongs and frames can arrive now.
	 * @return {@code true} while a {@link #pump()} is in progress
	 */
	boolean isReading();

	/**
	 * Hand data parts to a sink in place of the session's handler from now on; called on the
	 * connection's thread before it first reads. Control frames take their usual way. An
	 * {@code IOException} the taker throws ends the session as a failed read does; anything else
	 * reaches the reader, where the chain's outermost decorator would have closed with 1011
	 * (a loop's handler method then fails, which closes with 1011 too).
	 * @param taker what the handler chain would have done with each part (see
	 * {@link PartTakingHandler})
	 */
	void takeParts(MessageDecoder.PartSink taker);

}
