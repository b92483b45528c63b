package dev.wsboot.server.resume;

import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.security.Principal;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import dev.wsboot.CloseStatus;
import dev.wsboot.WebSocketConnection;
import dev.wsboot.WebSocketConversionException;
import dev.wsboot.WebSocketMessage;
import dev.wsboot.server.QueueingConnection;
import dev.wsboot.server.connection.GroupMemberships;
import org.jspecify.annotations.Nullable;
import org.springframework.util.Assert;

/**
 * The connection a resumable endpoint's handler holds: it outlives the transports beneath it.
 * Outbound messages are numbered and kept until the client acknowledges them; while the client
 * is away, {@link #receive()} waits and {@link #send} keeps what it is given, within the resume
 * buffer limit. Only whole messages travel on it.
 *
 * @since 0.1.0
 */
public final class ResumableConnection implements QueueingConnection {

	private final String id;

	private final ResumableEndpoint endpoint;

	private final URI uri;

	private final @Nullable Principal principal;

	private final Map<String, String> pathVariables;

	private final Map<String, Object> attributes = new ConcurrentHashMap<>();

	private final GroupMemberships groups;

	private final ResumeSession session;

	ResumableConnection(WebSocketConnection first, ResumableEndpoint endpoint, String token) {
		this.id = first.id();
		this.endpoint = endpoint;
		this.uri = first.uri();
		this.principal = first.principal();
		this.pathVariables = first.pathVariables();
		this.groups = new GroupMemberships(this, endpoint.listener());
		this.session = new ResumeSession(this, endpoint, token);
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
		return this.session.receive();
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
		if (this.session.keep(message, done) >= 0) {
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
	}

	@Override
	public void leave(String group) {
		this.groups.leave(group);
	}

	@Override
	public Set<String> groups() {
		return this.groups.groups();
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
		Assert.isTrue(status.isSendable(), () -> "Close code " + status.code()
				+ " may not be sent in a close frame (RFC 6455, section 7.4); use 1000, 1001, 1008 or 4000-4999");
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

	void leaveGroups() {
		this.groups.close(this.endpoint.path());
	}

	/**
	 * Send the acknowledgement owed to the client, if any, without waiting for it to be written.
	 */
	void acknowledgeAsync() {
		ResumeAttachment current = this.session.currentAttachment();
		long count = (current != null) ? this.session.acknowledgementDue(current) : -1;
		if (current != null && count >= 0) {
			current.transport().sendAsync(WebSocketMessage.text(ResumeFrames.ack(count)));
		}
	}

}
