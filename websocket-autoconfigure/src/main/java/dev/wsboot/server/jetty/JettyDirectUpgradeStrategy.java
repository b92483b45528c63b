package dev.wsboot.server.jetty;

import java.security.Principal;
import java.util.Map;

import dev.wsboot.server.ServletUpgradeStrategy;
import dev.wsboot.server.direct.DirectAnswer;
import org.eclipse.jetty.ee11.servlet.ServletContextRequest;
import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.server.ConnectionMetaData;
import org.eclipse.jetty.server.HttpStream;
import org.jspecify.annotations.Nullable;
import org.springframework.http.server.ServletServerHttpRequest;
import org.springframework.http.server.ServletServerHttpResponse;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.server.HandshakeFailureException;
import org.springframework.web.socket.server.RequestUpgradeStrategy;

/**
 * Completes handshakes on Jetty with wsboot's own engine: after the 101 response Jetty upgrades
 * the connection's endpoint to a {@link DirectJettyConnection}, and a
 * {@code DirectWebSocketSession} reads and writes frames on the connection's virtual thread, as
 * on Tomcat: the plain socket is taken from Jetty's selector ({@link JettySocketOwner}) and blocks
 * on that thread, and quiet connections wait in wsboot's idle reader. No Jetty thread parses or
 * delivers a frame.
 * <p>
 * Requests Jetty does not carry over HTTP/1.1 go to the fallback (Jetty's own WebSocket engine).
 *
 * @since 0.1.0
 */
public final class JettyDirectUpgradeStrategy extends ServletUpgradeStrategy {

	private final boolean compression;

	private final long maxMessageSize;

	private final int partSize;

	/**
	 * Create a strategy.
	 * @param fallback the strategy for requests this one does not serve
	 * @param compression whether permessage-deflate is offered at all
	 * @param maxMessageSize the most bytes one received message may hold
	 * @param partSize the most bytes handed to a handler in one part, and the size a connection's
 * read buffer may grow to
	 */
	public JettyDirectUpgradeStrategy(RequestUpgradeStrategy fallback, boolean compression, long maxMessageSize,
			int partSize) {
		super(fallback);
		this.compression = compression;
		this.maxMessageSize = maxMessageSize;
		this.partSize = partSize;
	}

	@Override
	protected boolean upgrade(ServletServerHttpRequest request, ServletServerHttpResponse response,
			@Nullable String selectedProtocol, @Nullable Principal user, WebSocketHandler wsHandler,
			Map<String, Object> attributes) throws HandshakeFailureException {
		ServletContextRequest jettyRequest = ServletContextRequest.getServletContextRequest(request.getServletRequest());
		if (jettyRequest == null) {
			return false;
		}
		ConnectionMetaData connection = jettyRequest.getConnectionMetaData();
		if (connection.getHttpVersion() != HttpVersion.HTTP_1_1) {
			return false;
		}
		DirectAnswer answer = DirectAnswer.accept(request, response, selectedProtocol, user, attributes,
				this.compression);
		if (answer == null) {
			return true;
		}
		// Jetty upgrades the endpoint to this connection once the 101 response is complete.
		request.getServletRequest()
			.setAttribute(HttpStream.UPGRADE_CONNECTION_ATTRIBUTE,
					new DirectJettyConnection(connection.getConnection().getEndPoint(), connection.getConnector(),
							connection.getConnector().getExecutor(), this.partSize,
							(channel) -> answer.session(channel, wsHandler, this.maxMessageSize, this.partSize)));
		return true;
	}

}
