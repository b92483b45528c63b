package dev.wsboot.broadcast;

import dev.wsboot.WebSocketMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link DisabledWebSocketBroadcaster}.
 */
@ExtendWith(OutputCaptureExtension.class)
class DisabledWebSocketBroadcasterTests {

	@Test
	void countsEveryBroadcastAndLogsOnlyTheFirst(CapturedOutput output) {
		DisabledWebSocketBroadcaster broadcaster = new DisabledWebSocketBroadcaster();
		broadcaster.sendToEndpoint("/news", WebSocketMessage.text("a"));
		broadcaster.sendToGroup("room", WebSocketMessage.text("b"));
		broadcaster.sendToGroup("room", new Object());
		assertThat(broadcaster.sendToMatching("/news", (connection) -> true, WebSocketMessage.text("c"))).isZero();
		assertThat(broadcaster.getDroppedCount()).isEqualTo(4);
		assertThat(output).containsOnlyOnce("reached no connection")
			.contains("A broadcast to endpoint '/news' reached no connection: websocket.enabled is false");
	}

}
