package dev.wsboot.server.tomcat;

import java.io.EOFException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;

import dev.wsboot.server.frame.FrameChannel;
import dev.wsboot.server.frame.PongFrames;
import org.apache.tomcat.util.net.NioChannel;
import org.apache.tomcat.util.net.NioEndpoint;
import org.apache.tomcat.util.net.SocketBufferHandler;
import org.apache.tomcat.util.net.SocketWrapperBase;
import org.jspecify.annotations.Nullable;

/**
 * A {@link FrameChannel} on the plain socket of a Tomcat NIO connection, taken over from Tomcat's
 * poller after the HTTP upgrade and used in blocking mode.
 * <p>
 * A virtual thread blocked on a JDK socket parks on the JDK's own poller, which registers the
 * socket with epoll directly and wakes the thread without any other thread in between; Tomcat's
 * blocking I/O would instead wait in {@code Object.wait} and be woken through Tomcat's poller.
 * A read buffer of its own holds what arrived ahead of need, including any bytes Tomcat read
 * past the handshake. It starts small, so that an idle connection keeps little, and grows up to
 * the size of Tomcat's read buffer ({@code receive-buffer-size}) once a read fills it, as
 * pipelined small messages do; payloads larger than it go straight to their destination.
 * Tomcat's own socket buffers are lent out while the connection is taken over
 * ({@link SocketBufferLoan}).
 */
final class SocketChannelFrameChannel implements FrameChannel {

	// An interest set no real key has, so that the poller's reset of it is visible.
	private static final int POLLER_MARKER = 1 << 30;

	private static final Duration POLLER_WAIT = Duration.ofSeconds(5);

	private static final long POLLER_FIRST_CHECK_NANOS = 10_000;

	private static final long POLLER_LAST_CHECK_NANOS = 5_000_000;

	private static final long FIRST_ROOM_PAUSE_NANOS = 20_000;

	private static final long MAX_ROOM_PAUSE_NANOS = 5_000_000;

	/** The read buffer's first size: a frame header and a small message. */
	static final int INITIAL_INPUT_CAPACITY = 128;

	private final SocketWrapperBase<?> socket;

	private final SocketChannel channel;

	// In read mode: the bytes between position and limit have arrived and are not yet taken.
	private ByteBuffer input;

	private final int maxInputCapacity;

	private boolean inputFilled;

	private final ByteBuffer[] pair = new ByteBuffer[2];

	private volatile @Nullable SocketBufferLoan tomcatBuffers;

	private volatile @Nullable IdleWait idle;

	// Set by the connection's thread for each wait; read by the idle reader during it.
	private @Nullable PongListener quietPongs;

	private SocketChannelFrameChannel(SocketWrapperBase<?> socket, SocketChannel channel, ByteBuffer input,
			int maxInputCapacity) {
		this.socket = socket;
		this.channel = channel;
		this.input = input;
		this.maxInputCapacity = Math.max(maxInputCapacity, input.capacity());
	}

	/**
	 * Start taking a connection over from Tomcat, if it is a plain (not TLS) NIO connection;
	 * {@link #start()} completes it on the connection's own thread.
	 * @param socket Tomcat's socket wrapper, after the upgrade
	 * @return the channel, or {@code null} if the connection cannot be taken over
	 */
	static @Nullable SocketChannelFrameChannel takeOver(SocketWrapperBase<?> socket) {
		if (!(socket instanceof NioEndpoint.NioSocketWrapper nioSocket) || nioSocket.getSocket() == null
				|| nioSocket.getSocket().getClass() != NioChannel.class) {
			return null;
		}
		SocketBufferHandler buffers = nioSocket.getSocketBufferHandler();
		buffers.configureReadBufferForRead();
		ByteBuffer leftover = buffers.getReadBuffer();
		// A buffer of our own: Tomcat recycles its buffers with the connection's channel object.
		ByteBuffer input = ByteBuffer
			.allocate(Math.min(leftover.capacity(), Math.max(INITIAL_INPUT_CAPACITY, leftover.remaining())));
		input.put(leftover).flip();
		// Tomcat's poller may still be in the middle of handling the event that dispatched the
		// handshake, and it closes a connection whose key it finds cancelled. An event queued now
		// runs on the poller's thread after that, and resets the marker when it does.
		nioSocket.interestOps(POLLER_MARKER);
		nioSocket.getPoller().add(nioSocket, 0);
		return new SocketChannelFrameChannel(nioSocket, nioSocket.getSocket().getIOChannel(), input,
				leftover.capacity());
	}

