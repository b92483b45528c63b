package dev.wsboot.server.direct;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.Principal;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import dev.wsboot.server.frame.FrameChannel;
import dev.wsboot.server.frame.PerMessageDeflate;
import dev.wsboot.server.handshake.HandshakeChecksInterceptor;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;
import org.springframework.http.server.ServletServerHttpRequest;
import org.springframework.http.server.ServletServerHttpResponse;
import org.springframework.web.socket.WebSocketHandler;

/**
 * The 101 answer to a handshake that wsboot's own engine will serve, whichever container carries
 * the socket: the accept key, the subprotocol, permessage-deflate negotiated from the client's
 * offers, and a {@link DirectHandshake} that keeps what the session needs of the request.
 *
 * @param handshake what the handshake established
 * @param deflate the permessage-deflate agreement, or {@code null} for none
 * @since 0.1.0
 */
public record DirectAnswer(DirectHandshake handshake, @Nullable PerMessageDeflate deflate) {

	private static final String ACCEPT_GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

	// Cloned for each handshake: a provider lookup by name costs more than the digest itself.
	private static final MessageDigest SHA1 = sha1();

	/**
	 * Answer a handshake: set the response's status and headers.
	 * @param request the handshake request
	 * @param response its response
	 * @param selectedProtocol the subprotocol Spring selected, if any
	 * @param user the user Spring determined, if any
	 * @param attributes the handshake attributes, which become the session's
	 * @param compression whether permessage-deflate may be agreed
	 * @return the answer, or {@code null} if the request's key is malformed (the response is then
	 * a 400)
	 */
	public static @Nullable DirectAnswer accept(ServletServerHttpRequest request, ServletServerHttpResponse response,
			@Nullable String selectedProtocol, @Nullable Principal user, Map<String, Object> attributes,
			boolean compression) {
		HttpServletRequest httpRequest = request.getServletRequest();
		HttpServletResponse httpResponse = response.getServletResponse();
		String key = httpRequest.getHeader("Sec-WebSocket-Key");
		if (!HandshakeChecksInterceptor.isValidKey(key)) {
			httpResponse.setStatus(HttpServletResponse.SC_BAD_REQUEST);
			return null;
		}
		httpResponse.setStatus(HttpServletResponse.SC_SWITCHING_PROTOCOLS);
		httpResponse.setHeader("Upgrade", "websocket");
		httpResponse.setHeader("Connection", "upgrade");
		httpResponse.setHeader("Sec-WebSocket-Accept", acceptKey(key));
		String subprotocol = (selectedProtocol != null && !selectedProtocol.isEmpty()) ? selectedProtocol : null;
		if (subprotocol != null) {
			httpResponse.setHeader("Sec-WebSocket-Protocol", subprotocol);
		}
		PerMessageDeflate deflate = compression
				? PerMessageDeflate.negotiate(request.getHeaders().getValuesAsList("Sec-WebSocket-Extensions")) : null;
		if (deflate != null) {
			httpResponse.setHeader("Sec-WebSocket-Extensions", deflate.responseHeader());
		}
		Principal principal = (user != null) ? user : request.getPrincipal();
		// The session's attributes are read and written from several threads (the connection's,
		// keep-alive's, shutdown's), so they get a concurrent map, as Spring's own sessions do.
		// Copies the headers now: Spring's read through to the servlet request, which the
		// container recycles.
		DirectHandshake handshake = new DirectHandshake(request.getURI(), request.getHeaders(),
				new ConcurrentHashMap<>(attributes), principal, subprotocol);
		return new DirectAnswer(handshake, deflate);
	}

	/**
	 * Create the session that serves the upgraded connection.
	 * @param channel the connection's byte stream
	 * @param handler the endpoint's handler
	 * @param maxMessageSize the most bytes one received message may hold
	 * @param partSize the most bytes handed to the handler in one part
	 * @return the session
	 */
	public DirectWebSocketSession session(FrameChannel channel, WebSocketHandler handler, long maxMessageSize,
			int partSize) {
		return new DirectWebSocketSession(this.handshake, channel, handler, maxMessageSize, partSize, this.deflate);
	}

	private static String acceptKey(String key) {
		MessageDigest sha1;
		try {
			sha1 = (MessageDigest) SHA1.clone();
		}
		catch (CloneNotSupportedException ex) {
			sha1 = sha1();
		}
		byte[] digest = sha1.digest((key + ACCEPT_GUID).getBytes(StandardCharsets.ISO_8859_1));
		return Base64.getEncoder().encodeToString(digest);
	}

	private static MessageDigest sha1() {
		try {
			return MessageDigest.getInstance("SHA-1");
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-1 is required of every JDK", ex);
		}
	}

}
