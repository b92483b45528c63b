package dev.wsboot.server.resume;

import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * The cluster-wide order of the broadcasts one resumable connection takes: each is kept once,
 * in stream order, whether it comes live from the backplane or is replayed from the stream after
 * the connection moved to this instance. While a replay runs, live broadcasts wait for it.
 * Callers synchronize on this object.
 */
final class BroadcastOrder {

	private @Nullable String last;

	private boolean replaying;

	private final List<Runnable> held = new ArrayList<>();

	BroadcastOrder(@Nullable String last) {
		this.last = last;
	}

	/**
	 * Move past a broadcast if it comes after the last one taken.
	 * @param id its stream id
	 * @return {@code false} if it was taken already
	 */
	boolean advance(String id) {
		if (this.last != null && compare(id, this.last) <= 0) {
			return false;
		}
		this.last = id;
		return true;
	}

	@Nullable String last() {
		return this.last;
	}

	boolean isReplaying() {
		return this.replaying;
	}

	void beginReplay() {
		this.replaying = true;
	}

	/**
	 * Hold a live broadcast until the replay ends.
	 * @param keep what takes it then
	 */
	void hold(Runnable keep) {
		this.held.add(keep);
	}

	/**
	 * End the replay: hand back what was held, in arrival order, for the caller to run while it
	 * holds this object's monitor.
	 * @return the held broadcasts
	 */
	List<Runnable> endReplay() {
		this.replaying = false;
		List<Runnable> released = List.copyOf(this.held);
		this.held.clear();
		return released;
	}

	/**
	 * Compare two Redis stream ids ({@code <milliseconds>-<sequence>}).
	 * @return a negative number, zero or a positive number as the first comes before, with or after
	 * the second
	 */
	static int compare(String first, String second) {
		long[] one = parse(first);
		long[] other = parse(second);
		int byTime = Long.compare(one[0], other[0]);
		return (byTime != 0) ? byTime : Long.compare(one[1], other[1]);
	}

	private static long[] parse(String id) {
		int dash = id.indexOf('-');
		if (dash < 0) {
			return new long[] { Long.parseLong(id), 0 };
		}
		return new long[] { Long.parseLong(id, 0, dash, 10), Long.parseLong(id, dash + 1, id.length(), 10) };
	}

}
