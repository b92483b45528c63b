package dev.wsboot.server.connection;

import dev.wsboot.server.frame.Utf8;

/**
 * Adds up the parts of the message being received on one connection, so that a message over
 * {@code max-message-size} is refused as soon as its parts pass the limit.
 */
final class MessageSizeTracker {

	private final long maxMessageSize;

	private long currentSize;

	MessageSizeTracker(long maxMessageSize) {
		this.maxMessageSize = maxMessageSize;
	}

	/**
	 * Count a binary part.
	 * @param bytes the part's size in bytes
	 * @param last whether the part ends its message
	 * @return {@code false} if the message has grown past the limit
	 */
	boolean addBinary(int bytes, boolean last) {
		return add(bytes, last);
	}

	/**
	 * Count a text part.
	 * @param text the part
	 * @param last whether the part ends its message
	 * @return {@code false} if the message has grown past the limit
	 */
	boolean addText(String text, boolean last) {
		// The limit is in bytes on the wire, and the container hands over decoded characters.
		return add(Utf8.encodedLength(text), last);
	}

	private boolean add(int bytes, boolean last) {
		this.currentSize += bytes;
		boolean withinLimit = this.currentSize <= this.maxMessageSize;
		if (last) {
			this.currentSize = 0;
		}
		return withinLimit;
	}

}
