package dev.wsboot.server.resume;

import java.util.ArrayDeque;
import java.util.Arrays;

import dev.wsboot.WebSocketMessage;
import org.jspecify.annotations.Nullable;

/**
 * The outbound messages of one resumable connection that its client has not acknowledged,
 * numbered from 1, with the bytes they hold. Not thread-safe: its connection guards it.
 */
final class ResendBuffer {

	private @Nullable WebSocketMessage[] messages = new WebSocketMessage[8];

	/** The stream id of each kept broadcast, beside its message. */
	private @Nullable String[] broadcastIds = new String[8];

	private int head;

	private int size;

	/** Sequence number of the message at {@link #head}. */
	private long firstSequence;

	private long bytes;

	/** Who waits to hear that a message is written, in sequence order. */
	private final ArrayDeque<PendingDone> pendingDones = new ArrayDeque<>();

	/**
	 * Keep a message.
	 * @param message the message as it goes on the wire
	 * @return its sequence number
	 */
	ResendBuffer() {
		this(1);
	}

	/**
	 * Create a buffer whose first message gets a given number, for a connection that goes on
	 * from another instance.
	 * @param firstSequence the first message's number
	 */
	ResendBuffer(long firstSequence) {
		this.firstSequence = firstSequence;
	}

	long add(WebSocketMessage message) {
		return add(message, null, null);
	}

	/**
	 * Keep a message and who waits to hear that it is written.
	 * @param message the message as it goes on the wire
	 * @param done run once the message is written, or dropped when the buffer is cleared
	 * @param broadcastId the broadcast's stream id, for a numbered broadcast
	 * @return its sequence number
	 */
	long add(WebSocketMessage message, @Nullable Runnable done, @Nullable String broadcastId) {
		if (this.size == this.messages.length) {
			grow();
		}
		this.messages[(this.head + this.size) % this.messages.length] = message;
		this.broadcastIds[(this.head + this.size) % this.messages.length] = broadcastId;
		this.size++;
		this.bytes += message.payloadLength();
		long sequence = this.firstSequence + this.size - 1;
		if (done != null) {
			this.pendingDones.add(new PendingDone(sequence, done));
		}
		return sequence;
	}

	/**
	 * Return a kept message.
	 * @param sequence its sequence number
	 * @return the message, or {@code null} if it was acknowledged or is not sent yet
	 */
	@Nullable WebSocketMessage get(long sequence) {
		long index = sequence - this.firstSequence;
		if (index < 0 || index >= this.size) {
			return null;
		}
		return this.messages[(int) ((this.head + index) % this.messages.length)];
	}

	/**
	 * Return the stream id of a kept broadcast.
	 * @param sequence its sequence number
	 * @return the id, or {@code null} for a message that is no numbered broadcast
	 */
	@Nullable String broadcastId(long sequence) {
		long index = sequence - this.firstSequence;
		if (index < 0 || index >= this.size) {
			return null;
		}
		return this.broadcastIds[(int) ((this.head + index) % this.messages.length)];
	}

	/**
	 * Forget every message up to a count the client acknowledged.
	 * @param received how many messages the client received in all
	 * @return {@code false} if the count is beyond what was sent, which no honest client says
	 */
	boolean acknowledge(long received) {
		if (received >= nextSequence()) {
			return false;
		}
		while (this.firstSequence <= received) {
			WebSocketMessage oldest = this.messages[this.head];
			this.bytes -= (oldest != null) ? oldest.payloadLength() : 0;
			this.messages[this.head] = null;
			this.broadcastIds[this.head] = null;
			this.head = (this.head + 1) % this.messages.length;
			this.size--;
			this.firstSequence++;
		}
		return true;
	}

	/**
	 * Return the sequence number the next message gets.
	 * @return the number
	 */
	long nextSequence() {
		return this.firstSequence + this.size;
	}

	/**
	 * Return the sequence number of the oldest message kept.
	 * @return the number, or {@link #nextSequence()} when none is kept
	 */
	long firstSequence() {
		return this.firstSequence;
	}

	/**
	 * Return the payload bytes of the kept messages.
	 * @return the byte count
	 */
	long bytes() {
		return this.bytes;
	}

	/**
	 * Tell whoever waits that the messages up to a sequence number are written.
	 * @param sequence the sequence number of the last message written
	 */
	void runDonesUpTo(long sequence) {
		while (!this.pendingDones.isEmpty() && this.pendingDones.peek().sequence() <= sequence) {
			this.pendingDones.poll().done().run();
		}
	}

	/** Forget everything, when the connection ends, and tell whoever waits. */
	void clear() {
		runDonesUpTo(Long.MAX_VALUE);
		Arrays.fill(this.messages, null);
		Arrays.fill(this.broadcastIds, null);
		this.firstSequence += this.size;
		this.size = 0;
		this.head = 0;
		this.bytes = 0;
	}

	private void grow() {
		@Nullable WebSocketMessage[] larger = new WebSocketMessage[this.messages.length * 2];
		@Nullable String[] largerIds = new String[larger.length];
		for (int i = 0; i < this.size; i++) {
			larger[i] = this.messages[(this.head + i) % this.messages.length];
			largerIds[i] = this.broadcastIds[(this.head + i) % this.messages.length];
		}
		this.messages = larger;
		this.broadcastIds = largerIds;
		this.head = 0;
	}

	private record PendingDone(long sequence, Runnable done) {
	}

}
