package dev.wsboot.server.handshake;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import org.jspecify.annotations.Nullable;

/**
 * Caps the number of open connections across all endpoints, in all and per user.
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

	private final int maxConnectionsPerUser;

	// Counted with compute(), so that taking, giving back and dropping a user's entry at zero are
	// one atomic step per user.
	private final Map<String, Integer> perUser = new ConcurrentHashMap<>();

	private final long unclaimedTimeoutNanos;

	private final AtomicInteger taken = new AtomicInteger();

	private final Set<Permit> unclaimed = ConcurrentHashMap.newKeySet();

	/**
	 * Create a limit.
	 * @param maxConnections the most open connections, or -1 for no limit
	 */
	public ConnectionLimit(int maxConnections) {
		this(maxConnections, -1);
	}

	/**
	 * Create a limit.
	 * @param maxConnections the most open connections, or -1 for no limit
	 * @param maxConnectionsPerUser the most open connections of one user, or -1 for no limit
	 */
	public ConnectionLimit(int maxConnections, int maxConnectionsPerUser) {
		this(maxConnections, maxConnectionsPerUser, UNCLAIMED_PERMIT_TIMEOUT);
	}

	ConnectionLimit(int maxConnections, Duration unclaimedTimeout) {
		this(maxConnections, -1, unclaimedTimeout);
	}

	ConnectionLimit(int maxConnections, int maxConnectionsPerUser, Duration unclaimedTimeout) {
		this.maxConnections = maxConnections;
		this.maxConnectionsPerUser = maxConnectionsPerUser;
		this.unclaimedTimeoutNanos = unclaimedTimeout.toNanos();
	}

	/**
	 * Return the limit per user.
	 * @return the most open connections of one user, or -1 for no limit
	 */
	public int getMaxConnectionsPerUser() {
		return this.maxConnectionsPerUser;
	}

	/**
	 * Return how many connections and handshakes in progress of one user hold a permit.
	 * @param user the user's key: principal name or remote address
	 * @return the count
	 */
	public int inUse(String user) {
		reclaimUnclaimed();
		return this.perUser.getOrDefault(user, 0);
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
		return tryAcquire(attributes, null) == Acquisition.ACQUIRED;
	}

	/**
	 * Take a permit for a handshake.
	 * @param attributes the handshake's attributes, where the permit is kept
	 * @param user the user's key, or {@code null} when the per-user limit is off
	 * @return whether the permit was taken, or which limit refused it
	 */
	Acquisition tryAcquire(Map<String, Object> attributes, @Nullable String user) {
		boolean limited = this.maxConnections >= 0;
		boolean userLimited = this.maxConnectionsPerUser >= 0 && user != null;
		if (!limited && !userLimited) {
			return Acquisition.ACQUIRED;
		}
		if (limited && !take() && (reclaimUnclaimed() == 0 || !take())) {
			return Acquisition.LIMIT;
		}
		if (userLimited && !takeForUser(user)) {
			if (limited) {
				this.taken.decrementAndGet();
			}
			return Acquisition.USER_LIMIT;
		}
		Permit permit = new Permit(System.nanoTime(), limited, userLimited ? user : null);
		this.unclaimed.add(permit);
		attributes.put(PERMIT_ATTRIBUTE, permit);
		return Acquisition.ACQUIRED;
	}

	private boolean takeForUser(String user) {
		if (incrementBelowLimit(user)) {
			return true;
		}
		return reclaimUnclaimed() > 0 && incrementBelowLimit(user);
	}

	private boolean incrementBelowLimit(String user) {
		boolean[] taken = new boolean[1];
		this.perUser.compute(user, (key, count) -> {
			int current = (count != null) ? count : 0;
			if (current >= this.maxConnectionsPerUser) {
				return count;
			}
			taken[0] = true;
			return current + 1;
		});
		return taken[0];
	}

	private void giveBack(Permit permit) {
		if (permit.counted) {
			this.taken.decrementAndGet();
		}
		if (permit.user != null) {
			this.perUser.computeIfPresent(permit.user, (key, count) -> (count <= 1) ? null : count - 1);
		}
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
	public void claim(Map<String, Object> attributes) {
		if (attributes.get(PERMIT_ATTRIBUTE) instanceof Permit permit) {
			this.unclaimed.remove(permit);
			if (permit.move(Permit.UNCLAIMED, Permit.HELD)) {
				return;
			}
			if (permit.move(Permit.RECLAIMED, Permit.HELD)) {
				// Opened after its permit was reclaimed: count it again, even over the limit, so
				// that its close balances the count.
				if (permit.counted) {
					this.taken.incrementAndGet();
				}
				if (permit.user != null) {
					this.perUser.merge(permit.user, 1, Integer::sum);
				}
			}
		}
	}

	public void release(Map<String, Object> attributes) {
		if (attributes.remove(PERMIT_ATTRIBUTE) instanceof Permit permit) {
			this.unclaimed.remove(permit);
			if (permit.move(Permit.UNCLAIMED, Permit.RELEASED)
					|| permit.move(Permit.HELD, Permit.RELEASED)) {
				giveBack(permit);
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
					&& permit.move(Permit.UNCLAIMED, Permit.RECLAIMED)) {
				this.unclaimed.remove(permit);
				giveBack(permit);
				reclaimed++;
			}
		}
		return reclaimed;
	}

	/**
	 * What became of a request for a permit.
	 */
	public enum Acquisition {

		/** Taken. */
		ACQUIRED,

		/** Refused: websocket.max-connections reached. */
		LIMIT,

		/** Refused: websocket.max-connections-per-user reached for this user. */
		USER_LIMIT

	}

	private static final class Permit {

		static final int UNCLAIMED = 0;

		static final int HELD = 1;

		static final int RELEASED = 2;

		static final int RECLAIMED = 3;

		// A field with a handle, not an atomic object: every open connection holds its permit.
		private static final VarHandle STATE;

		static {
			try {
				STATE = MethodHandles.lookup().findVarHandle(Permit.class, "state", int.class);
			}
			catch (ReflectiveOperationException ex) {
				throw new ExceptionInInitializerError(ex);
			}
		}

		final long issuedNanos;

		final boolean counted;

		final @Nullable String user;

		private volatile int state = UNCLAIMED;

		Permit(long issuedNanos, boolean counted, @Nullable String user) {
			this.issuedNanos = issuedNanos;
			this.counted = counted;
			this.user = user;
		}

		boolean move(int from, int to) {
			return STATE.compareAndSet(this, from, to);
		}

	}

}
