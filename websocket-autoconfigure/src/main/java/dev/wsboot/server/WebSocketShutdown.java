package dev.wsboot.server;

import java.time.Duration;
import java.util.List;

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

	private static final CloseStatus SHUTDOWN = CloseStatus.GOING_AWAY.withReason("Server shutting down");

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
		this.running = true;
	}

	@Override
	public void stop() {
		this.running = false;
		List<WebSocketSession> open = List.copyOf(this.registry.sessions());
		if (open.isEmpty()) {
			return;
		}
		logger.info("Closing " + open.size() + " WebSocket connection(s) with 1001 Going Away; waiting up to "
				+ this.closeTimeout + " (websocket.shutdown-close-timeout)");
		// Close on virtual threads: a peer that does not read must not delay the others' close.
		try (var closers = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
			for (WebSocketSession session : open) {
				closers.execute(() -> closeQuietly(session));
			}
		}
		long deadline = System.nanoTime() + this.closeTimeout.toNanos();
		while (this.registry.size() > 0 && System.nanoTime() < deadline) {
			try {
				Thread.sleep(10);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				break;
			}
		}
		List<WebSocketSession> remaining = List.copyOf(this.registry.sessions());
		if (!remaining.isEmpty()) {
			logger.warn("Aborting " + remaining.size() + " WebSocket connection(s) still open after " + this.closeTimeout);
			for (WebSocketSession session : remaining) {
				try {
					SessionTermination.abort(session, SHUTDOWN, SHUTDOWN);
				}
				catch (Exception ex) {
					logger.debug("Could not abort WebSocket connection " + session.getId(), ex);
				}
			}
		}
	}

	private static void closeQuietly(WebSocketSession session) {
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
