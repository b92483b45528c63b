package dev.wsboot.server;

import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.security.Principal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;

import dev.wsboot.CloseStatus;
import dev.wsboot.WebSocketClosedException;
import dev.wsboot.WebSocketConnection;
import dev.wsboot.WebSocketMessage;
import org.jspecify.annotations.Nullable;
import org.springframework.util.Assert;
import org.springframework.web.socket.BinaryMessage;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketSession;

/**
 * {@link WebSocketConnection} over a Spring {@link WebSocketSession}.
 * <p>
 * The container's thread feeds received parts in through {@link #partReceived}; the handler's
 * thread takes them out of a bounded {@link InboundQueue}. Sends are serialized by a lock because
 * the container allows one data frame in flight per session.
 *
 * @since 0.1.0
 */
public final class DefaultWebSocketConnection implements WebSocketConnection {

	private final WebSocketSession session;

	private final Map<String, String> pathVariables;

	private final InboundQueue inbound;

	private final MessageSizeTracker inboundSizes;

	private final long maxMessageSize;

	private final ReentrantLock sendLock = new ReentrantLock();

	private final AtomicReference<@Nullable CloseStatus> closeStatus = new AtomicReference<>();

	private boolean discardingOversizeMessage;

	/**
	 * Create a connection over an established session.
	 * @param session the session
	 * @param pathVariables the values of the mapping's path templates
	 * @param settings the runtime settings
	 */
	public DefaultWebSocketConnection(WebSocketSession session, Map<String, String> pathVariables,
			WebSocketServerSettings settings) {
		this.session = session;
		this.pathVariables = Map.copyOf(pathVariables);
		this.inbound = new InboundQueue(settings.getInboundQueueCapacity(), ReadPauser.forSession(session));
		this.maxMessageSize = settings.getMaxMessageSize();
		this.inboundSizes = new MessageSizeTracker(this.maxMessageSize);
	}

	@Override
	public String id() {
		return this.session.getId();
	}

	@Override
	public URI uri() {
		URI uri = this.session.getUri();
		Assert.state(uri != null, "Session has no URI");
		return uri;
	}

	@Override
	public @Nullable Principal principal() {
		return this.session.getPrincipal();
	}

	@Override
	public @Nullable String subprotocol() {
		String protocol = this.session.getAcceptedProtocol();
		return (protocol == null || protocol.isEmpty()) ? null : protocol;
	}

	@Override
	public Map<String, String> pathVariables() {
		return this.pathVariables;
	}

	@Override
	public Map<String, Object> attributes() {
		return this.session.getAttributes();
	}

	@Override
	public @Nullable WebSocketMessage receive() throws IOException {
		WebSocketMessage first = this.inbound.take();
		if (first == null || first.isLast()) {
			return first;
		}
		return first.isText() ? assembleText(first) : assembleBinary(first);
	}

	private @Nullable WebSocketMessage assembleText(WebSocketMessage first) throws IOException {
		StringBuilder text = new StringBuilder(first.text());
		WebSocketMessage part;
		do {
			part = this.inbound.take();
			if (part == null) {
				return null;
			}
			text.append(part.text());
		}
		while (!part.isLast());
		return WebSocketMessage.text(text.toString());
	}

	private @Nullable WebSocketMessage assembleBinary(WebSocketMessage first) throws IOException {
		List<ByteBuffer> chunks = new ArrayList<>();
		chunks.add(first.payload());
		int size = chunks.getFirst().remaining();
		WebSocketMessage part;
		do {
			part = this.inbound.take();
			if (part == null) {
				return null;
			}
			ByteBuffer chunk = part.payload();
			chunks.add(chunk);
			size += chunk.remaining();
		}
		while (!part.isLast());
		ByteBuffer whole = ByteBuffer.allocate(size);
		for (ByteBuffer chunk : chunks) {
			whole.put(chunk);
		}
		return WebSocketMessage.binary(whole.flip(), true);
	}

	@Override
	public @Nullable WebSocketMessage receivePart() throws IOException {
		return this.inbound.take();
	}

	@Override
	public void send(String text) throws IOException {
		sendNative(new TextMessage(text));
	}

	@Override
	public void send(ByteBuffer payload) throws IOException {
		sendNative(new BinaryMessage(payload));
	}

	@Override
	public void send(WebSocketMessage message) throws IOException {
		sendNative(message.isText() ? new TextMessage(message.text(), message.isLast())
				: new BinaryMessage(message.payload(), message.isLast()));
	}

	private void sendNative(org.springframework.web.socket.WebSocketMessage<?> message) throws IOException {
		CloseStatus closed = this.closeStatus.get();
		if (closed != null) {
			throw new WebSocketClosedException(closed);
		}
		this.sendLock.lock();
		try {
			this.session.sendMessage(message);
		}
		finally {
			this.sendLock.unlock();
		}
		this.inbound.answered();
	}

	@Override
	public boolean isOpen() {
		return this.closeStatus.get() == null && this.session.isOpen();
	}

	@Override
	public void close() throws IOException {
		close(CloseStatus.NORMAL);
	}

	@Override
	public void close(CloseStatus status) throws IOException {
		if (this.closeStatus.compareAndSet(null, status)) {
			this.session.close(new org.springframework.web.socket.CloseStatus(status.code(), status.reason()));
		}
	}

	@Override
	public @Nullable CloseStatus closeStatus() {
		return this.closeStatus.get();
	}

	/**
	 * Hand over a part read by the container; called on the container's thread only.
	 * @param part the part, holding bytes the connection may keep
	 * @throws IOException if closing an oversize message fails
	 */
	void partReceived(WebSocketMessage part) throws IOException {
		if (this.discardingOversizeMessage) {
			return;
		}
		boolean withinLimit = part.isText() ? this.inboundSizes.addText(part.text(), part.isLast())
				: this.inboundSizes.addBinary(part.payloadLength(), part.isLast());
		if (!withinLimit) {
			this.discardingOversizeMessage = true;
			ForcedCloseLog.messageTooBig(id(), this.maxMessageSize);
			close(CloseStatus.TOO_BIG.withReason("Message exceeds " + this.maxMessageSize + " bytes"));
			this.inbound.end();
			return;
		}
		this.inbound.put(part);
	}

	/**
	 * Record that the session has closed, so that receiving returns {@code null} once the parts
	 * already queued are taken.
	 * @param status the peer's close status, or how the session otherwise ended
	 */
	void sessionClosed(CloseStatus status) {
		this.closeStatus.compareAndSet(null, status);
		this.inbound.end();
	}

	/**
	 * Return whether reading from this connection's socket is paused for its handler.
	 * @return {@code true} while the handler has unanswered messages or a full queue
	 */
	public boolean isReadingPaused() {
		return this.inbound.isReadingPaused();
	}

	/**
	 * Return the most message parts that waited for the handler at once.
	 * @return the high-water mark of the inbound queue
	 */
	public int inboundHighWaterMark() {
		return this.inbound.highWaterMark();
	}

}
