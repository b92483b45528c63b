package dev.wsboot.server;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.security.KeyStore;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import dev.wsboot.test.TestApplication;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Endpoints behind {@code server.ssl}: wsboot cannot take a TLS socket over from the container,
 * so its engine reads and writes through the container's decrypting layer; a client on
 * {@code wss://} gets its echoes, small and large, and the close it asked for.
 */
@SpringBootTest(classes = TestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "server.ssl.key-store=classpath:tls/wsboot-test.p12", "server.ssl.key-store-password=wsboot-test",
				"server.ssl.key-store-type=PKCS12", "server.ssl.key-alias=wsboot-test" })
@Timeout(30)
class TlsEchoTests {

	@LocalServerPort
	int port;

	@Test
	void aClientOnWssGetsItsEchoesAndItsClose() throws Exception {
		HttpClient client = HttpClient.newBuilder().sslContext(trustingTheTestCertificate()).build();
		Listener listener = new Listener();
		WebSocket ws = client.newWebSocketBuilder()
			.connectTimeout(Duration.ofSeconds(5))
			.buildAsync(URI.create("wss://localhost:" + this.port + "/echo"), listener)
			.get(10, TimeUnit.SECONDS);
		String large = "x".repeat(100_000);
		ws.sendText("over tls", true).get(5, TimeUnit.SECONDS);
		ws.sendText(large, true).get(5, TimeUnit.SECONDS);
		await().atMost(Duration.ofSeconds(10)).until(() -> listener.texts.size() == 2);
		assertThat(listener.texts.get(0)).isEqualTo("over tls");
		assertThat(listener.texts.get(1)).isEqualTo(large);
		ws.sendClose(WebSocket.NORMAL_CLOSURE, "done").get(5, TimeUnit.SECONDS);
		assertThat(listener.closeCode.get(10, TimeUnit.SECONDS)).isEqualTo(WebSocket.NORMAL_CLOSURE);
	}

	private static SSLContext trustingTheTestCertificate() throws Exception {
		KeyStore store = KeyStore.getInstance("PKCS12");
		try (InputStream in = TlsEchoTests.class.getResourceAsStream("/tls/wsboot-test.p12")) {
			store.load(in, "wsboot-test".toCharArray());
		}
		TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
		trust.init(store);
		SSLContext context = SSLContext.getInstance("TLS");
		context.init(null, trust.getTrustManagers(), null);
		return context;
	}

	private static final class Listener implements WebSocket.Listener {

		final List<String> texts = new CopyOnWriteArrayList<>();

		final CompletableFuture<Integer> closeCode = new CompletableFuture<>();

		private final StringBuilder partial = new StringBuilder();

		@Override
		public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
			this.partial.append(data);
			if (last) {
				this.texts.add(this.partial.toString());
				this.partial.setLength(0);
			}
			webSocket.request(1);
			return null;
		}

		@Override
		public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
			this.closeCode.complete(statusCode);
			return null;
		}

		@Override
		public void onError(WebSocket webSocket, Throwable error) {
			this.closeCode.completeExceptionally(error);
		}

	}

}
