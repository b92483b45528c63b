package dev.wsboot.broadcast;

import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import dev.wsboot.CloseStatus;
import dev.wsboot.WebSocketBroadcaster;
import dev.wsboot.WebSocketMessage;
import dev.wsboot.test.TestWebSocketClient;
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

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link DefaultWebSocketBroadcaster}: broadcast on one instance with the in-memory
 * backplane, on real Tomcat.
 */
@SpringBootTest(classes = BroadcastTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "websocket.send-buffer-limit=64KB", "websocket.send-timeout=30s",
				"websocket.keep-alive-interval=0", "test.tomcat.tx-buf-size=8192" })
@ExtendWith(OutputCaptureExtension.class)
@Timeout(120)
class DefaultWebSocketBroadcasterTests {

	private static final int GROUPS = 5;

	private static final int MEMBERS_PER_GROUP = 100;

	private static final int SENDERS = 4;

	private static final int MESSAGES_PER_SENDER = 40;

	@LocalServerPort
	int port;

	@Autowired
	WebSocketBroadcaster broadcaster;

	@Autowired
	LocalConnections connections;

	@Autowired
	BroadcastTestApplication.Recorder recorder;

	@Autowired
	MeterRegistry meterRegistry;

	@Test
	void groupBroadcastsReachExactlyTheirMembersOnceInOrderWhileANonReaderIsCutOff(CapturedOutput output)
			throws Exception {
		this.recorder.closeStatuses.clear();
		double groupBroadcastsBefore = this.meterRegistry.counter("websocket.broadcast.messages", "scope", "group")
			.count();
		List<URI> uris = new ArrayList<>();
		// One member of g0 is the non-reader.
		for (int i = 1; i < GROUPS * MEMBERS_PER_GROUP; i++) {
			uris.add(uri("/members/g" + (i % GROUPS)));
		}
		List<TestWebSocketClient> clients = BroadcastClients.connect(uris);
		// The non-reader is a member of g0 and of a group of its own that gets large messages.
		try (Socket nonReader = BroadcastClients.openNonReader(this.port, "/members/g0+stalled")) {
			await().atMost(Duration.ofSeconds(10))
				.until(() -> this.connections.ofGroup("g0").size() == MEMBERS_PER_GROUP);
			// Senders run side by side. Together they queue less than the send buffer limit for each
			// reader, but the large messages to the stalled group soon fill the non-reader's buffers.
			List<Thread> senders = new ArrayList<>();
			for (int s = 0; s < SENDERS; s++) {
				int sender = s;
				senders.add(Thread.ofVirtual().start(() -> {
					for (int seq = 0; seq < MESSAGES_PER_SENDER; seq++) {
						for (int g = 0; g < GROUPS; g++) {
							this.broadcaster.sendToGroup("g" + g, sender + " g" + g + " " + seq);
						}
						this.broadcaster.sendToGroup("stalled", "x".repeat(2048));
					}
				}));
			}
			for (Thread sender : senders) {
				assertThat(sender.join(Duration.ofSeconds(30))).isTrue();
			}
			for (int g = 0; g < GROUPS; g++) {
				this.broadcaster.sendToGroup("g" + g, "done");
			}
			for (int i = 0; i < clients.size(); i++) {
				assertReceivedExactlyItsGroupsMessagesInOrder(clients.get(i), "g" + ((i + 1) % GROUPS));
			}
			CloseStatus cutOff = this.recorder.closeStatuses.poll(10, TimeUnit.SECONDS);
			assertThat(cutOff).isEqualTo(new CloseStatus(1008, "Send buffer limit exceeded"));
			assertThat(BroadcastClients.endsWithin(nonReader, Duration.ofSeconds(10))).isTrue();
			assertThat(this.recorder.sendOverflows.get(BroadcastTestApplication.MEMBERS)).hasValue(1);
			assertThat(output).contains("with 1008: its peer did not read and more than websocket.send-buffer-limit");
			assertThat(this.connections.ofGroup("g0")).hasSize(MEMBERS_PER_GROUP - 1);
			assertThat(this.meterRegistry.counter("websocket.broadcast.messages", "scope", "group").count()
					- groupBroadcastsBefore).isEqualTo(SENDERS * MESSAGES_PER_SENDER * (GROUPS + 1) + GROUPS);
			assertThat(this.meterRegistry.timer("websocket.broadcast.latency", "scope", "group").count())
				.isGreaterThanOrEqualTo(SENDERS * MESSAGES_PER_SENDER * GROUPS);
		}
		finally {
			BroadcastClients.closeAll(clients);
		}
	}

