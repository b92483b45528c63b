package dev.wsboot.server.direct;

import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.function.Consumer;

import dev.wsboot.server.ConnectionThreads;
import dev.wsboot.server.PulledSession;
import dev.wsboot.server.ReadPauser;
import dev.wsboot.server.WebSocketTransport;
import dev.wsboot.server.frame.CloseFrames;
import dev.wsboot.server.frame.FrameChannel;
import dev.wsboot.server.frame.FrameReader;
import dev.wsboot.server.frame.MessageDecoder;
import dev.wsboot.server.frame.PerMessageDeflate;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.WebSocketMessage;
import org.springframework.web.socket.WebSocketSession;

/**
 * A WebSocket session that speaks RFC 6455 itself over a {@link FrameChannel}, on the
 * connection's own virtual thread: that thread reads a frame only when the application asks for
 * a message ({@link #pump()}), so a message goes from the socket to the handler and its answer
 * back to the socket without changing threads, and TCP pushes back on a peer that sends faster
 * than the application reads.
 * <p>
 * It presents itself as a Spring {@link WebSocketSession} so that wsboot's supervision,
 * monitoring and handlers work on it unchanged.
 *
 * @since 0.1.0
 */
public final class DirectWebSocketSession extends AbstractDirectSession implements PulledSession, WebSocketTransport {

	private static final Log logger = LogFactory.getLog(DirectWebSocketSession.class);

	/** How long a close frame we sent may wait for the peer's answer before the socket is closed. */
	static final Duration CLOSE_HANDSHAKE_TIMEOUT = Duration.ofSeconds(5);

	private final FrameChannel channel;

	private final DirectWriter writer;

	private final WebSocketHandler handler;

	// Handles, not atomic objects: keep-alive and every read ask whether the session is open.
	private static final VarHandle CLOSE_SENT;

	private static final VarHandle ENDED;

	static {
		try {
			MethodHandles.Lookup lookup = MethodHandles.lookup();
			CLOSE_SENT = lookup.findVarHandle(DirectWebSocketSession.class, "closeSent", CloseStatus.class);
			ENDED = lookup.findVarHandle(DirectWebSocketSession.class, "ended", boolean.class);
		}
		catch (ReflectiveOperationException ex) {
			throw new ExceptionInInitializerError(ex);
		}
	}

	/** The close frame sent or to be sent, set once. */
	private volatile @Nullable CloseStatus closeSent;

	private volatile boolean ended;

	/** Set once the socket is released by its owner; read by the abort's backstop. */
	private volatile boolean released;

	private volatile @Nullable Runnable application;

	private final @Nullable PerMessageDeflate deflate;

	private final DirectReader inbound;

	/**
	 * Create a session on an upgraded connection.
	 * @param handshake what the handshake established
	 * @param channel the connection's byte stream
	 * @param handler the handler, decorated as the endpoint wants
	 * @param maxMessageSize the most bytes one received message may hold, compressed or not
	 * @param partSize the most bytes handed to the handler in one part
	 * @param deflate the permessage-deflate agreement, or {@code null} for none
	 */
	public DirectWebSocketSession(DirectHandshake handshake, FrameChannel channel, WebSocketHandler handler, long maxMessageSize,
			int partSize, @Nullable PerMessageDeflate deflate) {
		super(handshake, channel, maxMessageSize, deflate != null);
		this.deflate = deflate;
		this.channel = channel;
		FrameReader reader = new FrameReader(channel, deflate != null);
		this.inbound = new DirectReader(this, reader, new MessageDecoder(reader, deflate, maxMessageSize, partSize),
				maxMessageSize, partSize);
		this.writer = new DirectWriter(channel, deflate);
		this.handler = handler;
	}

