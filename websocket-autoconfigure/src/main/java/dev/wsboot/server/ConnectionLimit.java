package dev.wsboot.server;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Caps the number of open connections across all endpoints.
 * <p>
 * A permit is taken when a handshake starts, so concurrent handshakes cannot overshoot. Until the
 * connection opens, the handshake owns it: it gives it back when the handshake fails, including
 * when the 101 response cannot be delivered. Once open, the connection owns it and gives it back
 * at close. A permit whose connection never opened and never failed visibly (the container
 * dropped the socket between the response and the upgrade) is reclaimed after
 * {@link #UNCLAIMED_PERMIT_TIMEOUT}, so no peer behaviour can keep a permit for good.
 *
 * @since 0.1.0
 */
public final class ConnectionLimit {

	/** How long a permit may wait for its connection to open before it is reclaimed. */
	static final Duration UNCLAIMED_PERMIT_TIMEOUT = Duration.ofSeconds(30);

	private static final String PERMIT_ATTRIBUTE = ConnectionLimit.class.getName() + ".permit";

	private final int maxConnections;

	private final long unclaimedTimeoutNanos;

	private final AtomicInteger taken = new AtomicInteger();

	private final Set<Permit> unclaimed = ConcurrentHashMap.newKeySet();

	/**
	 * Create a limit.
	 * @param maxConnections the most open connections, or -1 for no limit
	 */
	public ConnectionLimit(int maxConnections) {
		this(maxConnections, UNCLAIMED_PERMIT_TIMEOUT);
	}

	ConnectionLimit(int maxConnections, Duration unclaimedTimeout) {
		this.maxConnections = maxConnections;
		this.unclaimedTimeoutNanos = unclaimedTimeout.toNanos();
	}

	/**
	 * Return the limit.
	 * @return the most open connections, or -1 for no limit
	 */
	public int getMaxConnections() {
		return this.maxConnections;
	}

	/**
	 * Return how many connections and handshakes in progress hold a permit.
	 * @return the count
	 */
	public int inUse() {
		reclaimUnclaimed();
		return this.taken.get();
	}

	boolean tryAcquire(Map<String, Object> attributes) {
		if (this.maxConnections < 0) {
			return true;
		}
		if (!take() && (reclaimUnclaimed() == 0 || !take())) {
			return false;
		}
		Permit permit = new Permit(System.nanoTime());
		this.unclaimed.add(permit);
		attributes.put(PERMIT_ATTRIBUTE, permit);
		return true;
	}

	private boolean take() {
		int current;
		do {
			current = this.taken.get();
			if (current >= this.maxConnections) {
				return false;
			}
		}
		while (!this.taken.compareAndSet(current, current + 1));
		return true;
	}

	/**
	 * Hand the handshake's permit to the connection that opened.
	 * @param attributes the connection's attributes
	 */
	void claim(Map<String, Object> attributes) {
		if (attributes.get(PERMIT_ATTRIBUTE) instanceof Permit permit) {
			this.unclaimed.remove(permit);
			if (permit.state.compareAndSet(Permit.UNCLAIMED, Permit.HELD)) {
				return;
			}
			if (permit.state.compareAndSet(Permit.RECLAIMED, Permit.HELD)) {
				// Opened after its permit was reclaimed: count it again, even over the limit, so
				// that its close balances the count.
				this.taken.incrementAndGet();
			}
		}
	}

	void release(Map<String, Object> attributes) {
		if (attributes.remove(PERMIT_ATTRIBUTE) instanceof Permit permit) {
			this.unclaimed.remove(permit);
			if (permit.state.compareAndSet(Permit.UNCLAIMED, Permit.RELEASED)
					|| permit.state.compareAndSet(Permit.HELD, Permit.RELEASED)) {
				this.taken.decrementAndGet();
			}
		}
	}

	private int reclaimUnclaimed() {
		if (this.unclaimed.isEmpty()) {
			return 0;
		}
		long now = System.nanoTime();
		int reclaimed = 0;
		for (Permit permit : this.unclaimed) {
			if (now - permit.issuedNanos > this.unclaimedTimeoutNanos
					&& permit.state.compareAndSet(Permit.UNCLAIMED, Permit.RECLAIMED)) {
				this.unclaimed.remove(permit);
				this.taken.decrementAndGet();
				reclaimed++;
			}
		}
		return reclaimed;
	}

	private static final class Permit {

		static final int UNCLAIMED = 0;

		static final int HELD = 1;

		static final int RELEASED = 2;

		static final int RECLAIMED = 3;

		final long issuedNanos;

		final AtomicInteger state = new AtomicInteger(UNCLAIMED);

		Permit(long issuedNanos) {
			this.issuedNanos = issuedNanos;
		}

	}

}
