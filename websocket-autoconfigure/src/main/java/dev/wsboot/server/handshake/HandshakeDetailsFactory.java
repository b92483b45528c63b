package dev.wsboot.server.handshake;

import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.util.Map;

import dev.wsboot.HandshakeDetails;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.util.CollectionUtils;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.web.util.UriComponentsBuilder;
import org.springframework.web.util.UriUtils;

/**
 * Builds {@link HandshakeDetails} from the parts of a handshake request.
 */
public final class HandshakeDetailsFactory {

	private HandshakeDetailsFactory() {
	}

	/**
	 * Describe a handshake request.
	 * @param uri the request's URI; {@code null} stands for {@code /}
	 * @param headers the request's headers
	 * @param pathVariables the variables of the endpoint's path template
	 * @param principal the authenticated user, if any
	 * @param remoteAddress the client's address, if known
	 * @return the details, with decoded query parameters and read-only collections
	 */
	public static HandshakeDetails create(@Nullable URI uri, HttpHeaders headers, Map<String, String> pathVariables,
			@Nullable Principal principal, @Nullable InetSocketAddress remoteAddress) {
		MultiValueMap<String, String> query = new LinkedMultiValueMap<>();
		if (uri != null) {
			UriComponentsBuilder.fromUri(uri)
				.build()
				.getQueryParams()
				.forEach((name, values) -> values.forEach((value) -> query.add(decode(name), decode(value))));
		}
		return new HandshakeDetails((uri != null) ? uri : URI.create("/"), HttpHeaders.readOnlyHttpHeaders(headers),
				CollectionUtils.unmodifiableMultiValueMap(query), Map.copyOf(pathVariables), principal, remoteAddress);
	}

	private static String decode(@Nullable String value) {
		return (value != null) ? UriUtils.decode(value, StandardCharsets.UTF_8) : "";
	}

}
