package dev.wsboot.server.direct;

import java.net.InetSocketAddress;
import java.net.URI;
import java.security.Principal;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import dev.wsboot.server.frame.FrameChannel;
import dev.wsboot.server.frame.PerMessageDeflate;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.web.socket.WebSocketExtension;
import org.springframework.web.socket.WebSocketSession;

/**
 * The descriptive half of Spring's {@link WebSocketSession} for a direct session: what the
 * handshake established, the addresses, the extensions and the size limits Spring's API lets
 * handlers read and set. The I/O half is {@link DirectWebSocketSession}'s.
 */
abstract class AbstractDirectSession implements WebSocketSession {

	private static final AtomicLong ids = new AtomicLong();

	private final String id = Long.toString(ids.incrementAndGet(), 36);

	private final DirectHandshake handshake;

	private final FrameChannel channel;

	private final boolean compressed;

	private int textMessageSizeLimit;

	private int binaryMessageSizeLimit;

	AbstractDirectSession(DirectHandshake handshake, FrameChannel channel, long maxMessageSize, boolean compressed) {
		this.handshake = handshake;
		this.channel = channel;
		this.compressed = compressed;
		this.textMessageSizeLimit = (int) Math.min(Integer.MAX_VALUE, maxMessageSize);
		this.binaryMessageSizeLimit = this.textMessageSizeLimit;
	}

	@Override
	public String getId() {
		return this.id;
	}

	@Override
	public @Nullable URI getUri() {
		return this.handshake.uri();
	}

	@Override
	public HttpHeaders getHandshakeHeaders() {
		return this.handshake.headers();
	}

	@Override
	public Map<String, Object> getAttributes() {
		return this.handshake.attributes();
	}

	@Override
	public @Nullable Principal getPrincipal() {
		return this.handshake.principal();
	}

	@Override
	public @Nullable InetSocketAddress getLocalAddress() {
		return this.channel.localAddress();
	}

	@Override
	public @Nullable InetSocketAddress getRemoteAddress() {
		return this.channel.remoteAddress();
	}

	@Override
	public @Nullable String getAcceptedProtocol() {
		return this.handshake.subprotocol();
	}

	@Override
	public void setTextMessageSizeLimit(int messageSizeLimit) {
		this.textMessageSizeLimit = messageSizeLimit;
	}

	@Override
	public int getTextMessageSizeLimit() {
		return this.textMessageSizeLimit;
	}

	@Override
	public void setBinaryMessageSizeLimit(int messageSizeLimit) {
		this.binaryMessageSizeLimit = messageSizeLimit;
	}

	@Override
	public int getBinaryMessageSizeLimit() {
		return this.binaryMessageSizeLimit;
	}

	@Override
	public List<WebSocketExtension> getExtensions() {
		return this.compressed ? List.of(new WebSocketExtension(PerMessageDeflate.NAME)) : List.of();
	}

	@Override
	public String toString() {
		return getClass().getSimpleName() + "[id=" + this.id + ", uri=" + this.handshake.uri() + "]";
	}

}
