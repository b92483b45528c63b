package dev.wsboot.metrics;

import org.junit.jupiter.api.Timeout;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;

/**
 * {@link WebSocketMetricsTests} with the container's own WebSocket I/O: the meters count what the
 * decorators measure themselves there, where the direct path hands them the sizes it decoded
 * and encoded.
 */
@SpringBootTest(classes = MetricsTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "websocket.max-message-size=1KB", "websocket.keep-alive-interval=100ms",
				"management.endpoints.web.exposure.include=prometheus", "websocket.direct-io=false" })
@Timeout(60)
class ContainerIoWebSocketMetricsTests extends WebSocketMetricsTests {

}
