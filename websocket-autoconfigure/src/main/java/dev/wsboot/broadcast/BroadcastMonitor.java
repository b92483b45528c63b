package dev.wsboot.broadcast;

/**
 * Receives what happens to broadcasts, for metrics or other monitoring. Every method does
 * nothing by default and is called on hot paths, so implementations resolve what they record up
 * front.
 *
 * @since 0.1.0
 */
public interface BroadcastMonitor {

	/** A monitor that records nothing. */
	BroadcastMonitor NONE = new BroadcastMonitor() {
	};

	/**
	 * A broadcast was published on this instance, or arrived from another one.
	 * @param scope {@link Scope#ENDPOINT} or {@link Scope#GROUP} for one published here,
	 * {@link Scope#CLUSTER} for one from another instance
	 */
	default void broadcast(Scope scope) {
	}

	/**
	 * The last local connection a broadcast was queued for has written it (or dropped it,
	 * because it closed).
	 * @param scope as given to {@link #broadcast(Scope)}
	 * @param connections how many local connections it was queued for, at least one
	 * @param latencyNanos time from publishing to the last write
	 */
	default void fannedOut(Scope scope, int connections, long latencyNanos) {
	}

	/**
	 * The backplane failed to carry broadcasts to or from other instances; local delivery goes
	 * on.
	 * @param failure what failed
	 */
	default void backplaneFailed(BackplaneFailure failure) {
	}

	/**
	 * Where a broadcast came from, as the {@code scope} tag of {@code websocket.broadcast.*}.
	 */
	enum Scope {

		/** Published here to the connections of an endpoint. */
		ENDPOINT,

		/** Published here to the members of a group. */
		GROUP,

		/** Published on another instance and received through the backplane. */
		CLUSTER

	}

	/**
	 * What failed in a backplane.
	 */
	enum BackplaneFailure {

		/** A broadcast could not be sent to the other instances and was dropped. */
		PUBLISH,

		/** The backplane lost its connection; it reconnects by itself. */
		CONNECTION

	}

}
