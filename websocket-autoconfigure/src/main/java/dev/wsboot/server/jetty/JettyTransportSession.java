package dev.wsboot.server.jetty;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.ByteBuffer;
import java.security.Principal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import dev.wsboot.server.WebSocketTransport;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.ExtensionConfig;
import org.eclipse.jetty.websocket.api.Session;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.web.socket.BinaryMessage;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.PingMessage;
import org.springframework.web.socket.PongMessage;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketExtension;
import org.springframework.web.socket.adapter.AbstractWebSocketSession;

/**
 * Spring's session over Jetty's WebSocket API, with what wsboot needs beyond it: message parts
 * sent as parts, reading paused through Jetty's demand, and an abort. It is its own
 * {@link WebSocketTransport}.
 * <p>
 * Unlike Spring's {@code JettyWebSocketSession}, it copies nothing of the handshake: the URI,
 * headers, subprotocol and extensions are read from Jetty's session when asked for, which keeps
 * its own copy of them in any case (about 1.9 KB less per open connection).
 */
final class JettyTransportSession extends AbstractWebSocketSession<Session> implements WebSocketTransport {

	private static final String CLOSE_EXCEPTION = "org.eclipse.jetty.websocket.core.exception.CloseException";

	private static final AtomicLong ids = new AtomicLong();

	private final String id = "j" + Long.toString(ids.incrementAndGet(), 36);

	private final @Nullable Principal user;

	private volatile @Nullable JettyDemand demand;

	JettyTransportSession(Map<String, Object> attributes, @Nullable Principal user) {
		super(attributes);
		this.user = user;
	}

	@Override
	public void initializeNativeSession(Session session) {
		super.initializeNativeSession(session);
		this.demand = new JettyDemand(session);
	}

	@Override
	public String getId() {
		return this.id;
	}

	@Override
	public @Nullable URI getUri() {
		checkNativeSessionInitialized();
		return getNativeSession().getUpgradeRequest().getRequestURI();
	}

	@Override
	public HttpHeaders getHandshakeHeaders() {
		checkNativeSessionInitialized();
		HttpHeaders headers = new HttpHeaders();
		Map<String, List<String>> received = getNativeSession().getUpgradeRequest().getHeaders();
		if (received != null) {
			headers.putAll(received);
		}
		return HttpHeaders.readOnlyHttpHeaders(headers);
	}

	@Override
	public @Nullable String getAcceptedProtocol() {
		checkNativeSessionInitialized();
		return getNativeSession().getUpgradeResponse().getAcceptedSubProtocol();
	}

	@Override
	public List<WebSocketExtension> getExtensions() {
		checkNativeSessionInitialized();
		List<ExtensionConfig> negotiated = getNativeSession().getUpgradeResponse().getExtensions();
		if (negotiated == null || negotiated.isEmpty()) {
			return List.of();
		}
		List<WebSocketExtension> extensions = new ArrayList<>(negotiated.size());
		for (ExtensionConfig extension : negotiated) {
			extensions.add(new WebSocketExtension(extension.getName(), extension.getParameters()));
		}
		return Collections.unmodifiableList(extensions);
	}

	@Override
	public @Nullable Principal getPrincipal() {
		if (this.user != null || this.demand == null) {
			return this.user;
		}
		return getNativeSession().getUpgradeRequest().getUserPrincipal();
	}

	@Override
	public @Nullable InetSocketAddress getLocalAddress() {
		checkNativeSessionInitialized();
		return (getNativeSession().getLocalSocketAddress() instanceof InetSocketAddress address) ? address : null;
	}

	@Override
	public @Nullable InetSocketAddress getRemoteAddress() {
		checkNativeSessionInitialized();
		return (getNativeSession().getRemoteSocketAddress() instanceof InetSocketAddress address) ? address : null;
	}