	private static void assertReceivedExactlyItsGroupsMessagesInOrder(TestWebSocketClient client, String group)
			throws Exception {
		List<String> received = BroadcastClients.readUntil(client, "done", Duration.ofSeconds(30));
		int[] next = new int[SENDERS];
		for (String message : received.subList(0, received.size() - 1)) {
			String[] parts = message.split(" ", 4);
			assertThat(parts[1]).as("group of '%s'", parts[0] + " " + parts[1] + " " + parts[2]).isEqualTo(group);
			int sender = Integer.parseInt(parts[0]);
			assertThat(Integer.parseInt(parts[2])).as("sequence of sender %d in %s", sender, group)
				.isEqualTo(next[sender]++);
		}
		assertThat(next).containsOnly(MESSAGES_PER_SENDER);
	}

	@Test
	void endpointBroadcastReachesEveryConnectionAndAPredicateOnlyTheMatchingOnes() throws Exception {
		List<TestWebSocketClient> clients = BroadcastClients
			.connect(List.of(uri("/members/a"), uri("/members/b"), uri("/members/a")));
		try {
			this.broadcaster.sendToEndpoint(BroadcastTestApplication.MEMBERS, "to all");
			this.broadcaster.sendToEndpoint(BroadcastTestApplication.MEMBERS, new byte[] { 1, 2, 3 });
			int matched = this.broadcaster.sendToMatching(BroadcastTestApplication.MEMBERS,
					(connection) -> "b".equals(connection.pathVariables().get("group")),
					WebSocketMessage.text("to b"));
			this.broadcaster.sendToEndpoint(BroadcastTestApplication.MEMBERS, "end");
			assertThat(matched).isEqualTo(1);
			for (TestWebSocketClient client : clients) {
				assertThat(client.nextMessage()).isEqualTo("to all");
				assertThat(client.nextMessage()).isEqualTo(new byte[] { 1, 2, 3 });
			}
			assertThat(clients.get(0).nextText()).isEqualTo("end");
			assertThat(clients.get(1).nextText()).isEqualTo("to b");
			assertThat(clients.get(1).nextText()).isEqualTo("end");
			assertThat(clients.get(2).nextText()).isEqualTo("end");
		}
		finally {
			BroadcastClients.closeAll(clients);
		}
	}

	@Test
	void leavingAGroupStopsItsBroadcastsAndClosingEndsEveryMembership() throws Exception {
		List<TestWebSocketClient> clients = BroadcastClients.connect(List.of(uri("/members/leavers")));
		TestWebSocketClient client = clients.get(0);
		try {
			client.sendText("leave leavers");
			assertThat(client.nextText()).isEqualTo("left []");
			this.broadcaster.sendToGroup("leavers", "not for you");
			this.broadcaster.sendToEndpoint(BroadcastTestApplication.MEMBERS, "marker");
			assertThat(client.nextText()).isEqualTo("marker");
		}
		finally {
			BroadcastClients.closeAll(clients);
		}
		List<TestWebSocketClient> closing = BroadcastClients.connect(List.of(uri("/members/closers")));
		assertThat(this.connections.ofGroup("closers")).hasSize(1);
		closing.get(0).sendClose(1000, "bye");
		await().atMost(Duration.ofSeconds(5)).until(() -> this.connections.ofGroup("closers").isEmpty());
		assertThat(this.connections.groupNames()).doesNotContain("closers", "leavers");
		closing.get(0).close();
	}

	private URI uri(String path) {
		return URI.create("ws://127.0.0.1:" + this.port + path);
	}

}
