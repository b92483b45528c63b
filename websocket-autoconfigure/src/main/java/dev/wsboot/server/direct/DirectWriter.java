package dev.wsboot.server.direct;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;

import dev.wsboot.server.frame.CloseFrames;
import dev.wsboot.server.frame.FrameChannel;
import dev.wsboot.server.frame.FrameReader;
import dev.wsboot.server.frame.FrameWriter;
import dev.wsboot.server.frame.MessageEncoder;
import dev.wsboot.server.frame.PerMessageDeflate;
import org.jspecify.annotations.Nullable;
import org.springframework.web.socket.BinaryMessage;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.PingMessage;
import org.springframework.web.socket.PongMessage;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketMessage;

/**
 * The writing half of a {@link DirectWebSocketSession}: turns Spring's messages into frames,
 * writes keep-alive pings only when no other frame is being written, and writes the close frame
 * last, with a deadline. Frames of different threads never interleave ({@link FrameWriter}).
 */
final class DirectWriter {

	private final FrameChannel channel;

	private final FrameWriter frames;

	private final MessageEncoder encoder;

	/** Set by the one sender at a time (see {@code SerializedSender}), read by it after. */
	private int lastTextBytes;

	DirectWriter(FrameChannel channel, @Nullable PerMessageDeflate deflate) {
		this.channel = channel;
		this.frames = new FrameWriter(channel);
		this.encoder = new MessageEncoder(this.frames, deflate);
	}

	void write(WebSocketMessage<?> message) throws IOException {
		if (message instanceof TextMessage text) {
			byte[] bytes = text.asBytes();
			this.lastTextBytes = bytes.length;
			this.encoder.writePart(FrameReader.TEXT, text.isLast(), ByteBuffer.wrap(bytes));
		}
		else if (message instanceof BinaryMessage binary) {
			this.encoder.writePart(FrameReader.BINARY, binary.isLast(), binary.getPayload());
		}
		else if (message instanceof PingMessage ping) {
			this.frames.write(true, FrameReader.PING, ping.getPayload());
		}
		else if (message instanceof PongMessage pong) {
			pong(pong.getPayload());
		}
		else {
			throw new IllegalArgumentException("Unexpected WebSocket message type: " + message);
		}
	}

	void pong(ByteBuffer payload) throws IOException {
		this.frames.write(true, FrameReader.PONG, payload);
	}

	/**
	 * Write a ping unless a frame is being written.
	 * @param frame a direct buffer to build the frame in, or {@code null} for a new one
	 */
	boolean tryPing(ByteBuffer payload, @Nullable ByteBuffer frame) throws IOException {
		return this.frames.tryWrite(FrameReader.PING, payload, frame);
	}

	int lastTextBytes() {
		return this.lastTextBytes;
	}

	long writeStartedNanos() {
		return this.frames.writeStartedNanos();
	}

	/**
	 * Write a close frame after the frame being written, if any, and refuse further frames.
	 */
	void closeAfter(CloseStatus status) {
		this.frames.closeAfter(closePayload(status), FrameReader.CLOSE);
	}

	/**
	 * Write a close frame and refuse further frames, giving up on a peer that does not take it
	 * within the timeout.
	 */
	void writeLastFrame(ByteBuffer closePayload, Duration timeout) {
		CloseDeadlines.write(this.channel, timeout, () -> this.frames.closeAfter(closePayload, FrameReader.CLOSE));
	}

	/**
	 * Offer a close frame only if no frame is being written, giving up after the timeout.
	 */
	void tryLastFrame(CloseStatus status, Duration timeout) {
		CloseDeadlines.write(this.channel, timeout, () -> this.frames.tryWrite(FrameReader.CLOSE, closePayload(status)));
	}

	/**
	 * Refuse further frames, writing none.
	 */
	void refuseFrames() {
		this.frames.closeAfter(null, FrameReader.CLOSE);
	}

	/**
	 * Refuse further frames if none is being written.
	 * @return whether no frame was being written
	 */
	boolean tryClose() {
		return this.frames.tryClose();
	}

	static ByteBuffer closePayload(CloseStatus status) {
		return CloseFrames.payload(status.getCode(), status.getReason());
	}

}
