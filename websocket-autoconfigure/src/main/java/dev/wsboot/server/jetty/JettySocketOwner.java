package dev.wsboot.server.jetty;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;

import dev.wsboot.server.socket.SocketFrameChannel;
import dev.wsboot.server.socket.SocketOwner;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.io.ManagedSelector;
import org.eclipse.jetty.io.SocketChannelEndPoint;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.ServerConnector;
import org.jspecify.annotations.Nullable;

/**
 * Jetty's side of a plain connection that wsboot took over after the 101 response: the
 * endpoint's selection key is cancelled on Jetty's selector thread, so that the socket can block
 * on the connection's virtual thread as it does on Tomcat, and closing the endpoint at the end
 * closes the socket and completes Jetty's bookkeeping of the connection.
 * <p>
 * The key is cancelled only while it has no interest set: an endpoint whose key Jetty is about to
 * update would be closed by Jetty on finding it cancelled. After the upgrade nothing asks Jetty
 * to watch the endpoint, so the key is idle; should it not be, the cancel is tried again.
 */
final class JettySocketOwner implements SocketOwner {

	private static final Duration SELECTOR_WAIT = Duration.ofSeconds(5);

	private static final long FIRST_CHECK_NANOS = 10_000;

	private static final long LAST_CHECK_NANOS = 5_000_000;

	private final SocketChannelEndPoint endPoint;

	private final ManagedSelector selector;

	private JettySocketOwner(SocketChannelEndPoint endPoint, ManagedSelector selector) {
		this.endPoint = endPoint;
		this.selector = selector;
	}

	/**
	 * Start taking a connection over from Jetty, if it is a plain (not TLS) socket of a
	 * {@link ServerConnector}; the channel's {@code start()} completes it on the connection's
	 * own thread.
	 * @param endPoint the connection's endpoint, after the upgrade
	 * @param connector the connector that accepted it
	 * @param prefilled what Jetty read past the handshake request, or {@code null}
	 * @param maxInputCapacity the size the read buffer may grow to
	 * @return the channel, or {@code null} if the connection cannot be taken over
	 */
	static @Nullable SocketFrameChannel takeOver(EndPoint endPoint, Connector connector, @Nullable ByteBuffer prefilled,
			int maxInputCapacity) {
		if (!(endPoint instanceof SocketChannelEndPoint plain) || !(plain.getChannel() instanceof SocketChannel channel)
				|| !(connector instanceof ServerConnector server)) {
			return null;
		}
		for (ManagedSelector selector : server.getSelectorManager().getBeans(ManagedSelector.class)) {
			Selector nioSelector = selector.getSelector();
			if (nioSelector != null && channel.keyFor(nioSelector) != null) {
				return SocketFrameChannel.takeOver(new JettySocketOwner(plain, selector), channel, prefilled,
						maxInputCapacity);
			}
		}
		return null;
	}

	@Override
	public boolean release(SocketChannel channel) throws IOException {
		long deadline = System.nanoTime() + SELECTOR_WAIT.toNanos();
		long pause = FIRST_CHECK_NANOS;
		Cancel cancel = new Cancel(channel);
		// Bounded by the deadline: each round waits for one turn of Jetty's selector loop.
		while (!cancel.done && System.nanoTime() < deadline) {
			cancel.submitTo(this.selector, deadline);
			if (!cancel.done) {
				LockSupport.parkNanos(pause);
				pause = Math.min(pause * 2, LAST_CHECK_NANOS);
			}
		}
		// The selector drops a cancelled key's registration when it next selects, right after.
		while (cancel.done && channel.isRegistered() && System.nanoTime() < deadline) {
			LockSupport.parkNanos(pause);
			pause = Math.min(pause * 2, LAST_CHECK_NANOS);
		}
		if (!cancel.done || channel.isRegistered()) {
			throw new IOException("Jetty's selector did not release the connection within " + SELECTOR_WAIT);
		}
		return true;
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

	/** The key's cancellation, run on Jetty's selector thread between two selects. */
	private static final class Cancel implements ManagedSelector.SelectorUpdate {

		private final SocketChannel channel;

		private final Thread waiter = Thread.currentThread();

		private volatile boolean ran;

		volatile boolean done;

		Cancel(SocketChannel channel) {
			this.channel = channel;
		}

		void submitTo(ManagedSelector selector, long deadline) {
			this.ran = false;
			selector.submit(this);
			while (!this.ran && System.nanoTime() < deadline) {
				LockSupport.parkNanos(this, deadline - System.nanoTime());
			}
		}

		@Override
		public void update(Selector selector) {
			try {
				SelectionKey key = this.channel.keyFor(selector);
				if (key == null || !key.isValid()) {
					this.done = true;
				}
				else if (key.interestOps() == 0) {
					key.cancel();
					this.done = true;
				}
			}
			catch (RuntimeException ex) {
				// Cancelled or closed meanwhile: nothing of Jetty's watches the socket any more.
				this.done = true;
			}
			finally {
				this.ran = true;
				LockSupport.unpark(this.waiter);
			}
		}

	}

}
