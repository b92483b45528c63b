package dev.wsboot.server;

import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import dev.wsboot.server.handshake.ConnectionLimit;
import dev.wsboot.server.supervision.SessionRegistry;
import dev.wsboot.test.Containers;
import dev.wsboot.test.FaultTestApplication;
import dev.wsboot.test.NonReadingSocket;
import dev.wsboot.test.RawWebSocket.Handshake;
import dev.wsboot.test.RawWebSocket;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;

import static dev.wsboot.test.RawWebSocket.BINARY;
import static dev.wsboot.test.RawWebSocket.PING;
import static dev.wsboot.test.RawWebSocket.PONG;
import static dev.wsboot.test.RawWebSocket.RSV1;
import static dev.wsboot.test.RawWebSocket.TEXT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A bounded fault-injection soak: well-behaved echo clients churn beside faulty ones (resets,
 * half-open and non-reading peers, ping floods, deflate bombs, malformed and slow handshakes),
 * and at the end nothing is left behind and no echo was lost.
 * <p>
 * It runs for 25 s by default; {@code -Psoak} (wsboot.soak.seconds=600) runs it ten minutes. The figures it
 * prints are those of {@code docs/RELIABILITY.md}.
 * {@link ContainerIoFaultInjectionSoakTests} runs it on Tomcat's own WebSocket implementation.
 */
@SpringBootTest(classes = FaultTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "websocket.max-connections=200", "websocket.send-timeout=1s",
				"websocket.keep-alive-interval=500ms", "websocket.keep-alive-timeout=2s",
				"websocket.max-message-size=64KB", "management.metrics.enable.all=true" })
@ExtendWith(OutputCaptureExtension.class)
@Timeout(900)
class FaultInjectionSoakTests {

	private static final Duration DURATION = Duration.ofSeconds(Long.getLong("wsboot.soak.seconds", 25));

	private static final int CLIENT_THREADS = 12;

	/** A round longer than this outlived every timeout configured above, even on a busy machine. */
	private static final Duration SLOW_ROUND = Duration.ofSeconds(15);

	private static final int MESSAGES_PER_ECHO_CLIENT = 20;

	/** What the soak may leave above its baseline: descriptors of the JVM's own and the heap's noise. */
	private static final int FD_MARGIN = 32;

	private static final long HEAP_MARGIN_BYTES = 48L * 1024 * 1024;

	@LocalServerPort
	int port;

	@Autowired
	ConnectionLimit connectionLimit;

	@Autowired
	SessionRegistry registry;

	@Autowired
	MeterRegistry meters;

	private final Map<Kind, AtomicLong> runs = new EnumMap<>(Kind.class);

	private final AtomicLong echoesExpected = new AtomicLong();

	private final AtomicLong echoesReceived = new AtomicLong();

	private final List<String> failures = Collections.synchronizedList(new ArrayList<>());

	private final Map<Thread, Long> roundsInProgress = new java.util.concurrent.ConcurrentHashMap<>();

	private final List<String> slowRounds = Collections.synchronizedList(new ArrayList<>());

	private final java.util.concurrent.atomic.AtomicBoolean dumped = new java.util.concurrent.atomic.AtomicBoolean();

