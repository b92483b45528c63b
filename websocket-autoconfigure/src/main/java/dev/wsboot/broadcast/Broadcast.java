package dev.wsboot.broadcast;

import dev.wsboot.WebSocketMessage;
import org.springframework.util.Assert;

/**
 * One broadcast as it travels through a {@link BroadcastBackplane}.
 *
 * @param target what the broadcast is addressed to: an endpoint or a group
 * @param name the path template of the endpoint or the name of the group
 * @param message the whole message
 * @param publishedNanos when it was published, on this JVM's {@link System#nanoTime()} scale;
 * for a broadcast from another instance, derived from that instance's wall clock
 * @since 0.1.0
 */
public record Broadcast(Target target, String name, WebSocketMessage message, long publishedNanos) {

	public Broadcast {
		Assert.notNull(target, "Target must not be null");
		Assert.hasLength(name, "Name must not be empty");
		Assert.isTrue(message.isLast(), "Only whole messages can be broadcast");
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