	/**
	 * Serve the connection until it ends; called once, on the connection's own thread.
	 */
	public void run() {
		boolean waited;
		try {
			waited = this.channel.start();
		}
		catch (IOException | RuntimeException ex) {
			logger.warn("Could not start WebSocket connection " + getId() + "; dropping it", ex);
			this.ended = true;
			release();
			return;
		}
		if (waited) {
			// The wait saved this thread's stack, a part that would stay beside the deeper one its
			// idle wait saves, for the connection's life (about 1 KB); a fresh thread has none.
			try {
				ConnectionThreads.factory().newThread(this::serve).start();
				return;
			}
			catch (RuntimeException ex) {
				logger.debug("No fresh thread for WebSocket connection " + getId() + "; serving it on this one", ex);
			}
		}
		serve();
	}

	private void serve() {
		try {
			this.handler.afterConnectionEstablished(this);
			Runnable application = this.application;
			if (application != null) {
				application.run();
			}
			else {
				while (pump()) {
					// Each pump hands one part to the handler.
				}
			}
		}
		catch (Throwable ex) {
			logger.error("WebSocket connection " + getId() + " failed", ex);
			abort(CloseStatus.SERVER_ERROR, CloseStatus.SERVER_ERROR);
		}
		finally {
			if (!this.ended) {
				// The application returned without closing: it has nothing more to say.
				closeQuietly(CloseStatus.NORMAL);
			}
			release();
		}
	}

	@Override
	public void runApplication(Runnable application) {
		this.application = application;
	}

	@Override
	public boolean isReading() {
		return this.inbound.lock().isLocked();
	}

	@Override
	public void takeParts(MessageDecoder.PartSink taker) {
		this.inbound.takeParts(taker);
	}

	@Override
	public boolean pump() throws IOException {
		return this.inbound.pump();
	}

	boolean isEnded() {
		return this.ended;
	}

	// May a quiet peer's next frame be awaited off this thread? Only in a handler's loop (whose
	// pongs go to wsboot's supervision) and with no frame being written, which it would wait for.
	boolean waitsQuietly() {
		return this.application != null && this.writer.writeStartedNanos() == 0;
	}

	WebSocketHandler handler() {
		return this.handler;
	}

	void answerPing(ByteBuffer payload) throws IOException {
		if (this.closeSent == null) {
			this.writer.pong(payload);
		}
	}

	/**
	 * Complete a close handshake: answer the peer's close frame, or take it as the answer to ours.
	 */
	void closeReceived(CloseStatus peerStatus) {
		CloseStatus sent = this.closeSent;
		if (sent == null && CLOSE_SENT.compareAndSet(this, null, peerStatus)) {
			// Answer with the peer's code, as RFC 6455 section 5.5.1 suggests.
			this.writer.writeLastFrame(CloseFrames.answer(peerStatus.getCode()), CLOSE_HANDSHAKE_TIMEOUT);
			terminate(peerStatus);
		}
		else {
			// The answer to our close frame: the handshake is complete.
			terminate((sent != null) ? sent : peerStatus);
		}
	}

	/**
	 * Fail the connection for what the peer sent: close frame, then the socket.
	 */
	void fail(CloseStatus status) {
		CLOSE_SENT.compareAndSet(this, null, status);
		this.writer.writeLastFrame(DirectWriter.closePayload(status), CLOSE_HANDSHAKE_TIMEOUT);
		terminate(status);
	}

	void reportTransportError(Throwable ex) {
		try {
			this.handler.handleTransportError(this, ex);
		}
		catch (Throwable handlerFailure) {
			logger.debug("Transport error handler failed on WebSocket connection " + getId(), handlerFailure);
		}
	}

	@Override
	public void sendMessage(WebSocketMessage<?> message) throws IOException {
		try {
			this.writer.write(message);
		}
		catch (IOException ex) {
			// A write that fails has lost the connection (the peer reset it, or a deadline shut
			// it): end the session now, so that the sender learns it is closed, not broken.
			if (!this.ended) {
				terminate(CloseStatus.NO_CLOSE_FRAME);
			}
			throw ex;
		}
	}

	@Override
	public ReadPauser readPauser() {
		// Nothing to pause: the handler's thread reads only when it asks for a message.
		return ReadPauser.NONE;
	}

	@Override
	public void limitContainer(Duration idleTimeout, Duration sendTimeout) {
		// The socket is wsboot's own: no container timeout to bound.
	}

	@Override
	public boolean pingsWithoutWaiting() {
		return true;
	}

