package dev.wsboot.server.jetty;

import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.wsboot.server.handshake.HeaderLines;
import org.eclipse.jetty.websocket.api.ExtensionConfig;
import org.eclipse.jetty.websocket.api.UpgradeResponse;
import org.jspecify.annotations.Nullable;

/**
 * What an upgrade response said, copied, so that it refers to nothing of the HTTP exchange; its
 * headers, which an open connection seldom reads, as one string ({@link HeaderLines}).
 */
final class DetachedUpgradeResponse implements UpgradeResponse {

	private final @Nullable String acceptedSubProtocol;

	private final List<ExtensionConfig> extensions;

	private final String headerLines;

	private final int statusCode;

	DetachedUpgradeResponse(UpgradeResponse response) {
		this.acceptedSubProtocol = response.getAcceptedSubProtocol();
		this.extensions = List.copyOf(response.getExtensions());
		this.headerLines = HeaderLines.of(response.getHeaders());
		this.statusCode = response.getStatusCode();
	}

	@Override
	public @Nullable String getAcceptedSubProtocol() {
		return this.acceptedSubProtocol;
	}

	@Override
	public List<ExtensionConfig> getExtensions() {
		return this.extensions;
	}

	@Override
	public @Nullable String getHeader(String name) {
		return HeaderLines.first(this.headerLines, name);
	}

	@Override
	public Set<String> getHeaderNames() {
		return getHeaders().keySet();
	}

	@Override
	public Map<String, List<String>> getHeaders() {
		return HeaderLines.parseToMap(this.headerLines);
	}

	@Override
	public List<String> getHeaders(String name) {
		return HeaderLines.values(this.headerLines, name);
	}

	@Override
	public int getStatusCode() {
		return this.statusCode;
	}

}
