package dev.wsboot.server.tomcat;

import java.io.EOFException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;

import dev.wsboot.server.frame.FrameChannel;
import org.apache.tomcat.util.net.NioChannel;
import org.apache.tomcat.util.net.SocketWrapperBase;
import org.jspecify.annotations.Nullable;

/**
 * A {@link FrameChannel} on a socket of Tomcat's connector, after the HTTP upgrade.
 * <p>
 * Blocking calls on Tomcat's socket wrapper park the calling virtual thread until Tomcat's poller
 * reports the socket ready, so a connection costs no platform thread while it waits.
 */
final class TomcatFrameChannel implements FrameChannel {

	private final SocketWrapperBase<?> socket;

	TomcatFrameChannel(SocketWrapperBase<?> socket) {
		this.socket = socket;
	}

	@Override
	public void read(ByteBuffer target) throws IOException {
		int read = this.socket.read(true, target);
		if (read < 0) {
			throw new EOFException();
		}
	}

	@Override
	public void write(ByteBuffer first, @Nullable ByteBuffer second) throws IOException {
		this.socket.write(true, first);
		if (second != null) {
			this.socket.write(true, second);
		}
		this.socket.flush(true);
	}

	@Override
	public void shutdown() {
		// Shutting the socket down makes the poller report it ready, which wakes parked readers
		// and writers; their next call then fails.
		if (this.socket.getSocket() instanceof NioChannel channel) {
			SocketChannel ioChannel = channel.getIOChannel();
			if (ioChannel != null) {
				try {
					ioChannel.shutdownInput();
				}
				catch (IOException | RuntimeException ignored) {
					// Already closed or reset: nothing left to wake.
				}
				try {
					ioChannel.shutdownOutput();
				}
				catch (IOException | RuntimeException ignored) {
					// As above.
				}
			}
		}
	}

	@Override
	public void close() {
		this.socket.close();
	}

	@Override
	public @Nullable InetSocketAddress remoteAddress() {
		return SocketAddresses.remote(this.socket);
	}

	@Override
	public @Nullable InetSocketAddress localAddress() {
		return SocketAddresses.local(this.socket);
	}

}
