package dev.wsboot.broadcast;

import java.util.Map;

/**
 * Carries broadcasts between the instances of an application.
 * <p>
 * An implementation hands every broadcast published on any instance to the receiver of every
 * instance exactly once, and the broadcasts published by one thread in the order it published
 * them. The instance that publishes delivers to its own receiver directly, during
 * {@link #publish}, so that its own connections are served even when the other instances cannot
 * be reached.
 *
 * @since 0.1.0
 * @see InMemoryBackplane
 * @see RedisBackplane
 */
public interface BroadcastBackplane {

	/**
	 * Set where this instance's broadcasts and those of the other instances are delivered;
	 * called once, before the first publish.
	 * @param receiver the receiver
	 */
	void subscribe(Receiver receiver);

	/**
	 * Publish a broadcast: deliver it to this instance's receiver now and send it on to the other
	 * instances; never blocks on them.
	 * @param broadcast the broadcast
	 */
	void publish(Broadcast broadcast);

	/**
	 * Return whether broadcasts reach the other instances now, for health checks.
	 * @return {@code true} while connected; always for a backplane of one instance
	 */
	/**
	 * Return whether broadcasts come back from this backplane numbered in one cluster-wide order
	 * ({@link Broadcast#streamId()}), this instance's own included, and can be read again from
	 * that order later; resumable connections then take broadcasts only in that form, so that a
	 * client resuming on another instance misses none and gets none twice.
	 * @return {@code true} if the backplane keeps a stream of broadcasts
	 */
	default boolean streamsBroadcasts() {
		return false;
	}

	default boolean isConnected() {
		return true;
	}

	/**
	 * Return what the health check shows of this backplane.
	 * @return the details, at least its {@code type}
	 */
	default Map<String, Object> describe() {
		return Map.of("type", getClass().getSimpleName());
	}

	/**
	 * Delivers broadcasts to the connections of this instance.
	 */
	@FunctionalInterface
	interface Receiver {

		/**
		 * Deliver a broadcast; must not block.
		 * @param broadcast the broadcast
		 * @param remote whether it was published on another instance
		 */
		void receive(Broadcast broadcast, boolean remote);

	}

}
