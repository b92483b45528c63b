package dev.wsboot.server.resume;

import java.io.IOException;
import java.security.Principal;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;

import dev.wsboot.CloseStatus;
import dev.wsboot.WebSocketConnection;
import dev.wsboot.WebSocketMessage;
import dev.wsboot.server.ConnectionListener;
import dev.wsboot.server.EndpointMonitor;
import dev.wsboot.server.connection.WebSocketMessageCodecs;
import dev.wsboot.server.supervision.RateLimitedLog;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * Serves the transports of one resumable endpoint whose clients speak
 * {@value ResumeFrames#SUBPROTOCOL}: the first message of each transport starts a new
 * {@link ResumableConnection} or resumes one, and the transport's messages are then handed to it
 * until the transport ends.
 *
 * @since 0.1.0
 */
public final class ResumableEndpoint {

	/** The server acknowledges at least every this many messages, and otherwise on a timer. */
	static final int ACK_EVERY = 16;

	/** The most broadcasts replayed to a client that resumes on another instance. */
	static final int REPLAY_LIMIT = 10_000;

	/** Close status of a transport whose client presented a token that resumes nothing. */
	public static final CloseStatus REFUSED = new CloseStatus(4404, "Unknown or expired resume token");

	/** Close status of the older transport when its client resumed on a newer one. */
	public static final CloseStatus SUPERSEDED = new CloseStatus(4409, "Resumed on another connection");

	private static final Log logger = LogFactory.getLog(ResumableEndpoint.class);

	private static final RateLimitedLog refusals = new RateLimitedLog(logger, Duration.ofSeconds(10));

	private final String path;

	private final ResumeRegistry registry;

	private final int inboundCapacity;

	private volatile EndpointMonitor monitor = EndpointMonitor.NONE;

	private volatile ConnectionListener listener = ConnectionListener.NONE;

	private volatile WebSocketMessageCodecs codecs = WebSocketMessageCodecs.NONE;

	/**
	 * Create the resumable side of an endpoint.
	 * @param path the endpoint's path template
	 * @param registry the registry of resumable connections
	 * @param inboundCapacity how many received messages wait for the handler before the transport
	 * stops being read
	 */
	public ResumableEndpoint(String path, ResumeRegistry registry, int inboundCapacity) {
		this.path = path;
		this.registry = registry;
		this.inboundCapacity = inboundCapacity;
	}

	/**
	 * Set where the endpoint's resumes are counted.
	 * @param monitor the endpoint's monitor
	 */
	public void setMonitor(EndpointMonitor monitor) {
		this.monitor = monitor;
	}

	/**
	 * Set who learns of the resumable connections and their groups, for broadcast.
	 * @param listener the listener
	 */
	public void setConnectionListener(ConnectionListener listener) {
		this.listener = listener;
	}

	/**
	 * Set the codecs of typed messages.
	 * @param codecs the application's codecs
	 */
	public void setCodecs(WebSocketMessageCodecs codecs) {
		this.codecs = codecs;
	}

	String path() {
		return this.path;
	}

	ResumeRegistry registry() {
		return this.registry;
	}

	long bufferLimit() {
		return this.registry.getBufferLimit();
	}

	int inboundCapacity() {
		return this.inboundCapacity;
	}

	EndpointMonitor monitor() {
		return this.monitor;
	}

	ConnectionListener listener() {
		return this.listener;
	}

	WebSocketMessageCodecs codecs() {
		return this.codecs;
	}

	/**
	 * Serve one transport until it ends, on the transport's own thread.
	 * @param transport a connection that negotiated {@value ResumeFrames#SUBPROTOCOL}
	 * @param startHandler runs the endpoint's handler for a new resumable connection; it must not
	 * block
	 * @throws IOException if the transport fails before it is attached
	 */
	public void serve(WebSocketConnection transport, Consumer<ResumableConnection> startHandler) throws IOException {
		WebSocketMessage hello = transport.receive();
		if (hello == null) {
			return;
		}
		String text = hello.isText() ? hello.text() : "";
		if (text.equals(String.valueOf(ResumeFrames.NEW))) {
			ResumableConnection connection = new ResumableConnection(transport, this, this.registry.newToken());
			ResumeAttachment attachment = Objects
				.requireNonNull(connection.session().attach(transport, -1, connection.token()));
			this.registry.register(connection);
			if (!replied(transport, connection, attachment)) {
				connection.session().end(CloseStatus.ABNORMAL);
				return;
			}
			connection.persist();
			this.listener.connectionOpened(this.path, connection);
			startHandler.accept(connection);
			pump(transport, connection, attachment);
		}
		else if (!text.isEmpty() && text.charAt(0) == ResumeFrames.RESUME) {
			resume(transport, ResumeFrames.resumeRequest(text), startHandler);
		}
		else {
			transport.close(CloseStatus.PROTOCOL_ERROR.withReason("Expected a resume hello (n or r) first"));
		}
	}

	private void resume(WebSocketConnection transport, ResumeFrames.@Nullable ResumeRequest request,
			Consumer<ResumableConnection> startHandler) throws IOException {
		if (this.registry.isHandingOver()) {
			// Shutting down: the client comes back, to another instance.
			transport.close(ResumeRegistry.HANDED_OVER);
			return;
		}
		ResumableConnection connection = (request != null) ? this.registry.find(request.token()) : null;
		if (connection == null && request != null && this.registry.getStore() != null) {
			resumeFromStore(transport, request, startHandler);
			return;
		}
		ResumeAttachment attachment = (connection != null && mayResume(connection, transport))
				? this.registry.resume(connection, transport, request.received()) : null;
		if (connection == null || attachment == null) {
			refuse(transport);
			return;
		}
		connection.persist();
		WebSocketConnection previous = attachment.previousTransport();
		if (previous != null) {
			closeQuietly(previous, SUPERSEDED);
		}
		// Counted before the writer sends the replayed messages, so that the meter is never behind.
		this.monitor.resumed(attachment.replayed());
		if (!replied(transport, connection, attachment)) {
			connection.session().detached(attachment, CloseStatus.ABNORMAL);
			return;
		}
		pump(transport, connection, attachment);
	}

	/**
	 * Go on with a connection that another instance served: claim its record, rejoin its groups,
	 * replay the broadcasts its client missed and start a handler invocation that knows it.
	 */
	private void resumeFromStore(WebSocketConnection transport, ResumeFrames.ResumeRequest request,
			Consumer<ResumableConnection> startHandler) throws IOException {
		ResumeStore store = java.util.Objects.requireNonNull(this.registry.getStore());
		ResumeRecord record = store.claim(request.token());
		if (record == null || !record.endpoint().equals(this.path)
				|| !sameUser(record.principal(), transport.principal())) {
			refuse(transport);
			return;
		}
		long received = (request.acknowledged() >= 0) ? request.acknowledged() : record.received();
		ResumableConnection connection = new ResumableConnection(record, transport, this, this.registry.newToken(),
				request.received(), received, request.lastBroadcastId());
		ResumeAttachment attachment = connection.session().attach(transport, request.received(), connection.token());
		if (attachment == null) {
			refuse(transport);
			return;
		}
		this.registry.register(connection);
		// Live broadcasts wait while the missed ones are read from the stream.
		connection.beginReplay();
		this.listener.connectionOpened(this.path, connection);
		connection.rejoin(record.groups());
		if (!replied(transport, connection, attachment)) {
			connection.replayMissedBroadcasts(store);
			connection.session().detached(attachment, CloseStatus.ABNORMAL);
			return;
		}
		this.monitor.resumed(connection.replayMissedBroadcasts(store));
		startHandler.accept(connection);
		pump(transport, connection, attachment);
	}

	private void refuse(WebSocketConnection transport) throws IOException {
		this.monitor.resumeRefused();
		refusals.info("refused", () -> "Refused to resume a WebSocket connection of endpoint '" + this.path
				+ "' with 4404: the token is unknown, expired or not the client's, or the client counted more "
				+ "messages than were sent");
		transport.close(REFUSED);
	}

	private boolean mayResume(ResumableConnection connection, WebSocketConnection transport) {
		Principal owner = connection.principal();
		return connection.endpointIs(this) && sameUser((owner != null) ? owner.getName() : null, transport.principal());
	}

	private static boolean sameUser(@Nullable String owner, @Nullable Principal resumer) {
		// A connection opened by a signed-in user resumes only for the same user.
		return owner == null || (resumer != null && owner.equals(resumer.getName()));
	}

	private static boolean replied(WebSocketConnection transport, ResumableConnection connection,
			ResumeAttachment attachment) {
		try {
			transport.send(attachment.reply());
		}
		catch (IOException ex) {
			return false;
		}
		attachment.startWriting(connection.session(), "wsboot-resume-writer-" + connection.id());
		return true;
	}

	private void pump(WebSocketConnection transport, ResumableConnection connection, ResumeAttachment attachment) {
		try {
			WebSocketMessage message;
			while ((message = transport.receive()) != null) {
				if (message.isText()) {
					String text = message.text();
					char kind = text.isEmpty() ? 0 : text.charAt(0);
					if (kind == ResumeFrames.ACK) {
						long count = ResumeFrames.count(text);
						if (count < 0 || !connection.session().acknowledged(count)) {
							transport.close(CloseStatus.PROTOCOL_ERROR.withReason("Bad acknowledgement"));
							break;
						}
						continue;
					}
					if (kind != ResumeFrames.DATA) {
						transport.close(CloseStatus.PROTOCOL_ERROR.withReason("Unknown resume message"));
						break;
					}
					message = WebSocketMessage.text(text.substring(1));
				}
				if (connection.session().inbox().deliver(attachment, message)) {
					long count = connection.session().inbox().acknowledgementDue(attachment);
					if (count >= 0) {
						// Never wait here for the writer: a client that waits for this read to
						// send, while the writer waits for the client to read, would wait forever.
						transport.sendAsync(WebSocketMessage.text(ResumeFrames.ack(count)));
					}
				}
			}
		}
		catch (IOException ex) {
			// The transport failed; how it ended decides below whether the client may come back.
			if (logger.isDebugEnabled()) {
				logger.debug("Transport of resumable WebSocket connection " + connection.id() + " failed", ex);
			}
		}
		finally {
			CloseStatus ended = transport.closeStatus();
			connection.session().detached(attachment, (ended != null) ? ended : CloseStatus.ABNORMAL);
		}
	}

	private static void closeQuietly(WebSocketConnection transport, CloseStatus status) {
		try {
			transport.close(status);
		}
		catch (IOException | RuntimeException ex) {
			// It was gone already.
		}
	}

}
