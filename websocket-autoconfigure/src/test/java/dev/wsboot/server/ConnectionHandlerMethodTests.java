package dev.wsboot.server;

import java.io.IOException;
import java.lang.reflect.Method;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.wsboot.HandshakeDetails;
import dev.wsboot.WebSocketConnection;
import dev.wsboot.test.StubConnections;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.util.LinkedMultiValueMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * Tests for {@link ConnectionHandlerMethod}.
 */
class ConnectionHandlerMethodTests {

	private final WebSocketConnection connection = StubConnections.connection("c1");

	private final HandshakeDetails details = new HandshakeDetails(URI.create("/ws"), new HttpHeaders(),
			new LinkedMultiValueMap<>(), Map.of(), null, null);

	@Test
	void passesTheConnectionAndTheHandshakeInTheOrderTheMethodDeclaresThem() throws Throwable {
		Handlers handlers = new Handlers();
		ConnectionHandlerMethod method = new ConnectionHandlerMethod(handlers, method("detailsFirst"));
		assertThat(method.needsHandshakeDetails()).isTrue();
		method.invoke(this.connection, this.details);
		assertThat(handlers.calls).containsExactly(this.details, this.connection);
	}

	@Test
	void callsAMethodOfANonPublicClassWithTheConnectionOnly() throws Throwable {
		Handlers handlers = new Handlers();
		ConnectionHandlerMethod method = new ConnectionHandlerMethod(handlers, method("connectionOnly"));
		assertThat(method.needsHandshakeDetails()).isFalse();
		method.invoke(this.connection, null);
		assertThat(handlers.calls).containsExactly(this.connection);
	}

	@Test
	void letsWhatTheMethodThrowsPassUnwrapped() throws Exception {
		ConnectionHandlerMethod method = new ConnectionHandlerMethod(new Handlers(), method("fails"));
		assertThatExceptionOfType(IOException.class).isThrownBy(() -> method.invoke(this.connection, null))
			.withMessage("peer went away");
	}

	@Test
	void refusesAParameterItCannotSupplyNamingTheMethod() throws Exception {
		assertThatIllegalStateException().isThrownBy(() -> new ConnectionHandlerMethod(new Handlers(), method("unsupported")))
			.withMessageContaining("unsupported(dev.wsboot.WebSocketConnection,java.lang.String)")
			.withMessageContaining("java.lang.String");
	}

	@Test
	void describesItselfByClassMethodAndParameterTypes() throws Exception {
		ConnectionHandlerMethod method = new ConnectionHandlerMethod(new Handlers(), method("detailsFirst"));
		assertThat(method.description())
			.isEqualTo(Handlers.class.getName() + "#detailsFirst(HandshakeDetails, WebSocketConnection)");
	}

	private static Method method(String name) {
		for (Method method : Handlers.class.getDeclaredMethods()) {
			if (method.getName().equals(name)) {
				return method;
			}
		}
		throw new IllegalArgumentException(name);
	}

	static class Handlers {

		final List<Object> calls = new ArrayList<>();

		void detailsFirst(HandshakeDetails details, WebSocketConnection connection) {
			this.calls.add(details);
			this.calls.add(connection);
		}

		private void connectionOnly(WebSocketConnection connection) {
			this.calls.add(connection);
		}

		void fails(WebSocketConnection connection) throws IOException {
			throw new IOException("peer went away");
		}

		void unsupported(WebSocketConnection connection, String extra) {
		}

	}

}
