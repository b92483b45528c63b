package dev.wsboot.server.jetty;

import java.net.HttpCookie;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.wsboot.server.handshake.HeaderLines;
import org.eclipse.jetty.websocket.api.ExtensionConfig;
import org.eclipse.jetty.websocket.api.UpgradeRequest;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;

/**
 * What an upgrade request said, kept compactly for the life of the connection: its URI and
 * headers as one string each ({@link HeaderLines}), parsed again on each request for them.
 * <p>
 * Jetty's own copy keeps the parsed headers, URI, cookie parser and parameter map: about 0.6 KB
 * per idle connection for a client that sends five headers, several KB for a browser's.
 */
final class DetachedUpgradeRequest implements UpgradeRequest {

	private final String uri;

	private final String headerLines;

	private final List<ExtensionConfig> extensions;

	private final @Nullable Principal principal;

	private final String method;

	private final String httpVersion;

	private final boolean secure;

	DetachedUpgradeRequest(UpgradeRequest request) {
		this.uri = request.getRequestURI().toString();
		this.headerLines = HeaderLines.of(request.getHeaders());
		this.extensions = List.copyOf(request.getExtensions());
		this.principal = request.getUserPrincipal();
		this.method = request.getMethod();
		this.httpVersion = request.getHttpVersion();
		this.secure = request.isSecure();
	}

	@Override
	public List<HttpCookie> getCookies() {
		List<HttpCookie> cookies = new ArrayList<>();
		for (String header : getHeaders("Cookie")) {
			for (String pair : header.split(";")) {
				int equals = pair.indexOf('=');
				if (equals <= 0) {
					continue;
				}
				try {
					cookies.add(new HttpCookie(pair.substring(0, equals).trim(), pair.substring(equals + 1).trim()));
				}
				catch (IllegalArgumentException ex) {
					// Not a token: no cookie a server could have set.
				}
			}
		}
		return cookies;
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
	public int getHeaderInt(String name) {
		String value = getHeader(name);
		if (value == null) {
			return -1;
		}
		try {
			return Integer.parseInt(value.trim());
		}
		catch (NumberFormatException ex) {
			return -1;
		}
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
	public @Nullable String getHost() {
		return getHeader(HttpHeaders.HOST);
	}

	@Override
	public String getHttpVersion() {
		return this.httpVersion;
	}

	@Override
	public String getMethod() {
		return this.method;
	}

	@Override
	public @Nullable String getOrigin() {
		return getHeader(HttpHeaders.ORIGIN);
	}

	@Override
	public Map<String, List<String>> getParameterMap() {
		String query = getQueryString();
		if (query == null || query.isEmpty()) {
			return Map.of();
		}
		Map<String, List<String>> parameters = new LinkedHashMap<>();
		for (String pair : query.split("&")) {
			if (pair.isEmpty()) {
				continue;
			}
			int equals = pair.indexOf('=');
			String name = decode((equals < 0) ? pair : pair.substring(0, equals));
			String value = (equals < 0) ? "" : decode(pair.substring(equals + 1));
			parameters.computeIfAbsent(name, (key) -> new ArrayList<>()).add(value);
		}
		parameters.replaceAll((name, values) -> List.copyOf(values));
		return Collections.unmodifiableMap(parameters);
	}

	@Override
	public @Nullable String getProtocolVersion() {
		return getHeader("Sec-WebSocket-Version");
	}

	@Override
	public @Nullable String getQueryString() {
		return getRequestURI().getRawQuery();
	}

	@Override
	public URI getRequestURI() {
		return URI.create(this.uri);
	}

	@Override
	public List<String> getSubProtocols() {
		List<String> protocols = new ArrayList<>();
		for (String header : getHeaders("Sec-WebSocket-Protocol")) {
			for (String protocol : header.split(",")) {
				if (!protocol.isBlank()) {
					protocols.add(protocol.trim());
				}
			}
		}
		return protocols;
	}

	@Override
	public @Nullable Principal getUserPrincipal() {
		return this.principal;
	}

	@Override
	public boolean hasSubProtocol(String protocol) {
		return getSubProtocols().stream().anyMatch(protocol::equalsIgnoreCase);
	}

	@Override
	public boolean isSecure() {
		return this.secure;
	}

	private static String decode(String value) {
		try {
			return URLDecoder.decode(value, StandardCharsets.UTF_8);
		}
		catch (IllegalArgumentException ex) {
			// A stray '%': the value as sent.
			return value;
		}
	}

}
