package dev.wsboot.server.frame;

import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.util.concurrent.locks.ReentrantLock;

import org.jspecify.annotations.Nullable;

/**
 * Writes server frames (RFC 6455 section 5.2, unmasked) to a {@link FrameChannel}, one whole
 * frame at a time. Control frames may go out between the frames of a fragmented message, which
 * the protocol allows.
 */
public final class FrameWriter {

	/** Payloads up to this size are copied behind their header and written in one piece. */
	private static final int COALESCE_LIMIT = 8 * 1024;

	private static final VarHandle WRITE_STARTED;

	static {
		try {
			WRITE_STARTED = MethodHandles.lookup().findVarHandle(FrameWriter.class, "writeStartedNanos", long.class);
		}
		catch (ReflectiveOperationException ex) {
			throw new ExceptionInInitializerError(ex);
		}
	}

	private final FrameChannel channel;

	private final ReentrantLock lock = new ReentrantLock();

	private boolean closed;

	// When the write in progress started, or 0: the supervisor cuts off writes that never end.
	// Written twice a frame and read by the keep-alive sweep against timeouts of seconds, so
	// opaque: a volatile store costs a fence, a plain one on x86 (as in TrackedSession).
	private long writeStartedNanos;

	public FrameWriter(FrameChannel channel) {
		this.channel = channel;
	}

	/**
	 * Write one frame.
	 * @param fin whether the frame ends its message
	 * @param opcode the opcode, for continuations {@link FrameReader#CONTINUATION}
	 * @param payload the payload, consumed
	 * @throws IOException if writing fails or the writer was closed
	 */
	public void write(boolean fin, int opcode, ByteBuffer payload) throws IOException {
		write(fin, opcode, payload, false);
	}

	/**
	 * Write one frame.
	 * @param fin whether the frame ends its message
	 * @param opcode the opcode, for continuations {@link FrameReader#CONTINUATION}
	 * @param payload the payload, consumed
	 * @param compressed whether to set RSV1, the first frame of a compressed message
	 * @throws IOException if writing fails or the writer was closed
	 */
	public void write(boolean fin, int opcode, ByteBuffer payload, boolean compressed) throws IOException {
		int length = payload.remaining();
		if (compressed) {
			opcode |= 0x40;
		}
		ByteBuffer frame;
		ByteBuffer rest = null;
		if (length <= COALESCE_LIMIT) {
			// One buffer, one system call: small frames are the common case.
			frame = header(fin, opcode, length, length);
			frame.put(payload).flip();
		}
		else {
			frame = header(fin, opcode, length, 0).flip();
			rest = payload;
		}
		this.lock.lock();
		try {
			if (this.closed) {
				throw new java.nio.channels.ClosedChannelException();
			}
			timedWrite(frame, rest);
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Write one frame unless another is being written or the socket cannot take it at once.
	 * @param opcode a control opcode
	 * @param payload the payload, at most 125 bytes
	 * @return whether the frame was written
	 * @throws IOException if writing fails
	 */
	public boolean tryWrite(int opcode, ByteBuffer payload) throws IOException {
		return tryWrite(opcode, payload, null);
	}

	/**
	 * Write one frame as {@link #tryWrite(int, ByteBuffer)} does, built in a buffer the caller
	 * lends when it is large enough (see {@code WebSocketTransport.tryPing}).
	 * @param opcode a control opcode
	 * @param payload the payload, at most 125 bytes
	 * @param frameBuffer where to build the frame, or {@code null} for a new buffer
	 * @return whether the frame was written
	 * @throws IOException if writing fails
	 */
	public boolean tryWrite(int opcode, ByteBuffer payload, @Nullable ByteBuffer frameBuffer) throws IOException {
		if (!this.lock.tryLock()) {
			return false;
		}
		try {
			if (this.closed) {
				return false;
			}
			int length = payload.remaining();
			ByteBuffer frame = (frameBuffer != null && frameBuffer.capacity() >= length + 2)
					? putHeader(frameBuffer.clear(), true, opcode, length) : header(true, opcode, length, length);
			timedWrite(frame.put(payload).flip(), null);
			return true;
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Write nothing more: wait for a write in progress, then refuse all further ones.
	 * @param last a frame to write first, typically a close frame, or {@code null}
	 * @param lastOpcode its opcode
	 */
	public void closeAfter(@Nullable ByteBuffer last, int lastOpcode) {
		this.lock.lock();
		try {
			if (!this.closed && last != null) {
				try {
					ByteBuffer frame = header(true, lastOpcode, last.remaining(), last.remaining());
					timedWrite(frame.put(last).flip(), null);
				}
				catch (IOException ignored) {
					// The peer is gone; it will see the connection drop instead.
				}
			}
			this.closed = true;
		}
		finally {
			this.lock.unlock();
		}
	}

	private void timedWrite(ByteBuffer frame, @Nullable ByteBuffer rest) throws IOException {
		long now = System.nanoTime();
		WRITE_STARTED.setOpaque(this, (now != 0) ? now : 1);
		try {
			this.channel.write(frame, rest);
		}
		finally {
			WRITE_STARTED.setOpaque(this, 0L);
		}
	}

	/**
	 * Return when the write in progress started, whatever it writes: data, ping, pong or close.
	 * @return the start from {@link System#nanoTime()}, or 0 when no write is in progress
	 */
	public long writeStartedNanos() {
		return (long) WRITE_STARTED.getOpaque(this);
	}

	/**
	 * Refuse all further writes without waiting: for when the socket is already shut down.
	 * @return whether no write was in progress, so that the socket may be released
	 */
	public boolean tryClose() {
		if (!this.lock.tryLock()) {
			return false;
		}
		try {
			this.closed = true;
			return true;
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Return a buffer holding a frame header, positioned after it, with room for more bytes.
	 */
	private static ByteBuffer header(boolean fin, int opcode, int length, int room) {
		return putHeader(ByteBuffer.allocate(((length < 126) ? 2 : (length <= 0xFFFF) ? 4 : 10) + room), fin, opcode,
				length);
	}

	private static ByteBuffer putHeader(ByteBuffer header, boolean fin, int opcode, int length) {
		header.put((byte) ((fin ? 0x80 : 0) | opcode));
		if (length < 126) {
			header.put((byte) length);
		}
		else if (length <= 0xFFFF) {
			header.put((byte) 126).putShort((short) length);
		}
		else {
			header.put((byte) 127).putLong(length);
		}
		return header;
	}

}
