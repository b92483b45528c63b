package dev.wsboot.server.direct;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;

import dev.wsboot.server.PulledSession;
import dev.wsboot.server.ReadPauser;
import dev.wsboot.server.WebSocketTransport;
import dev.wsboot.server.codec.FrameChannel;
import dev.wsboot.server.codec.FrameReader;
import dev.wsboot.server.codec.FrameWriter;
import dev.wsboot.server.codec.PerMessageDeflate;
import dev.wsboot.server.codec.TextPartDecoder;
import dev.wsboot.server.codec.Utf8Validator;
import dev.wsboot.server.codec.WebSocketProtocolException;
import dev.wsboot.server.supervision.ForcedCloseLog;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.web.socket.BinaryMessage;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.PingMessage;
import org.springframework.web.socket.PongMessage;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketExtension;
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
public final class DirectWebSocketSession implements WebSocketSession, PulledSession, WebSocketTransport {

	private static final Log logger = LogFactory.getLog(DirectWebSocketSession.class);

	private static final AtomicLong ids = new AtomicLong();

	/** How long a close frame we sent may wait for the peer's answer before the socket is closed. */
	static final Duration CLOSE_HANDSHAKE_TIMEOUT = Duration.ofSeconds(5);


	private static final int MAX_CLOSE_REASON_BYTES = 123;

	private final String id = Long.toString(ids.incrementAndGet(), 36);

	private final Handshake handshake;

	private final FrameChannel channel;

	private final FrameReader reader;

	private final FrameWriter writer;

	private final WebSocketHandler handler;

	private final long maxMessageSize;

	private final int partSize;

	private final ReentrantLock readLock = new ReentrantLock();

	private final AtomicReference<@Nullable CloseStatus> closeSent = new AtomicReference<>();

	private final AtomicBoolean ended = new AtomicBoolean();

	private volatile @Nullable Runnable application;

	private final @Nullable PerMessageDeflate deflate;

	// Inbound message state, touched only by the thread holding the read lock.
	private int messageOpcode;

	// Payload bytes of the message as received, compressed or not, and after decompression.
	private long messageBytes;

	private long inflatedBytes;

	private boolean messageCompressed;

	private boolean frameOpen;

	private boolean frameFin;

	private @Nullable TextPartDecoder textDecoder;

	private final Utf8Validator utf8 = new Utf8Validator();

	// Whether the application's last part sent did not end its message; senders are serialized.
	private boolean sendingFragments;

	private int textMessageSizeLimit;

	private int binaryMessageSizeLimit;

	/**
	 * Create a session on an upgraded connection.
	 * @param handshake what the handshake established
	 * @param channel the connection's byte stream
	 * @param handler the handler, decorated as the endpoint wants
	 * @param maxMessageSize the most bytes one received message may hold
	 * @param partSize the most bytes handed to the handler in one part
	 */
	public DirectWebSocketSession(Handshake handshake, FrameChannel channel, WebSocketHandler handler, long maxMessageSize,
			int partSize) {
		this(handshake, channel, handler, maxMessageSize, partSize, null);
	}

	/**
	 * Create a session on an upgraded connection.
	 * @param handshake what the handshake established
	 * @param channel the connection's byte stream
	 * @param handler the handler, decorated as the endpoint wants
	 * @param maxMessageSize the most bytes one received message may hold, compressed or not
	 * @param partSize the most bytes handed to the handler in one part
	 * @param deflate the permessage-deflate agreement, or {@code null} for none
	 */
	public DirectWebSocketSession(Handshake handshake, FrameChannel channel, WebSocketHandler handler, long maxMessageSize,
			int partSize, @Nullable PerMessageDeflate deflate) {
		this.deflate = deflate;
		this.handshake = handshake;
		this.channel = channel;
		this.reader = new FrameReader(channel, deflate != null);
		this.writer = new FrameWriter(channel);
		this.handler = handler;
		this.maxMessageSize = maxMessageSize;
		this.partSize = partSize;
		this.textMessageSizeLimit = (int) Math.min(Integer.MAX_VALUE, maxMessageSize);
		this.binaryMessageSizeLimit = this.textMessageSizeLimit;
	}

