package dev.wsboot.server.connection;

import java.util.HashSet;
import java.util.Set;

import dev.wsboot.server.ConnectionListener;
import dev.wsboot.server.QueueingConnection;
import org.springframework.util.Assert;

/**
 * The groups one connection belongs to. The listener hears of every join and leave, and once
 * of the close with the groups held at that moment; no join counts after the close.
 */
final class GroupMemberships {

	private final QueueingConnection connection;

	private final ConnectionListener listener;

	private final Set<String> groups = new HashSet<>();

	private boolean closed;

	GroupMemberships(QueueingConnection connection, ConnectionListener listener) {
		this.connection = connection;
		this.listener = listener;
	}

	void join(String group) {
		Assert.hasLength(group, "Group must not be empty");
		synchronized (this.groups) {
			if (!this.closed && this.connection.closeStatus() == null && this.groups.add(group)) {
				this.listener.groupJoined(this.connection, group);
			}
		}
	}

	void leave(String group) {
		synchronized (this.groups) {
			if (this.groups.remove(group)) {
				this.listener.groupLeft(this.connection, group);
			}
		}
	}

	Set<String> groups() {
		synchronized (this.groups) {
			return Set.copyOf(this.groups);
		}
	}

	/**
	 * Leave every group because the connection closed, telling the listener once.
	 * @param endpoint the path template of the connection's endpoint
	 */
	void close(String endpoint) {
		synchronized (this.groups) {
			if (this.closed) {
				return;
			}
			this.closed = true;
			Set<String> lastGroups = Set.copyOf(this.groups);
			this.groups.clear();
			this.listener.connectionClosed(endpoint, this.connection, lastGroups);
		}
	}

}
