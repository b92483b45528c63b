package dev.wsboot.server.jetty;

import java.io.EOFException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.concurrent.locks.LockSupport;

import dev.wsboot.server.frame.FrameChannel;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.util.Callback;
import org.jspecify.annotations.Nullable;

/**
 * A {@link FrameChannel} on a Jetty endpoint whose socket wsboot cannot take over (a TLS
 * connection's decrypting endpoint): the connection's thread reads and writes the endpoint without blocking and parks while Jetty's
 * selector waits for the socket, which wakes it from a callback that runs on the selector, so no
 * Jetty thread is taken from the pool. The endpoint stays registered with Jetty's selector (its
 * channel cannot be made blocking), and closing it closes the socket.
 */
final class EndPointFrameChannel implements FrameChannel {

	private final EndPoint endPoint;

	private @Nullable ByteBuffer prefilled;

	private final Wait readWait = new Wait();

	private final Wait writeWait = new Wait();

	EndPointFrameChannel(EndPoint endPoint) {
		this.endPoint = endPoint;
	}

	/**
	 * Keep the bytes that arrived with the handshake request, which the first reads return.
	 * @param bytes what Jetty read past the request, or {@code null}
	 */
	void prefill(@Nullable ByteBuffer bytes) {
		if (bytes != null && bytes.hasRemaining()) {
			ByteBuffer copy = ByteBuffer.allocate(bytes.remaining());
			copy.put(bytes).flip();
			this.prefilled = copy;
		}
	}

	@Override
	public void read(ByteBuffer target) throws IOException {
		ByteBuffer early = this.prefilled;
		if (early != null) {
			int length = Math.min(early.remaining(), target.remaining());
			target.put(target.position(), early, early.position(), length);
			target.position(target.position() + length);
			early.position(early.position() + length);
			if (!early.hasRemaining()) {
				this.prefilled = null;
			}
			return;
		}
		// Each round waits for Jetty to report the socket readable; a report without bytes is rare.
		for (int round = 0; round < Integer.MAX_VALUE; round++) {
			int start = target.position();
			// Jetty fills after a buffer's limit, so it gets an empty view of the room left.
			ByteBuffer room = target.slice(start, target.remaining()).limit(0);
			int read = this.endPoint.fill(room);
			if (read > 0) {
				target.position(start + read);
				return;
			}
			if (read < 0) {
				throw new EOFException();
			}
			this.readWait.arm();
			this.endPoint.fillInterested(this.readWait);
			this.readWait.await(this.endPoint);
		}
	}

	@Override
	public void write(ByteBuffer first, @Nullable ByteBuffer second) throws IOException {
		this.writeWait.arm();
		if (second == null || !second.hasRemaining()) {
			this.endPoint.write(this.writeWait, first);
		}
		else {
			this.endPoint.write(this.writeWait, first, second);
		}
		this.writeWait.await(this.endPoint);
	}

	@Override
	public void resetOnClose() {
		if (this.endPoint.getTransport() instanceof SocketChannel socket) {
			try {
				socket.setOption(StandardSocketOptions.SO_LINGER, 0);
			}
			catch (IOException | RuntimeException ex) {
				// Closed already: nothing left to reset.
			}
		}
	}

	@Override
	public void shutdown() {
		// Jetty fails the pending fill interest and write, which wakes the waiting threads.
		this.endPoint.close();
	}

	@Override
	public void close() {
		this.endPoint.close();
	}

	@Override
	public @Nullable InetSocketAddress remoteAddress() {
		return EndPointAddresses.remote(this.endPoint);
	}

	@Override
	public @Nullable InetSocketAddress localAddress() {
		return EndPointAddresses.local(this.endPoint);
	}

	/**
	 * One wait of the connection's thread for Jetty, which completes it on its selector thread or,
	 * for a write that went out at once, on the calling thread before the wait begins.
	 */
	private static final class Wait implements Callback {

		private volatile @Nullable Thread waiter;

		private volatile boolean done;

		private volatile @Nullable Throwable failure;

		void arm() {
			this.waiter = Thread.currentThread();
			this.failure = null;
			this.done = false;
		}

		void await(EndPoint endPoint) throws IOException {
			while (!this.done) {
				LockSupport.park(this);
				if (Thread.interrupted()) {
					// As an interrupted blocking socket call does: the connection is closed.
					endPoint.close();
					Thread.currentThread().interrupt();
					throw new InterruptedIOException("Interrupted while waiting for the socket");
				}
			}
			Throwable failed = this.failure;
			if (failed != null) {
				throw (failed instanceof IOException io) ? io : new IOException(failed);
			}
		}

		@Override
		public void succeeded() {
			this.done = true;
			LockSupport.unpark(this.waiter);
		}

		@Override
		public void failed(Throwable cause) {
			this.failure = cause;
			this.done = true;
			LockSupport.unpark(this.waiter);
		}

		@Override
		public InvocationType getInvocationType() {
			return InvocationType.NON_BLOCKING;
		}

	}

}
