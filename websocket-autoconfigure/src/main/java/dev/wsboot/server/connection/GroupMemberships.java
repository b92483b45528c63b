package dev.wsboot.server.connection;

import java.util.HashSet;
import java.util.Set;

import dev.wsboot.server.ConnectionListener;
import dev.wsboot.server.QueueingConnection;
import org.springframework.util.Assert;

/**
 * The groups one connection belongs to. The listener hears of every join and leave, and once
 * of the close with the groups held at that moment; no join counts after the close.
 *
 * @since 0.1.0
 */
public final class GroupMemberships {

	private final QueueingConnection connection;

	private final ConnectionListener listener;

	// Guards the set, which most connections never need: made by the first join.
	private final Object lock = new Object();

	private Set<String> groups = Set.of();

	private boolean closed;

	/**
	 * Create the memberships of one connection.
	 * @param connection the connection, as the listener is given it
	 * @param listener who learns of joins, leaves and the close
	 */
	public GroupMemberships(QueueingConnection connection, ConnectionListener listener) {
		this.connection = connection;
		this.listener = listener;
	}

	/**
	 * Join a group, unless the connection is closed.
	 * @param group the group's name
	 */
	public void join(String group) {
		Assert.hasLength(group, "Group must not be empty");
		synchronized (this.lock) {
			if (this.closed || this.connection.closeStatus() != null || this.groups.contains(group)) {
				return;
			}
			if (this.groups.isEmpty()) {
				this.groups = new HashSet<>(4);
			}
			this.groups.add(group);
			this.listener.groupJoined(this.connection, group);
		}
	}

	/**
	 * Leave a group.
	 * @param group the group's name
	 */
	public void leave(String group) {
		synchronized (this.lock) {
			if (!this.groups.isEmpty() && this.groups.remove(group)) {
				this.listener.groupLeft(this.connection, group);
			}
		}
	}

	/**
	 * Return the groups joined.
	 * @return a copy
	 */
	public Set<String> groups() {
		synchronized (this.lock) {
			return Set.copyOf(this.groups);
		}
	}

	/**
	 * Leave every group because the connection closed, telling the listener once.
	 * @param endpoint the path template of the connection's endpoint
	 */
	public void close(String endpoint) {
		synchronized (this.lock) {
			if (this.closed) {
				return;
			}
			this.closed = true;
			Set<String> lastGroups = Set.copyOf(this.groups);
			this.groups = Set.of();
			this.listener.connectionClosed(endpoint, this.connection, lastGroups);
		}
	}

}
