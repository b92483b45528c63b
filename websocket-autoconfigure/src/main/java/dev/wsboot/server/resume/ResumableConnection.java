package dev.wsboot.server.resume;

import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.security.Principal;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import dev.wsboot.CloseStatus;
import dev.wsboot.WebSocketConnection;
import dev.wsboot.WebSocketConversionException;
import dev.wsboot.WebSocketMessage;
import dev.wsboot.server.QueueingConnection;
import dev.wsboot.server.connection.GroupMemberships;
import dev.wsboot.server.connection.SendableCloseStatus;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * The connection a resumable endpoint's handler holds: it outlives the transports beneath it.
 * Outbound messages are numbered and kept until the client acknowledges them; while the client
 * is away, {@link #receive()} waits and {@link #send} keeps what it is given, within the resume
 * buffer limit. Only whole messages travel on it.
 *
 * @since 0.1.0
 */
public final class ResumableConnection implements QueueingConnection {

	private static final Log logger = LogFactory.getLog(ResumableConnection.class);

	private final String id;

	private final ResumableEndpoint endpoint;

	private final URI uri;

	private final @Nullable Principal principal;

	private final Map<String, String> pathVariables;

	private final Map<String, Object> attributes = new ConcurrentHashMap<>();

	private final GroupMemberships groups;

	private final ResumeSession session;

	private final boolean resumed;

	private final BroadcastOrder broadcastOrder;

	private volatile String broadcastFloor = "";

	ResumableConnection(WebSocketConnection first, ResumableEndpoint endpoint, String token) {
		this.id = first.id();
		this.endpoint = endpoint;
		this.uri = first.uri();
		this.principal = first.principal();
		this.pathVariables = first.pathVariables();
		this.groups = new GroupMemberships(this, endpoint.listener());
		this.session = new ResumeSession(this, endpoint, token, 0, 0);
		this.resumed = false;
		this.broadcastOrder = new BroadcastOrder(null);
	}

	/**
	 * Go on with a connection that another instance served, from its record.
	 */
	ResumableConnection(ResumeRecord record, WebSocketConnection transport, ResumableEndpoint endpoint, String token,
			long clientReceived, long received, @Nullable String lastBroadcastId) {
		this.id = record.id();
		this.endpoint = endpoint;
		this.uri = transport.uri();
		this.principal = transport.principal();
		this.pathVariables = transport.pathVariables();
		this.groups = new GroupMemberships(this, endpoint.listener());
		this.session = new ResumeSession(this, endpoint, token, clientReceived, received);
		this.resumed = true;
		this.broadcastFloor = record.broadcastFloor();
		this.broadcastOrder = new BroadcastOrder((lastBroadcastId != null) ? lastBroadcastId : record.broadcastFloor());
		this.attributes.putAll(record.attributes());
	}

	@Override
	public String id() {
		return this.id;
	}

	@Override
	public URI uri() {
		return this.uri;
	}

	@Override
	public @Nullable Principal principal() {
		return this.principal;
	}

	@Override
	public String subprotocol() {
		return ResumeFrames.SUBPROTOCOL;
	}

	@Override
	public Map<String, String> pathVariables() {
		return this.pathVariables;
	}

	@Override
	public Map<String, Object> attributes() {
		return this.attributes;
	}

	@Override
	public @Nullable WebSocketMessage receive() throws IOException {
		return this.session.inbox().take();
	}

	@Override
	public <T> @Nullable T receive(Class<T> type) throws IOException {
		WebSocketMessage message = receive();
		return (message != null) ? this.endpoint.codecs().decode(message, type) : null;
	}

	/** Resumable connections carry whole messages, so each part is a whole message. */
	@Override
	public @Nullable WebSocketMessage receivePart() throws IOException {
		return receive();
	}

	@Override
	public void send(String text) throws IOException {
		send(WebSocketMessage.text(text));
	}

	@Override
	public void send(ByteBuffer payload) throws IOException {
		send(WebSocketMessage.binary(payload, true));
	}

	@Override
	public void send(Object value) throws IOException {
		send((value instanceof WebSocketMessage message) ? message : this.endpoint.codecs().encode(value));
	}

	/**
	 * Send a whole message: while the client is connected, return once it is written; while the
	 * client is away, keep it for the client's return and return at once.
	 */
	@Override
	public void send(WebSocketMessage message) throws IOException {
		this.session.send(message);
	}

	@Override
	public boolean sendAsync(WebSocketMessage message) {
		return enqueue(message, message.payloadLength(), null);
	}

	@Override
	public boolean sendAsync(Object value) throws WebSocketConversionException {
		return sendAsync((value instanceof WebSocketMessage message) ? message : this.endpoint.codecs().encode(value));
	}

	@Override
	public boolean enqueue(WebSocketMessage message, long bytes, @Nullable Runnable done) {
		if (this.session.keep(message, done, null) >= 0) {
			return true;
		}
		if (done != null) {
			done.run();
		}
		return false;
	}

	@Override
	public void join(String group) {
		this.groups.join(group);
		persist();
	}

	/**
	 * Join the groups the connection had on another instance, keeping its record once for all.
	 * @param groups the groups
	 */
	void rejoin(Set<String> groups) {
		groups.forEach(this.groups::join);
		persist();
	}

	@Override
	public void leave(String group) {
		this.groups.leave(group);
		persist();
	}

	@Override
	public Set<String> groups() {
		return this.groups.groups();
	}

	/**
	 * Return whether this handler invocation goes on with a connection that another instance
	 * served before: the id, the attributes whose values are strings and the groups are the
	 * ones it had there; the messages the handler there had not sent are not.
	 */
	@Override
	public boolean isResumed() {
		return this.resumed;
	}

	@Override
	public boolean takesNumberedBroadcasts() {
		return true;
	}

	@Override
	public boolean enqueueBroadcast(WebSocketMessage message, long bytes, String streamId, @Nullable Runnable done) {
		synchronized (this.broadcastOrder) {
			if (this.broadcastOrder.isReplaying()) {
				this.broadcastOrder.hold(() -> keepBroadcast(message, streamId, done));
				return true;
			}
			return keepBroadcast(message, streamId, done);
		}
	}

	/** Called holding the broadcast order's monitor. */
	private boolean keepBroadcast(WebSocketMessage message, String streamId, @Nullable Runnable done) {
		if (!this.broadcastOrder.advance(streamId)) {
			// Taken already, from the stream, when the connection came to this instance.
			if (done != null) {
				done.run();
			}
			return true;
		}
		return enqueueNumbered(message, streamId, done);
	}

	private boolean enqueueNumbered(WebSocketMessage message, String streamId, @Nullable Runnable done) {
		if (this.session.keep(message, done, streamId) >= 0) {
			return true;
		}
		if (done != null) {
			done.run();
		}
		return false;
	}

	/**
	 * Take the broadcasts of the stream that the client missed while it moved here, before any
	 * broadcast that arrives meanwhile.
	 * @param store where the stream is read
	 * @return how many were taken
	 */
	long replayMissedBroadcasts(ResumeStore store) {
		long replayed = 0;
		String after = this.broadcastOrder.last();
		try {
			List<ResumeStore.StoredBroadcast> missed = (after != null)
					? store.broadcastsAfter(after, ResumableEndpoint.REPLAY_LIMIT) : List.of();
			for (ResumeStore.StoredBroadcast broadcast : missed) {
				boolean addressed = broadcast.toGroup() ? this.groups.groups().contains(broadcast.name())
						: broadcast.name().equals(this.endpoint.path());
				synchronized (this.broadcastOrder) {
					if (addressed && this.broadcastOrder.advance(broadcast.id())
							&& enqueueNumbered(broadcast.message(), broadcast.id(), null)) {
						replayed++;
					}
				}
			}
		}
		catch (RuntimeException ex) {
			logger.warn("Could not read the broadcasts that the client of resumable WebSocket connection " + this.id
					+ " missed; it goes on without them", ex);
		}
		finally {
			synchronized (this.broadcastOrder) {
				for (Runnable held : this.broadcastOrder.endReplay()) {
					held.run();
				}
			}
		}
		return replayed;
	}

	void beginReplay() {
		synchronized (this.broadcastOrder) {
			this.broadcastOrder.beginReplay();
		}
	}

	/**
	 * Keep this connection's record where other instances find it, if there is such a store.
	 */
	void persist() {
		ResumeStore store = this.endpoint.registry().getStore();
		if (store == null || !isOpen()) {
			return;
		}
		Map<String, String> restorable = new java.util.HashMap<>();
		this.attributes.forEach((name, value) -> {
			if (value instanceof String text) {
				restorable.put(name, text);
			}
		});
		this.broadcastFloor = store.save(new ResumeRecord(token(), this.id, this.endpoint.path(),
				(this.principal != null) ? this.principal.getName() : null, groups(), restorable,
				this.session.inbox().acknowledgedReceived(), this.broadcastFloor), this.endpoint.registry().getTimeout());
	}

	@Override
	public boolean isOpen() {
		return this.session.closeStatus() == null;
	}

	@Override
	public void close() throws IOException {
		close(CloseStatus.NORMAL);
	}

	@Override
	public void close(CloseStatus status) throws IOException {
		SendableCloseStatus.check(status);
		this.session.end(status);
	}

	@Override
	public @Nullable CloseStatus closeStatus() {
		return this.session.closeStatus();
	}

	ResumeSession session() {
		return this.session;
	}

	String token() {
		return this.session.token();
	}

	boolean endpointIs(ResumableEndpoint endpoint) {
		return this.endpoint == endpoint;
	}

	/**
	 * Leave every group and, unless the connection was handed over to another instance, forget
	 * its record.
	 * @param status how it ended
	 */
	void ended(CloseStatus status) {
		this.groups.close(this.endpoint.path());
		ResumeStore store = this.endpoint.registry().getStore();
		if (store != null && status.code() != ResumeRegistry.HANDED_OVER.code()) {
			store.delete(token());
		}
	}

	/**
	 * Send the acknowledgement owed to the client, if any, without waiting for it to be written.
	 */
	void acknowledgeAsync() {
		ResumeAttachment current = this.session.currentAttachment();
		long count = (current != null) ? this.session.inbox().acknowledgementDue(current) : -1;
		if (current != null && count >= 0) {
			current.transport().sendAsync(WebSocketMessage.text(ResumeFrames.ack(count)));
		}
	}

}
