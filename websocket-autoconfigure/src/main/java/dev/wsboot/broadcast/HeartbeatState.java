package dev.wsboot.broadcast;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import dev.wsboot.broadcast.BroadcastMonitor.BackplaneFailure;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Whether a backplane instance hears its own heartbeats: connecting until the first one, then
 * connected, and disconnected after three intervals without one (logged and counted) until the
 * next one is heard.
 */
final class HeartbeatState {

	private static final Log logger = LogFactory.getLog(RedisBackplane.class);

	private final long limitNanos;

	private final String description;

	private final BroadcastMonitor monitor;

	private State state = State.CONNECTING;

	private long lastHeardNanos;

	private long startedNanos;

	/**
	 * @param interval the heartbeat interval
	 * @param description names the backplane in log lines
	 * @param monitor told of each lost connection
	 */
	HeartbeatState(Duration interval, String description, BroadcastMonitor monitor) {
		this.limitNanos = interval.toNanos() * 3;
		this.description = description;
		this.monitor = monitor;
	}

	synchronized boolean isConnected() {
		return this.state == State.CONNECTED;
	}

	synchronized void starting() {
		this.state = State.CONNECTING;
		this.startedNanos = System.nanoTime();
	}

	/**
	 * Wait until the first heartbeat is heard, but no longer than it takes to declare the broker
	 * unreachable.
	 */
	synchronized void awaitFirst() {
		long deadline = System.nanoTime() + this.limitNanos;
		long remaining;
		while (this.state == State.CONNECTING && (remaining = deadline - System.nanoTime()) > 0) {
			try {
				TimeUnit.NANOSECONDS.timedWait(this, remaining);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
		}
	}

	void heard(Object instanceId) {
		State previous;
		long now = System.nanoTime();
		long downSince;
		synchronized (this) {
			previous = this.state;
			downSince = this.lastHeardNanos;
			this.lastHeardNanos = now;
			this.state = State.CONNECTED;
			notifyAll();
		}
		if (previous == State.DISCONNECTED) {
			logger.info(this.description + " is connected again after "
					+ Duration.ofMillis(TimeUnit.NANOSECONDS.toMillis(now - downSince)) + " without heartbeat");
		}
		else if (previous == State.CONNECTING && logger.isInfoEnabled()) {
			logger.info(this.description.replace(" on channel", " connected on channel") + " as instance " + instanceId);
		}
	}

	/** Declare the connection lost if no heartbeat came within three intervals. */
	void check() {
		long now = System.nanoTime();
		State previous;
		long silentSince;
		synchronized (this) {
			previous = this.state;
			silentSince = (previous == State.CONNECTING) ? this.startedNanos : this.lastHeardNanos;
			if (previous == State.DISCONNECTED || now - silentSince <= this.limitNanos) {
				return;
			}
			this.state = State.DISCONNECTED;
		}
		this.monitor.backplaneFailed(BackplaneFailure.CONNECTION);
		logger.warn(this.description + " " + ((previous == State.CONNECTING) ? "could not connect" : "lost its connection")
				+ ": no heartbeat for " + Duration.ofMillis(TimeUnit.NANOSECONDS.toMillis(now - silentSince))
				+ "; broadcasts reach this instance's connections only until it reconnects");
	}

	private enum State {

		CONNECTING, CONNECTED, DISCONNECTED

	}

}
