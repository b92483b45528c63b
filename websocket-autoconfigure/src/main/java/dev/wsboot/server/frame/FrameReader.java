package dev.wsboot.server.frame;

import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import org.jspecify.annotations.Nullable;

/**
 * Reads the frames a client sends (RFC 6455 section 5.2), one header and then its payload in as
 * many pieces as the caller wants, unmasking as it goes. It checks what a single header can
 * break; message-level rules are the session's.
 */
public final class FrameReader {

	public static final int CONTINUATION = 0x0;

	public static final int TEXT = 0x1;

	public static final int BINARY = 0x2;

	public static final int CLOSE = 0x8;

	public static final int PING = 0x9;

	public static final int PONG = 0xA;

	private static final int MAX_CONTROL_PAYLOAD = 125;

	private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

	private final FrameChannel channel;

	// 2 header bytes + 8 length bytes + 4 mask bytes at most.
	private final ByteBuffer header = ByteBuffer.allocate(14);

	private final boolean compressionAgreed;

	private boolean fin;

	private boolean rsv1;

	private int opcode;

	private int mask;

	private long remaining;

	private long maskOffset;

	public FrameReader(FrameChannel channel) {
		this(channel, false);
	}

	public FrameReader(FrameChannel channel, boolean compressionAgreed) {
		this.channel = channel;
		this.compressionAgreed = compressionAgreed;
	}

	/**
	 * Read the next frame's header.
	 * @throws WebSocketProtocolException if the header breaks the protocol
	 * @throws IOException if reading fails
	 */
	public void readHeader() throws IOException {
		ByteBuffer header = this.header;
		header.clear().limit(2);
		fill(header);
		int first = header.get(0) & 0xFF;
		int second = header.get(1) & 0xFF;
		// RSV1 marks a compressed message where permessage-deflate was agreed; the session checks
		// that it appears only where the extension allows.
		if ((first & (this.compressionAgreed ? 0x30 : 0x70)) != 0) {
			throw new WebSocketProtocolException(1002, "Reserved bits set without a negotiated extension");
		}
		this.rsv1 = (first & 0x40) != 0;
		if ((second & 0x80) == 0) {
			throw new WebSocketProtocolException(1002, "Client frame not masked");
		}
		this.fin = (first & 0x80) != 0;
		this.opcode = first & 0x0F;
		int length = second & 0x7F;
		boolean control = (this.opcode & 0x8) != 0;
		if (this.opcode > BINARY && !control || this.opcode > PONG) {
			throw new WebSocketProtocolException(1002, "Unknown opcode " + this.opcode);
		}
		if (control && (!this.fin || length > MAX_CONTROL_PAYLOAD)) {
			throw new WebSocketProtocolException(1002, "Fragmented or oversize control frame");
		}
		int extra = (length == 126) ? 2 : (length == 127) ? 8 : 0;
		header.limit(2 + extra + 4);
		fill(header);
		long payloadLength = switch (extra) {
			case 2 -> header.getShort(2) & 0xFFFF;
			case 8 -> header.getLong(2);
			default -> length;
		};
		if (payloadLength < 0) {
			throw new WebSocketProtocolException(1002, "Frame length over 2^63");
		}
		this.mask = header.getInt(2 + extra);
		this.remaining = payloadLength;
		this.maskOffset = 0;
	}

	/**
	 * Let the channel wait for the next frame in its cheapest way, taking pongs meanwhile
	 * ({@link FrameChannel#awaitNextFrame}); call only where {@link #readHeader()} would be.
	 * @param pongs told of each pong the channel takes
	 * @throws IOException if the channel failed while waiting
	 */
	public void awaitNextFrame(FrameChannel.PongListener pongs) throws IOException {
		this.channel.awaitNextFrame(pongs);
	}

	private void fill(ByteBuffer buffer) throws IOException {
		while (buffer.hasRemaining()) {
			this.channel.read(buffer);
		}
	}

	/**
	 * Read the next bytes of the current frame's payload, unmasked.
	 * @param target where they go
	 * @param offset the first index to fill
	 * @param length how many bytes, at most {@link #remaining()}
	 * @throws IOException if reading fails
	 */
	public void readPayload(byte[] target, int offset, int length) throws IOException {
		readPayload(target, offset, length, null);
	}

	/**
	 * Read the next bytes of the current frame's payload, unmasked, checking each piece that
	 * arrives as UTF-8 before waiting for the next.
	 * @param target where they go
	 * @param offset the first index to fill
	 * @param length how many bytes, at most {@link #remaining()}
	 * @param utf8 the text message's validator, or {@code null} for bytes that need no check
	 * @throws WebSocketProtocolException with 1007 as soon as the text cannot be UTF-8
	 * @throws IOException if reading fails
	 */
	public void readPayload(byte[] target, int offset, int length, @Nullable Utf8Validator utf8) throws IOException {
		ByteBuffer buffer = ByteBuffer.wrap(target, offset, length);
		int checked = offset;
		while (buffer.hasRemaining()) {
			this.channel.read(buffer);
			int end = buffer.position();
			unmask(target, checked, end - checked);
			if (utf8 != null && !utf8.accept(target, checked, end - checked)) {
				throw new WebSocketProtocolException(1007, "Text message is not valid UTF-8");
			}
			checked = end;
		}
		this.remaining -= length;
	}

	private void unmask(byte[] bytes, int offset, int length) {
		int shift = (int) (this.maskOffset & 3);
		// The key rotated so that its first byte applies to bytes[offset].
		int key = Integer.rotateLeft(this.mask, 8 * shift);
		long wideKey = ((key & 0xFFFFFFFFL) << 32) | (key & 0xFFFFFFFFL);
		int i = 0;
		for (; i + 8 <= length; i += 8) {
			LONGS.set(bytes, offset + i, (long) LONGS.get(bytes, offset + i) ^ wideKey);
		}
		for (; i < length; i++) {
			bytes[offset + i] ^= (byte) (key >>> (8 * (3 - (i & 3))));
		}
		this.maskOffset += length;
	}

	public boolean fin() {
		return this.fin;
	}

	public boolean rsv1() {
		return this.rsv1;
	}

	public int opcode() {
		return this.opcode;
	}

	public long remaining() {
		return this.remaining;
	}

}
