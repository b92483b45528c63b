package dev.wsboot.server.direct;

import java.io.EOFException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import dev.wsboot.server.frame.FrameChannel;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import org.springframework.http.HttpHeaders;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.handler.AbstractWebSocketHandler;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which thread serves a direct session: the one that started it, unless starting the channel
 * parked that thread (Tomcat's poller was busy), when a fresh connection thread takes over, so
 * that the parked stack the first thread saved is not kept for the connection's life.
 */
@Timeout(10)
class DirectWebSocketSessionStartTests {

	/** A client's close frame, 1000, masked with a zero key. */
	private static final byte[] CLOSE_1000 = { (byte) 0x88, (byte) 0x82, 0, 0, 0, 0, 0x03, (byte) 0xE8 };

	@Test
	void servesOnTheStartingThreadWhenStartingDidNotPark() throws Exception {
		Served served = serve(false);
		assertThat(served.establishedOn()).isSameAs(served.startedOn());
		assertThat(served.closeCode()).isEqualTo(1000);
	}

	@Test
	void servesOnAFreshConnectionThreadWhenStartingParked() throws Exception {
		Served served = serve(true);
		assertThat(served.establishedOn()).isNotSameAs(served.startedOn());
		assertThat(served.establishedOn().isVirtual()).isTrue();
		assertThat(served.establishedOn().getName()).startsWith("wsboot-connection-");
		assertThat(served.closeCode()).isEqualTo(1000);
	}

	private Served serve(boolean startParks) throws Exception {
		CompletableFuture<Thread> established = new CompletableFuture<>();
		CompletableFuture<Integer> closed = new CompletableFuture<>();
		AbstractWebSocketHandler handler = new AbstractWebSocketHandler() {

			@Override
			public void afterConnectionEstablished(WebSocketSession session) {
				established.complete(Thread.currentThread());
			}

			@Override
			public void afterConnectionClosed(WebSocketSession session, CloseStatus status) {
				closed.complete(status.getCode());
			}

		};
		DirectHandshake handshake = new DirectHandshake(null, new HttpHeaders(), new HashMap<>(), null, null);
		DirectWebSocketSession session = new DirectWebSocketSession(handshake, new ScriptedChannel(startParks), handler,
				1024, 1024, null);
		Thread starter = Thread.ofVirtual().start(session::run);
		return new Served(starter, established.get(5, TimeUnit.SECONDS), closed.get(5, TimeUnit.SECONDS));
	}

	private record Served(Thread startedOn, Thread establishedOn, int closeCode) {
	}

	/**
	 * Hands out a client's close frame, then the end of the stream, and says whether its start
	 * parked.
	 */
	private static final class ScriptedChannel implements FrameChannel {

		private final boolean startParks;

		private final ByteBuffer input = ByteBuffer.wrap(CLOSE_1000);

		ScriptedChannel(boolean startParks) {
			this.startParks = startParks;
		}

		@Override
		public boolean start() {
			return this.startParks;
		}

		@Override
		public synchronized void read(ByteBuffer target) throws IOException {
			if (!this.input.hasRemaining()) {
				throw new EOFException();
			}
			int count = Math.min(this.input.remaining(), target.remaining());
			target.put(this.input.slice(this.input.position(), count));
			this.input.position(this.input.position() + count);
		}

		@Override
		public void write(ByteBuffer first, @Nullable ByteBuffer second) {
			first.position(first.limit());
			if (second != null) {
				second.position(second.limit());
			}
		}

		@Override
		public void shutdown() {
		}

		@Override
		public void close() {
		}

		@Override
		public @Nullable InetSocketAddress remoteAddress() {
			return null;
		}

		@Override
		public @Nullable InetSocketAddress localAddress() {
			return null;
		}

	}

}
