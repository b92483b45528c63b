package dev.wsboot.server.resume;

import java.time.Duration;
import java.util.List;

import dev.wsboot.WebSocketMessage;
import org.jspecify.annotations.Nullable;

/**
 * Where resumable connections are kept for other instances: what a client resuming on another
 * instance needs to go on there, and the broadcasts it missed. The Redis backplane provides one.
 *
 * @since 0.1.0
 */
public interface ResumeStore {

	/**
	 * Keep a connection's record, replacing the one kept under its token.
	 * @param record the record
	 * @param timeToLive how long the record lives unless saved again
	 * @return the id of the newest broadcast in the cluster-wide order when the record was first
	 * kept ({@link ResumeRecord#broadcastFloor()}), which later saves keep
	 */
	String save(ResumeRecord record, Duration timeToLive);

	/**
	 * Take a record for one instance to resume: it is gone for every other.
	 * @param token the token the client presented
	 * @return the record, or {@code null} if there is none
	 */
	@Nullable ResumeRecord claim(String token);

	/**
	 * Forget a record, when its connection has ended for good.
	 * @param token the connection's token
	 */
	void delete(String token);

	/**
	 * Read the broadcasts after one in the cluster-wide order, oldest first.
	 * @param afterId the id of the last broadcast not to read
	 * @param limit the most to read
	 * @return the broadcasts
	 */
	List<StoredBroadcast> broadcastsAfter(String afterId, int limit);

	/**
	 * A broadcast as the store keeps it.
	 *
	 * @param id its place in the cluster-wide order
	 * @param toGroup whether it went to a group rather than an endpoint
	 * @param name the group's name or the endpoint's path template
	 * @param message the message
	 */
	record StoredBroadcast(String id, boolean toGroup, String name, WebSocketMessage message) {
	}

}
