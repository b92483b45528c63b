package dev.wsboot.testing;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.jspecify.annotations.Nullable;

/**
 * Sets up a {@link WebSocketTestClient}'s connection: handshake headers, subprotocols, the bound
 * of every wait and the JSON mapper of typed messages.
 *
 * @since 0.1.0
 */
public final class WebSocketTestClientBuilder {


	private static final boolean JACKSON_PRESENT = isPresent("tools.jackson.databind.json.JsonMapper");

	private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private final URI uri;

	private final Map<String, List<String>> headers = new LinkedHashMap<>();

	private final List<String> subprotocols = new ArrayList<>();

	private Duration timeout = Duration.ofSeconds(10);

	private @Nullable Json json;

	WebSocketTestClientBuilder(URI uri) {
		this.uri = uri;
	}

	/**
	 * Add a handshake header, such as {@code Origin} or {@code Authorization}.
	 * @param name the header's name
	 * @param value its value
	 * @return this builder
	 */
	public WebSocketTestClientBuilder header(String name, String value) {
		this.headers.computeIfAbsent(name, (key) -> new ArrayList<>()).add(value);
		return this;
	}

	/**
	 * Offer subprotocols, in order of preference.
	 * @param offered the subprotocols
	 * @return this builder
	 */
	public WebSocketTestClientBuilder subprotocols(String... offered) {
		this.subprotocols.addAll(Arrays.asList(offered));
		return this;
	}

	/**
	 * Set how long each wait may take: the handshake, a send, an expected event.
	 * @param timeout the bound
	 * @return this builder
	 */
	public WebSocketTestClientBuilder timeout(Duration timeout) {
		this.timeout = timeout;
		return this;
	}

	/**
	 * Read and write typed messages with this mapper, such as the application's own
	 * {@code JsonMapper} bean, instead of a default one.
	 * @param mapper the mapper
	 * @return this builder
	 */
	public WebSocketTestClientBuilder jsonMapper(tools.jackson.databind.json.JsonMapper mapper) {
		this.json = new Json(mapper);
		return this;
	}

	/**
	 * Connect and wait for the handshake to succeed.
	 * @return the connected client
	 * @throws AssertionError if the server refuses the handshake or does not answer in time
	 */
	public WebSocketTestClient connect() {
		Collector collector = new Collector();
		try {
			WebSocket webSocket = builder().buildAsync(this.uri, collector)
				.get(this.timeout.toNanos(), TimeUnit.NANOSECONDS);
			Json mapper = (this.json != null) ? this.json : (JACKSON_PRESENT ? Json.byDefault() : null);
			return new WebSocketTestClient(webSocket, collector, this.timeout, mapper);
		}
		catch (ExecutionException ex) {
			if (ex.getCause() instanceof WebSocketHandshakeException refused) {
				throw new AssertionError("Expected the handshake to " + this.uri + " to succeed but it was refused"
						+ " with HTTP " + refused.getResponse().statusCode(), refused);
			}
			throw new AssertionError("Could not connect to " + this.uri + ": " + ex.getCause(), ex.getCause());
		}
		catch (TimeoutException ex) {
			throw new AssertionError("No handshake answer from " + this.uri + " within " + this.timeout);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new AssertionError("Interrupted while connecting to " + this.uri, ex);
		}
	}

	/**
	 * Expect the server to refuse the handshake.
	 * @return the HTTP status of the refusal, such as 403 or 429
	 * @throws AssertionError if the handshake succeeds, or no answer comes in time
	 */
	public int expectRefused() {
		CompletableFuture<WebSocket> attempt = builder().buildAsync(this.uri, new Collector());
		try {
			WebSocket accepted = attempt.get(this.timeout.toNanos(), TimeUnit.NANOSECONDS);
			accepted.abort();
			throw new AssertionError("Expected the handshake to " + this.uri + " to be refused but it succeeded");
		}
		catch (ExecutionException | CompletionException ex) {
			if (ex.getCause() instanceof WebSocketHandshakeException refused) {
				return refused.getResponse().statusCode();
			}
			throw new AssertionError("Expected an HTTP refusal from " + this.uri + " but the connection failed: "
					+ ex.getCause(), ex.getCause());
		}
		catch (TimeoutException ex) {
			throw new AssertionError("No handshake answer from " + this.uri + " within " + this.timeout);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new AssertionError("Interrupted while connecting to " + this.uri, ex);
		}
	}

	private WebSocket.Builder builder() {
		WebSocket.Builder builder = HTTP.newWebSocketBuilder().connectTimeout(this.timeout);
		this.headers.forEach((name, values) -> values.forEach((value) -> builder.header(name, value)));
		if (!this.subprotocols.isEmpty()) {
			builder.subprotocols(this.subprotocols.getFirst(),
					this.subprotocols.subList(1, this.subprotocols.size()).toArray(String[]::new));
		}
		return builder;
	}

	private static boolean isPresent(String className) {
		try {
			Class.forName(className, false, WebSocketTestClientBuilder.class.getClassLoader());
			return true;
		}
		catch (ClassNotFoundException | LinkageError ex) {
			return false;
		}
	}

}
