package dev.wsboot.server.supervision;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;

import dev.wsboot.server.EndpointMonitor;
import dev.wsboot.server.PartTakingHandler;
import dev.wsboot.server.PulledSession;
import dev.wsboot.server.WebSocketTransports;
import dev.wsboot.server.connection.MessageRateLimiter;
import dev.wsboot.server.frame.MessageDecoder;
import dev.wsboot.server.handshake.ConnectionLimit;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.PongMessage;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.WebSocketMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.handler.LoggingWebSocketHandlerDecorator;
import org.springframework.web.socket.handler.WebSocketHandlerDecorator;
import org.springframework.web.socket.handler.WebSocketSessionDecorator;

/**
 * Supervises the sessions of one endpoint: registers them for keep-alive, timeouts and shutdown,
 * records when traffic passes and releases the connection limit at close.
 * <p>
 * The handlers below see a {@link SupervisedSession}, so that every send, whatever the
 * programming model, counts as traffic and is timed: the {@link KeepAliveScheduler} cuts off a
 * peer whose send has been blocked for longer than the send timeout.
 */
public final class SupervisingHandlerDecorator extends WebSocketHandlerDecorator {

	private static final String SESSION_ATTRIBUTE = SupervisingHandlerDecorator.class.getName() + ".session";

	/** The logger of the decorator Spring puts around every endpoint's handler. */
	private static final Log messageTraceLog = LogFactory.getLog(LoggingWebSocketHandlerDecorator.class);

	private final String endpoint;

	private final SessionRegistry registry;

	private final EndpointMonitor monitor;

	private final Duration sendTimeout;

	private final Duration containerIdleTimeout;

	private final int maxMessagesPerSecond;

	private volatile AuditLog auditLog = AuditLog.OFF;

	private volatile boolean takesPongs;

	private volatile boolean takesMessages;

	private final RateLimitedLog rateLog = new RateLimitedLog(LogFactory.getLog(SupervisingHandlerDecorator.class),
			Duration.ofSeconds(10));

	private final ConnectionLimit connectionLimit;

	public SupervisingHandlerDecorator(WebSocketHandler delegate, String endpoint, SessionRegistry registry,
			EndpointMonitor monitor, Duration sendTimeout, ConnectionLimit connectionLimit) {
		this(delegate, endpoint, registry, monitor, sendTimeout, Duration.ZERO, 0, connectionLimit);
	}

	/**
	 * Create a decorator.
	 * @param delegate the endpoint's handler
	 * @param endpoint the path template
	 * @param registry where sessions are supervised
	 * @param monitor the endpoint's monitor
	 * @param sendTimeout the send timeout
	 * @param keepAliveInterval the keep-alive interval, which the container's own idle timeout
	 * must never undercut
	 * @param maxMessagesPerSecond the most messages a connection may send a second, 0 for no limit
	 * @param connectionLimit the connection limit
	 */
	public SupervisingHandlerDecorator(WebSocketHandler delegate, String endpoint, SessionRegistry registry,
			EndpointMonitor monitor, Duration sendTimeout, Duration keepAliveInterval, int maxMessagesPerSecond,
			ConnectionLimit connectionLimit) {
		super(delegate);
		this.endpoint = endpoint;
		this.registry = registry;
		this.monitor = monitor;
		this.sendTimeout = sendTimeout;
		this.containerIdleTimeout = containerIdleTimeout(keepAliveInterval, sendTimeout);
		this.maxMessagesPerSecond = maxMessagesPerSecond;
		this.connectionLimit = connectionLimit;
	}

	/**
	 * Take pongs from the transport where it can hand them over, instead of through the
	 * handlers: only for when no handler below this decorator or above it looks at pongs, as
	 * they then never see them. The keep-alive clock and round-trip metric get them as before.
	 * @param takesPongs whether to take pongs from the transport
	 */
	public void setTakesPongs(boolean takesPongs) {
		this.takesPongs = takesPongs;
	}

