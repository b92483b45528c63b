package dev.wsboot.server;

import dev.wsboot.test.FaultTestApplication;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;

/**
 * The fault regressions again with {@code websocket.direct-io=false}, on Tomcat's own WebSocket
 * implementation.
 */
@SpringBootTest(classes = FaultTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "websocket.max-connections=8", "websocket.send-timeout=1s",
				"websocket.keep-alive-interval=200ms", "websocket.direct-io=false" })
class ContainerIoFaultRegressionTests extends FaultRegressionTests {

}