	/**
	 * Serve the connection until it ends; called once, on the connection's own thread.
	 */
	public void run() {
		try {
			this.channel.start();
		}
		catch (IOException | RuntimeException ex) {
			logger.warn("Could not start WebSocket connection " + this.id + "; dropping it", ex);
			this.ended.set(true);
			release();
			return;
		}
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
			logger.error("WebSocket connection " + this.id + " failed", ex);
			abort(CloseStatus.SERVER_ERROR, CloseStatus.SERVER_ERROR);
		}
		finally {
			if (!this.ended.get()) {
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
		return this.readLock.isLocked();
	}

	@Override
	public boolean pump() throws IOException {
		this.readLock.lock();
		try {
			while (!this.ended.get()) {
				if (needsHeader()) {
					this.reader.readHeader();
					int opcode = this.reader.opcode();
					if (opcode >= FrameReader.CLOSE) {
						if (this.reader.rsv1()) {
							throw new WebSocketProtocolException(1002, "Compressed control frame");
						}
						if (!control(opcode)) {
							return false;
						}
						continue;
					}
					startFrame(opcode);
				}
				if (this.messageCompressed ? deliverInflatedPart() : deliverPart()) {
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
			this.readLock.unlock();
		}
	}

	/**
	 * Return whether the next step is reading a frame header: not while a frame's payload is
	 * being read, nor while a compressed message still has bytes to decompress.
	 */
	private boolean needsHeader() {
		if (this.frameOpen) {
			return false;
		}
		if (this.messageOpcode != 0 && this.messageCompressed) {
			PerMessageDeflate deflate = this.deflate;
			return !this.frameFin && deflate != null && (deflate.needsInput() || deflate.isFinished());
		}
		return true;
	}

	private void startFrame(int opcode) throws WebSocketProtocolException {
		if (opcode == FrameReader.CONTINUATION) {
			if (this.messageOpcode == 0) {
				throw new WebSocketProtocolException(1002, "Continuation frame without a message to continue");
			}
			if (this.reader.rsv1()) {
				throw new WebSocketProtocolException(1002, "Compression bit on a continuation frame");
			}
		}
		else if (this.messageOpcode != 0) {
			throw new WebSocketProtocolException(1002, "New message before the previous one ended");
		}
		else {
			this.messageOpcode = opcode;
			this.messageBytes = 0;
			this.inflatedBytes = 0;
			this.messageCompressed = this.reader.rsv1();
			if (opcode == FrameReader.TEXT) {
				this.utf8.reset();
			}
		}
		this.frameFin = this.reader.fin();
		long frameBytes = this.reader.remaining();
		if (frameBytes > this.maxMessageSize - this.messageBytes) {
			throw tooBig();
		}
		this.messageBytes += frameBytes;
		this.frameOpen = true;
	}

	/**
	 * Read the next part of the open frame and hand it to the handler.
	 * @return {@code false} if there was nothing to hand over: an empty frame that does not end
	 * its message
	 */
	private boolean deliverPart() throws IOException {
		int length = (int) Math.min(this.reader.remaining(), this.partSize);
		byte[] bytes = new byte[length];
		boolean text = this.messageOpcode == FrameReader.TEXT;
		this.reader.readPayload(bytes, 0, length, text ? this.utf8 : null);
		boolean frameDone = this.reader.remaining() == 0;
		boolean last = frameDone && this.frameFin;
		if (frameDone) {
			this.frameOpen = false;
		}
		if (length == 0 && !last) {
			return false;
		}
		deliver(bytes, length, last, text);
		return true;
	}

	private WebSocketProtocolException tooBig() {
		ForcedCloseLog.messageTooBig(this.id, this.maxMessageSize);
		return new WebSocketProtocolException(1009, "Message exceeds " + this.maxMessageSize + " bytes");
	}

	/**
	 * Decompress the next part of a compressed message and hand it to the handler.
	 * @return {@code false} if there was nothing to hand over before the next frame is needed
	 */
	private boolean deliverInflatedPart() throws IOException {
		PerMessageDeflate deflate = this.deflate;
		if (deflate == null) {
			throw new IllegalStateException("Compressed message without permessage-deflate");
		}
		boolean text = this.messageOpcode == FrameReader.TEXT;
		byte[] output = new byte[this.partSize];
		int produced = 0;
		while (produced < output.length) {
			// Output first: the decompressor may hold some from input it has already taken.
			int count = deflate.inflate(output, produced, output.length - produced);
			if (count > 0) {
				this.inflatedBytes += count;
				if (this.inflatedBytes > this.maxMessageSize) {
					throw tooBig();
				}
				if (text && !this.utf8.accept(output, produced, count)) {
					throw new WebSocketProtocolException(1007, "Text message is not valid UTF-8");
				}
				produced += count;
				continue;
			}
			if (!deflate.needsInput() && !deflate.isFinished()) {
				throw new WebSocketProtocolException(1007, "Compressed message needs a preset dictionary");
			}
			if (this.frameOpen) {
				int length = (int) Math.min(this.reader.remaining(), this.partSize);
				byte[] input = new byte[length];
				this.reader.readPayload(input, 0, length);
				this.frameOpen = this.reader.remaining() > 0;
				if (deflate.isFinished() && length > 0) {
					// The sender ended its DEFLATE stream (BFINAL) before the message's end.
					throw new WebSocketProtocolException(1007, "Compressed data after the end of the stream");
				}
				deflate.inflateInput(input, length);
				continue;
			}
			if (!this.frameFin) {
				// The rest comes in the next frame.
				break;
			}
			if (!deflate.isEndGiven() && !deflate.isFinished()) {
				deflate.inflateEnd();
				continue;
			}
			deliver(output, produced, true, text);
			return true;
		}
		if (produced == 0) {
			return false;
		}
		deliver(output, produced, false, text);
		return true;
	}

	private void deliver(byte[] bytes, int length, boolean last, boolean text) throws IOException {
		if (last) {
			this.messageOpcode = 0;
			PerMessageDeflate deflate = this.deflate;
			if (deflate != null) {
				deflate.inflateMessageDone();
			}
		}
		WebSocketMessage<?> message = text ? new TextMessage(textDecoder().decode(bytes, length, last), last)
				: new BinaryMessage(ByteBuffer.wrap(bytes, 0, length), last);
		try {
			this.handler.handleMessage(this, message);
		}
		catch (IOException | RuntimeException ex) {
			throw ex;
		}
		catch (Exception ex) {
			throw new IOException(ex);
		}
	}

	private TextPartDecoder textDecoder() {
		TextPartDecoder decoder = this.textDecoder;
		if (decoder == null) {
			decoder = new TextPartDecoder();
			this.textDecoder = decoder;
		}
		return decoder;
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
				if (this.closeSent.get() == null) {
					this.writer.write(true, FrameReader.PONG, ByteBuffer.wrap(payload));
				}
				return true;
			}
			case FrameReader.PONG -> {
				try {
					this.handler.handleMessage(this, new PongMessage(ByteBuffer.wrap(payload)));
				}
				catch (IOException | RuntimeException ex) {
					throw ex;
				}
				catch (Exception ex) {
					throw new IOException(ex);
				}
				return true;
			}
			default -> {
				closeReceived(peerStatus(payload));
				return false;
			}
		}
	}

	private static CloseStatus peerStatus(byte[] payload) throws WebSocketProtocolException {
		if (payload.length == 0) {
			return CloseStatus.NO_STATUS_CODE;
		}
		if (payload.length == 1) {
			throw new WebSocketProtocolException(1002, "Close frame with a one-byte payload");
		}
		int code = ((payload[0] & 0xFF) << 8) | (payload[1] & 0xFF);
		if (!isValidPeerCloseCode(code)) {
			throw new WebSocketProtocolException(1002, "Invalid close code " + code);
		}
		String reason;
		try {
			reason = StandardCharsets.UTF_8.newDecoder()
				.onMalformedInput(CodingErrorAction.REPORT)
				.onUnmappableCharacter(CodingErrorAction.REPORT)
				.decode(ByteBuffer.wrap(payload, 2, payload.length - 2))
				.toString();
		}
		catch (CharacterCodingException ex) {
			throw new WebSocketProtocolException(1007, "Close reason is not valid UTF-8");
		}
		return new CloseStatus(code, reason);
	}

	/**
	 * Return whether a peer may send the code (RFC 6455 section 7.4): the defined codes other
	 * than those reserved for local use, and the ranges for libraries and applications.
	 */
	public static boolean isValidPeerCloseCode(int code) {
		if (code >= 3000 && code <= 4999) {
			return true;
		}
		return code >= 1000 && code <= 1014 && code != 1004 && code != 1005 && code != 1006;
	}

	private void closeReceived(CloseStatus peerStatus) {
		CloseStatus sent = this.closeSent.get();
		if (sent == null && this.closeSent.compareAndSet(null, peerStatus)) {
			// Answer with the peer's code, as RFC 6455 section 5.5.1 suggests.
			ByteBuffer answer = (peerStatus.getCode() == CloseStatus.NO_STATUS_CODE.getCode()) ? ByteBuffer.allocate(0)
					: ByteBuffer.allocate(2).putShort(0, (short) peerStatus.getCode());
			writeLastFrame(answer);
			terminate(peerStatus);
		}
		else {
			// The answer to our close frame: the handshake is complete.
			terminate((sent != null) ? sent : peerStatus);
		}
	}

	private void fail(WebSocketProtocolException ex) {
		if (ex.closeCode() != CloseStatus.TOO_BIG_TO_PROCESS.getCode()) {
			reportTransportError(ex);
		}
		CloseStatus status = new CloseStatus(ex.closeCode(), truncate(ex.getMessage()));
		this.closeSent.compareAndSet(null, status);
		writeLastFrame(closePayload(status));
		terminate(status);
	}

	/**
	 * Write a close frame and refuse further writes, giving up on a peer that does not take it
	 * within the close handshake timeout.
	 */
	private void writeLastFrame(ByteBuffer closePayload) {
		withinDeadline(CLOSE_HANDSHAKE_TIMEOUT, () -> this.writer.closeAfter(closePayload, FrameReader.CLOSE));
	}

	/**
	 * Write, shutting the socket down if the write has not ended within the timeout; a failed
	 * write is left to the dropped connection to tell.
	 */
	private void withinDeadline(Duration timeout, Write write) {
		ScheduledFuture<?> deadline = Deadlines.schedule(this.channel::shutdown, timeout);
		try {
			write.run();
		}
		catch (IOException ignored) {
			// The peer is gone or not reading: the dropped connection tells it.
		}
		finally {
			deadline.cancel(false);
		}
	}

	@FunctionalInterface
	private interface Write {

		void run() throws IOException;

	}

	private void lost(IOException ex) {
		if (this.ended.get()) {
			return;
		}
		reportTransportError(ex);
		terminate(CloseStatus.NO_CLOSE_FRAME);
	}

	private void reportTransportError(Throwable ex) {
		try {
			this.handler.handleTransportError(this, ex);
		}
		catch (Throwable handlerFailure) {
			logger.debug("Transport error handler failed on WebSocket connection " + this.id, handlerFailure);
		}
	}

	@Override
	public void sendMessage(WebSocketMessage<?> message) throws IOException {
		try {
			writeMessage(message);
		}
		catch (IOException ex) {
			// A write that fails has lost the connection (the peer reset it, or a deadline shut
			// it): end the session now, so that the sender learns it is closed, not broken.
			if (!this.ended.get()) {
				terminate(CloseStatus.NO_CLOSE_FRAME);
			}
			throw ex;
		}
	}

	private void writeMessage(WebSocketMessage<?> message) throws IOException {
		if (message instanceof TextMessage text) {
			sendData(FrameReader.TEXT, text.isLast(), ByteBuffer.wrap(text.asBytes()));
		}
		else if (message instanceof BinaryMessage binary) {
			sendData(FrameReader.BINARY, binary.isLast(), binary.getPayload());
		}
		else if (message instanceof PingMessage ping) {
			this.writer.write(true, FrameReader.PING, ping.getPayload());
		}
		else if (message instanceof PongMessage pong) {
			this.writer.write(true, FrameReader.PONG, pong.getPayload());
		}
		else {
			throw new IllegalArgumentException("Unexpected WebSocket message type: " + message);
		}
	}

	private void sendData(int opcode, boolean last, ByteBuffer payload) throws IOException {
		boolean first = !this.sendingFragments;
		int frameOpcode = first ? opcode : FrameReader.CONTINUATION;
		PerMessageDeflate deflate = this.deflate;
		if (deflate != null) {
			ByteBuffer compressed;
			try {
				compressed = deflate.deflate(payload, last);
			}
			catch (IllegalStateException | NullPointerException ex) {
				// The compressor was released: the session has ended.
				throw new java.nio.channels.ClosedChannelException();
			}
			this.writer.write(last, frameOpcode, compressed, first);
		}
		else {
			this.writer.write(last, frameOpcode, payload);
		}
		this.sendingFragments = !last;
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
	public PulledSession pulled() {
		return this;
	}

	/**
	 * Send a ping unless a frame is being written, which proves the connection busy anyway.
	 * @param payload the ping's payload
	 * @return whether the ping was written
	 * @throws IOException if writing fails
	 */
	public boolean tryPing(ByteBuffer payload) throws IOException {
		return this.writer.tryWrite(FrameReader.PING, payload);
	}

	/**
	 * Return when the frame being written started, whoever writes it, so that a write to a peer
	 * that reads nothing (a pong, a close frame) is cut off like a blocked send.
	 * @return the start from {@link System#nanoTime()}, or 0 when no frame is being written
	 */
	public long writeStartedNanos() {
		return this.writer.writeStartedNanos();
	}

	@Override
	public void close() throws IOException {
		close(CloseStatus.NORMAL);
	}

	@Override
	public void close(CloseStatus status) throws IOException {
		if (!this.closeSent.compareAndSet(null, status)) {
			return;
		}
		ScheduledFuture<?> deadline = Deadlines.schedule(() -> terminate(status), CLOSE_HANDSHAKE_TIMEOUT);
		this.writer.closeAfter(closePayload(status), FrameReader.CLOSE);
		if (this.readLock.tryLock()) {
			// Nobody reads: wait for the peer's answer here.
			try {
				awaitPeerClose(status);
			}
			finally {
				this.readLock.unlock();
				deadline.cancel(false);
			}
		}
	}

	private void awaitPeerClose(CloseStatus sent) {
		byte[] discard = null;
		try {
			while (!this.ended.get()) {
				if (!this.frameOpen) {
					this.reader.readHeader();
					if (this.reader.opcode() == FrameReader.CLOSE) {
						byte[] payload = new byte[(int) this.reader.remaining()];
						this.reader.readPayload(payload, 0, payload.length);
						terminate(sent);
						return;
					}
					this.frameOpen = true;
				}
				// Whatever else the peer sent after our close frame is dropped.
				if (discard == null) {
					discard = new byte[Math.min(this.partSize, 8192)];
				}
				int length = (int) Math.min(this.reader.remaining(), discard.length);
				this.reader.readPayload(discard, 0, length);
				this.frameOpen = this.reader.remaining() > 0;
			}
		}
		catch (IOException ex) {
			terminate(sent);
		}
	}

	/**
	 * End the session at once: offer the peer a close frame briefly, then close the socket.
	 * @param sent the close frame offered to the peer
	 * @param local the status the application and metrics see
	 */
	public void abort(CloseStatus sent, CloseStatus local) {
		if (this.ended.get()) {
			return;
		}
		if (this.closeSent.compareAndSet(null, sent)) {
			withinDeadline(WebSocketTransport.ABORT_CLOSE_FRAME_TIMEOUT, () -> this.writer.tryWrite(FrameReader.CLOSE, closePayload(sent)));
		}
		terminate(local);
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
	private void terminate(CloseStatus status) {
		if (!this.ended.compareAndSet(false, true)) {
			return;
		}
		// The handler learns of the close first, so that a send or receive the shutdown fails
		// finds the connection's close status already set.
		try {
			this.handler.afterConnectionClosed(this, status);
		}
		catch (Throwable ex) {
			logger.warn("Handler failed after WebSocket connection " + this.id + " closed", ex);
		}
		this.channel.shutdown();
		if (this.readLock.tryLock()) {
			try {
				if (this.writer.tryClose()) {
					this.channel.close();
				}
			}
			finally {
				this.readLock.unlock();
			}
		}
	}

	/**
	 * Release the socket once no thread can be reading or writing.
	 */
	private void release() {
		this.readLock.lock();
		try {
			this.writer.closeAfter(null, FrameReader.CLOSE);
			this.channel.close();
			PerMessageDeflate deflate = this.deflate;
			if (deflate != null) {
				deflate.end();
			}
		}
		finally {
			this.readLock.unlock();
		}
	}

	private static ByteBuffer closePayload(CloseStatus status) {
		if (status.getCode() == CloseStatus.NO_STATUS_CODE.getCode()
				|| status.getCode() == CloseStatus.NO_CLOSE_FRAME.getCode()) {
			return ByteBuffer.allocate(0);
		}
		byte[] reason = truncate(status.getReason()).getBytes(StandardCharsets.UTF_8);
		ByteBuffer payload = ByteBuffer.allocate(2 + reason.length);
		payload.putShort((short) status.getCode()).put(reason);
		return payload.flip();
	}

	private static String truncate(@Nullable String reason) {
		if (reason == null) {
			return "";
		}
		if (reason.getBytes(StandardCharsets.UTF_8).length <= MAX_CLOSE_REASON_BYTES) {
			return reason;
		}
		// Cut on a character boundary so that the reason stays valid UTF-8.
		int end = Math.min(reason.length(), MAX_CLOSE_REASON_BYTES / 3);
		return reason.substring(0, end);
	}

	@Override
	public String getId() {
		return this.id;
	}

	@Override
	public @Nullable URI getUri() {
		return this.handshake.uri();
	}

	@Override
	public HttpHeaders getHandshakeHeaders() {
		return this.handshake.headers();
	}

	@Override
	public Map<String, Object> getAttributes() {
		return this.handshake.attributes();
	}

	@Override
	public @Nullable Principal getPrincipal() {
		return this.handshake.principal();
	}

	@Override
	public @Nullable InetSocketAddress getLocalAddress() {
		return this.channel.localAddress();
	}

	@Override
	public @Nullable InetSocketAddress getRemoteAddress() {
		return this.channel.remoteAddress();
	}

	@Override
	public @Nullable String getAcceptedProtocol() {
		return this.handshake.subprotocol();
	}

	@Override
	public void setTextMessageSizeLimit(int messageSizeLimit) {
		this.textMessageSizeLimit = messageSizeLimit;
	}

	@Override
	public int getTextMessageSizeLimit() {
		return this.textMessageSizeLimit;
	}

	@Override
	public void setBinaryMessageSizeLimit(int messageSizeLimit) {
		this.binaryMessageSizeLimit = messageSizeLimit;
	}

	@Override
	public int getBinaryMessageSizeLimit() {
		return this.binaryMessageSizeLimit;
	}

	@Override
	public List<WebSocketExtension> getExtensions() {
		return (this.deflate != null) ? List.of(new WebSocketExtension(PerMessageDeflate.NAME)) : List.of();
	}

	@Override
	public boolean isOpen() {
		return !this.ended.get() && this.closeSent.get() == null;
	}

	@Override
	public String toString() {
		return "DirectWebSocketSession[id=" + this.id + ", uri=" + this.handshake.uri() + "]";
	}

	/**
	 * What the handshake established for a session.
	 *
	 * @param uri the request URI
	 * @param headers the request headers
	 * @param attributes the attributes the handshake interceptors set
	 * @param principal the authenticated user, if any
	 * @param subprotocol the accepted subprotocol, if any
	 */
	public record Handshake(@Nullable URI uri, HttpHeaders headers, Map<String, Object> attributes,
			@Nullable Principal principal, @Nullable String subprotocol) {
	}

	/**
	 * One timer thread for the close deadlines of all sessions; the work it triggers runs on
	 * virtual threads so that no handler callback can hold it up.
	 */
	private static final class Deadlines {

		private static final ScheduledExecutorService TIMER = Executors
			.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("wsboot-close-deadlines").factory());

		static ScheduledFuture<?> schedule(Runnable task, Duration delay) {
			return TIMER.schedule(() -> Thread.ofVirtual().start(task), delay.toNanos(), TimeUnit.NANOSECONDS);
		}

	}

}
