package dev.wsboot.server.tomcat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.Principal;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import dev.wsboot.server.ServletUpgradeStrategy;
import dev.wsboot.server.WebSocketTransport;
import dev.wsboot.server.direct.DirectHandshake;
import dev.wsboot.server.direct.DirectWebSocketSession;
import dev.wsboot.server.frame.PerMessageDeflate;
import dev.wsboot.server.handshake.HandshakeChecksInterceptor;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;
import org.springframework.http.server.ServletServerHttpRequest;
import org.springframework.http.server.ServletServerHttpResponse;
import org.springframework.util.ClassUtils;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.server.HandshakeFailureException;
import org.springframework.web.socket.server.RequestUpgradeStrategy;

/**
 * Completes handshakes by handing the connection to a {@link DirectUpgradeHandler}, so that
 * wsboot reads and writes frames itself on the connection's virtual thread.
 * <p>
 * permessage-deflate is negotiated here, from the client's offers, when compression is on. The
 * fallback strategy (the container's own WebSocket implementation) serves requests that are not
 * servlet requests.
 *
 * @since 0.1.0
 */
public final class DirectUpgradeStrategy extends ServletUpgradeStrategy {

	private static final String ACCEPT_GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

	private final boolean compression;

	private final long maxMessageSize;

	private final int partSize;

	private final long writeTimeoutMillis;

	/**
	 * Create a strategy.
	 * @param fallback the container's strategy, for requests that are not servlet requests
	 * @param compression whether permessage-deflate is offered at all
	 * @param maxMessageSize the most bytes one received message may hold
	 * @param partSize the most bytes handed to a handler in one part
	 * @param sendTimeout the send timeout; a single write gives up at twice this, as a backstop
	 */
	public DirectUpgradeStrategy(RequestUpgradeStrategy fallback, boolean compression, long maxMessageSize, int partSize,
			Duration sendTimeout) {
		super(fallback);
		this.compression = compression;
		this.maxMessageSize = maxMessageSize;
		this.partSize = partSize;
		this.writeTimeoutMillis = sendTimeout.isZero() ? -1 : WebSocketTransport.writeBackstop(sendTimeout).toMillis();
	}

	/**
	 * Return whether this JVM and container can run direct sessions: Tomcat, and a JDK on which
	 * a virtual thread waiting in {@code Object.wait} (as Tomcat's blocking I/O does) releases its
	 * carrier (JDK 24, JEP 491). Older JDKs would pin one carrier per waiting connection.
	 * @param classLoader the class loader to look for Tomcat with
	 * @return whether direct sessions can be used
	 */
	public static boolean isSupported(@Nullable ClassLoader classLoader) {
		return Runtime.version().feature() >= 24
				&& ClassUtils.isPresent("org.apache.coyote.http11.upgrade.InternalHttpUpgradeHandler", classLoader);
	}

	@Override
	protected boolean upgrade(ServletServerHttpRequest request, ServletServerHttpResponse response,
			@Nullable String selectedProtocol, @Nullable Principal user, WebSocketHandler wsHandler,
			Map<String, Object> attributes) throws HandshakeFailureException {
		HttpServletRequest httpRequest = request.getServletRequest();
		HttpServletResponse httpResponse = response.getServletResponse();
		String key = httpRequest.getHeader("Sec-WebSocket-Key");
		if (!HandshakeChecksInterceptor.isValidKey(key)) {
			httpResponse.setStatus(HttpServletResponse.SC_BAD_REQUEST);
			return true;
		}
		httpResponse.setStatus(HttpServletResponse.SC_SWITCHING_PROTOCOLS);
		httpResponse.setHeader("Upgrade", "websocket");
		httpResponse.setHeader("Connection", "upgrade");
		httpResponse.setHeader("Sec-WebSocket-Accept", accept(key));
		String subprotocol = (selectedProtocol != null && !selectedProtocol.isEmpty()) ? selectedProtocol : null;
		if (subprotocol != null) {
			httpResponse.setHeader("Sec-WebSocket-Protocol", subprotocol);
		}
		PerMessageDeflate deflate = this.compression
				? PerMessageDeflate.negotiate(request.getHeaders().getValuesAsList("Sec-WebSocket-Extensions")) : null;
		if (deflate != null) {
			httpResponse.setHeader("Sec-WebSocket-Extensions", deflate.responseHeader());
		}
		Principal principal = (user != null) ? user : request.getPrincipal();
		// The session's attributes are read and written from several threads (the connection's,
		// keep-alive's, shutdown's), so they get a concurrent map, as Spring's own sessions do.
		// Copies the headers now: Spring's read through to the servlet request, which Tomcat recycles.
		DirectHandshake handshake = new DirectHandshake(request.getURI(), request.getHeaders(),
				new ConcurrentHashMap<>(attributes), principal, subprotocol);
		try {
			DirectUpgradeHandler handler = httpRequest.upgrade(DirectUpgradeHandler.class);
			handler.prepare((channel) -> new DirectWebSocketSession(handshake, channel, wsHandler, this.maxMessageSize,
					this.partSize, deflate), this.writeTimeoutMillis);
		}
		catch (IOException | ServletException ex) {
			throw new HandshakeFailureException("Could not upgrade the connection of " + request.getURI(), ex);
		}
		return true;
	}

	private static String accept(String key) {
		try {
			MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
			byte[] digest = sha1.digest((key + ACCEPT_GUID).getBytes(StandardCharsets.ISO_8859_1));
			return Base64.getEncoder().encodeToString(digest);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-1 is required of every JDK", ex);
		}
	}

}
