package dev.wsboot.server;

import java.io.IOException;
import java.lang.ref.WeakReference;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.wsboot.test.FaultTestApplication;
import dev.wsboot.test.RawWebSocket;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * An open connection does not keep its handshake's HTTP request alive: whatever the request's
 * filters and handlers attached to it (observation contexts, flash maps, security state) can be
 * collected once the upgrade is done, on every container. On Jetty 12.1 the session's copy of
 * the upgrade response is a live view of the response's headers, which reaches the request; wsboot
 * gives the session a detached copy instead.
 */
@SpringBootTest(classes = { FaultTestApplication.class, HandshakeRequestReleaseTests.Probe.class },
		webEnvironment = WebEnvironment.RANDOM_PORT)
@Timeout(60)
class HandshakeRequestReleaseTests {

	/** What the probe filter attached to each handshake request. */
	static final List<WeakReference<Object>> attached = new CopyOnWriteArrayList<>();

	@LocalServerPort
	int port;

	@Test
	void anOpenConnectionLetsGoOfItsHandshakeRequestsAttributes() throws IOException {
		attached.clear();
		try (RawWebSocket ws = RawWebSocket.open(this.port, "/echo")) {
			ws.sendText("hello");
			assertThat(ws.readMessage().text()).isEqualTo("hello");
			assertThat(attached).hasSize(1);
			WeakReference<Object> attribute = attached.get(0);
			// Still open: only the handshake is over.
			await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200)).until(() -> {
				System.gc();
				return attribute.get() == null;
			});
			ws.sendText("still here");
			assertThat(ws.readMessage().text()).isEqualTo("still here");
		}
	}

	@TestConfiguration(proxyBeanMethods = false)
	static class Probe {

		@Bean
		FilterRegistrationBean<Filter> attributeProbe() {
			Filter filter = (ServletRequest request, ServletResponse response, FilterChain chain) -> {
				Object marker = new byte[1024];
				attached.add(new WeakReference<>(marker));
				request.setAttribute(HandshakeRequestReleaseTests.class.getName(), marker);
				chain.doFilter(request, response);
			};
			FilterRegistrationBean<Filter> registration = new FilterRegistrationBean<>(filter);
			registration.addUrlPatterns("/echo");
			return registration;
		}

	}

}
