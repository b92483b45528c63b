package dev.wsboot.server.tomcat;

import java.io.IOException;
import java.security.Principal;
import java.time.Duration;
import java.util.Map;

import dev.wsboot.server.ServletUpgradeStrategy;
import dev.wsboot.server.WebSocketTransport;
import dev.wsboot.server.direct.DirectAnswer;
import jakarta.servlet.ServletException;
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
		DirectAnswer answer = DirectAnswer.accept(request, response, selectedProtocol, user, attributes,
				this.compression);
		if (answer == null) {
			return true;
		}
		try {
			DirectUpgradeHandler handler = request.getServletRequest().upgrade(DirectUpgradeHandler.class);
			handler.prepare((channel) -> answer.session(channel, wsHandler, this.maxMessageSize, this.partSize),
					this.writeTimeoutMillis);
		}
		catch (IOException | ServletException ex) {
			throw new HandshakeFailureException("Could not upgrade the connection of " + request.getURI(), ex);
		}
		return true;
	}

}
