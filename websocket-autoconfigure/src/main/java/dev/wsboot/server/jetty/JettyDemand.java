package dev.wsboot.server.jetty;

import dev.wsboot.server.ReadPauser;
import org.eclipse.jetty.websocket.api.Session;

/**
 * Pauses reading on Jetty by holding back the demand for the next frame, so that a handler that
 * falls behind makes TCP push back on its peer without holding one of Jetty's threads.
 * <p>
 * Jetty delivers one event per demand. Each delivered event is followed by exactly one demand:
 * at once when reading is not paused, otherwise when it resumes.
 */
final class JettyDemand implements ReadPauser {

	private final Session session;

	private boolean paused;

	private boolean owed;

	JettyDemand(Session session) {
		this.session = session;
	}

	@Override
	public synchronized boolean pause() {
		this.paused = true;
		return true;
	}

	@Override
	public void resume() {
		boolean demand;
		synchronized (this) {
			this.paused = false;
			demand = this.owed;
			this.owed = false;
		}
		if (demand) {
			demandQuietly();
		}
	}

	/**
	 * Record that a delivered event was handled: demand the next one unless reading is paused.
	 */
	void handled() {
		synchronized (this) {
			if (this.paused) {
				this.owed = true;
				return;
			}
		}
		demandQuietly();
	}

	private void demandQuietly() {
		try {
			this.session.demand();
		}
		catch (IllegalStateException ex) {
			// The connection failed (a bad frame, a deflate error, a reset): nothing more to read.
		}
	}

}
