package dev.wsboot.server.socket;

import java.io.EOFException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.SocketChannel;
import java.util.Objects;

import dev.wsboot.server.frame.FrameChannel;
import dev.wsboot.server.frame.PongFrames;
import org.jspecify.annotations.Nullable;

/**
 * A {@link FrameChannel} on the plain socket of a connection taken over from the container after
 * the HTTP upgrade; the container's side ({@link SocketOwner}) lets go of the socket before the
 * first read and closes its own connection object at the end.
 * <p>
 * On JDK 25 and later a virtual connection thread keeps its socket non-blocking and watched by
 * the {@link ReadLoop}, which reads for the thread whenever it waits for bytes (see
 * {@code readWatched}). Elsewhere the socket is in blocking mode: a virtual thread blocked on a
 * JDK socket parks on the JDK's own poller, which wakes it without any other thread in between
 * (the containers' blocking I/O would wake it through their own selector threads), and while the
 * connection is quiet its thread waits in the loop rather than in a read.
 * A read buffer of its own holds what arrived ahead of need, including any bytes the container
 * read past the handshake. It starts small, so that an idle connection keeps little, and grows up
 * to the receive buffer size once a read fills it, as pipelined small messages do; payloads
 * larger than it go straight to their destination.
 *
 * @since 0.1.0
 */
public final class SocketFrameChannel implements FrameChannel {

	/** The read buffer's first size: a frame header and a small message. */
	static final int INITIAL_INPUT_CAPACITY = 128;

	/**
	 * A client frame's longest header (2 bytes, 8 of length, 4 of mask), which the read buffer
	 * holds beyond the receive buffer size: a frame whose payload fits that size then arrives in
	 * one read. Without it a 4 KB message in a 4 KB buffer left its last bytes for a second read,
	 * a second wait in the {@link ReadLoop}, which cost a lone connection half its rate.
	 */
	private static final int MAX_CLIENT_HEADER = 14;

	private final SocketOwner owner;

	private final SocketChannel channel;

	// In read mode: the bytes between position and limit have arrived and are not yet taken.
	private ByteBuffer input;

	private final int maxInputCapacity;

	private boolean inputFilled;

	/** Whether the socket stays non-blocking and watched by the loop ({@link LoopWait#watch}). */
	private boolean watched;

	private final FairTurns turns = new FairTurns();

	private final SocketWriter writer;

	private volatile @Nullable LoopWait loopWait;

	// Set by the connection's thread for each wait; read by the loop during it.
	private @Nullable PongListener quietPongs;

	private SocketFrameChannel(SocketOwner owner, SocketChannel channel, ByteBuffer input, int maxInputCapacity) {
		this.owner = owner;
		this.channel = channel;
		this.writer = new SocketWriter(channel);
		this.input = input;
		this.maxInputCapacity = (int) Math.min(Integer.MAX_VALUE - 8L,
				Math.max((long) maxInputCapacity + MAX_CLIENT_HEADER, input.capacity()));
	}

	/**
	 * Create the channel of a socket the container is about to let go of.
	 * @param owner the container's side of the socket
	 * @param channel the socket, still in the container's hands until {@link #start()}
	 * @param leftover what the container read past the handshake, or {@code null}
	 * @param maxInputCapacity the receive buffer size: the read buffer may grow to it and a frame
	 * header more
	 * @return the channel
	 */
	public static SocketFrameChannel takeOver(SocketOwner owner, SocketChannel channel, @Nullable ByteBuffer leftover,
			int maxInputCapacity) {
		int waiting = (leftover != null) ? leftover.remaining() : 0;
		// Small to start with, but large enough for everything that is already there.
		ByteBuffer input = ByteBuffer.allocate(Math.max(waiting, Math.min(INITIAL_INPUT_CAPACITY, maxInputCapacity)));
		if (leftover != null) {
			input.put(leftover);
		}
		return new SocketFrameChannel(owner, channel, input.flip(), maxInputCapacity);
	}

