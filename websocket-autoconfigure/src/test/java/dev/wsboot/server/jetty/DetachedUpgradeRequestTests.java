package dev.wsboot.server.jetty;

import java.lang.reflect.Proxy;
import java.net.HttpCookie;
import java.net.URI;
import java.security.Principal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.eclipse.jetty.websocket.api.ExtensionConfig;
import org.eclipse.jetty.websocket.api.UpgradeRequest;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The compact copy of an upgrade request that a Jetty session keeps: it answers as the request
 * did, and later changes to the request do not reach it.
 */
class DetachedUpgradeRequestTests {

	private static final Principal USER = () -> "alice";

	private final Map<String, List<String>> headers = new LinkedHashMap<>();

	@Test
	void answersAsTheRequestDid() {
		this.headers.put("Host", new ArrayList<>(List.of("example.org:8080")));
		this.headers.put("Origin", List.of("https://example.org"));
		this.headers.put("Sec-WebSocket-Version", List.of("13"));
		this.headers.put("Sec-WebSocket-Protocol", List.of("chat, superchat", "v2"));
		this.headers.put("Cookie", List.of("session=abc123; theme=dark", "bad name=1; =empty"));
		this.headers.put("X-Multi", List.of("one", "two"));
		this.headers.put("X-Multiple", List.of("not X-Multi"));
		UpgradeRequest detached = new DetachedUpgradeRequest(request("/ws/room?name=a%20b&tag=x&tag=y&flag"));
		assertThat(detached.getRequestURI()).isEqualTo(URI.create("/ws/room?name=a%20b&tag=x&tag=y&flag"));
		assertThat(detached.getQueryString()).isEqualTo("name=a%20b&tag=x&tag=y&flag");
		assertThat(detached.getParameterMap()).containsExactly(Map.entry("name", List.of("a b")),
				Map.entry("tag", List.of("x", "y")), Map.entry("flag", List.of("")));
		assertThat(detached.getHeader("host")).isEqualTo("example.org:8080");
		assertThat(detached.getHost()).isEqualTo("example.org:8080");
		assertThat(detached.getOrigin()).isEqualTo("https://example.org");
		assertThat(detached.getProtocolVersion()).isEqualTo("13");
		assertThat(detached.getHeaderInt("Sec-WebSocket-Version")).isEqualTo(13);
		assertThat(detached.getHeaderInt("Host")).isEqualTo(-1);
		assertThat(detached.getHeaderInt("X-Missing")).isEqualTo(-1);
		assertThat(detached.getHeaders("x-multi")).containsExactly("one", "two");
		assertThat(detached.getHeaders().get("X-MULTI")).containsExactly("one", "two");
		assertThat(detached.getHeaders()).hasSize(7);
		assertThat(detached.getSubProtocols()).containsExactly("chat", "superchat", "v2");
		assertThat(detached.hasSubProtocol("SUPERCHAT")).isTrue();
		assertThat(detached.hasSubProtocol("other")).isFalse();
		assertThat(detached.getCookies()).extracting(HttpCookie::getName, HttpCookie::getValue)
			.containsExactly(org.assertj.core.groups.Tuple.tuple("session", "abc123"),
					org.assertj.core.groups.Tuple.tuple("theme", "dark"));
		assertThat(detached.getUserPrincipal()).isSameAs(USER);
		assertThat(detached.isSecure()).isTrue();
		assertThat(detached.getMethod()).isEqualTo("GET");
		assertThat(detached.getHttpVersion()).isEqualTo("HTTP/1.1");
		assertThat(detached.getExtensions()).isEmpty();
	}

	@Test
	void laterChangesToTheRequestDoNotReachTheCopy() {
		this.headers.put("Host", new ArrayList<>(List.of("example.org")));
		UpgradeRequest detached = new DetachedUpgradeRequest(request("/ws"));
		this.headers.get("Host").add("changed");
		this.headers.put("X-Later", List.of("later"));
		assertThat(detached.getHeaders("Host")).containsExactly("example.org");
		assertThat(detached.getHeader("X-Later")).isNull();
		assertThat(detached.getQueryString()).isNull();
		assertThat(detached.getParameterMap()).isEmpty();
		assertThat(detached.getCookies()).isEmpty();
		assertThat(detached.getSubProtocols()).isEmpty();
	}

	/** The request as Jetty hands it over during the handshake, answering what a copy reads. */
	private UpgradeRequest request(String uri) {
		return (UpgradeRequest) Proxy.newProxyInstance(getClass().getClassLoader(),
				new Class<?>[] { UpgradeRequest.class }, (proxy, method, args) -> switch (method.getName()) {
					case "getRequestURI" -> URI.create(uri);
					case "getHeaders" -> this.headers;
					case "getExtensions" -> List.<ExtensionConfig>of();
					case "getUserPrincipal" -> USER;
					case "getMethod" -> "GET";
					case "getHttpVersion" -> "HTTP/1.1";
					case "isSecure" -> true;
					default -> throw new AssertionError("The copy should not read " + method.getName());
				});
	}

}
