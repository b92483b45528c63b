package dev.wsboot.security;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import dev.wsboot.testing.WebSocketTestClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * wsboot behind the application's own Spring Security filter chain: handshakes are refused
 * before the upgrade (401 anonymous, 403 without the role), the connection's principal is the
 * logged-in user, and logging out closes the user's connections with 1008. Runs in its own
 * Surefire execution, since Spring Security on the class path would secure every other test's
 * application too.
 */
@SpringBootTest(classes = SecuredApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = "websocket.keep-alive-interval=0")
@Timeout(30)
class SpringSecurityTests {

	private final HttpClient http = HttpClient.newBuilder()
		.connectTimeout(Duration.ofSeconds(5))
		.followRedirects(HttpClient.Redirect.NEVER)
		.build();

	@LocalServerPort
	int port;

	@Test
	void refusesAnAnonymousHandshakeWith401BeforeTheUpgrade() {
		assertThat(WebSocketTestClient.to(this.port, "/me").expectRefused()).isEqualTo(401);
	}

	@Test
	void refusesAUserWithoutTheRoleWith403() throws Exception {
		String session = logIn();
		assertThat(WebSocketTestClient.to(this.port, "/admin").header("Cookie", session).expectRefused())
			.isEqualTo(403);
	}

	@Test
	void givesTheConnectionTheLoggedInUserAsPrincipalAndClosesItWith1008AtLogout() throws Exception {
		String session = logIn();
		try (WebSocketTestClient client = WebSocketTestClient.to(this.port, "/me").header("Cookie", session).connect()) {
			client.expectText("ada");
			HttpResponse<String> logout = this.http.send(
					HttpRequest.newBuilder(uri("/logout")).header("Cookie", session).POST(HttpRequest.BodyPublishers.noBody())
						.build(),
					HttpResponse.BodyHandlers.ofString());
			assertThat(logout.statusCode()).isEqualTo(302);
			assertThat(client.expectClose(1008).reason()).isEqualTo("Session ended");
		}
	}

	/** Log in through the form and return the session cookie. */
	private String logIn() throws Exception {
		HttpResponse<String> login = this.http.send(HttpRequest.newBuilder(uri("/login"))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString("username=ada&password=secret"))
			.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(login.statusCode()).isEqualTo(302);
		assertThat(login.headers().firstValue("Location")).hasValueSatisfying((location) -> assertThat(location)
			.doesNotContain("error"));
		String cookie = login.headers().firstValue("Set-Cookie").orElseThrow();
		return cookie.substring(0, cookie.indexOf(';'));
	}

	private URI uri(String path) {
		return URI.create("http://127.0.0.1:" + this.port + path);
	}

}