	/**
	 * Complete the takeover on the connection's own thread, before any I/O: once the container
	 * has let go of the socket, switch it to blocking mode.
	 * @throws IOException if the container did not let go or the socket cannot block
	 */
	@Override
	public boolean start() throws IOException {
		boolean parked = this.owner.release(this.channel);
		ReadLoop loop;
		if (Thread.currentThread().isVirtual() && (loop = ReadLoop.get()) != null && loop.carriesData()) {
			LoopWait loopWait = new LoopWait(this.channel, this::readWhileQuiet);
			this.loopWait = loopWait;
			if (loopWait.watch(loop)) {
				this.watched = true;
				return parked;
			}
		}
		this.channel.configureBlocking(true);
		return parked;
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
			// Large payloads go straight to their destination; their rest is mostly there already.
			boolean direct = target.remaining() >= input.capacity();
			if (this.watched) {
				if (readWatched(target, direct)) {
					return;
				}
			}
			else {
				readBlocking(target, direct);
				if (direct) {
					return;
				}
			}
		}
		int count = Math.min(input.remaining(), target.remaining());
		target.put(target.position(), input, input.position(), count);
		target.position(target.position() + count);
		input.position(input.position() + count);
	}

	/** Read in blocking mode, into the target itself if direct, else into the read buffer. */
	private void readBlocking(ByteBuffer target, boolean direct) throws IOException {
		boolean virtual = Thread.currentThread().isVirtual();
		if (virtual) {
			this.turns.beforeRead(!direct);
		}
		if (direct) {
			if (readFromSocket(target, virtual) < 0) {
				throw new EOFException();
			}
			return;
		}
		fill(this.input, virtual);
	}

	/**
	 * Read on a watched socket: wait for the loop to read for this thread, even where the bytes
	 * are there already (the loop then reports the socket at once). Threads with more to read
	 * thus queue behind one another in the loop's order, which keeps a connection that sends
	 * without pause from holding up the others, with no yields: a yield would queue the thread
	 * where the loop's wake-ups keep the carrier busy, and it would wait longest. Only the rest
	 * of a payload larger than the read buffer is read at once, into its destination.
	 * @return whether the bytes went straight to the target (else they are in the read buffer)
	 */
	private boolean readWatched(ByteBuffer target, boolean direct) throws IOException {
		LoopWait loopWait = Objects.requireNonNull(this.loopWait);
		ByteBuffer input = this.input;
		boolean readFirst = direct;
		// Each round either returns, fails, or waits for the loop: bounded by the peer.
		while (true) {
			if (readFirst) {
				this.turns.beforeRead(false);
				int read = direct ? this.channel.read(target) : fill(input, false);
				if (read < 0) {
					throw new EOFException();
				}
				if (read > 0) {
					this.turns.readAtOnce();
					return direct;
				}
			}
			loopWait.await();
			this.turns.waited();
			if (input.hasRemaining()) {
				return false;
			}
			if (Thread.currentThread().isInterrupted()) {
				// As an interrupted blocking read does.
				this.channel.close();
				throw new ClosedByInterruptException();
			}
			// Woken without data: a shutdown or a close, which the read says.
			readFirst = true;
		}
	}

	/**
	 * Read from the socket in blocking mode.
	 * @param timed whether to note if the read had to wait, which only virtual threads' fair
	 * turns look at
	 */
	private int readFromSocket(ByteBuffer target, boolean timed) throws IOException {
		if (!timed) {
			return this.channel.read(target);
		}
		long start = System.nanoTime();
		int read = this.channel.read(target);
		this.turns.readTook(System.nanoTime() - start);
		return read;
	}

	/**
	 * Read what the socket has into the empty read buffer, waiting for it in blocking mode.
	 * @return how many bytes arrived (none only in non-blocking mode)
	 */
	private int fill(ByteBuffer input, boolean timed) throws IOException {
		input.clear();
		int read;
		try {
			read = readFromSocket(input, timed);
		}
		finally {
			input.flip();
		}
		if (read < 0) {
			throw new EOFException();
		}
		this.inputFilled = read == input.capacity();
		return read;
	}

	@Override
	public void awaitNextFrame(PongListener pongs) throws IOException {
		ReadLoop loop;
		if (this.input.hasRemaining() || (loop = ReadLoop.get()) == null) {
			return;
		}
		LoopWait loopWait = this.loopWait;
		if (loopWait == null) {
			loopWait = new LoopWait(this.channel, this::readWhileQuiet);
			this.loopWait = loopWait;
		}
		this.quietPongs = pongs;
		try {
			if (this.watched) {
				loopWait.await();
			}
			else {
				loopWait.await(loop);
			}
		}
		finally {
			this.quietPongs = null;
			// The thread waited for these bytes, parked out of its carrier's queue.
			this.turns.waited();
		}
	}

	/**
	 * Read for the connection's parked thread, on the loop's thread; the read buffer is empty.
	 * @return whether only pongs (or nothing) arrived
	 */
	private boolean readWhileQuiet() throws IOException {
		ByteBuffer input = this.input;
		fill(input, false);
		PongListener pongs = this.quietPongs;
		if (pongs != null) {
			PongFrames.consume(input, pongs);
		}
		return !input.hasRemaining();
	}

	@Override
	public void write(ByteBuffer first, @Nullable ByteBuffer second) throws IOException {
		this.writer.write(first, second);
	}

	/** A watched socket is closed only once the loop lets go of it: let go now. */
	private void unwatch() {
		LoopWait loopWait = this.loopWait;
		if (loopWait != null) {
			loopWait.unwatch();
		}
	}

	private void wakeLoopWait() {
		LoopWait loopWait = this.loopWait;
		if (loopWait != null) {
			loopWait.wake();
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
		wakeLoopWait();
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
		// Only the socket: the container's connection object is closed by close(), once no
		// thread of the connection uses it.
		unwatch();
		try {
			this.channel.close();
		}
		catch (IOException ex) {
			// Closed all the same.
		}
		// A closed socket leaves the loop without a word: its waiting thread is woken here.
		wakeLoopWait();
	}

	@Override
	public void close() {
		try {
			this.owner.close();
		}
		finally {
			// The container's close may be a no-op on a connection it has closed already: the
			// socket is closed here, by its one owner, whatever the container's state.
			unwatch();
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
		return this.owner.remoteAddress();
	}

	@Override
	public @Nullable InetSocketAddress localAddress() {
		return this.owner.localAddress();
	}

}
