package dev.wsboot.server.direct;

import java.net.URI;
import java.security.Principal;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link DirectHandshake}.
 */
class DirectHandshakeTests {

	@Test
	void givesBackEveryHeaderValueInOrderWithNamesMatchedIgnoringCase() {
		HttpHeaders request = new HttpHeaders();
		request.add("Host", "127.0.0.1:8080");
		request.add("Sec-WebSocket-Protocol", "v2.chat");
		request.add("Sec-WebSocket-Protocol", "v1.chat");
		request.add("Origin", "http://127.0.0.1:8080");
		request.add("X-Empty", "");
		request.add("Cookie", "a=1; b=2:3");
		DirectHandshake handshake = new DirectHandshake(URI.create("/ws"), request, new HashMap<>(), null, null);
		HttpHeaders headers = handshake.headers();
		assertThat(headers.headerNames()).containsExactly("Host", "Sec-WebSocket-Protocol", "Origin", "X-Empty",
				"Cookie");
		assertThat(headers.get("sec-websocket-protocol")).containsExactly("v2.chat", "v1.chat");
		assertThat(headers.getOrigin()).isEqualTo("http://127.0.0.1:8080");
		assertThat(headers.get("X-Empty")).containsExactly("");
		assertThat(headers.getFirst("cookie")).isEqualTo("a=1; b=2:3");
	}

	@Test
	void keepsACopyTheRequestCannotChangeAndGivesHeadersNoCallerCanChange() {
		HttpHeaders request = new HttpHeaders();
		request.add("Host", "example.org");
		DirectHandshake handshake = new DirectHandshake(null, request, new HashMap<>(), null, null);
		request.set("Host", "recycled.example");
		assertThat(handshake.headers().getFirst("Host")).isEqualTo("example.org");
		assertThatExceptionOfType(UnsupportedOperationException.class)
			.isThrownBy(() -> handshake.headers().add("X-More", "1"));
		assertThat(handshake.headers().getFirst("X-More")).isNull();
	}

	@Test
	void aLineBreakInAValueIsTheSpaceOfAFoldedLine() {
		HttpHeaders request = new HttpHeaders();
		request.add("X-Folded", "first\nsecond");
		request.add("X-After", "kept");
		DirectHandshake handshake = new DirectHandshake(null, request, new HashMap<>(), null, null);
		assertThat(handshake.headers().toSingleValueMap()).containsExactly(Map.entry("X-Folded", "first second"),
				Map.entry("X-After", "kept"));
	}

	@Test
	void givesBackAnEqualUriWithItsEncodedQuery() {
		URI uri = URI.create("ws://127.0.0.1:8080/rooms/caf%C3%A9?name=a%20b&tag=x&tag=y#frag");
		DirectHandshake handshake = new DirectHandshake(uri, new HttpHeaders(), new HashMap<>(), null, null);
		assertThat(handshake.uri()).isEqualTo(uri);
		assertThat(handshake.uri().getRawQuery()).isEqualTo("name=a%20b&tag=x&tag=y");
		assertThat(handshake.uri().getPath()).isEqualTo("/rooms/café");
		assertThat(new DirectHandshake(null, new HttpHeaders(), new HashMap<>(), null, null).uri()).isNull();
	}

	@Test
	void sharesItsAttributesAndKeepsThePrincipalAndSubprotocol() {
		Map<String, Object> attributes = new HashMap<>();
		Principal user = () -> "alice";
		DirectHandshake handshake = new DirectHandshake(URI.create("/ws"), new HttpHeaders(), attributes, user,
				"v1.chat");
		handshake.attributes().put("room", "lobby");
		assertThat(attributes).containsEntry("room", "lobby");
		assertThat(handshake.principal()).isSameAs(user);
		assertThat(handshake.subprotocol()).isEqualTo("v1.chat");
		assertThat(handshake.headers().isEmpty()).isTrue();
	}

}
