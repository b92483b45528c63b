package dev.wsboot.server.supervision;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.WebSocketSession;

/**
 * Closes every open session with 1001 Going Away when the application stops, before the web
 * server does, and gives the peers and handlers a bounded time to finish.
 * <p>
 * Sessions still open after the close timeout are aborted, so a stuck handler or a silent peer
 * cannot hold up shutdown.
 *
 * @since 0.1.0
 */
public class WebSocketShutdown implements SmartLifecycle {

	/**
	 * Phase of this lifecycle: stopped before the web server's graceful shutdown
	 * ({@code DEFAULT_PHASE - 1024}), which waits for requests but not for WebSocket sessions.
	 */
	public static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 512;

	private static final Log logger = LogFactory.getLog(WebSocketShutdown.class);

	private static final Duration SWEEP_PERIOD = Duration.ofMillis(10);

	/** The close status every connection gets when the server shuts down. */
	static final CloseStatus SHUTDOWN = CloseStatus.GOING_AWAY.withReason("Server shutting down");

	private final SessionRegistry registry;

	private final Duration closeTimeout;

	private volatile boolean running;

	/**
	 * Create a shutdown lifecycle.
	 * @param registry the open sessions
	 * @param closeTimeout how long to wait for sessions to close before aborting them
	 */
	public WebSocketShutdown(SessionRegistry registry, Duration closeTimeout) {
		this.registry = registry;
		this.closeTimeout = closeTimeout;
	}

	@Override
	public void start() {
		this.registry.stopDraining();
		this.running = true;
	}

	@Override
	public void stop() {
		this.running = false;
		// From here on handshakes get 503, and connections whose handshake was already under way
		// are closed as soon as they register, in the sweeps below.
		this.registry.startDraining();
		Set<WebSocketSession> closing = new HashSet<>();
		long deadline = System.nanoTime() + this.closeTimeout.toNanos();
		try (ExecutorService closers = Executors.newVirtualThreadPerTaskExecutor()) {
			boolean logged = false;
			while (this.registry.size() > 0 && System.nanoTime() < deadline) {
				List<WebSocketSession> open = new ArrayList<>();
				for (WebSocketSession session : this.registry.sessions()) {
					if (closing.add(session)) {
						open.add(session);
					}
				}
				if (!open.isEmpty() && !logged) {
					logged = true;
					logger.info("Closing " + open.size() + " WebSocket connection(s) with 1001 Going Away; waiting up to "
							+ this.closeTimeout + " (websocket.shutdown-close-timeout)");
				}
				// Close on virtual threads: a peer that does not read must not delay the others' close.
				for (WebSocketSession session : open) {
					closers.execute(() -> closeQuietly(session));
				}
				try {
					Thread.sleep(SWEEP_PERIOD);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					break;
				}
			}
			List<WebSocketSession> remaining = List.copyOf(this.registry.sessions());
			if (!remaining.isEmpty()) {
				logger.warn("Aborting " + remaining.size() + " WebSocket connection(s) still open after "
						+ this.closeTimeout);
				for (WebSocketSession session : remaining) {
					closers.execute(() -> abortQuietly(session));
				}
			}
		}
	}

	private static void abortQuietly(WebSocketSession session) {
		try {
			SessionTermination.abort(session, SHUTDOWN, SHUTDOWN);
		}
		catch (Exception ex) {
			logger.debug("Could not abort WebSocket connection " + session.getId(), ex);
		}
	}

	/**
	 * Close a session with 1001 because the server is shutting down.
	 * @param session the session
	 */
	static void closeQuietly(WebSocketSession session) {
		try {
			session.close(SHUTDOWN);
		}
		catch (Exception ex) {
			logger.debug("Could not close WebSocket connection " + session.getId(), ex);
		}
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	@Override
	public int getPhase() {
		return PHASE;
	}

}
