package dev.wsboot.server.tomcat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

import dev.wsboot.server.socket.SocketFrameChannel;
import dev.wsboot.server.socket.SocketOwner;
import org.apache.tomcat.util.net.NioChannel;
import org.apache.tomcat.util.net.NioEndpoint;
import org.apache.tomcat.util.net.SocketBufferHandler;
import org.apache.tomcat.util.net.SocketWrapperBase;
import org.jspecify.annotations.Nullable;

/**
 * Tomcat's side of a plain NIO connection that wsboot took over after the HTTP upgrade: it waits
 * until Tomcat's poller has let go of the socket, removes the socket from the poller, lends out
 * Tomcat's socket buffers ({@link SocketBufferLoan}) while wsboot owns the socket, and closes
 * Tomcat's wrapper at the end.
 */
final class TomcatSocketOwner implements SocketOwner {

	// An interest set no real key has, so that the poller's reset of it is visible.
	private static final int POLLER_MARKER = 1 << 30;

	private static final Duration POLLER_WAIT = Duration.ofSeconds(5);

	private static final long POLLER_FIRST_CHECK_NANOS = 10_000;

	private static final long POLLER_LAST_CHECK_NANOS = 5_000_000;

	private final NioEndpoint.NioSocketWrapper socket;

	private volatile @Nullable SocketBufferLoan tomcatBuffers;

	private TomcatSocketOwner(NioEndpoint.NioSocketWrapper socket) {
		this.socket = socket;
	}

	/**
	 * Start taking a connection over from Tomcat, if it is a plain (not TLS) NIO connection;
	 * the channel's {@code start()} completes it on the connection's own thread.
	 * @param socket Tomcat's socket wrapper, after the upgrade
	 * @param owners told the owner, which gives Tomcat's buffers back if Tomcat releases the socket
	 * @return the channel, or {@code null} if the connection cannot be taken over
	 */
	static @Nullable SocketFrameChannel takeOver(SocketWrapperBase<?> socket, Consumer<TomcatSocketOwner> owners) {
		if (!(socket instanceof NioEndpoint.NioSocketWrapper nioSocket) || nioSocket.getSocket() == null
				|| nioSocket.getSocket().getClass() != NioChannel.class) {
			return null;
		}
		SocketBufferHandler buffers = nioSocket.getSocketBufferHandler();
		buffers.configureReadBufferForRead();
		ByteBuffer leftover = buffers.getReadBuffer();
		int capacity = leftover.capacity();
		TomcatSocketOwner owner = new TomcatSocketOwner(nioSocket);
		owners.accept(owner);
		// Copied out: Tomcat recycles its buffers with the connection's channel object.
		SocketFrameChannel channel = SocketFrameChannel.takeOver(owner, nioSocket.getSocket().getIOChannel(), leftover,
				capacity);
		// Tomcat's poller may still be in the middle of handling the event that dispatched the
		// handshake, and it closes a connection whose key it finds cancelled. An event queued now
		// runs on the poller's thread after that, and resets the marker when it does.
		nioSocket.interestOps(POLLER_MARKER);
		nioSocket.getPoller().add(nioSocket, 0);
		return channel;
	}

	@Override
	public boolean release(SocketChannel channel) throws IOException {
		NioEndpoint.NioSocketWrapper nioSocket = this.socket;
		long deadline = System.nanoTime() + POLLER_WAIT.toNanos();
		// The poller usually gets to the event within microseconds; when it is busy (many
		// connections opening at once) the checks back off so that waiting costs no CPU.
		long pause = POLLER_FIRST_CHECK_NANOS;
		boolean parked = false;
		while (nioSocket.interestOps() == POLLER_MARKER && System.nanoTime() < deadline) {
			LockSupport.parkNanos(pause);
			parked = true;
			pause = Math.min(pause * 2, POLLER_LAST_CHECK_NANOS);
		}
		if (nioSocket.interestOps() == POLLER_MARKER) {
			throw new IOException("Tomcat's poller did not release the connection within " + POLLER_WAIT);
		}
		// The poller resets the marker one statement before it sets the key's interest; a key
		// cancelled in between makes it close the connection. Wait until it has left the event.
		parked |= PollerProgress.awaitEventsDone(nioSocket.getPoller());
		SelectionKey key = channel.keyFor(nioSocket.getPoller().getSelector());
		if (key != null) {
			key.attach(null);
			key.cancel();
		}
		lendTomcatBuffers(nioSocket);
		return parked;
	}

	private void lendTomcatBuffers(NioEndpoint.NioSocketWrapper nioSocket) {
		// From here on no Tomcat code reads or writes the socket; its buffers would only wait
		// for the close. A wrapper Tomcat is closing already is left alone: its channel object
		// may be on its way to another connection.
		if (nioSocket.isClosed()) {
			return;
		}
		SocketBufferLoan loan = SocketBufferLoan.take(nioSocket.getSocketBufferHandler());
		this.tomcatBuffers = loan;
		if (loan != null && nioSocket.isClosed()) {
			loan.giveBack();
		}
	}

	/**
	 * Give Tomcat back the socket buffers it lent while the socket was taken over; Tomcat reuses
	 * them for a later connection once it closes this one. Safe to call more than once.
	 */
	void giveBackTomcatBuffers() {
		SocketBufferLoan loan = this.tomcatBuffers;
		if (loan != null) {
			loan.giveBack();
		}
	}

	@Override
	public void close() {
		// Tomcat's wrapper recycles its channel object when closed: its buffers must be whole.
		giveBackTomcatBuffers();
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
