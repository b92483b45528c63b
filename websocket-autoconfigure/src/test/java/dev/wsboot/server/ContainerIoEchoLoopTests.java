package dev.wsboot.server;

import dev.wsboot.test.TestApplication;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;

/**
 * The loop's tests again with {@code websocket.direct-io=false}: Tomcat's own WebSocket
 * implementation serves the connections, as it does where direct I/O is unavailable and for
 * connections that negotiate compression.
 */
@SpringBootTest(classes = TestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "websocket.max-message-size=4MB", "websocket.keep-alive-interval=200ms",
				"websocket.direct-io=false" })
class ContainerIoEchoLoopTests extends EchoLoopTests {

}
