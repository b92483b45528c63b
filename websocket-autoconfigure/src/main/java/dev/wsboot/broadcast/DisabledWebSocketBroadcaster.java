package dev.wsboot.broadcast;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

import dev.wsboot.WebSocketBroadcaster;
import dev.wsboot.WebSocketConnection;
import dev.wsboot.WebSocketMessage;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * The broadcaster of an application that switched wsboot off ({@code websocket.enabled=false}):
 * there are no wsboot connections, so every broadcast reaches nobody. It is counted and the
 * first one is logged, so that code written for wsboot keeps working when another WebSocket stack
 * serves instead, and nobody wonders where the messages went.
 *
 * @since 0.1.0
 */
public final class DisabledWebSocketBroadcaster implements WebSocketBroadcaster {

	private static final Log logger = LogFactory.getLog(DisabledWebSocketBroadcaster.class);

	private final AtomicBoolean logged = new AtomicBoolean();

	private final AtomicLong dropped = new AtomicLong();

	@Override
	public void sendToEndpoint(String endpoint, WebSocketMessage message) {
		drop("endpoint '" + endpoint + "'");
	}

	@Override
	public void sendToGroup(String group, WebSocketMessage message) {
		drop("group '" + group + "'");
	}

	@Override
	public void sendToEndpoint(String endpoint, Object value) {
		drop("endpoint '" + endpoint + "'");
	}

	@Override
	public void sendToGroup(String group, Object value) {
		drop("group '" + group + "'");
	}

	@Override
	public int sendToMatching(String endpoint, Predicate<? super WebSocketConnection> filter,
			WebSocketMessage message) {
		drop("endpoint '" + endpoint + "'");
		return 0;
	}

	/**
	 * Return how many broadcasts reached nobody because wsboot is switched off.
	 * @return the count since startup
	 */
	public long getDroppedCount() {
		return this.dropped.get();
	}

	private void drop(String target) {
		this.dropped.incrementAndGet();
		if (this.logged.compareAndSet(false, true) && logger.isInfoEnabled()) {
			logger.info("A broadcast to " + target + " reached no connection: websocket.enabled is false, so wsboot "
					+ "serves no WebSocket endpoint (later broadcasts are counted, not logged)");
		}
	}

}
