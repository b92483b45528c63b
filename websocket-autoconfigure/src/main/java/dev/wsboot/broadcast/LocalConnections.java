package dev.wsboot.broadcast;

import java.util.Collection;
import java.util.Collections;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import dev.wsboot.server.ConnectionListener;
import dev.wsboot.server.QueueingConnection;
import org.jspecify.annotations.Nullable;

/**
 * The open connections of this instance by endpoint and by group, kept up to date as a
 * {@link ConnectionListener} of the runtime.
 *
 * @since 0.1.0
 */
public class LocalConnections implements ConnectionListener {

	private final ConcurrentMap<String, Set<QueueingConnection>> endpoints = new ConcurrentHashMap<>();

	private final ConcurrentMap<String, Set<QueueingConnection>> groups = new ConcurrentHashMap<>();

	@Override
	public void connectionOpened(String endpoint, QueueingConnection connection) {
		add(this.endpoints, endpoint, connection);
	}

	@Override
	public void groupJoined(QueueingConnection connection, String group) {
		add(this.groups, group, connection);
	}

	@Override
	public void groupLeft(QueueingConnection connection, String group) {
		remove(this.groups, group, connection);
	}

	@Override
	public void connectionClosed(String endpoint, QueueingConnection connection, Set<String> groups) {
		for (String group : groups) {
			remove(this.groups, group, connection);
		}
		remove(this.endpoints, endpoint, connection);
	}

	/**
	 * Return the open connections of an endpoint.
	 * @param endpoint the path template of the endpoint
	 * @return a live, unmodifiable view
	 */
	public Collection<QueueingConnection> ofEndpoint(String endpoint) {
		return view(this.endpoints.get(endpoint));
	}

	/**
	 * Return the members of a group.
	 * @param group the group
	 * @return a live, unmodifiable view
	 */
	public Collection<QueueingConnection> ofGroup(String group) {
		return view(this.groups.get(group));
	}

	/**
	 * Return the groups with at least one member on this instance.
	 * @return a snapshot of the group names
	 */
	public Set<String> groupNames() {
		return Set.copyOf(this.groups.keySet());
	}

	private static Collection<QueueingConnection> view(@Nullable Set<QueueingConnection> connections) {
		return (connections != null) ? Collections.unmodifiableSet(connections) : Set.of();
	}

	private static void add(ConcurrentMap<String, Set<QueueingConnection>> index, String key,
			QueueingConnection connection) {
		// compute() keeps adding and removing the last member of one key atomic.
		index.compute(key, (name, members) -> {
			Set<QueueingConnection> set = (members != null) ? members : ConcurrentHashMap.newKeySet();
			set.add(connection);
			return set;
		});
	}

	private static void remove(ConcurrentMap<String, Set<QueueingConnection>> index, String key,
			QueueingConnection connection) {
		index.computeIfPresent(key, (name, members) -> {
			members.remove(connection);
			return members.isEmpty() ? null : members;
		});
	}

}
