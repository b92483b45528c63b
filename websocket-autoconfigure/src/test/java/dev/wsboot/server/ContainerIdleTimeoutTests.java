package dev.wsboot.server;

import java.time.Duration;

import dev.wsboot.test.FaultTestApplication;
import dev.wsboot.test.RawWebSocket;
import jakarta.servlet.ServletContext;
import jakarta.websocket.server.ServerContainer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.web.servlet.ServletContextInitializer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The container never cuts a connection that wsboot keeps: with the container's own WebSocket
 * idle timeout lowered to 1 s (Jetty's default is 30 s) and keep-alive off, a quiet connection is
 * still served 3 s later; {@code websocket.idle-timeout} is the one rule for idle connections.
 */
@SpringBootTest(classes = FaultTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "websocket.keep-alive-interval=0", "websocket.direct-io=false" })
@Import(ContainerIdleTimeoutTests.ShortContainerIdleTimeout.class)
@Timeout(30)
class ContainerIdleTimeoutTests {

	private static final java.util.concurrent.atomic.AtomicBoolean LOWERED = new java.util.concurrent.atomic.AtomicBoolean();

	@LocalServerPort
	int port;

	@Test
	void keepsAQuietConnectionPastTheContainersIdleTimeout() throws Exception {
		assertThat(LOWERED).as("container idle timeout lowered for the test").isTrue();
		try (RawWebSocket ws = RawWebSocket.connect(this.port, Duration.ofSeconds(3))) {
			assertThat(ws.handshake("/echo", java.util.Map.of()).status()).isEqualTo(101);
			// Reads nothing for 3 s: a close or EOF would end the wait early and fail below.
			assertThat(ws.awaitEof()).as("connection ended while quiet").isFalse();
			ws.sendText("still here");
			assertThat(ws.readMessage().text()).isEqualTo("still here");
		}
	}

	@TestConfiguration(proxyBeanMethods = false)
	static class ShortContainerIdleTimeout {

		@Bean
		ServletContextInitializer shortContainerIdleTimeout() {
			return (ServletContext servletContext) -> {
				// The container registers its WebSocket container as the context starts.
				servletContext.addListener(new jakarta.servlet.ServletContextListener() {

					@Override
					public void contextInitialized(jakarta.servlet.ServletContextEvent event) {
						if (event.getServletContext()
							.getAttribute(ServerContainer.class.getName()) instanceof ServerContainer container) {
							container.setDefaultMaxSessionIdleTimeout(1000);
							LOWERED.set(true);
						}
					}

				});
			};
		}

	}

}