	@Override
	public void setTextMessageSizeLimit(int messageSizeLimit) {
		checkNativeSessionInitialized();
		getNativeSession().setMaxTextMessageSize(messageSizeLimit);
	}

	@Override
	public int getTextMessageSizeLimit() {
		checkNativeSessionInitialized();
		return (int) getNativeSession().getMaxTextMessageSize();
	}

	@Override
	public void setBinaryMessageSizeLimit(int messageSizeLimit) {
		checkNativeSessionInitialized();
		getNativeSession().setMaxBinaryMessageSize(messageSizeLimit);
	}

	@Override
	public int getBinaryMessageSizeLimit() {
		checkNativeSessionInitialized();
		return (int) getNativeSession().getMaxBinaryMessageSize();
	}

	@Override
	public boolean isOpen() {
		return this.demand != null && getNativeSession().isOpen();
	}

	@Override
	public JettyDemand readPauser() {
		JettyDemand current = this.demand;
		if (current == null) {
			throw new IllegalStateException("WebSocket session " + getId() + " is not open yet");
		}
		return current;
	}

	@Override
	public void limitContainer(Duration idleTimeout, Duration sendTimeout) {
		// Jetty's writes have no deadline of their own: wsboot's send timeout aborts them.
		getNativeSession().setIdleTimeout(idleTimeout);
	}

	@Override
	public boolean tryPing(ByteBuffer payload) throws IOException {
		sendMessage(new PingMessage(payload));
		return true;
	}

	@Override
	public boolean isCloseReport(Throwable error) {
		if (WebSocketTransport.super.isCloseReport(error)) {
			return true;
		}
		// Jetty reports a close for an error code (1002, 1007, 1009, 1011) as this exception;
		// it lives in Jetty's core module, which wsboot does not compile against.
		for (Class<?> type = error.getClass(); type != null; type = type.getSuperclass()) {
			if (CLOSE_EXCEPTION.equals(type.getName())) {
				return true;
			}
		}
		return false;
	}

	@Override
	protected void sendTextMessage(TextMessage message) throws IOException {
		write((session, written) -> session.sendPartialText(message.getPayload(), message.isLast(), written));
	}

	@Override
	protected void sendBinaryMessage(BinaryMessage message) throws IOException {
		write((session, written) -> session.sendPartialBinary(message.getPayload(), message.isLast(), written));
	}

	@Override
	public void abort(CloseStatus sent, CloseStatus local) {
		Session session = getNativeSession();
		Callback.Completable written = new Callback.Completable();
		try {
			session.close(sent.getCode(), sent.getReason(), written);
			// A peer that does not read never lets the frame out: it gets a bounded time.
			written.get(ABORT_CLOSE_FRAME_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		catch (ExecutionException | TimeoutException | RuntimeException ex) {
			// Dropped below all the same.
		}
		session.disconnect();
	}

	@Override
	protected void sendPingMessage(PingMessage message) throws IOException {
		write((session, written) -> session.sendPing(message.getPayload(), written));
	}

	@Override
	protected void sendPongMessage(PongMessage message) throws IOException {
		write((session, written) -> session.sendPong(message.getPayload(), written));
	}

	@Override
	protected void closeInternal(CloseStatus status) throws IOException {
		write((session, written) -> session.close(status.getCode(), status.getReason(), written));
	}

	/** Start a write on Jetty's session and wait until it is done. */
	private void write(BiConsumer<Session, Callback> write) throws IOException {
		Callback.Completable written = new Callback.Completable();
		write.accept(getNativeSession(), written);
		// No deadline here: wsboot's sweep aborts a write that outlasts websocket.send-timeout,
		// which fails this callback.
		try {
			written.get();
		}
		catch (ExecutionException ex) {
			Throwable cause = ex.getCause();
			throw (cause instanceof IOException io) ? io : new IOException("WebSocket write failed", cause);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new InterruptedIOException("Interrupted while writing a WebSocket message");
		}
	}

}