	@Override
	public boolean takePongs(Consumer<ByteBuffer> listener) {
		this.inbound.takePongs(listener);
		return true;
	}

	@Override
	public PulledSession pulled() {
		return this;
	}

	@Override
	public boolean tryPing(ByteBuffer payload) throws IOException {
		return this.writer.tryPing(payload, null);
	}

	@Override
	public boolean tryPing(ByteBuffer payload, ByteBuffer frame) throws IOException {
		return this.writer.tryPing(payload, frame);
	}

	@Override
	public long writeStartedNanos() {
		return this.writer.writeStartedNanos();
	}

	@Override
	public int lastSentTextBytes() {
		return this.writer.lastTextBytes();
	}

	@Override
	public void close() throws IOException {
		close(CloseStatus.NORMAL);
	}

	@Override
	public void close(CloseStatus status) throws IOException {
		if (!CLOSE_SENT.compareAndSet(this, null, status)) {
			return;
		}
		ScheduledFuture<?> deadline = CloseDeadlines.schedule(() -> terminate(status), CLOSE_HANDSHAKE_TIMEOUT);
		this.writer.closeAfter(status);
		if (this.inbound.lock().tryLock()) {
			// Nobody reads: wait for the peer's answer here.
			try {
				this.inbound.awaitPeerClose(status);
			}
			finally {
				this.inbound.lock().unlock();
				deadline.cancel(false);
			}
		}
	}

	/**
	 * End the session at once: offer the peer a close frame briefly, then close the socket.
	 * @param sent the close frame offered to the peer
	 * @param local the status the application and metrics see
	 */
	public void abort(CloseStatus sent, CloseStatus local) {
		if (this.ended) {
			return;
		}
		if (this.writer.writeStartedNanos() != 0) {
			// A frame is stuck, so no close frame can follow: reset rather than linger behind it.
			this.channel.resetOnClose();
		}
		if (CLOSE_SENT.compareAndSet(this, null, sent)) {
			this.writer.tryLastFrame(sent, WebSocketTransport.ABORT_CLOSE_FRAME_TIMEOUT);
		}
		terminate(local);
		if (!this.released) {
			// An abort must cut the peer off within a bounded time whatever the connection's
			// thread is doing; the shutdown above normally ends its read or write at once.
			CloseDeadlines.schedule(this::dropIfNotReleased, WebSocketTransport.ABORT_CLOSE_FRAME_TIMEOUT);
		}
	}

	private void dropIfNotReleased() {
		if (!this.released) {
			logger.debug("WebSocket connection " + getId() + " still held its socket after an abort; dropping it");
			this.channel.drop();
		}
	}

	private void closeQuietly(CloseStatus status) {
		try {
			close(status);
		}
		catch (IOException ex) {
			terminate(CloseStatus.NO_CLOSE_FRAME);
		}
	}

	/**
	 * End the session: tell the handler, stop the socket and release it if no thread uses it.
	 */
	void terminate(CloseStatus status) {
		if (!ENDED.compareAndSet(this, false, true)) {
			return;
		}
		// The handler learns of the close first, so that a send or receive the shutdown fails
		// finds the connection's close status already set.
		try {
			this.handler.afterConnectionClosed(this, status);
		}
		catch (Throwable ex) {
			logger.warn("Handler failed after WebSocket connection " + getId() + " closed", ex);
		}
		this.channel.shutdown();
		if (this.inbound.lock().tryLock()) {
			try {
				if (this.writer.tryClose()) {
					this.channel.close();
				}
			}
			finally {
				this.inbound.lock().unlock();
			}
		}
	}

	/**
	 * Release the socket once no thread can be reading or writing.
	 */
	private void release() {
		this.inbound.lock().lock();
		try {
			this.released = true;
			this.writer.refuseFrames();
			this.channel.close();
			PerMessageDeflate deflate = this.deflate;
			if (deflate != null) {
				deflate.end();
			}
		}
		finally {
			this.inbound.lock().unlock();
		}
	}

	@Override
	public boolean isOpen() {
		return !this.ended && this.closeSent == null;
	}

}
