package dev.wsboot.server;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import dev.wsboot.CloseStatus;
import dev.wsboot.test.TestApplication;
import dev.wsboot.test.TestWebSocketClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The accept-then-receive loop on real Tomcat, driven by the JDK WebSocket client.
 */
@SpringBootTest(classes = TestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "websocket.max-message-size=4MB", "websocket.keep-alive-interval=200ms" })
@ExtendWith(OutputCaptureExtension.class)
@Timeout(60)
class EchoLoopTests {

	@LocalServerPort
	int port;

	@Autowired
	TestApplication.Recorder recorder;

	@Test
	void echoesTextAndBinaryAsReceived() throws Exception {
		try (TestWebSocketClient client = connect("/echo")) {
			client.sendText("Grüße 👋");
			assertThat(client.nextMessage()).isEqualTo("Grüße 👋");
			client.sendBinary(new byte[] { 0, 1, 2, (byte) 255 });
			assertThat(client.nextMessage()).isEqualTo(new byte[] { 0, 1, 2, (byte) 255 });
		}
	}

	@Test
	void runsEachConnectionOnItsOwnVirtualThread() throws Exception {
		this.recorder.threads.clear();
		try (TestWebSocketClient first = connect("/echo"); TestWebSocketClient second = connect("/echo")) {
			String one = this.recorder.threads.poll(5, TimeUnit.SECONDS);
			String two = this.recorder.threads.poll(5, TimeUnit.SECONDS);
			assertThat(one).startsWith("VirtualThread");
			assertThat(two).startsWith("VirtualThread").isNotEqualTo(one);
		}
	}

	@Test
	void echoesThreeMegabyteMessageIntactWhenLimitIsFourMegabytes() throws Exception {
		byte[] payload = new byte[3 * 1024 * 1024];
		new Random(42).nextBytes(payload);
		String text = "é".repeat(1024 * 1024) + "end";
		try (TestWebSocketClient client = connect("/echo")) {
			client.sendBinary(payload);
			assertThat(client.nextMessage(Duration.ofSeconds(20))).isEqualTo(payload);
			client.sendText(text);
			assertThat(client.nextMessage(Duration.ofSeconds(20))).isEqualTo(text);
		}
	}

	@Test
	void deliversPartsNoLargerThanReceiveBufferToFragmentLevelReceive() throws Exception {
		byte[] payload = new byte[10_000];
		try (TestWebSocketClient client = connect("/parts")) {
			client.sendBinary(payload);
			List<String> replies = new ArrayList<>();
			String reply;
			do {
				reply = client.nextText();
				replies.add(reply);
			}
			while (!reply.startsWith("total"));
			assertThat(replies).last().isEqualTo("total 10000");
			List<Integer> sizes = replies.stream()
				.filter((line) -> line.startsWith("part"))
				.map((line) -> Integer.parseInt(line.split(" ")[1]))
				.toList();
			assertThat(sizes).hasSizeGreaterThanOrEqualTo(3).allSatisfy((size) -> assertThat(size).isLessThanOrEqualTo(4096));
			assertThat(replies.get(replies.size() - 2)).endsWith(" last");
		}
	}

	@Test
	void loopEndsWhenClientClosesAndSeesClientsCodeAndReason() throws Exception {
		this.recorder.closeStatuses.clear();
		try (TestWebSocketClient client = connect("/close-status")) {
			client.sendText("hello");
			client.sendClose(4001, "bye now");
			assertThat(this.recorder.closeStatuses.poll(5, TimeUnit.SECONDS)).isEqualTo(new CloseStatus(4001, "bye now"));
			assertThat(client.awaitClose(Duration.ofSeconds(5))).isEqualTo(4001);
		}
	}

	@Test
	void closesWith1000WhenMethodReturns() throws Exception {
		try (TestWebSocketClient client = connect("/return")) {
			client.sendText("one");
			assertThat(client.nextText()).isEqualTo("got one");
			assertThat(client.awaitClose(Duration.ofSeconds(5))).isEqualTo(1000);
		}
	}

	@Test
	void closesWith1011AndLogsEndpointAndConnectionIdWhenMethodThrows(CapturedOutput output) throws Exception {
		try (TestWebSocketClient client = connect("/fail")) {
			client.sendText("trigger");
			assertThat(client.awaitClose(Duration.ofSeconds(5))).isEqualTo(1011);
			assertThat(client.awaitCloseReason(Duration.ofSeconds(1))).isEqualTo("Internal server error")
				.doesNotContain("boom");
		}
		assertThat(output).contains("for endpoint '/fail' failed on connection")
			.contains("IllegalStateException: boom: secret internal detail");
	}

