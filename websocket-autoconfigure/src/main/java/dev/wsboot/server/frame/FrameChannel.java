package dev.wsboot.server.frame;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;

import org.jspecify.annotations.Nullable;

/**
 * The byte stream under one {@link DirectWebSocketSession}: blocking reads and writes on the
 * connection's socket, meant for virtual threads.
 */
public interface FrameChannel {

	/**
	 * Prepare for I/O; called once, on the connection's thread, before any read or write.
	 * @return {@code true} if preparing had to park the calling thread (a virtual thread then
	 * keeps the stack it saved, so the caller may rather go on on a fresh one)
	 * @throws IOException if the channel cannot be used
	 */
	default boolean start() throws IOException {
		return false;
	}

	/**
	 * Read at least one byte, waiting for it.
	 * @param target where the bytes go, up to its limit
	 * @throws java.io.EOFException when the peer has closed its side
	 * @throws IOException if reading fails or the channel was shut down
	 */
	void read(ByteBuffer target) throws IOException;

	/**
	 * Wait for the next frame where this channel can wait more cheaply than a read does; call
	 * only between frames, on the reading thread. A channel that watches quiet sockets from a
	 * thread of its own takes the pong frames that arrive meanwhile ({@link PongFrames}) and
	 * hands each to {@code pongs} on that thread, without waking the caller, and returns once
	 * anything else has arrived (it waits for the next {@link #read}), the peer has closed or
	 * the channel was shut down. By default returns at once, and the next read waits.
	 * @param pongs told of each pong taken while waiting
	 * @throws IOException if the channel failed while waiting, or {@code pongs} did
	 */
	default void awaitNextFrame(PongListener pongs) throws IOException {
	}

	/**
	 * Write the whole of each buffer, in order, waiting for room, and flush.
	 * @param first the first buffer
	 * @param second the second buffer, or {@code null}
	 * @throws IOException if writing fails or the channel was shut down
	 */
	void write(ByteBuffer first, @Nullable ByteBuffer second) throws IOException;

	/**
	 * Stop both directions at the socket, so that blocked reads and writes fail at once; safe
	 * from any thread.
	 */
	void shutdown();

	/**
	 * Drop the connection now, from any thread, whatever the connection's own threads are doing,
	 * so that the peer learns of it (the socket is reset where unread data waits); {@link #close()}
	 * still follows from the owner. By default only {@link #shutdown()}.
	 */
	default void drop() {
		shutdown();
	}

	/**
	 * Make the coming close abortive (a reset) instead of graceful: for a peer that reads
	 * nothing, the bytes queued for it would keep the closed socket alive in the kernel, behind
	 * them the FIN, for as long as the kernel probes its closed window, and a peer that keeps
	 * sending would stay blocked all that time. Safe from any thread; by default nothing.
	 */
	default void resetOnClose() {
	}

	/**
	 * Release the socket; called once no read or write can be in progress.
	 */
	void close();

	/**
	 * Return the peer's address.
	 * @return the address, or {@code null} if unknown
	 */
	@Nullable InetSocketAddress remoteAddress();

	/**
	 * Return the local address.
	 * @return the address, or {@code null} if unknown
	 */
	@Nullable InetSocketAddress localAddress();

	/**
	 * Told of a pong frame a channel took while it waited for the next frame.
	 */
	@FunctionalInterface
	interface PongListener {

		/**
		 * Handle a pong.
		 * @param payload the pong's unmasked payload
		 * @throws IOException if handling it fails
		 */
		void pong(ByteBuffer payload) throws IOException;

	}

}
