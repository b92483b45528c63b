package dev.wsboot.broadcast;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;

import dev.wsboot.WebSocketMessage;
import org.jspecify.annotations.Nullable;

/**
 * The binary form of a broadcast or a heartbeat on a shared channel.
 * <p>
 * Layout (big-endian): version byte (1); kind byte (0 heartbeat, 1 broadcast); origin instance
 * id (16 bytes); for a broadcast then: target byte (0 endpoint, 1 group), message type byte (0
 * text, 1 binary), publication time in microseconds since the epoch (8 bytes), the target name's
 * UTF-8 length (2 bytes, unsigned) and bytes, the payload's length (4 bytes) and bytes (UTF-8 for
 * text).
 *
 * @param origin the instance that published it
 * @param broadcast the broadcast, or {@code null} for a heartbeat
 */
record BroadcastEnvelope(UUID origin, @Nullable Broadcast broadcast) {

	static final byte VERSION = 1;

	private static final byte HEARTBEAT = 0;

	private static final byte BROADCAST = 1;

	private static final int HEADER = 2 + 16;

	boolean isHeartbeat() {
		return this.broadcast == null;
	}

	static byte[] heartbeat(UUID origin) {
		return header(ByteBuffer.allocate(HEADER), HEARTBEAT, origin).array();
	}

	static byte[] encode(UUID origin, Broadcast broadcast) {
		byte[] name = broadcast.name().getBytes(StandardCharsets.UTF_8);
		if (name.length > 0xFFFF) {
			throw new IllegalArgumentException("Broadcast target name is longer than 65535 bytes of UTF-8");
		}
		WebSocketMessage message = broadcast.message();
		ByteBuffer payload = message.isText() ? ByteBuffer.wrap(message.text().getBytes(StandardCharsets.UTF_8))
				: message.payload();
		// The publication time travels as wall-clock time: nanoTime means nothing elsewhere.
		long ageNanos = Math.max(0, System.nanoTime() - broadcast.publishedNanos());
		Instant published = Instant.now().minusNanos(ageNanos);
		ByteBuffer buffer = ByteBuffer.allocate(HEADER + 2 + 8 + 2 + name.length + 4 + payload.remaining());
		header(buffer, BROADCAST, origin);
		buffer.put((byte) broadcast.target().ordinal());
		buffer.put((byte) message.type().ordinal());
		buffer.putLong(published.getEpochSecond() * 1_000_000 + published.getNano() / 1_000);
		buffer.putShort((short) name.length);
		buffer.put(name);
		buffer.putInt(payload.remaining());
		buffer.put(payload);
		return buffer.array();
	}

	/**
	 * Decode an envelope.
	 * @param bytes the envelope, which the decoded message may keep
	 * @return the envelope
	 * @throws IllegalArgumentException if the bytes are no envelope of this version
	 */
	static BroadcastEnvelope decode(byte[] bytes) {
		try {
			ByteBuffer buffer = ByteBuffer.wrap(bytes);
			byte version = buffer.get();
			if (version != VERSION) {
				throw new IllegalArgumentException("Unknown broadcast envelope version " + version);
			}
			byte kind = buffer.get();
			UUID origin = new UUID(buffer.getLong(), buffer.getLong());
			if (kind == HEARTBEAT) {
				return new BroadcastEnvelope(origin, null);
			}
			if (kind != BROADCAST) {
				throw new IllegalArgumentException("Unknown broadcast envelope kind " + kind);
			}
			Broadcast.Target target = Broadcast.Target.values()[buffer.get()];
			WebSocketMessage.Type type = WebSocketMessage.Type.values()[buffer.get()];
			long publishedMicros = buffer.getLong();
			byte[] name = new byte[Short.toUnsignedInt(buffer.getShort())];
			buffer.get(name);
			int length = buffer.getInt();
			if (length != buffer.remaining()) {
				throw new IllegalArgumentException("Broadcast envelope payload length " + length + " but "
						+ buffer.remaining() + " bytes follow");
			}
			WebSocketMessage message = (type == WebSocketMessage.Type.TEXT)
					? WebSocketMessage.text(new String(bytes, buffer.position(), length, StandardCharsets.UTF_8))
					: WebSocketMessage.binary(buffer.slice(), true);
			return new BroadcastEnvelope(origin, new Broadcast(target, new String(name, StandardCharsets.UTF_8),
					message, System.nanoTime() - ageNanos(publishedMicros)));
		}
		catch (RuntimeException ex) {
			if (ex instanceof IllegalArgumentException) {
				throw ex;
			}
			throw new IllegalArgumentException("Malformed broadcast envelope of " + bytes.length + " bytes", ex);
		}
	}

	private static long ageNanos(long publishedMicros) {
		Instant now = Instant.now();
		long nowMicros = now.getEpochSecond() * 1_000_000 + now.getNano() / 1_000;
		// Clocks of different hosts disagree a little; a broadcast is never from the future.
		return Math.max(0, nowMicros - publishedMicros) * 1_000;
	}

	private static ByteBuffer header(ByteBuffer buffer, byte kind, UUID origin) {
		return buffer.put(VERSION)
			.put(kind)
			.putLong(origin.getMostSignificantBits())
			.putLong(origin.getLeastSignificantBits());
	}

}