	@Test
	void exposesPathVariablesQueryAndHeadersOfTemplateMapping() throws Exception {
		java.net.http.WebSocket webSocket = java.net.http.HttpClient.newHttpClient()
			.newWebSocketBuilder()
			.header("X-Test", "present")
			.buildAsync(uri("/rooms/kitchen?user=ada%20l"), new java.net.http.WebSocket.Listener() {
				final StringBuilder text = new StringBuilder();

				@Override
				public java.util.concurrent.CompletionStage<?> onText(java.net.http.WebSocket ws, CharSequence data,
						boolean last) {
					this.text.append(data);
					if (last) {
						ROOM_REPLIES.add(this.text.toString());
					}
					ws.request(1);
					return null;
				}
			})
			.orTimeout(10, TimeUnit.SECONDS)
			.join();
		try {
			assertThat(ROOM_REPLIES.poll(10, TimeUnit.SECONDS))
				.isEqualTo("room=kitchen handshakeRoom=kitchen user=ada l header=present");
		}
		finally {
			webSocket.abort();
		}
	}

	private static final java.util.concurrent.BlockingQueue<String> ROOM_REPLIES = new java.util.concurrent.LinkedBlockingQueue<>();

	@Test
	void twoHundredConcurrentConnectionsEachEchoFiftyMessagesInOrder() throws Exception {
		int connections = 200;
		int messages = 50;
		try (ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
			List<Future<List<Object>>> results = new ArrayList<>();
			for (int c = 0; c < connections; c++) {
				int clientNumber = c;
				results.add(clients.submit(() -> {
					try (TestWebSocketClient client = connect("/echo")) {
						List<Object> echoes = new ArrayList<>();
						for (int m = 0; m < messages; m++) {
							client.sendText(clientNumber + ":" + m);
						}
						for (int m = 0; m < messages; m++) {
							echoes.add(client.nextMessage());
						}
						return echoes;
					}
				}));
			}
			for (int c = 0; c < connections; c++) {
				List<Object> expected = new ArrayList<>();
				for (int m = 0; m < messages; m++) {
					expected.add(c + ":" + m);
				}
				assertThat(results.get(c).get(45, TimeUnit.SECONDS)).isEqualTo(expected);
			}
		}
	}

	@Test
	void slowHandlerMakesClientWaitInsteadOfServerBuffering() throws Exception {
		this.recorder.inboundHighWaterMarks.clear();
		byte[] chunk = new byte[64 * 1024];
		try (TestWebSocketClient client = connect("/slow")) {
			client.sendText("start");
			// Offer 256 MB while the handler sleeps; only what the socket buffers hold can leave.
			int sent = 0;
			long deadline = System.nanoTime() + Duration.ofMillis(1500).toNanos();
			java.util.concurrent.CompletableFuture<?> inFlight = null;
			while (sent < 4096 && System.nanoTime() < deadline) {
				inFlight = client.webSocket().sendBinary(java.nio.ByteBuffer.wrap(chunk), true);
				try {
					inFlight.get(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
				}
				catch (java.util.concurrent.TimeoutException ex) {
					break;
				}
				sent++;
			}
			// 16 MB would be far beyond the kernel's loopback socket buffers plus the queue.
			assertThat(sent).isLessThan(256);
			// Reading paused: no container thread waits for room in the handler's queue.
			assertThat(threadsWaitingForRoom()).as("threads blocked in InboundQueue.put").isEmpty();
			assertThat(this.recorder.inboundHighWaterMarks.poll(10, TimeUnit.SECONDS)).isLessThanOrEqualTo(20);
			if (inFlight != null) {
				inFlight.get(20, TimeUnit.SECONDS);
			}
			int total = sent + (inFlight != null && sent < 4096 ? 1 : 0);
			client.sendText("end");
			// Nothing was lost: every message, then "end", reached the handler.
			assertThat(client.nextText()).isEqualTo("received " + (total + 2));
		}
	}

	private static java.util.List<String> threadsWaitingForRoom() {
		return Thread.getAllStackTraces()
			.entrySet()
			.stream()
			.filter((entry) -> java.util.Arrays.stream(entry.getValue())
				.anyMatch((frame) -> frame.getClassName().equals("dev.wsboot.server.connection.InboundQueue")
						&& frame.getMethodName().equals("put")))
			.filter((entry) -> entry.getKey().getState() != Thread.State.RUNNABLE)
			.map((entry) -> entry.getKey().getName())
			.toList();
	}

	private TestWebSocketClient connect(String path) {
		return TestWebSocketClient.connect(uri(path));
	}

	private URI uri(String path) {
		return URI.create("ws://127.0.0.1:" + this.port + path);
	}

}
