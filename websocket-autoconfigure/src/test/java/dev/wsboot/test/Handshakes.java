package dev.wsboot.test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

/**
 * Attempts handshakes that may be refused and reports what the client got.
 */
public final class Handshakes {

	private Handshakes() {
	}

	/**
	 * Attempt a handshake with an {@code Origin} header.
	 * @param uri the endpoint
	 * @param origin the origin, or {@code null} to send none
	 * @return the HTTP status: 101 when the upgrade succeeded
	 */
	public static Refusal attempt(URI uri, String origin) {
		WebSocket.Builder builder = HttpClient.newHttpClient().newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5));
		if (origin != null) {
			builder.header("Origin", origin);
		}
		try {
			WebSocket webSocket = builder.buildAsync(uri, new WebSocket.Listener() {
			}).orTimeout(10, TimeUnit.SECONDS).join();
			webSocket.abort();
			return new Refusal(101, null);
		}
		catch (CompletionException ex) {
			if (ex.getCause() instanceof WebSocketHandshakeException handshake) {
				return new Refusal(handshake.getResponse().statusCode(),
						handshake.getResponse().headers().firstValue("Retry-After").orElse(null));
			}
			throw ex;
		}
	}

	/** The status a handshake got and its {@code Retry-After} header. */
	public record Refusal(int status, String retryAfter) {
	}

}
