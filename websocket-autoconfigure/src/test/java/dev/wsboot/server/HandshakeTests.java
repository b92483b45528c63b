package dev.wsboot.server;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import dev.wsboot.test.TestApplication;
import dev.wsboot.test.TestWebSocketClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledIf;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What plain HTTP requests get from WebSocket paths and from the application's other paths.
 */
@SpringBootTest(classes = TestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT)
@Timeout(30)
class HandshakeTests {

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	@LocalServerPort
	int port;

	@org.springframework.beans.factory.annotation.Autowired
	org.springframework.boot.web.server.context.WebServerApplicationContext context;

	@Test
	void answersPlainGetToWebSocketPathWith400AndShortText() throws Exception {
		HttpResponse<String> response = send(HttpRequest.newBuilder(uri("/echo")).GET());
		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(response.body()).isEqualTo("Can \"Upgrade\" only to \"WebSocket\".");
	}

	@Test
	void answersPostToWebSocketPathWith405() throws Exception {
		HttpResponse<String> response = send(HttpRequest.newBuilder(uri("/echo")).POST(HttpRequest.BodyPublishers.ofString("x")));
		assertThat(response.statusCode()).isEqualTo(405);
		assertThat(response.headers().firstValue("Allow")).hasValueSatisfying((allow) -> assertThat(allow).contains("GET"));
	}

	@Test
	void leavesOtherPathsToTheApplication() throws Exception {
		HttpResponse<String> hello = send(HttpRequest.newBuilder(uri("/hello")).GET());
		assertThat(hello.statusCode()).isEqualTo(200);
		assertThat(hello.body()).isEqualTo("hello");
		assertThat(send(HttpRequest.newBuilder(uri("/nothing-here")).GET()).statusCode()).isEqualTo(404);
	}

	@Test
	void servesAnnotatedWebSocketHandlerBeanWithWholeMessagesBeyondReceiveBuffer() throws Exception {
		try (TestWebSocketClient client = TestWebSocketClient.connect(URI.create("ws://127.0.0.1:" + this.port + "/handler"))) {
			String large = "0123456789".repeat(2000);
			client.sendText(large);
			assertThat(client.nextText()).isEqualTo("handler:20000:0123456789");
			client.sendText("small");
			assertThat(client.nextText()).isEqualTo("handler:5:small");
		}
	}

	@Test
	@EnabledIf("dev.wsboot.test.Containers#isTomcat")
	void leavesTomcatsSocketBuffersAtTheirDefaultsWithDirectIo() {
		// Taken-over sockets lend their buffers back (SocketBufferLoanTests): no reason to shrink
		// the buffers of the application's HTTP requests.
		org.apache.catalina.connector.Connector connector = ((org.springframework.boot.tomcat.TomcatWebServer) this.context
			.getWebServer()).getTomcat().getConnector();
		org.apache.tomcat.util.net.SocketProperties defaults = new org.apache.tomcat.util.net.SocketProperties();
		assertThat(connector.getProperty("socket.appReadBufSize")).hasToString(String.valueOf(defaults.getAppReadBufSize()));
		assertThat(connector.getProperty("socket.appWriteBufSize")).hasToString(String.valueOf(defaults.getAppWriteBufSize()));
	}

	private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
		return this.http.send(request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
	}

	private URI uri(String path) {
		return URI.create("http://127.0.0.1:" + this.port + path);
	}

}
