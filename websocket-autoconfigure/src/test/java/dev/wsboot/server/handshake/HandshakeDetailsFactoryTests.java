package dev.wsboot.server.handshake;

import java.net.InetSocketAddress;
import java.net.URI;
import java.util.Map;

import dev.wsboot.HandshakeDetails;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link HandshakeDetailsFactory}.
 */
class HandshakeDetailsFactoryTests {

	@Test
	void decodesRepeatedAndPercentEncodedQueryParameters() {
		HandshakeDetails details = HandshakeDetailsFactory.create(
				URI.create("/chat?room=caf%C3%A9&tag=a&tag=b+c&flag"), new HttpHeaders(), Map.of(), null, null);
		assertThat(details.queryParameters().get("room")).containsExactly("café");
		assertThat(details.queryParameters().get("tag")).containsExactly("a", "b+c");
		assertThat(details.queryParameters().get("flag")).containsExactly("");
	}

	@Test
	void handsOverHeadersAndPathVariablesThatCannotBeChanged() {
		HttpHeaders headers = new HttpHeaders();
		headers.add("X-Client", "test");
		InetSocketAddress remote = new InetSocketAddress("127.0.0.1", 40000);
		HandshakeDetails details = HandshakeDetailsFactory.create(URI.create("/rooms/lobby"), headers,
				Map.of("room", "lobby"), null, remote);
		assertThat(details.headers().getFirst("X-Client")).isEqualTo("test");
		assertThat(details.pathVariables()).containsExactly(Map.entry("room", "lobby"));
		assertThat(details.remoteAddress()).isEqualTo(remote);
		assertThatExceptionOfType(UnsupportedOperationException.class)
			.isThrownBy(() -> details.headers().add("X-Other", "x"));
		assertThatExceptionOfType(UnsupportedOperationException.class)
			.isThrownBy(() -> details.queryParameters().add("q", "x"));
	}

	@Test
	void aRequestWithoutUriIsTheRoot() {
		HandshakeDetails details = HandshakeDetailsFactory.create(null, new HttpHeaders(), Map.of(), null, null);
		assertThat(details.uri()).isEqualTo(URI.create("/"));
		assertThat(details.queryParameters()).isEmpty();
	}

}
