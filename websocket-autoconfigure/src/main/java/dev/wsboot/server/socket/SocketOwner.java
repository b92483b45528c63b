package dev.wsboot.server.socket;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.SocketChannel;

import org.jspecify.annotations.Nullable;

/**
 * The container's side of a socket that a {@link SocketFrameChannel} reads and writes: the
 * container's connection object, which must stop watching the socket before wsboot's first read
 * and is closed with the connection.
 *
 * @since 0.1.0
 */
public interface SocketOwner {

	/**
	 * Stop the container from watching or touching the socket; called once, on the
	 * connection's thread, before any I/O. The socket may be switched to blocking mode after.
	 * @param channel the socket
	 * @return whether the calling thread had to park while the container let go
	 * @throws IOException if the container did not let go in time
	 */
	boolean release(SocketChannel channel) throws IOException;

	/**
	 * Close the container's connection object once no thread of the connection uses the socket.
	 */
	void close();

	/**
	 * Return the peer's address.
	 * @return the address, or {@code null} if unknown
	 */
	@Nullable InetSocketAddress remoteAddress();

	/**
	 * Return the address the peer connected to.
	 * @return the address, or {@code null} if unknown
	 */
	@Nullable InetSocketAddress localAddress();

}
