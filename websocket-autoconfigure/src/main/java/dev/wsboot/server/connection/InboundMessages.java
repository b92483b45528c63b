package dev.wsboot.server.connection;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

import dev.wsboot.WebSocketMessage;
import dev.wsboot.server.PulledSession;
import dev.wsboot.server.ReadPauser;
import org.jspecify.annotations.Nullable;

/**
 * The receiving side of one connection: takes the parts the container reads, checks each
 * message against the size limit and hands parts or whole messages to the handler's thread.
 * With a {@link PulledSession} the handler's thread reads the parts itself.
 */
final class InboundMessages {

	private final InboundQueue queue;

	private final @Nullable PulledSession pulled;

	private final MessageSizeTracker sizes;

	/** Set by the container's thread only. */
	private boolean discardingOversizeMessage;

	InboundMessages(int queueCapacity, ReadPauser pauser, long maxMessageSize, @Nullable PulledSession pulled) {
		this.queue = new InboundQueue(queueCapacity, pauser);
		this.sizes = new MessageSizeTracker(maxMessageSize);
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
		if (this.discardingOversizeMessage) {
			return true;
		}
		boolean withinLimit = part.isText() ? this.sizes.addText(part.text(), part.isLast())
				: this.sizes.addBinary(part.payloadLength(), part.isLast());
		if (!withinLimit) {
			this.discardingOversizeMessage = true;
			return false;
		}
		this.queue.put(part);
		return true;
	}

	/** No more parts come: receiving returns {@code null} once the queued ones are taken. */
	void end() {
		this.queue.end();
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
		if (pulled != null) {
			// Each pump hands at most one part in through partReceived, on this thread.
			while (this.queue.isEmpty() && pulled.pump()) {
				// Control frames only so far.
			}
		}
		return this.queue.take();
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
		this.queue.answered();
	}

	boolean isPulled() {
		return this.pulled != null;
	}

	boolean isReadingPaused() {
		return this.queue.isReadingPaused();
	}

	int highWaterMark() {
		return this.queue.highWaterMark();
	}

}
