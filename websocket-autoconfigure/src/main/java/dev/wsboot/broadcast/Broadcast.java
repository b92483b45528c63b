package dev.wsboot.broadcast;

import dev.wsboot.WebSocketMessage;
import org.jspecify.annotations.Nullable;
import org.springframework.util.Assert;

/**
 * One broadcast as it travels through a {@link BroadcastBackplane}.
 *
 * @param target what the broadcast is addressed to: an endpoint or a group
 * @param name the path template of the endpoint or the name of the group
 * @param message the whole message
 * @param publishedNanos when it was published, on this JVM's {@link System#nanoTime()} scale;
 * for a broadcast from another instance, derived from that instance's wall clock
 * @param streamId its place in the cluster-wide order of broadcasts (a Redis stream entry id),
 * or {@code null} when the backplane keeps no such order or has not numbered it yet
 * @since 0.1.0
 */
public record Broadcast(Target target, String name, WebSocketMessage message, long publishedNanos,
		@Nullable String streamId) {

	/**
	 * Create a broadcast that has no place in a stream yet.
	 * @param target what it is addressed to
	 * @param name the endpoint's path template or the group's name
	 * @param message the whole message
	 * @param publishedNanos when it was published, on {@link System#nanoTime()}'s scale
	 */
	public Broadcast(Target target, String name, WebSocketMessage message, long publishedNanos) {
		this(target, name, message, publishedNanos, null);
	}

	public Broadcast {
		Assert.notNull(target, "Target must not be null");
		Assert.hasLength(name, "Name must not be empty");
		Assert.isTrue(message.isLast(), "Only whole messages can be broadcast");
	}

	/**
	 * Return this broadcast at its place in the cluster-wide order.
	 * @param id the stream entry id
	 * @return the numbered broadcast
	 */
	public Broadcast withStreamId(String id) {
		return new Broadcast(this.target, this.name, this.message, this.publishedNanos, id);
	}

	/**
	 * What a broadcast is addressed to.
	 */
	public enum Target {

		/** Every connection of an endpoint. */
		ENDPOINT,

		/** Every member of a group. */
		GROUP

	}

}
