package dev.wsboot.server;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import dev.wsboot.test.FaultTestApplication;
import dev.wsboot.test.RawWebSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Clients that send as fast as they can, with no rate limit, never find a connection's thread
 * waiting for input, so that thread never blocks; more of them than there are carrier threads
 * must still leave room for a new connection to be served, and many of them must not hold up
 * a connection that is already open for long.
 */
@SpringBootTest(classes = FaultTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = "websocket.keep-alive-interval=0")
@Timeout(90)
class FloodFairnessTests {

	/** Each flooder's writes stop after this long whatever happens. */
	private static final Duration FLOOD_LIMIT = Duration.ofSeconds(30);

	@LocalServerPort
	int port;

	@Test
	void aNewConnectionIsEchoedWhileFloodersKeepEveryCarrierBusy() throws Exception {
		// Every flooder is being echoed at full speed before the newcomer arrives.
		try (Flood flood = Flood.start(this.port, Math.max(4, 2 * Runtime.getRuntime().availableProcessors()),
				256 * 1024)) {
			try (RawWebSocket newcomer = RawWebSocket.connect(this.port, Duration.ofSeconds(5))) {
				assertThat(newcomer.handshake("/echo", Map.of()).status()).isEqualTo(101);
				newcomer.sendText("still served");
				assertThat(newcomer.readMessage().text()).isEqualTo("still served");
			}
			flood.assertNoFailure();
		}
	}

	@Test
	void anOpenConnectionIsAnsweredWithinAFractionOfASecondWhileManyFloodersRun() throws Exception {
		// Enough busy threads that, if each took its turn outside its carrier's queue at a moment
		// of its own, a connection's thread would wait outside for seconds (1.2 to 3.0 s in 7 of
		// 8 runs here, with a turn every 256 reads; 150 to 220 ms with the turns taken together).
		int flooderCount = 4 * Runtime.getRuntime().availableProcessors();
		try (RawWebSocket probe = RawWebSocket.open(this.port, "/echo");
				Flood flood = Flood.start(this.port, flooderCount, 64 * 1024)) {
			long slowestNanos = 0;
			// More round trips than a per-thread turn every 256 reads needs to come due.
			for (int i = 0; i < 400; i++) {
				long start = System.nanoTime();
				probe.sendText("probe " + i);
				assertThat(probe.readMessage().text()).isEqualTo("probe " + i);
				slowestNanos = Math.max(slowestNanos, System.nanoTime() - start);
			}
			assertThat(Duration.ofNanos(slowestNanos)).as("slowest of 400 round trips beside %d flooders", flooderCount)
				.isLessThan(Duration.ofSeconds(1));
			flood.assertNoFailure();
		}
	}

	/** Flooders that have all been echoed a given amount; closing it stops them. */
	private record Flood(List<Flooder> flooders) implements AutoCloseable {

		static Flood start(int port, int count, long echoedBytesEach) throws IOException {
			Flood flood = new Flood(new ArrayList<>());
			try {
				for (int i = 0; i < count; i++) {
					flood.flooders.add(new Flooder(RawWebSocket.open(port, "/echo")));
				}
				flood.flooders.forEach(Flooder::start);
				await().atMost(Duration.ofSeconds(30))
					.until(() -> flood.flooders.stream().allMatch((flooder) -> flooder.echoedBytes.get() > echoedBytesEach));
				return flood;
			}
			catch (IOException | RuntimeException ex) {
				flood.close();
				throw ex;
			}
		}

		void assertNoFailure() {
			assertThat(this.flooders).allSatisfy((flooder) -> assertThat(flooder.failure).isNull());
		}

		@Override
		public void close() {
			this.flooders.forEach(Flooder::stop);
		}

	}

	/**
	 * One connection whose writer sends batches of small text frames without waiting and whose
	 * reader drains the echoes, each on a platform thread of its own so that the client does not
	 * compete for the server's carrier threads.
	 */
	private static final class Flooder {

		private final RawWebSocket webSocket;

		private final AtomicLong echoedBytes = new AtomicLong();

		private volatile boolean stopped;

		private volatile Throwable failure;

		private final List<Thread> threads = new ArrayList<>();

		Flooder(RawWebSocket webSocket) {
			this.webSocket = webSocket;
		}

		void start() {
			this.threads.add(Thread.ofPlatform().daemon().name("flooder-writer").start(this::write));
			this.threads.add(Thread.ofPlatform().daemon().name("flooder-reader").start(this::read));
		}

		private void write() {
			ByteArrayOutputStream batch = new ByteArrayOutputStream();
			for (int i = 0; i < 64; i++) {
				batch.writeBytes(this.webSocket.frame(1).payload("flood message " + i).toBytes());
			}
			byte[] bytes = batch.toByteArray();
			long deadline = System.nanoTime() + FLOOD_LIMIT.toNanos();
			try {
				OutputStream out = this.webSocket.socket().getOutputStream();
				while (!this.stopped && System.nanoTime() < deadline) {
					out.write(bytes);
				}
			}
			catch (IOException ex) {
				if (!this.stopped) {
					this.failure = ex;
				}
			}
		}

		private void read() {
			byte[] buffer = new byte[64 * 1024];
			try {
				InputStream in = this.webSocket.socket().getInputStream();
				int count;
				while (!this.stopped && (count = in.read(buffer)) >= 0) {
					this.echoedBytes.addAndGet(count);
				}
			}
			catch (IOException ex) {
				if (!this.stopped) {
					this.failure = ex;
				}
			}
		}

		void stop() {
			this.stopped = true;
			this.webSocket.close();
			for (Thread thread : this.threads) {
				try {
					thread.join(Duration.ofSeconds(10));
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
			}
		}

	}

}
