package dev.wsboot.broadcast;

import java.util.Collection;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

import dev.wsboot.WebSocketBroadcaster;
import dev.wsboot.WebSocketConnection;
import dev.wsboot.WebSocketConversionException;
import dev.wsboot.WebSocketMessage;
import dev.wsboot.broadcast.BroadcastMonitor.Scope;
import dev.wsboot.server.QueueingConnection;
import dev.wsboot.server.connection.WebSocketMessageCodecs;
import org.jspecify.annotations.Nullable;
import org.springframework.util.Assert;

/**
 * {@link WebSocketBroadcaster} that publishes through a {@link BroadcastBackplane} and delivers
 * what the backplane receives to the {@link LocalConnections} of this instance.
 * <p>
 * Delivery queues the message on each target connection's bounded send queue and returns: the
 * connections' own sender threads write it. The message object is shared by all of them.
 *
 * @since 0.1.0
 */
public class DefaultWebSocketBroadcaster implements WebSocketBroadcaster {

	private final LocalConnections connections;

	private final BroadcastBackplane backplane;

	private final BroadcastMonitor monitor;

	private volatile WebSocketMessageCodecs codecs = WebSocketMessageCodecs.NONE;

	/**
	 * Create a broadcaster and subscribe it to the backplane.
	 * @param connections the connections of this instance
	 * @param backplane carries broadcasts between instances
	 * @param monitor records broadcasts
	 */
	public DefaultWebSocketBroadcaster(LocalConnections connections, BroadcastBackplane backplane,
			BroadcastMonitor monitor) {
		this.connections = connections;
		this.backplane = backplane;
		this.monitor = monitor;
		backplane.subscribe(this::deliver);
	}

	/**
	 * Set the codecs that turn broadcast objects into messages.
	 * @param codecs the application's codecs
	 */
	public void setCodecs(WebSocketMessageCodecs codecs) {
		this.codecs = codecs;
	}

	@Override
	public void sendToEndpoint(String endpoint, Object value) throws WebSocketConversionException {
		sendToEndpoint(endpoint, (value instanceof WebSocketMessage message) ? message : this.codecs.encode(value));
	}

	@Override
	public void sendToGroup(String group, Object value) throws WebSocketConversionException {
		sendToGroup(group, (value instanceof WebSocketMessage message) ? message : this.codecs.encode(value));
	}

	@Override
	public void sendToEndpoint(String endpoint, WebSocketMessage message) {
		publish(Broadcast.Target.ENDPOINT, endpoint, message);
	}

	@Override
	public void sendToGroup(String group, WebSocketMessage message) {
		publish(Broadcast.Target.GROUP, group, message);
	}

	@Override
	public int sendToMatching(String endpoint, Predicate<? super WebSocketConnection> filter,
			WebSocketMessage message) {
		Assert.notNull(filter, "Filter must not be null");
		Assert.isTrue(message.isLast(), "Only whole messages can be broadcast");
		long publishedNanos = System.nanoTime();
		this.monitor.broadcast(Scope.ENDPOINT);
		return fanOut(this.connections.ofEndpoint(endpoint), filter, message, Scope.ENDPOINT, publishedNanos);
	}

	private void publish(Broadcast.Target target, String name, WebSocketMessage message) {
		Broadcast broadcast = new Broadcast(target, name, message, System.nanoTime());
		this.monitor.broadcast(scope(broadcast, false));
		this.backplane.publish(broadcast);
	}

	/**
	 * Deliver a broadcast to the connections of this instance.
	 * @param broadcast the broadcast
	 * @param remote whether it was published on another instance
	 */
	void deliver(Broadcast broadcast, boolean remote) {
		Scope scope = scope(broadcast, remote);
		if (remote) {
			this.monitor.broadcast(scope);
		}
		Collection<QueueingConnection> targets = (broadcast.target() == Broadcast.Target.ENDPOINT)
				? this.connections.ofEndpoint(broadcast.name()) : this.connections.ofGroup(broadcast.name());
		String streamId = broadcast.streamId();
		boolean numbered = this.backplane.streamsBroadcasts();
		if (numbered && streamId != null && !remote) {
			// This instance's own broadcast, back from the stream numbered: the other connections
			// had it when it was published; the resumable ones take it now, in the stream's order.
			fanOut(targets, QueueingConnection::takesNumberedBroadcasts, broadcast.message(), scope,
					broadcast.publishedNanos(), streamId);
		}
		else if (numbered && streamId == null) {
			// Published here: the resumable connections take the numbered copy that comes back.
			fanOut(targets, (connection) -> !connection.takesNumberedBroadcasts(), broadcast.message(), scope,
					broadcast.publishedNanos(), null);
		}
		else {
			fanOut(targets, null, broadcast.message(), scope, broadcast.publishedNanos(), streamId);
		}
	}

	private int fanOut(Collection<QueueingConnection> targets, @Nullable Predicate<? super QueueingConnection> filter,
			WebSocketMessage message, Scope scope, long publishedNanos) {
		return fanOut(targets, filter, message, scope, publishedNanos, null);
	}

	private int fanOut(Collection<QueueingConnection> targets, @Nullable Predicate<? super QueueingConnection> filter,
			WebSocketMessage message, Scope scope, long publishedNanos, @Nullable String streamId) {
		if (targets.isEmpty()) {
			return 0;
		}
		long bytes = message.payloadLength();
		Fanout fanout = new Fanout(scope, publishedNanos);
		int queued = 0;
		for (QueueingConnection connection : targets) {
			if (filter != null && !filter.test(connection)) {
				continue;
			}
			fanout.add();
			boolean enqueued = (streamId != null) ? connection.enqueueBroadcast(message, bytes, streamId, fanout)
					: connection.enqueue(message, bytes, fanout);
			if (enqueued) {
				queued++;
			}
		}
		fanout.run();
		return queued;
	}

	private static Scope scope(Broadcast broadcast, boolean remote) {
		if (remote) {
			return Scope.CLUSTER;
		}
		return (broadcast.target() == Broadcast.Target.ENDPOINT) ? Scope.ENDPOINT : Scope.GROUP;
	}

	/**
	 * Counts the sends of one broadcast down and records its latency after the last one.
	 */
	private final class Fanout extends AtomicInteger implements Runnable {

		private final Scope scope;

		private final long publishedNanos;

		private int connections;

		Fanout(Scope scope, long publishedNanos) {
			super(1);
			this.scope = scope;
			this.publishedNanos = publishedNanos;
		}

		void add() {
			this.connections++;
			incrementAndGet();
		}

		@Override
		public void run() {
			if (decrementAndGet() == 0 && this.connections > 0) {
				DefaultWebSocketBroadcaster.this.monitor.fannedOut(this.scope, this.connections,
						Math.max(0, System.nanoTime() - this.publishedNanos));
			}
		}

	}

}
