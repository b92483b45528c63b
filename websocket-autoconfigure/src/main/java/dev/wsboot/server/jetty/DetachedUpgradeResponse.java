package dev.wsboot.server.jetty;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import org.eclipse.jetty.websocket.api.ExtensionConfig;
import org.eclipse.jetty.websocket.api.UpgradeResponse;
import org.jspecify.annotations.Nullable;

/**
 * What an upgrade response said, copied, so that it refers to nothing of the HTTP exchange.
 */
final class DetachedUpgradeResponse implements UpgradeResponse {

	private final @Nullable String acceptedSubProtocol;

	private final List<ExtensionConfig> extensions;

	private final Map<String, List<String>> headers;

	private final int statusCode;

	DetachedUpgradeResponse(UpgradeResponse response) {
		this.acceptedSubProtocol = response.getAcceptedSubProtocol();
		this.extensions = List.copyOf(response.getExtensions());
		Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
		response.getHeaders().forEach((name, values) -> headers.put(name, List.copyOf(values)));
		this.headers = Collections.unmodifiableMap(headers);
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
		List<String> values = this.headers.get(name);
		return (values == null || values.isEmpty()) ? null : values.get(0);
	}

	@Override
	public Set<String> getHeaderNames() {
		return this.headers.keySet();
	}

	@Override
	public Map<String, List<String>> getHeaders() {
		return this.headers;
	}

	@Override
	public List<String> getHeaders(String name) {
		List<String> values = this.headers.get(name);
		return (values != null) ? values : List.of();
	}

	@Override
	public int getStatusCode() {
		return this.statusCode;
	}

}
