package dev.wsboot.broadcast;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.wsboot.server.resume.ResumeRecord;
import dev.wsboot.server.resume.ResumeStore;
import org.jspecify.annotations.Nullable;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.ReturnType;

/**
 * Keeps resumable connections in Redis for the other instances, one hash per connection
 * ({@code <prefix>:resume:<token>}) that expires with the resume window, and reads missed
 * broadcasts from the backplane's stream.
 *
 * @since 0.1.0
 */
public final class RedisResumeStore implements ResumeStore {

	private static final byte[] SAVE = """
			redis.call('DEL', KEYS[1])
			local floor = nil
			for i = 2, #ARGV, 2 do
			  if ARGV[i] == 'floor' and ARGV[i + 1] ~= '' then floor = ARGV[i + 1] end
			end
			if floor == nil then
			  local last = redis.call('XREVRANGE', KEYS[2], '+', '-', 'COUNT', 1)
			  if #last > 0 then floor = last[1][1] else floor = '0-0' end
			end
			for i = 2, #ARGV, 2 do
			  if ARGV[i] ~= 'floor' then redis.call('HSET', KEYS[1], ARGV[i], ARGV[i + 1]) end
			end
			redis.call('HSET', KEYS[1], 'floor', floor)
			redis.call('PEXPIRE', KEYS[1], ARGV[1])
			return floor
			""".getBytes(StandardCharsets.UTF_8);

	private static final byte[] CLAIM = """
			local record = redis.call('HGETALL', KEYS[1])
			redis.call('DEL', KEYS[1])
			return record
			""".getBytes(StandardCharsets.UTF_8);

	private static final String GROUP = "g:";

	private static final String ATTRIBUTE = "a:";

	private final RedisConnectionFactory connectionFactory;

	private final String keyPrefix;

	private final byte[] stream;

	private final RedisBroadcastStream broadcasts;

	/**
	 * Create a store beside a backplane that keeps a stream of broadcasts.
	 * @param connectionFactory the connection to Redis
	 * @param channelPrefix the backplane's channel prefix
	 * @param backplane the backplane, with {@link RedisBackplane#enableStream} called
	 */
	public RedisResumeStore(RedisConnectionFactory connectionFactory, String channelPrefix, RedisBackplane backplane) {
		RedisBroadcastStream broadcasts = backplane.stream();
		if (broadcasts == null) {
			throw new IllegalStateException("The Redis backplane keeps no stream of broadcasts");
		}
		this.connectionFactory = connectionFactory;
		this.keyPrefix = channelPrefix + ":resume:";
		this.stream = broadcasts.key();
		this.broadcasts = broadcasts;
	}

	@Override
	public String save(ResumeRecord record, Duration timeToLive) {
		List<byte[]> keysAndArgs = new ArrayList<>();
		keysAndArgs.add(key(record.token()));
		keysAndArgs.add(this.stream);
		keysAndArgs.add(bytes(Long.toString(Math.max(1, timeToLive.toMillis()))));
		field(keysAndArgs, "id", record.id());
		field(keysAndArgs, "endpoint", record.endpoint());
		field(keysAndArgs, "principal", (record.principal() != null) ? record.principal() : "");
		field(keysAndArgs, "received", Long.toString(record.received()));
		field(keysAndArgs, "floor", record.broadcastFloor());
		record.groups().forEach((group) -> field(keysAndArgs, GROUP + group, "1"));
		record.attributes().forEach((name, value) -> field(keysAndArgs, ATTRIBUTE + name, value));
		try (RedisConnection connection = this.connectionFactory.getConnection()) {
			byte[] floor = connection.scriptingCommands()
				.eval(SAVE, ReturnType.VALUE, 2, keysAndArgs.toArray(new byte[0][]));
			return (floor != null) ? new String(floor, StandardCharsets.US_ASCII) : "0-0";
		}
	}

	@Override
	public @Nullable ResumeRecord claim(String token) {
		List<?> fields;
		try (RedisConnection connection = this.connectionFactory.getConnection()) {
			fields = connection.scriptingCommands().eval(CLAIM, ReturnType.MULTI, 1, key(token));
		}
		if (fields == null || fields.isEmpty()) {
			return null;
		}
		Map<String, String> values = new HashMap<>();
		for (int i = 0; i + 1 < fields.size(); i += 2) {
			values.put(string(fields.get(i)), string(fields.get(i + 1)));
		}
		Set<String> groups = new HashSet<>();
		Map<String, String> attributes = new HashMap<>();
		values.forEach((field, value) -> {
			if (field.startsWith(GROUP)) {
				groups.add(field.substring(GROUP.length()));
			}
			else if (field.startsWith(ATTRIBUTE)) {
				attributes.put(field.substring(ATTRIBUTE.length()), value);
			}
		});
		String principal = values.getOrDefault("principal", "");
		return new ResumeRecord(token, values.getOrDefault("id", token), values.getOrDefault("endpoint", ""),
				principal.isEmpty() ? null : principal, groups, attributes,
				Long.parseLong(values.getOrDefault("received", "0")), values.getOrDefault("floor", "0-0"));
	}

	@Override
	public void delete(String token) {
		try (RedisConnection connection = this.connectionFactory.getConnection()) {
			connection.keyCommands().del(key(token));
		}
	}

	@Override
	public List<StoredBroadcast> broadcastsAfter(String afterId, int limit) {
		List<RedisBroadcastStream.Numbered> entries;
		try (RedisConnection connection = this.connectionFactory.getConnection()) {
			entries = this.broadcasts.readAfter(connection, afterId, limit);
		}
		List<StoredBroadcast> stored = new ArrayList<>(entries.size());
		for (RedisBroadcastStream.Numbered entry : entries) {
			Broadcast broadcast = BroadcastEnvelope.decode(entry.envelope()).broadcast();
			if (broadcast != null && entry.id() != null) {
				stored.add(new StoredBroadcast(entry.id(), broadcast.target() == Broadcast.Target.GROUP,
						broadcast.name(), broadcast.message()));
			}
		}
		return stored;
	}

	private byte[] key(String token) {
		return bytes(this.keyPrefix + token);
	}

	private static void field(List<byte[]> keysAndArgs, String name, String value) {
		keysAndArgs.add(bytes(name));
		keysAndArgs.add(bytes(value));
	}

	private static byte[] bytes(String value) {
		return value.getBytes(StandardCharsets.UTF_8);
	}

	private static String string(Object value) {
		return (value instanceof byte[] bytes) ? new String(bytes, StandardCharsets.UTF_8) : String.valueOf(value);
	}

}