	/**
	 * Take the data parts of a pulled session from the transport, instead of through the
	 * handlers, where the handlers below offer a sink for them ({@link PartTakingHandler}): only
	 * for when no handler above this decorator looks at data messages. Spring's own decorators
	 * above it only catch what the handlers throw and trace each message; a connection opened
	 * while that trace is on goes through the chain.
	 * @param takesMessages whether to take data parts from the transport
	 */
	public void setTakesMessages(boolean takesMessages) {
		this.takesMessages = takesMessages;
	}

	/**
	 * Set where connections opened and closed are logged.
	 * @param auditLog the audit log
	 */
	public void setAuditLog(AuditLog auditLog) {
		this.auditLog = auditLog;
	}

	@Override
	public void afterConnectionEstablished(WebSocketSession session) throws Exception {
		this.connectionLimit.claim(session.getAttributes());
		configureContainerSession(session);
		TrackedSession tracked = this.registry.add(session, this.endpoint, this.monitor);
		SupervisedSession supervised = new SupervisedSession(session, tracked, (this.maxMessagesPerSecond > 0)
				? new MessageRateLimiter(this.maxMessagesPerSecond, System.nanoTime()) : null);
		session.getAttributes().put(SESSION_ATTRIBUTE, supervised);
		if (this.takesPongs) {
			EndpointMonitor monitor = this.monitor;
			WebSocketTransports.of(session).takePongs((payload) -> {
				long now = System.nanoTime();
				tracked.pongReceived(now);
				MonitoringHandlerDecorator.recordRoundTrip(monitor, payload, now);
			});
		}
		this.auditLog.opened(this.endpoint, session);
		if (this.registry.isDraining()) {
			// Its handshake began before the shutdown did; it gets its 1001 at once, not after the grace.
			Thread.ofVirtual().name("wsboot-shutdown-close").start(() -> WebSocketShutdown.closeQuietly(session));
		}
		super.afterConnectionEstablished(supervised);
		takeParts(session, supervised);
	}

	private void takeParts(WebSocketSession session, SupervisedSession supervised) {
		PulledSession pulled = WebSocketTransports.of(session).pulled();
		if (pulled == null || !this.takesMessages || messageTraceLog.isTraceEnabled()
				|| !(getDelegate() instanceof PartTakingHandler delegate)) {
			return;
		}
		MessageDecoder.PartSink next = delegate.partTaker(supervised);
		if (next != null) {
			pulled.takeParts(new SupervisedParts(supervised, next));
		}
	}

	@Override
	public void handleMessage(WebSocketSession session, WebSocketMessage<?> message) throws Exception {
		SupervisedSession supervised = supervised(session);
		long now = System.nanoTime();
		if (message instanceof PongMessage) {
			supervised.tracked.pongReceived(now);
		}
		else {
			if (!admit(supervised, message.isLast(), now)) {
				return;
			}
		}
		super.handleMessage(supervised, message);
	}

	/**
	 * Record a data frame's arrival and apply the rate limit at each message's end.
	 * @return whether the message goes on (else the connection was closed with 1008)
	 */
	private boolean admit(SupervisedSession supervised, boolean last, long now) throws IOException {
		supervised.tracked.inboundFrame(now);
		if (last && supervised.overRate(now)) {
			rateLimited(supervised);
			return false;
		}
		return true;
	}

	@Override
	public void handleTransportError(WebSocketSession session, Throwable exception) throws Exception {
		ForcedCloseLog.transportError(session.getId(), this.endpoint, exception,
				WebSocketTransports.of(session).isProtocolError(exception));
		super.handleTransportError(supervised(session), exception);
	}

	@Override
	public void afterConnectionClosed(WebSocketSession session, CloseStatus closeStatus) throws Exception {
		this.registry.remove(session);
		this.connectionLimit.release(session.getAttributes());
		CloseStatus local = SessionTermination.localStatus(session, closeStatus);
		SupervisedSession supervised = supervised(session);
		CloseStatus status = (local != null) ? local : closeStatus;
		this.auditLog.closed(this.endpoint, session, status, System.nanoTime() - supervised.openedAt);
		super.afterConnectionClosed(supervised, status);
	}

