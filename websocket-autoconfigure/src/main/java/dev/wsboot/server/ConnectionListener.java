package dev.wsboot.server;

import java.util.Set;

/**
 * Learns which connections of mapped methods are open and which groups they belong to, for
 * example to broadcast to them.
 * <p>
 * Calls for one connection come in order: opened, then joins and leaves, then closed with the
 * groups it still belonged to; no join follows the close. Implementations are called on
 * container and handler threads and must not block. Every method does nothing by default.
 *
 * @since 0.1.0
 */
public interface ConnectionListener {

	/** A listener that does nothing. */
	ConnectionListener NONE = new ConnectionListener() {
	};

	/**
	 * A connection opened, before its mapped method runs.
	 * @param endpoint the path template of its endpoint
	 * @param connection the connection
	 */
	default void connectionOpened(String endpoint, QueueingConnection connection) {
	}

	/**
	 * A connection joined a group.
	 * @param connection the connection
	 * @param group the group
	 */
	default void groupJoined(QueueingConnection connection, String group) {
	}

	/**
	 * A connection left a group.
	 * @param connection the connection
	 * @param group the group
	 */
	default void groupLeft(QueueingConnection connection, String group) {
	}

	/**
	 * A connection closed; it is no member of any group from now on.
	 * @param endpoint the path template of its endpoint
	 * @param connection the connection
	 * @param groups the groups it belonged to when it closed
	 */
	default void connectionClosed(String endpoint, QueueingConnection connection, Set<String> groups) {
	}

}
