package dev.wsboot.server;

import dev.wsboot.test.FaultTestApplication;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;

/**
 * The fault-injection soak on Tomcat's own WebSocket implementation ({@code websocket.direct-io=false}).
 */
@SpringBootTest(classes = FaultTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "websocket.max-connections=200", "websocket.send-timeout=1s",
				"websocket.keep-alive-interval=500ms", "websocket.keep-alive-timeout=2s",
				"websocket.max-message-size=64KB", "management.metrics.enable.all=true",
				"websocket.direct-io=false" })
class ContainerIoFaultInjectionSoakTests extends FaultInjectionSoakTests {

	@Override
	boolean isContainerIo() {
		return true;
	}

}
