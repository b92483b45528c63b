package dev.wsboot.server;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import dev.wsboot.server.frame.WebSocketProtocolException;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.adapter.standard.StandardWebSocketSession;
import org.springframework.web.socket.handler.WebSocketSessionDecorator;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How a connection's transport is found: once per session, through any decorators.
 */
class WebSocketTransportsTests {

	@Test
	void aSessionThatIsATransportIsItsOwnThroughItsDecorators() {
		SelfTransportSession session = new SelfTransportSession(new HashMap<>());
		WebSocketSession decorated = new WebSocketSessionDecorator(new WebSocketSessionDecorator(session));
		assertThat(WebSocketTransports.of(decorated)).isSameAs(session);
	}

	@Test
	void theHandshakesFactoryMakesTheTransportOnceForTheSession() {
		AtomicInteger made = new AtomicInteger();
		Map<String, Object> attributes = new HashMap<>();
		Function<WebSocketSession, WebSocketTransport> factory = (container) -> {
			made.incrementAndGet();
			return new StandardSessionTransport(container);
		};
		attributes.put(WebSocketTransports.FACTORY_ATTRIBUTE, factory);
		WebSocketSession session = new StandardWebSocketSession(new HttpHeaders(), attributes, null, null);
		WebSocketTransport first = WebSocketTransports.of(new WebSocketSessionDecorator(session));
		WebSocketTransport second = WebSocketTransports.of(session);
		assertThat(second).isSameAs(first);
		assertThat(made).hasValue(1);
	}

	@Test
	void aSessionWithoutFactoryGetsTheStandardTransport() {
		WebSocketSession session = new StandardWebSocketSession(new HttpHeaders(), new HashMap<>(), null, null);
		WebSocketTransport transport = WebSocketTransports.of(session);
		assertThat(transport).isInstanceOf(StandardSessionTransport.class);
		assertThat(transport.readPauser()).isSameAs(ReadPauser.NONE);
		assertThat(transport.pingsWithoutWaiting()).isFalse();
		assertThat(transport.pulled()).isNull();
		assertThat(transport.isProtocolError(new WebSocketProtocolException(1002, "bad"))).isTrue();
		assertThat(transport.isProtocolError(new IOException("reset"))).isFalse();
		assertThat(transport.isCloseReport(new EOFException())).isTrue();
	}

	@Test
	void theContainersWriteBackstopLeavesWsbootsSendTimeoutTheFirstWord() {
		assertThat(WebSocketTransport.writeBackstop(Duration.ofSeconds(10))).isEqualTo(Duration.ofSeconds(21));
	}

	/**
	 * A container session adapted by wsboot, as the engine's and Jetty's are.
	 */
	private static final class SelfTransportSession extends StandardWebSocketSession implements WebSocketTransport {

		SelfTransportSession(Map<String, Object> attributes) {
			super(new HttpHeaders(), attributes, null, null);
		}

		@Override
		public ReadPauser readPauser() {
			return ReadPauser.NONE;
		}

		@Override
		public void limitContainer(Duration idleTimeout, Duration sendTimeout) {
		}

		@Override
		public void abort(CloseStatus sent, CloseStatus local) {
		}

		@Override
		public boolean tryPing(ByteBuffer payload) {
			return true;
		}

	}

}
