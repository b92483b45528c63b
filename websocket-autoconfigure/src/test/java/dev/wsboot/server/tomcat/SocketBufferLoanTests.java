package dev.wsboot.server.tomcat;

import java.lang.reflect.Method;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.wsboot.test.RawWebSocket;
import dev.wsboot.test.TestApplication;
import org.apache.catalina.connector.Connector;
import org.apache.coyote.AbstractProtocol;
import org.apache.tomcat.util.collections.SynchronizedStack;
import org.apache.tomcat.util.net.AbstractEndpoint;
import org.apache.tomcat.util.net.NioChannel;
import org.apache.tomcat.util.net.NioEndpoint;
import org.apache.tomcat.util.net.SocketWrapperBase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.tomcat.TomcatWebServer;
import org.springframework.boot.web.server.context.WebServerApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link SocketBufferLoan}: on real Tomcat, a taken-over WebSocket keeps none of
 * Tomcat's socket buffers while it is open, and however it ends, Tomcat gets whole buffers back
 * for the HTTP connections that reuse its channel objects.
 */
@SpringBootTest(classes = TestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT)
@Timeout(60)
class SocketBufferLoanTests {

	private static final int EACH_WAY = 10;

	@LocalServerPort
	int port;

	@Autowired
	WebServerApplicationContext context;

	@Test
	void openWebSocketsHoldNoTomcatBuffersAndEveryWayOfEndingGivesThemBackWhole() throws Exception {
		NioEndpoint endpoint = endpoint();
		int readSize = endpoint.getSocketProperties().getAppReadBufSize();
		int writeSize = endpoint.getSocketProperties().getAppWriteBufSize();
		List<RawWebSocket> clientCloses = open("/echo");
		List<RawWebSocket> serverCloses = open("/return");
		List<RawWebSocket> aborts = open("/echo");
		await().atMost(Duration.ofSeconds(10)).until(() -> lentBuffers(endpoint) == 3 * EACH_WAY);
		for (RawWebSocket client : clientCloses) {
			client.sendClose(1000, "");
			assertThat(client.readUntilClose(Duration.ofSeconds(5)).code()).isEqualTo(1000);
			client.close();
		}
		for (RawWebSocket client : serverCloses) {
			client.sendText("bye");
			assertThat(client.readMessage().text()).isEqualTo("got bye");
			assertThat(client.readUntilClose(Duration.ofSeconds(5)).code()).isEqualTo(1000);
			client.close();
		}
		aborts.forEach(RawWebSocket::close);
		await().atMost(Duration.ofSeconds(10)).until(() -> lentBuffers(endpoint) == 0);
		assertThat(cachedChannelBufferSizes(endpoint)).isNotEmpty().allSatisfy((sizes) -> {
			assertThat(sizes[0]).isEqualTo(readSize);
			assertThat(sizes[1]).isEqualTo(writeSize);
		});
		// New connections pop the recycled channel objects: requests with large headers work.
		for (int i = 0; i < 3 * EACH_WAY; i++) {
			// A client of its own per request: a new connection each time.
			try (HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()) {
				HttpResponse<String> response = http.send(HttpRequest
					.newBuilder(URI.create("http://127.0.0.1:" + this.port + "/hello?n=" + i))
					.header("X-Padding", "p".repeat(4000))
					.timeout(Duration.ofSeconds(5))
					.build(), HttpResponse.BodyHandlers.ofString());
				assertThat(response.statusCode()).isEqualTo(200);
				assertThat(response.body()).isEqualTo("hello");
			}
		}
	}

	private List<RawWebSocket> open(String path) throws Exception {
		List<RawWebSocket> clients = new ArrayList<>();
		for (int i = 0; i < EACH_WAY; i++) {
			RawWebSocket client = RawWebSocket.open(this.port, path);
			if (path.equals("/echo")) {
				client.sendText("hello " + i);
				assertThat(client.readMessage().text()).isEqualTo("hello " + i);
			}
			clients.add(client);
		}
		return clients;
	}

	private static long lentBuffers(NioEndpoint endpoint) {
		long lent = 0;
		for (SocketWrapperBase<NioChannel> connection : endpoint.getConnections()) {
			if (connection.getSocketBufferHandler().getReadBuffer().capacity() == 0
					&& connection.getSocketBufferHandler().getWriteBuffer().capacity() == 0) {
				lent++;
			}
		}
		return lent;
	}

	private NioEndpoint endpoint() throws Exception {
		Connector connector = ((TomcatWebServer) this.context.getWebServer()).getTomcat().getConnector();
		Method getEndpoint = AbstractProtocol.class.getDeclaredMethod("getEndpoint");
		getEndpoint.setAccessible(true);
		AbstractEndpoint<?, ?> endpoint = (AbstractEndpoint<?, ?>) getEndpoint.invoke(connector.getProtocolHandler());
		return (NioEndpoint) endpoint;
	}

	@SuppressWarnings("unchecked")
	private static List<int[]> cachedChannelBufferSizes(NioEndpoint endpoint) throws Exception {
		Method getNioChannels = NioEndpoint.class.getDeclaredMethod("getNioChannels");
		getNioChannels.setAccessible(true);
		SynchronizedStack<NioChannel> cache = (SynchronizedStack<NioChannel>) getNioChannels.invoke(endpoint);
		List<NioChannel> channels = new ArrayList<>();
		NioChannel channel;
		while ((channel = cache.pop()) != null) {
			channels.add(channel);
		}
		List<int[]> sizes = new ArrayList<>();
		for (NioChannel cached : channels) {
			sizes.add(new int[] { cached.getBufHandler().getReadBuffer().capacity(),
					cached.getBufHandler().getWriteBuffer().capacity() });
			cache.push(cached);
		}
		return sizes;
	}

}
