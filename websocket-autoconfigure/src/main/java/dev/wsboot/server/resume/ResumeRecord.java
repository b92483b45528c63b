package dev.wsboot.server.resume;

import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;

/**
 * What another instance needs to resume a connection: who it is, where it belongs, what its
 * handler may restore, and how far the client was served.
 *
 * @param token the token the client presents next
 * @param id the connection's id, the same on every instance
 * @param endpoint the endpoint's path template
 * @param principal the name of the user who opened it, if any
 * @param groups the groups it belongs to
 * @param attributes its attributes whose values are strings
 * @param received how many of the client's data messages the server acknowledged
 * @param broadcastFloor the newest broadcast in the cluster-wide order before it was first kept
 * ({@code 0-0} for none, empty until the store has set it)
 * @since 0.1.0
 */
public record ResumeRecord(String token, String id, String endpoint, @Nullable String principal, Set<String> groups,
		Map<String, String> attributes, long received, String broadcastFloor) {

	public ResumeRecord {
		groups = Set.copyOf(groups);
		attributes = Map.copyOf(attributes);
	}

}