	/**
	 * Complete the takeover: once Tomcat's poller is done with the socket, remove it from the
	 * poller and switch it to blocking mode. Called on the connection's thread before any I/O.
	 * @throws IOException if the socket cannot be switched to blocking mode
	 */
	@Override
	public boolean start() throws IOException {
		NioEndpoint.NioSocketWrapper nioSocket = (NioEndpoint.NioSocketWrapper) this.socket;
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
		SelectionKey key = this.channel.keyFor(nioSocket.getPoller().getSelector());
		if (key != null) {
			key.attach(null);
			key.cancel();
		}
		this.channel.configureBlocking(true);
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
	public void read(ByteBuffer target) throws IOException {
		ByteBuffer input = this.input;
		if (!input.hasRemaining()) {
			if (this.inputFilled && input.capacity() < this.maxInputCapacity) {
				// The last read filled the buffer: more was waiting, so read more at a time.
				input = ByteBuffer.allocate(Math.min(this.maxInputCapacity, input.capacity() * 4)).flip();
				this.input = input;
			}
			if (target.remaining() >= input.capacity()) {
				// Large payloads go straight to their destination.
				if (this.channel.read(target) < 0) {
					throw new EOFException();
				}
				return;
			}
			fill(input);
		}
		int count = Math.min(input.remaining(), target.remaining());
		target.put(target.position(), input, input.position(), count);
		target.position(target.position() + count);
		input.position(input.position() + count);
	}

	/** Read what the socket has into the empty read buffer, waiting for it in blocking mode. */
	private void fill(ByteBuffer input) throws IOException {
		input.clear();
		int read;
		try {
			read = this.channel.read(input);
		}
		finally {
			input.flip();
		}
		if (read < 0) {
			throw new EOFException();
		}
		this.inputFilled = read == input.capacity();
	}

	@Override
	public void awaitNextFrame(PongListener pongs) throws IOException {
		IdleReadLoop loop;
		if (this.input.hasRemaining() || (loop = IdleReadLoop.get()) == null) {
			return;
		}
		IdleWait idle = this.idle;
		if (idle == null) {
			idle = new IdleWait(this.channel, this::readWhileQuiet);
			this.idle = idle;
		}
		this.quietPongs = pongs;
		try {
			idle.await(loop);
		}
		finally {
			this.quietPongs = null;
		}
	}

	/**
	 * Read for the connection's parked thread, on the idle reader's; the read buffer is empty.
	 * @return whether only pongs (or nothing) arrived
	 */
	private boolean readWhileQuiet() throws IOException {
		ByteBuffer input = this.input;
		fill(input);
		PongListener pongs = this.quietPongs;
		if (pongs != null) {
			PongFrames.consume(input, pongs);
		}
		return !input.hasRemaining();
	}

	@Override
	public void write(ByteBuffer first, @Nullable ByteBuffer second) throws IOException {
		int stalls = 0;
		if (second == null || !second.hasRemaining()) {
			while (first.hasRemaining()) {
				stalls = (this.channel.write(first) > 0) ? 0 : awaitRoom(stalls);
			}
			return;
		}
		ByteBuffer[] pair = this.pair;
		pair[0] = first;
		pair[1] = second;
		try {
			while (second.hasRemaining()) {
				stalls = (this.channel.write(pair) > 0) ? 0 : awaitRoom(stalls);
			}
		}
		finally {
			pair[0] = null;
			pair[1] = null;
		}
	}

	/**
	 * Wait for room in the socket's send buffer while the socket is in non-blocking mode for an
	 * idle wait ({@link IdleWait}); in blocking mode a write waits by itself. The send timeout's
	 * deadline shuts the socket down, which ends this.
	 */
	private int awaitRoom(int stalls) {
		if (!this.channel.isBlocking()) {
			LockSupport.parkNanos(Math.min(MAX_ROOM_PAUSE_NANOS, FIRST_ROOM_PAUSE_NANOS << Math.min(stalls, 16)));
		}
		return stalls + 1;
	}

	private void wakeIdle() {
		IdleWait idle = this.idle;
		if (idle != null) {
			idle.wake();
		}
	}

	@Override
	public void shutdown() {
		try {
			this.channel.shutdownInput();
		}
		catch (IOException | RuntimeException ignored) {
			// Already closed or reset: nothing left to wake.
		}
		try {
			this.channel.shutdownOutput();
		}
		catch (IOException | RuntimeException ignored) {
			// As above.
		}
		wakeIdle();
	}

	@Override
	public void resetOnClose() {
		try {
			this.channel.setOption(StandardSocketOptions.SO_LINGER, 0);
		}
		catch (IOException | RuntimeException ex) {
			// Closed already: nothing left to reset.
		}
	}

	@Override
	public void drop() {
		// Only the socket taken over: Tomcat's wrapper, which recycles its channel object when
		// closed, is closed by the owner's close() once no thread of the connection uses it.
		try {
			this.channel.close();
		}
		catch (IOException ex) {
			// Closed all the same.
		}
		// A closed socket leaves the idle reader without a word: its waiting thread is woken here.
		wakeIdle();
	}

	@Override
	public void close() {
		try {
			giveBackTomcatBuffers();
			this.socket.close();
		}
		finally {
			// Tomcat's close is a no-op on a wrapper it has closed already, and may by then have
			// recycled the wrapper's channel object for another connection: the socket taken over
			// is closed here, by its one owner, whatever Tomcat's state.
			try {
				this.channel.close();
			}
			catch (IOException ex) {
				// Closed all the same.
			}
		}
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
