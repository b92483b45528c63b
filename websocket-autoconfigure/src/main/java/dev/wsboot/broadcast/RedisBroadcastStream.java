package dev.wsboot.broadcast;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.jspecify.annotations.Nullable;
import org.springframework.data.domain.Range;
import org.springframework.data.redis.connection.Limit;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.ReturnType;
import org.springframework.data.redis.connection.stream.ByteRecord;

/**
 * The cluster-wide order of broadcasts, kept in a Redis stream ({@code <prefix>:stream}) with a
 * bounded length and a time to live, so that a client resuming on another instance gets the
 * broadcasts it missed.
 * <p>
 * One script adds each broadcast to the stream and publishes it with its stream id, so that
 * every instance, the publisher included, hears the broadcasts in the stream's order. A published
 * message is then {@code <id>|<envelope>}; heartbeats stay bare envelopes, whose first byte is
 * never a digit.
 */
final class RedisBroadcastStream {

	/** Broadcasts kept in the stream, about (Redis trims whole nodes). */
	static final int MAX_LENGTH = 10_000;

	private static final byte[] PUBLISH = """
			local id = redis.call('XADD', KEYS[1], 'MAXLEN', '~', ARGV[1], '*', 'e', ARGV[2])
			redis.call('PEXPIRE', KEYS[1], ARGV[3])
			redis.call('PUBLISH', KEYS[2], id .. '|' .. ARGV[2])
			return id
			""".getBytes(StandardCharsets.UTF_8);

	private static final byte SEPARATOR = '|';

	private final byte[] stream;

	private final byte[] channel;

	private final byte[] maxLength = Integer.toString(MAX_LENGTH).getBytes(StandardCharsets.US_ASCII);

	private final byte[] timeToLive;

	RedisBroadcastStream(String channelPrefix, byte[] channel, Duration timeToLive) {
		this.stream = (channelPrefix + ":stream").getBytes(StandardCharsets.UTF_8);
		this.channel = channel;
		this.timeToLive = Long.toString(Math.max(1, timeToLive.toMillis())).getBytes(StandardCharsets.US_ASCII);
	}

	/**
	 * Return the stream's key.
	 * @return the key, {@code <prefix>:stream}
	 */
	byte[] key() {
		return this.stream;
	}

	/**
	 * Add a broadcast to the stream and publish it with its id, in one step.
	 * @param connection the connection to Redis
	 * @param envelope the broadcast's envelope
	 */
	void publish(RedisConnection connection, byte[] envelope) {
		connection.scriptingCommands()
			.eval(PUBLISH, ReturnType.VALUE, 2, this.stream, this.channel, this.maxLength, envelope, this.timeToLive);
	}

	/**
	 * Split a published message into its stream id and envelope.
	 * @param body the message
	 * @return the id and the envelope; a {@code null} id for a bare envelope
	 */
	static Numbered split(byte[] body) {
		if (body.length == 0 || body[0] < '0' || body[0] > '9') {
			return new Numbered(null, body);
		}
		for (int i = 1; i < body.length && i < 48; i++) {
			if (body[i] == SEPARATOR) {
				return new Numbered(new String(body, 0, i, StandardCharsets.US_ASCII),
						Arrays.copyOfRange(body, i + 1, body.length));
			}
		}
		return new Numbered(null, body);
	}

	/**
	 * Read the broadcasts after a stream id, oldest first.
	 * @param connection the connection to Redis
	 * @param afterId the id of the last broadcast not to read
	 * @param limit the most to read
	 * @return the envelopes with their ids
	 */
	List<Numbered> readAfter(RedisConnection connection, String afterId, int limit) {
		// From the last one read, included, so that no server-side exclusive-range syntax is needed.
		List<ByteRecord> records = connection.streamCommands()
			.xRange(this.stream, Range.rightUnbounded(Range.Bound.inclusive(afterId)), Limit.limit().count(limit + 1));
		List<Numbered> entries = new ArrayList<>();
		if (records != null) {
			for (ByteRecord record : records) {
				String id = record.getId().getValue();
				byte[] envelope = record.getValue().values().stream().findFirst().orElse(null);
				if (!id.equals(afterId) && envelope != null) {
					entries.add(new Numbered(id, envelope));
				}
			}
		}
		return entries;
	}

	/**
	 * An envelope with its place in the stream.
	 *
	 * @param id the stream id, or {@code null} for a bare envelope
	 * @param envelope the envelope
	 */
	record Numbered(@Nullable String id, byte[] envelope) {
	}

}