	@Test
	void leavesNothingBehindAndLosesNoEcho(CapturedOutput output) throws Exception {
		for (Kind kind : Kind.values()) {
			this.runs.put(kind, new AtomicLong());
		}
		runRound(Kind.ECHO, 0);
		settle();
		long fdBaseline = openDescriptors();
		long heapBaseline = heapAfterGc();
		long start = System.nanoTime();
		long deadline = start + DURATION.toNanos();
		Thread watcher = Thread.ofVirtual().start(() -> watchForStalls(deadline));
		try (ExecutorService clients = Executors.newFixedThreadPool(CLIENT_THREADS)) {
			for (int t = 0; t < CLIENT_THREADS; t++) {
				int thread = t;
				clients.execute(() -> {
					// Every other client is well behaved; the others cycle through the faults.
					for (long i = 0; System.nanoTime() < deadline && i < 1_000_000; i++) {
						Kind kind = (thread % 2 == 0) ? Kind.ECHO : Kind.values()[(int) (1 + (i + thread) % (Kind.values().length - 1))];
						runRound(kind, i);
					}
				});
			}
		}
		Duration ran = Duration.ofNanos(System.nanoTime() - start);
		watcher.interrupt();
		settle();
		long fdAfter = openDescriptors();
		long heapAfter = heapAfterGc();
		long connections = this.runs.values().stream().mapToLong(AtomicLong::get).sum();
		System.out.printf("soak: %s (%s, %s I/O), %d connections in %d s: %s; echoes %d of %d; "
				+ "descriptors %d -> %d, heap after GC %d -> %d KB; slow rounds %s%n", getClass().getSimpleName(),
				Containers.isJetty() ? "Jetty" : "Tomcat", isContainerIo() ? "container" : "direct",
				connections, ran.toSeconds(), this.runs,
				this.echoesReceived.get(), this.echoesExpected.get(), fdBaseline, fdAfter, heapBaseline / 1024,
				heapAfter / 1024, this.slowRounds);
		assertThat(this.failures).as("well-behaved clients that did not get what they expected").isEmpty();
		assertThat(this.echoesReceived.get()).isEqualTo(this.echoesExpected.get()).isPositive();
		assertThat(this.runs.values()).allSatisfy((count) -> assertThat(count.get()).isPositive());
		assertThat(this.registry.size()).isZero();
		assertThat(this.connectionLimit.inUse()).isZero();
		assertThat(this.meters.find("websocket.connections.active").gauges().stream().mapToDouble(Gauge::value).sum())
			.isZero();
		assertThat(fdAfter).isLessThanOrEqualTo(fdBaseline + FD_MARGIN);
		assertThat(heapAfter).isLessThanOrEqualTo(heapBaseline + HEAP_MARGIN_BYTES);
		assertThat(output).doesNotContain(" ERROR ").doesNotContain("Exception in thread");
	}

	boolean isContainerIo() {
		return false;
	}

