package dev.wsboot.server.socket;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.concurrent.locks.LockSupport;

import org.jspecify.annotations.Nullable;

/**
 * Writes a {@link SocketFrameChannel}'s frames whole, in blocking or in non-blocking mode (a
 * socket watched by the {@link ReadLoop}, or waiting in it): where the socket's send buffer is
 * full, the writer waits for room with a growing pause. The send timeout's deadline shuts the
 * socket down, which ends any wait. Used by one writer at a time.
 */
final class SocketWriter {

	private static final long FIRST_ROOM_PAUSE_NANOS = 20_000;

	private static final long MAX_ROOM_PAUSE_NANOS = 5_000_000;

	private final SocketChannel channel;

	private final ByteBuffer[] pair = new ByteBuffer[2];

	SocketWriter(SocketChannel channel) {
		this.channel = channel;
	}

	/**
	 * Write both buffers whole, with one gathering write where the second has bytes.
	 * @param first the first bytes (a frame header, or a whole frame)
	 * @param second the bytes that follow, or {@code null}
	 * @throws IOException if the socket fails or was shut down
	 */
	void write(ByteBuffer first, @Nullable ByteBuffer second) throws IOException {
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

	/** In blocking mode a write waits by itself; in non-blocking mode it returns 0 until room. */
	private int awaitRoom(int stalls) {
		if (!this.channel.isBlocking()) {
			LockSupport.parkNanos(Math.min(MAX_ROOM_PAUSE_NANOS, FIRST_ROOM_PAUSE_NANOS << Math.min(stalls, 16)));
		}
		return stalls + 1;
	}

}
