package dev.wsboot;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

import dev.wsboot.server.frame.Utf8;
import org.jspecify.annotations.Nullable;
import org.springframework.util.Assert;

/**
 * A text or binary WebSocket message, or one part of it.
 * <p>
 * {@link WebSocketConnection#receive()} returns whole messages ({@link #isLast()} is always
 * {@code true}); {@link WebSocketConnection#receivePart()} returns the parts as the container
 * reads them, the last one flagged.
 *
 * @since 0.1.0
 */
public final class WebSocketMessage {

	private final Type type;

	private final @Nullable String text;

	private final @Nullable ByteBuffer bytes;

	private final boolean last;

	private WebSocketMessage(Type type, @Nullable String text, @Nullable ByteBuffer bytes, boolean last) {
		this.type = type;
		this.text = text;
		this.bytes = bytes;
		this.last = last;
	}

	/**
	 * Create a whole text message.
	 * @param text the text
	 * @return the message
	 */
	public static WebSocketMessage text(String text) {
		return text(text, true);
	}

	/**
	 * Create a text message or a part of one.
	 * @param text the text
	 * @param last whether this is the last part of the message
	 * @return the message
	 */
	public static WebSocketMessage text(String text, boolean last) {
		Assert.notNull(text, "Text must not be null");
		return new WebSocketMessage(Type.TEXT, text, null, last);
	}

	/**
	 * Create a whole binary message that takes over the given bytes without copying.
	 * @param bytes the payload
	 * @return the message
	 */
	public static WebSocketMessage binary(byte[] bytes) {
		Assert.notNull(bytes, "Bytes must not be null");
		return binary(ByteBuffer.wrap(bytes), true);
	}

	/**
	 * Create a binary message, or a part of one, over the remaining bytes of the buffer.
	 * @param payload the payload; the message keeps it, so it must not change afterwards
	 * @param last whether this is the last part of the message
	 * @return the message
	 */
	public static WebSocketMessage binary(ByteBuffer payload, boolean last) {
		Assert.notNull(payload, "Payload must not be null");
		return new WebSocketMessage(Type.BINARY, null, payload.slice(), last);
	}

	/**
	 * Return the kind of this message.
	 * @return text or binary
	 */
	public Type type() {
		return this.type;
	}

	/**
	 * Return whether this is a text message.
	 * @return {@code true} for text
	 */
	public boolean isText() {
		return this.type == Type.TEXT;
	}

	/**
	 * Return whether this is a binary message.
	 * @return {@code true} for binary
	 */
	public boolean isBinary() {
		return this.type == Type.BINARY;
	}

	/**
	 * Return whether this message is whole or the last part of one.
	 * @return {@code false} only for a part that more parts follow
	 */
	public boolean isLast() {
		return this.last;
	}

	/**
	 * Return the text of a text message.
	 * @return the text
	 * @throws IllegalStateException for a binary message
	 */
	public String text() {
		if (this.text == null) {
			throw new IllegalStateException("Binary message has no text; use payload()");
		}
		return this.text;
	}

	/**
	 * Return the payload: the bytes of a binary message, the UTF-8 encoding of a text message.
	 * <p>
	 * The buffer is a new view over the message's own bytes, positioned at their start; read it
	 * freely but do not change its contents.
	 * @return a view of the payload
	 */
	public ByteBuffer payload() {
		if (this.bytes != null) {
			return this.bytes.duplicate();
		}
		return ByteBuffer.wrap(text().getBytes(StandardCharsets.UTF_8));
	}

	/**
	 * Return a copy of the payload bytes.
	 * @return the bytes of a binary message, the UTF-8 encoding of a text message
	 */
	public byte[] toByteArray() {
		if (this.text != null) {
			return this.text.getBytes(StandardCharsets.UTF_8);
		}
		ByteBuffer view = payload();
		byte[] copy = new byte[view.remaining()];
		view.get(copy);
		return copy;
	}

	/**
	 * Return the payload's size in bytes as it travels on the wire before compression.
	 * @return the byte count
	 */
	public int payloadLength() {
		return (this.bytes != null) ? this.bytes.remaining() : Utf8.encodedLength(text());
	}

	@Override
	public boolean equals(@Nullable Object other) {
		if (this == other) {
			return true;
		}
		return other instanceof WebSocketMessage that && this.type == that.type && this.last == that.last
				&& Objects.equals(this.text, that.text) && Objects.equals(this.bytes, that.bytes);
	}

	@Override
	public int hashCode() {
		return Objects.hash(this.type, this.text, this.bytes, this.last);
	}

	@Override
	public String toString() {
		String size = (this.bytes != null) ? this.bytes.remaining() + " bytes" : this.text.length() + " chars";
		return "WebSocketMessage[" + this.type + ", " + size + (this.last ? "" : ", partial") + "]";
	}

	/**
	 * The kind of a WebSocket data message.
	 */
	public enum Type {

		/** UTF-8 text. */
		TEXT,

		/** Arbitrary bytes. */
		BINARY

	}

}