	private void settle() {
		await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100))
			.until(() -> this.registry.size() == 0 && this.connectionLimit.inUse() == 0);
	}

	private void runRound(Kind kind, long round) {
		this.runs.get(kind).incrementAndGet();
		long started = System.nanoTime();
		this.roundsInProgress.put(Thread.currentThread(), started);
		try {
			switch (kind) {
				case ECHO -> echo(round);
				case RESET_AFTER_HANDSHAKE -> resetAfterHandshake();
				case RESET_MID_MESSAGE -> resetMidMessage();
				case HALF_OPEN -> halfOpen();
				case NON_READER -> nonReader();
				case PING_FLOOD -> pingFlood();
				case DEFLATE_BOMB -> deflateBomb();
				case MALFORMED_HANDSHAKE -> malformedHandshake(round);
				case SLOW_HANDSHAKE -> slowHandshake();
			}
		}
		catch (IOException | RuntimeException ex) {
			if (kind == Kind.ECHO || kind == Kind.SLOW_HANDSHAKE || kind == Kind.MALFORMED_HANDSHAKE) {
				this.failures.add(kind + " " + round + ": " + ex);
			}
		}
		Duration took = Duration.ofNanos(System.nanoTime() - started);
		if (took.compareTo(SLOW_ROUND) > 0) {
			// Reported, not failed: one stall of this kind was seen once in six runs and is
			// under investigation (docs/RELIABILITY.md); a thread dump of it is written below.
			this.slowRounds.add(kind + " " + round + " took " + took.toSeconds() + " s");
		}
		this.roundsInProgress.remove(Thread.currentThread());
	}

	/**
	 * Dump the threads, once, while a round is stuck past {@link #SLOW_ROUND}.
	 */
	private void watchForStalls(long deadline) {
		while (!Thread.currentThread().isInterrupted() && System.nanoTime() < deadline + SLOW_ROUND.toNanos() * 4) {
			long now = System.nanoTime();
			if (this.roundsInProgress.values().stream().anyMatch((start) -> now - start > SLOW_ROUND.toNanos())) {
				dumpThreadsOnce();
				return;
			}
			pause(Duration.ofSeconds(1));
		}
	}

	private void dumpThreadsOnce() {
		if (!this.dumped.compareAndSet(false, true)) {
			return;
		}
		Path dump = Path.of("target", "soak-thread-dump-" + getClass().getSimpleName() + ".txt").toAbsolutePath();
		try {
			Process jcmd = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
					Long.toString(ProcessHandle.current().pid()), "Thread.dump_to_file", "-overwrite", dump.toString())
				.redirectErrorStream(true)
				.start();
			jcmd.waitFor(30, TimeUnit.SECONDS);
			System.out.println("soak: slow round; thread dump in " + dump);
			dumpSockets(Path.of("target", "soak-sockets-" + getClass().getSimpleName() + ".txt").toAbsolutePath());
		}
		catch (IOException ex) {
			System.out.println("soak: could not dump threads: " + ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/**
	 * Record the server port's TCP connections (state, queues, timers) beside the thread dump: a
	 * stuck round's socket shows whether the server still holds it open.
	 */
	private void dumpSockets(Path file) throws InterruptedException {
		try {
			Process ss = new ProcessBuilder("ss", "-tnoi", "( sport = :" + this.port + " or dport = :" + this.port + " )")
				.redirectErrorStream(true)
				.redirectOutput(file.toFile())
				.start();
			ss.waitFor(30, TimeUnit.SECONDS);
			System.out.println("soak: slow round; sockets in " + file);
		}
		catch (IOException ex) {
			System.out.println("soak: could not list sockets: " + ex);
		}
	}

	private void echo(long round) throws IOException {
		String path = (round % 2 == 0) ? "/echo" : "/echo-async";
		try (RawWebSocket ws = RawWebSocket.open(this.port, path)) {
			this.echoesExpected.addAndGet(MESSAGES_PER_ECHO_CLIENT);
			for (int i = 0; i < MESSAGES_PER_ECHO_CLIENT; i++) {
				ws.sendText(round + ":" + i);
			}
			for (int i = 0; i < MESSAGES_PER_ECHO_CLIENT; i++) {
				String echo = nextData(ws).text();
				if (!echo.equals(round + ":" + i)) {
					throw new IllegalStateException("expected echo " + round + ":" + i + " but got " + echo);
				}
				this.echoesReceived.incrementAndGet();
			}
			ws.sendClose(1000, "");
			int code = ws.readUntilClose(Duration.ofSeconds(10)).code();
			if (code != 1000) {
				throw new IllegalStateException("expected close 1000 but got " + code);
			}
		}
	}

	/**
	 * Read the next data frame, answering keep-alive pings on the way as a browser does.
	 */
	private static RawWebSocket.Frame nextData(RawWebSocket ws) throws IOException {
		for (int i = 0; i < 100; i++) {
			RawWebSocket.Frame frame = ws.readFrame();
			if (frame.opcode() != PING) {
				return frame;
			}
			ws.frame(PONG).payload(frame.payload()).write();
		}
		throw new IllegalStateException("100 pings and no data");
	}

	private void resetAfterHandshake() throws IOException {
		RawWebSocket ws = RawWebSocket.open(this.port, "/echo");
		reset(ws.socket());
	}

	private void resetMidMessage() throws IOException {
		RawWebSocket ws = RawWebSocket.open(this.port, "/echo");
		byte[] frame = ws.frame(BINARY).payload(new byte[4000]).toBytes();
		ws.writeRaw(java.util.Arrays.copyOf(frame, 1000));
		reset(ws.socket());
	}

	private void halfOpen() throws IOException {
		// Neither reads nor answers pings, then vanishes: the keep-alive timeout must end it.
		RawWebSocket ws = RawWebSocket.open(this.port, "/echo");
		ws.sendText("then silence");
		pause(Duration.ofMillis(300));
		reset(ws.socket());
	}

	private void nonReader() throws IOException {
		try (Socket socket = NonReadingSocket.open(this.port, "/echo")) {
			OutputStream out = socket.getOutputStream();
			byte[] message = maskedFrame(BINARY, new byte[32 * 1024]);
			// The echoes fill both socket buffers; the send timeout must cut the server's writes.
			for (int i = 0; i < 300 && !socket.isClosed(); i++) {
				out.write(message);
			}
		}
		catch (IOException ex) {
			// Cut off, as it should be.
		}
	}

	private void pingFlood() throws IOException {
		try (Socket socket = NonReadingSocket.open(this.port, "/echo")) {
			OutputStream out = socket.getOutputStream();
			byte[] ping = maskedFrame(PING, new byte[125]);
			for (int i = 0; i < 50_000; i++) {
				out.write(ping);
			}
		}
		catch (IOException ex) {
			// Cut off, as it should be.
		}
	}

	private void deflateBomb() throws IOException {
		try (RawWebSocket ws = RawWebSocket.connect(this.port)) {
			Handshake handshake = ws.handshake("/echo", Map.of("Sec-WebSocket-Extensions", CompressionTests.OFFER));
			if (handshake.status() != 101) {
				throw new IllegalStateException("deflate bomb handshake answered " + handshake.status());
			}
			CompressionTests.PerMessageDeflate deflate = new CompressionTests.PerMessageDeflate(handshake, false);
			ws.frame(TEXT).rsv(RSV1).payload(deflate.compress(new byte[4 * 1024 * 1024])).write();
			int code = ws.readUntilClose(Duration.ofSeconds(10)).code();
			if (code != 1009) {
				this.failures.add("deflate bomb closed with " + code + " instead of 1009");
			}
		}
	}

	private void malformedHandshake(long round) throws IOException {
		List<Map<String, String>> variants = List.of(Map.of("Sec-WebSocket-Extensions", ";"),
				Map.of("Sec-WebSocket-Key", "not base64!"), Map.of("Sec-WebSocket-Version", "12"),
				Map.of("Origin", "http://127.0.0.1:" + this.port + ".evil.com"), Map.of("Upgrade", "h2c"));
		Map<String, String> headers = variants.get((int) (round % variants.size()));
		try (RawWebSocket ws = RawWebSocket.connect(this.port)) {
			int status = ws.handshake("/echo", headers).status();
			if (status < 400 || status >= 500) {
				this.failures.add("malformed handshake " + headers + " answered " + status);
			}
		}
	}

	private void slowHandshake() throws IOException {
		try (Socket socket = new Socket("127.0.0.1", this.port)) {
			socket.setSoTimeout(10_000);
			String request = "GET /echo HTTP/1.1\r\nHost: 127.0.0.1:" + this.port
					+ "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n"
					+ "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n";
			OutputStream out = socket.getOutputStream();
			// A slow network, not an attack: the request arrives in three pieces.
			int third = request.length() / 3;
			for (int piece = 0; piece < 3; piece++) {
				String part = request.substring(piece * third, (piece == 2) ? request.length() : (piece + 1) * third);
				out.write(part.getBytes(StandardCharsets.US_ASCII));
				out.flush();
				pause(Duration.ofMillis(100));
			}
			byte[] status = socket.getInputStream().readNBytes(12);
			String line = new String(status, StandardCharsets.US_ASCII);
			if (!line.equals("HTTP/1.1 101")) {
				throw new IllegalStateException("slow handshake answered '" + line + "'");
			}
		}
	}

	private static byte[] maskedFrame(int opcode, byte[] payload) {
		// Masked with an all-zero key, so the payload goes as it is.
		int header = (payload.length < 126) ? 2 : 4;
		byte[] frame = new byte[header + 4 + payload.length];
		frame[0] = (byte) (0x80 | opcode);
		if (payload.length < 126) {
			frame[1] = (byte) (0x80 | payload.length);
		}
		else {
			frame[1] = (byte) (0x80 | 126);
			frame[2] = (byte) (payload.length >> 8);
			frame[3] = (byte) payload.length;
		}
		System.arraycopy(payload, 0, frame, header + 4, payload.length);
		return frame;
	}

	private static void reset(Socket socket) throws IOException {
		socket.setSoLinger(true, 0);
		socket.close();
	}

	private static void pause(Duration duration) {
		try {
			TimeUnit.NANOSECONDS.sleep(duration.toNanos());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private static long openDescriptors() throws IOException {
		try (Stream<Path> descriptors = Files.list(Path.of("/proc/self/fd"))) {
			return descriptors.count();
		}
	}

	private static long heapAfterGc() {
		for (int i = 0; i < 3; i++) {
			System.gc();
		}
		return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
	}

	private enum Kind {

		ECHO, RESET_AFTER_HANDSHAKE, RESET_MID_MESSAGE, HALF_OPEN, NON_READER, PING_FLOOD, DEFLATE_BOMB,
		MALFORMED_HANDSHAKE, SLOW_HANDSHAKE

	}

}
