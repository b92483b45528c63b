package dev.wsboot.server;

import dev.wsboot.test.FrameTestApplication;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;

/**
 * The protocol violation tests again with {@code websocket.direct-io=false}, so that both ways
 * of serving a connection answer bad frames with the same close codes.
 */
@SpringBootTest(classes = FrameTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = "websocket.direct-io=false")
class ContainerIoProtocolViolationTests extends ProtocolViolationTests {

}
