package dev.wsboot.server;

import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Caps the number of open connections across all endpoints.
 * <p>
 * A permit is taken when a handshake starts, so concurrent handshakes cannot overshoot, and given
 * back when the handshake fails or the connection closes. Whether a session holds one is kept in
 * its attributes so that it is released exactly once.
 *
 * @since 0.1.0
 */
public final class ConnectionLimit {

	private static final String PERMIT_ATTRIBUTE = ConnectionLimit.class.getName() + ".permit";

	private final int maxConnections;

	private final AtomicInteger taken = new AtomicInteger();

	/**
	 * Create a limit.
	 * @param maxConnections the most open connections, or -1 for no limit
	 */
	public ConnectionLimit(int maxConnections) {
		this.maxConnections = maxConnections;
	}

	/**
	 * Return the limit.
	 * @return the most open connections, or -1 for no limit
	 */
	public int getMaxConnections() {
		return this.maxConnections;
	}

	/**
	 * Return how many connections hold a permit.
	 * @return the count
	 */
	public int inUse() {
		return this.taken.get();
	}

	boolean tryAcquire(Map<String, Object> attributes) {
		if (this.maxConnections < 0) {
			return true;
		}
		int current;
		do {
			current = this.taken.get();
			if (current >= this.maxConnections) {
				return false;
			}
		}
		while (!this.taken.compareAndSet(current, current + 1));
		attributes.put(PERMIT_ATTRIBUTE, Boolean.TRUE);
		return true;
	}

	void release(Map<String, Object> attributes) {
		if (attributes.remove(PERMIT_ATTRIBUTE) != null) {
			this.taken.decrementAndGet();
		}
	}

}
