package dev.wsboot.server.direct;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

import dev.wsboot.server.frame.CloseFrames;
import dev.wsboot.server.frame.FrameChannel;
import dev.wsboot.server.frame.FrameReader;
import dev.wsboot.server.frame.MessageDecoder;
import dev.wsboot.server.frame.WebSocketProtocolException;
import dev.wsboot.server.supervision.ForcedCloseLog;
import org.jspecify.annotations.Nullable;
import org.springframework.web.socket.BinaryMessage;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.PongMessage;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketMessage;

/**
 * The reading half of a {@link DirectWebSocketSession}: reads frames only when the handler's
 * thread asks, hands data parts to the handler, answers pings, completes a close handshake the
 * peer starts and fails the connection on a protocol error. One thread reads at a time, under
 * {@link #lock()}.
 */
final class DirectReader {

	private final DirectWebSocketSession session;

	private final FrameReader reader;

	private final MessageDecoder decoder;

	private final long maxMessageSize;

	private final int partSize;

	private final ReentrantLock lock = new ReentrantLock();

	/** Where data parts go: the handler, or what takes them in its place; the reader's thread only. */
	private MessageDecoder.PartSink partSink = new HandlerSink();

	private final FrameChannel.PongListener pongs = this::pong;

	/** Takes pongs in place of the handler chain; set before the handler first reads. */
	private volatile @Nullable Consumer<ByteBuffer> pongTaker;

	/** The last frame read was a pong: the peer answered a keep-alive ping and is likely quiet. */
	private boolean quiet;

	DirectReader(DirectWebSocketSession session, FrameReader reader, MessageDecoder decoder, long maxMessageSize,
			int partSize) {
		this.session = session;
		this.partSize = partSize;
		this.reader = reader;
		this.decoder = decoder;
		this.maxMessageSize = maxMessageSize;
	}

	/**
	 * Return the lock held while reading; the session takes it to release the socket only when
	 * no thread reads.
	 */
	ReentrantLock lock() {
		return this.lock;
	}

	/**
	 * Read until one data part has been handed to the handler or the session ends.
	 * @return {@code false} once the session has ended
	 * @throws IOException if the handler fails on a part
	 */
	boolean pump() throws IOException {
		this.lock.lock();
		try {
			while (!this.session.isEnded()) {
				if (this.decoder.needsHeader()) {
					if (this.quiet && this.session.waitsQuietly()) {
						// Further pongs are taken without waking this thread.
						this.reader.awaitNextFrame(this.pongs);
					}
					this.reader.readHeader();
					int opcode = this.reader.opcode();
					this.quiet = opcode == FrameReader.PONG;
					if (opcode >= FrameReader.CLOSE) {
						if (this.reader.rsv1()) {
							throw new WebSocketProtocolException(1002, "Compressed control frame");
						}
						if (!control(opcode)) {
							return false;
						}
						continue;
					}
					this.decoder.startFrame(opcode);
				}
				if (this.decoder.nextPart(this.partSink)) {
					return true;
				}
			}
			return false;
		}
		catch (WebSocketProtocolException ex) {
			fail(ex);
			return false;
		}
		catch (IOException ex) {
			lost(ex);
			return false;
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Read and drop what the peer sends after our close frame until its own close frame comes;
	 * called with {@link #lock()} held.
	 * @param sent the status of our close frame
	 */
	void awaitPeerClose(CloseStatus sent) {
		byte[] discard = null;
		boolean frameOpen = this.decoder.isFrameOpen();
		try {
			while (!this.session.isEnded()) {
				if (!frameOpen) {
					this.reader.readHeader();
					if (this.reader.opcode() == FrameReader.CLOSE) {
						byte[] payload = new byte[(int) this.reader.remaining()];
						this.reader.readPayload(payload, 0, payload.length);
						this.session.terminate(sent);
						return;
					}
					frameOpen = true;
				}
				// Whatever else the peer sent after our close frame is dropped.
				if (discard == null) {
					discard = new byte[Math.min(this.partSize, 8192)];
				}
				int length = (int) Math.min(this.reader.remaining(), discard.length);
				this.reader.readPayload(discard, 0, length);
				frameOpen = this.reader.remaining() > 0;
			}
		}
		catch (IOException ex) {
			this.session.terminate(sent);
		}
	}

	/**
	 * Handle a control frame.
	 * @return {@code false} if it ended the session
	 */
	private boolean control(int opcode) throws IOException {
		byte[] payload = new byte[(int) this.reader.remaining()];
		this.reader.readPayload(payload, 0, payload.length);
		switch (opcode) {
			case FrameReader.PING -> {
				this.session.answerPing(ByteBuffer.wrap(payload));
				return true;
			}
			case FrameReader.PONG -> {
				pong(ByteBuffer.wrap(payload));
				return true;
			}
			default -> {
				CloseFrames.Received received = CloseFrames.read(payload);
				this.session.closeReceived(new CloseStatus(received.code(), received.reason()));
				return false;
			}
		}
	}

	private void fail(WebSocketProtocolException ex) {
		if (ex.closeCode() == WebSocketProtocolException.TOO_BIG) {
			// The peer sent nothing wrong, only too much: counted as a 1009 close, not an error.
			ForcedCloseLog.messageTooBig(this.session.getId(), this.maxMessageSize);
		}
		else {
			this.session.reportTransportError(ex);
		}
		this.session.fail(new CloseStatus(ex.closeCode(), CloseFrames.truncate(ex.getMessage())));
	}

	private void lost(IOException ex) {
		if (this.session.isEnded()) {
			return;
		}
		this.session.reportTransportError(ex);
		this.session.terminate(CloseStatus.NO_CLOSE_FRAME);
	}

	/**
	 * Send data parts to the taker instead of the handler chain; on the reader's thread, before
	 * it first reads.
	 */
	void takeParts(MessageDecoder.PartSink taker) {
		this.partSink = taker;
	}

	/**
	 * Send pongs to the listener instead of the handler chain.
	 */
	void takePongs(Consumer<ByteBuffer> listener) {
		this.pongTaker = listener;
	}

	private void pong(ByteBuffer payload) throws IOException {
		Consumer<ByteBuffer> taker = this.pongTaker;
		if (taker != null) {
			taker.accept(payload);
		}
		else {
			deliver(new PongMessage(payload));
		}
	}

	private void deliver(WebSocketMessage<?> message) throws IOException {
		try {
			this.session.handler().handleMessage(this.session, message);
		}
		catch (IOException | RuntimeException ex) {
			throw ex;
		}
		catch (Exception ex) {
			throw new IOException(ex);
		}
	}

	/**
	 * Hands decoded parts to the session's handler.
	 */
	private final class HandlerSink implements MessageDecoder.PartSink {

		@Override
		public void text(String part, int bytes, boolean last) throws IOException {
			deliver(new TextMessage(part, last));
		}

		@Override
		public void binary(ByteBuffer part, boolean last) throws IOException {
			deliver(new BinaryMessage(part, last));
		}

	}

}
