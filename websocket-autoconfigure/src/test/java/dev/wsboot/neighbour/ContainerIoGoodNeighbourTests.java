package dev.wsboot.neighbour;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;

/**
 * The good-neighbour tests with {@code websocket.direct-io=false}.
 */
@SpringBootTest(classes = NeighbourApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "websocket.receive-buffer-size=1KB", "websocket.direct-io=false" })
class ContainerIoGoodNeighbourTests extends GoodNeighbourTests {

}