	private void configureContainerSession(WebSocketSession session) {
		WebSocketTransports.of(session).limitContainer(this.containerIdleTimeout, this.sendTimeout);
	}

	private void rateLimited(SupervisedSession session) throws IOException {
		this.monitor.rateLimited();
		this.rateLog.warn("rate-limit", () -> "Closed WebSocket connection " + session.getId() + " of endpoint '"
				+ this.endpoint + "' with 1008: more than websocket.max-messages-per-second ("
				+ this.maxMessagesPerSecond + ") messages a second");
		// The message over the rate is dropped; the close frame tells the peer why.
		session.getDelegate().close(CloseStatus.POLICY_VIOLATION.withReason("Rate limit exceeded"));
	}

	/**
	 * Return the container's own idle timeout for wsboot's sessions. websocket.idle-timeout is
	 * the one rule for quiet connections, so the container's (Jetty's is 30 s) must never cut
	 * what keep-alive keeps open: with pings on, a connection the container finds without reads
	 * or writes for two intervals and a send timeout is one whose pings cannot be written, which
	 * the container alone can see (it writes pongs itself); with pings off, never.
	 */
	static Duration containerIdleTimeout(Duration keepAliveInterval, Duration sendTimeout) {
		return keepAliveInterval.isZero() ? Duration.ZERO : keepAliveInterval.multipliedBy(2).plus(sendTimeout);
	}

	private SupervisedSession supervised(WebSocketSession session) {
		SupervisedSession supervised = (SupervisedSession) session.getAttributes().get(SESSION_ATTRIBUTE);
		if (supervised == null) {
			throw new IllegalStateException("WebSocket session " + session.getId() + " was never established");
		}
		return supervised;
	}

	/**
	 * Return the tracked session behind a session a handler below this decorator was given.
	 * @param session the session as a handler sees it
	 * @return the tracked session, or {@code null} if the session is not supervised
	 */
	public static @Nullable TrackedSession trackedSessionOf(WebSocketSession session) {
		WebSocketSession current = session;
		while (current instanceof WebSocketSessionDecorator decorator) {
			if (decorator instanceof SupervisedSession supervised) {
				return supervised.tracked;
			}
			current = decorator.getDelegate();
		}
		return null;
	}

	/**
	 * The container's session, recording sends as traffic and timing them.
	 */
	final class SupervisedSession extends WebSocketSessionDecorator {

		private final TrackedSession tracked;

		private final @Nullable MessageRateLimiter rateLimiter;

		private final long openedAt = System.nanoTime();

		SupervisedSession(WebSocketSession delegate, TrackedSession tracked, @Nullable MessageRateLimiter rateLimiter) {
			super(delegate);
			this.tracked = tracked;
			this.rateLimiter = rateLimiter;
		}

		boolean overRate(long now) {
			return this.rateLimiter != null && !this.rateLimiter.tryAcquire(now);
		}

		@Override
		public void sendMessage(WebSocketMessage<?> message) throws IOException {
			this.tracked.sendStarted(System.nanoTime());
			try {
				super.sendMessage(message);
			}
			finally {
				this.tracked.sendFinished(System.nanoTime());
			}
		}

	}

	/**
	 * Supervises data parts as {@link #handleMessage} does, then hands them on.
	 */
	private final class SupervisedParts implements MessageDecoder.PartSink {

		private final SupervisedSession supervised;

		private final MessageDecoder.PartSink next;

		SupervisedParts(SupervisedSession supervised, MessageDecoder.PartSink next) {
			this.supervised = supervised;
			this.next = next;
		}

		@Override
		public void text(String part, int bytes, boolean last) throws IOException {
			if (admit(this.supervised, last, System.nanoTime())) {
				this.next.text(part, bytes, last);
			}
		}

		@Override
		public void binary(ByteBuffer part, boolean last) throws IOException {
			if (admit(this.supervised, last, System.nanoTime())) {
				this.next.binary(part, last);
			}
		}

	}

}
