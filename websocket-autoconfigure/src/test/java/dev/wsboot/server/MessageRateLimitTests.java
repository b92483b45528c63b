package dev.wsboot.server;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import dev.wsboot.test.FaultTestApplication;
import dev.wsboot.test.RawWebSocket;
import dev.wsboot.test.RawWebSocket.Close;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code websocket.max-messages-per-second}: a flooding client is closed with 1008 and counted,
 * a polite one beside it is never touched.
 */
@SpringBootTest(classes = FaultTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "websocket.max-messages-per-second=20", "websocket.keep-alive-interval=0" })
@ExtendWith(OutputCaptureExtension.class)
@Timeout(60)
class MessageRateLimitTests {

	@LocalServerPort
	int port;

	@Autowired
	MeterRegistry meters;

	@Test
	void closesAFloodWith1008AndLeavesAPoliteClientAlone(CapturedOutput output) throws Exception {
		try (RawWebSocket polite = RawWebSocket.open(this.port, "/echo");
				RawWebSocket flood = RawWebSocket.open(this.port, "/echo")) {
			// 200 messages at once: ten times the burst.
			for (int i = 0; i < 200; i++) {
				flood.sendText("flood " + i);
			}
			Close close = flood.readUntilClose(Duration.ofSeconds(10));
			assertThat(close.code()).isEqualTo(1008);
			assertThat(close.reason()).isEqualTo("Rate limit exceeded");
			// At most the burst is echoed; what was still queued when the close came is dropped.
			assertThat(close.framesBefore()).hasSizeBetween(1, 20);
			// Ten messages a second, half the limit, for two seconds.
			for (int i = 0; i < 20; i++) {
				polite.sendText("polite " + i);
				assertThat(polite.readMessage().text()).isEqualTo("polite " + i);
				TimeUnit.MILLISECONDS.sleep(100);
			}
		}
		assertThat(this.meters.get("websocket.rate.limited").tag("endpoint", "/echo").counter().count()).isOne();
		assertThat(output).contains("with 1008: more than websocket.max-messages-per-second (20) messages a second");
	}

}
