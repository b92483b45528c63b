package dev.wsboot.server.tomcat;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.apache.tomcat.util.net.NioEndpoint;
import org.jspecify.annotations.Nullable;

/**
 * Tells when Tomcat's NIO poller thread has finished the batch of events it was handling.
 * <p>
 * The poller sets its wake-up counter to -1 right after each batch of events and keeps it at or
 * above 0 while it handles one, so a -1 seen after an event's first effect proves the event is
 * done. Tomcat offers no API for this; the counter is read reflectively, and where that is not
 * possible (another Tomcat version) a short pause stands in for the proof.
 */
final class PollerProgress {

	private static final Log logger = LogFactory.getLog(PollerProgress.class);

	/** How long to look for the proof; the poller leaves an event within nanoseconds when it runs. */
	private static final long WAIT_NANOS = 20_000_000;

	private static final long FALLBACK_PAUSE_NANOS = 200_000;

	private static final @Nullable VarHandle WAKEUP_COUNTER = wakeupCounter();

	private PollerProgress() {
	}

	private static @Nullable VarHandle wakeupCounter() {
		try {
			MethodHandles.Lookup lookup = MethodHandles.privateLookupIn(NioEndpoint.Poller.class, MethodHandles.lookup());
			return lookup.findVarHandle(NioEndpoint.Poller.class, "wakeupCounter", AtomicLong.class);
		}
		catch (ReflectiveOperationException | RuntimeException ex) {
			logger.debug("Cannot read the progress of Tomcat's poller; socket takeover waits a fixed pause", ex);
			return null;
		}
	}

	/**
	 * Wait until the poller has finished the batch of events it was handling when this was called.
	 * @param poller the connection's poller
	 * @return whether the calling thread was parked while it waited
	 */
	static boolean awaitEventsDone(NioEndpoint.Poller poller) {
		VarHandle handle = WAKEUP_COUNTER;
		AtomicLong counter = (handle != null) ? (AtomicLong) handle.get(poller) : null;
		if (counter == null) {
			LockSupport.parkNanos(FALLBACK_PAUSE_NANOS);
			return true;
		}
		boolean parked = false;
		long deadline = System.nanoTime() + WAIT_NANOS;
		int spins = 0;
		while (counter.get() != -1 && System.nanoTime() < deadline) {
			// Mostly the poller is back in select() at once; on a busy one it passes -1 briefly
			// in each loop, so look often, yielding the carrier in between.
			if (++spins < 64) {
				Thread.onSpinWait();
			}
			else {
				LockSupport.parkNanos(10_000);
				parked = true;
			}
		}
		return parked;
	}

}
