package dev.wsboot.server.connection;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.locks.LockSupport;

import dev.wsboot.WebSocketMessage;
import dev.wsboot.server.PulledSession;
import dev.wsboot.server.ReadPauser;
import org.jspecify.annotations.Nullable;
import org.springframework.util.Assert;

/**
 * The receiving side of one connection: takes the parts the container reads, checks each
 * message against the size limit (a pulled session checks for itself) and hands parts or whole
 * messages to the handler's thread.
 * With a {@link PulledSession} the handler's thread reads the parts itself, each straight into
 * the hands of the {@code receive} that asked for it; otherwise they wait in an
 * {@link InboundQueue} between the container's thread and the handler's.
 */
final class InboundMessages {

	private final @Nullable InboundQueue queue;

	private final @Nullable PulledSession pulled;

	/** A pulled part not yet taken; the handler's thread only. */
	private @Nullable WebSocketMessage pulledPart;

	/** Pulled parts beyond the first from one pump, which a container never hands in. */
	private @Nullable ArrayDeque<WebSocketMessage> morePulledParts;

	private volatile boolean pulledEnded;

	private volatile @Nullable Thread awaitingEnd;

	/** For queued parts only; {@code null} for a pulled session. */
	private final @Nullable MessageSizeTracker sizes;

	/** Set by the container's thread only. */
	private boolean discardingOversizeMessage;

	InboundMessages(int queueCapacity, ReadPauser pauser, long maxMessageSize, @Nullable PulledSession pulled) {
		this.queue = (pulled != null) ? null : new InboundQueue(queueCapacity, pauser);
		this.sizes = (pulled != null) ? null : new MessageSizeTracker(maxMessageSize);
		this.pulled = pulled;
	}

	/**
	 * Take a part the container read; called on the container's thread only.
	 * @param part the part, holding bytes the connection may keep
	 * @return {@code false} if it took the message over the size limit: the caller closes the
	 * connection with 1009 and then calls {@link #end()}, in that order, so that the handler
	 * never sees its receive end before the close status is set; the rest of the message is
	 * dropped
	 */
	boolean partReceived(WebSocketMessage part) {
		InboundQueue queue = this.queue;
		if (queue != null) {
			if (this.discardingOversizeMessage) {
				return true;
			}
			MessageSizeTracker sizes = Objects.requireNonNull(this.sizes);
			boolean withinLimit = part.isText() ? sizes.addText(part.text(), part.isLast())
					: sizes.addBinary(part.payloadLength(), part.isLast());
			if (!withinLimit) {
				this.discardingOversizeMessage = true;
				return false;
			}
			queue.put(part);
		}
		else if (this.pulledEnded) {
			// As a queue does: nothing is taken after the end.
			return true;
		}
		else if (this.pulledPart == null) {
			this.pulledPart = part;
		}
		else {
			if (this.morePulledParts == null) {
				this.morePulledParts = new ArrayDeque<>(2);
			}
			this.morePulledParts.addLast(part);
		}
		return true;
	}

	/** No more parts come: receiving returns {@code null} once the queued ones are taken. */
	void end() {
		InboundQueue queue = this.queue;
		if (queue != null) {
			queue.end();
			return;
		}
		this.pulledEnded = true;
		LockSupport.unpark(this.awaitingEnd);
	}

	@Nullable WebSocketMessage receive() throws IOException {
		WebSocketMessage first = receivePart();
		if (first == null || first.isLast()) {
			return first;
		}
		return first.isText() ? assembleText(first) : assembleBinary(first);
	}

	@Nullable WebSocketMessage receivePart() throws IOException {
		PulledSession pulled = this.pulled;
		InboundQueue queue = this.queue;
		if (queue != null) {
			return queue.take();
		}
		Assert.state(pulled != null, "Neither pulled nor queued");
		// Each pump hands at most one part in through partReceived, on this thread; false once
		// the session has ended.
		while (this.pulledPart == null && pulled.pump()) {
			// Control frames only so far.
		}
		WebSocketMessage part = this.pulledPart;
		if (part != null) {
			ArrayDeque<WebSocketMessage> more = this.morePulledParts;
			this.pulledPart = (more != null) ? more.pollFirst() : null;
			return part;
		}
		awaitEnd();
		return null;
	}

	/**
	 * Wait until the connection's close has been recorded: the session may end on another
	 * thread a moment before it tells the connection, and the handler must find the close status
	 * set when its receive returns {@code null}.
	 */
	private void awaitEnd() throws InterruptedIOException {
		this.awaitingEnd = Thread.currentThread();
		try {
			while (!this.pulledEnded) {
				LockSupport.park(this);
				if (Thread.interrupted()) {
					throw new InterruptedIOException("Interrupted while waiting for a WebSocket message");
				}
			}
		}
		finally {
			this.awaitingEnd = null;
		}
	}

	private @Nullable WebSocketMessage assembleText(WebSocketMessage first) throws IOException {
		StringBuilder text = new StringBuilder(first.text());
		WebSocketMessage part;
		do {
			part = receivePart();
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
			part = receivePart();
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

	/** A whole answer is out: reading need no longer wait for it (see {@link InboundQueue}). */
	void answered() {
		InboundQueue queue = this.queue;
		if (queue != null) {
			queue.answered();
		}
	}

	boolean isPulled() {
		return this.pulled != null;
	}

	boolean isReadingPaused() {
		// A pulled session reads only when asked: there is nothing to pause.
		InboundQueue queue = this.queue;
		return queue != null && queue.isReadingPaused();
	}

	int highWaterMark() {
		InboundQueue queue = this.queue;
		return (queue != null) ? queue.highWaterMark() : 1;
	}

}
