package dev.wsboot.server.supervision;

import java.time.Duration;

import dev.wsboot.test.FaultTestApplication;
import dev.wsboot.test.RawWebSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code websocket.audit-log-level}: one line when a connection opens and one when it closes,
 * with who and how, never what was said.
 */
@SpringBootTest(classes = FaultTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "websocket.audit-log-level=info", "websocket.keep-alive-interval=0" })
@ExtendWith(OutputCaptureExtension.class)
@Timeout(30)
class AuditLogTests {

	@LocalServerPort
	int port;

	@Test
	void logsWhoConnectedAndHowTheConnectionEndedWithoutAPayload(CapturedOutput output) throws Exception {
		try (RawWebSocket ws = RawWebSocket.open(this.port, "/echo",
				java.util.Map.of("Origin", "http://127.0.0.1:" + this.port))) {
			ws.sendText("secret payload");
			assertThat(ws.readMessage().text()).isEqualTo("secret payload");
			ws.sendClose(4001, "done");
			ws.readUntilClose(Duration.ofSeconds(5));
		}
		await().atMost(Duration.ofSeconds(5)).until(() -> output.toString().contains("closed on '/echo' with 4001"));
		assertThat(output).containsPattern("dev.wsboot.audit +: WebSocket connection \\S+ opened on '/echo': "
				+ "principal none, remote 127.0.0.1:\\d+, origin http://127.0.0.1:" + this.port);
		assertThat(output).containsPattern("closed on '/echo' with 4001 after PT[0-9.]+S: principal none");
		assertThat(output).doesNotContain("secret payload");
	}

}
