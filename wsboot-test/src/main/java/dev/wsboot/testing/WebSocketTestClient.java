package dev.wsboot.testing;

import java.net.URI;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.jspecify.annotations.Nullable;

/**
 * A WebSocket client for tests, such as a {@code @SpringBootTest(webEnvironment = RANDOM_PORT)}
 * test of a wsboot endpoint: send text, bytes or objects, then expect a message, a ping or a
 * close. Every wait is bounded (10 s unless {@link WebSocketTestClientBuilder#timeout(Duration)
 * set}), and a failed expectation is an {@link AssertionError} that says what arrived instead.
 * <pre class="code">
 * try (WebSocketTestClient client = WebSocketTestClient.to(port, "/ws").connect()) {
 *     client.sendText("hello");
 *     client.expectText("hello");
 *     client.send(new Greeting("Ada"));
 *     assertThat(client.expectMessage(Greeting.class).name()).isEqualTo("Ada");
 * }
 * </pre>
 * Pings are kept apart from messages, so that a keep-alive ping never fails an expected message;
 * the JDK client answers them.
 *
 * @since 0.1.0
 */
public final class WebSocketTestClient implements AutoCloseable {

	private final WebSocket webSocket;

	private final Collector collector;

	private final Duration timeout;

	private final @Nullable Json json;

	WebSocketTestClient(WebSocket webSocket, Collector collector, Duration timeout, @Nullable Json json) {
		this.webSocket = webSocket;
		this.collector = collector;
		this.timeout = timeout;
		this.json = json;
	}

	/**
	 * Start a client for an endpoint on this machine, as a random-port test has it.
	 * @param port the server's port
	 * @param path the endpoint's path, with any query
	 * @return a builder for {@code ws://127.0.0.1:port/path}
	 */
	public static WebSocketTestClientBuilder to(int port, String path) {
		return to(URI.create("ws://127.0.0.1:" + port + (path.startsWith("/") ? path : "/" + path)));
	}

	/**
	 * Start a client for an endpoint.
	 * @param uri the endpoint's {@code ws:} or {@code wss:} address
	 * @return a builder
	 */
	public static WebSocketTestClientBuilder to(URI uri) {
		return new WebSocketTestClientBuilder(uri);
	}

	/**
	 * Send a text message.
	 * @param text the text
	 * @return this client
	 */
	public WebSocketTestClient sendText(String text) {
		await(this.webSocket.sendText(text, true), "send a text message");
		return this;
	}

	/**
	 * Send a binary message.
	 * @param bytes the payload
	 * @return this client
	 */
	public WebSocketTestClient sendBinary(byte[] bytes) {
		await(this.webSocket.sendBinary(ByteBuffer.wrap(bytes), true), "send a binary message");
		return this;
	}

	/**
	 * Send an object as a JSON text message.
	 * @param message the object
	 * @return this client
	 * @throws IllegalStateException if Jackson 3 is not on the class path
	 */
	public WebSocketTestClient send(Object message) {
		return sendText(json().write(message));
	}

	/**
	 * Send a ping.
	 * @param payload at most 125 bytes
	 * @return this client
	 */
	public WebSocketTestClient sendPing(byte[] payload) {
		await(this.webSocket.sendPing(ByteBuffer.wrap(payload)), "send a ping");
		return this;
	}

	/**
	 * Expect the next message to be text.
	 * @return the text
	 * @throws AssertionError if another kind of message, a close or nothing arrives in time
	 */
	public String expectText() {
		return next(Received.Text.class, "a text message").text();
	}

	/**
	 * Expect the next message to be this text.
	 * @param expected the text
	 * @return this client
	 * @throws AssertionError if anything else, or nothing, arrives in time
	 */
	public WebSocketTestClient expectText(String expected) {
		String actual = expectText();
		if (!expected.equals(actual)) {
			throw new AssertionError("Expected the text message " + Received.quote(expected) + " but received "
					+ Received.quote(actual));
		}
		return this;
	}

	/**
	 * Expect the next message to be binary.
	 * @return its payload
	 * @throws AssertionError if another kind of message, a close or nothing arrives in time
	 */
	public byte[] expectBinary() {
		return next(Received.Binary.class, "a binary message").bytes();
	}

	/**
	 * Expect the next message to be a JSON text that reads as the given type.
	 * @param <T> the type
	 * @param type the type to read
	 * @return the object
	 * @throws AssertionError if the message is not such a text, or nothing arrives in time
	 */
	public <T> T expectMessage(Class<T> type) {
		return json().read(expectText(), type);
	}

	/**
	 * Expect a ping from the server (the JDK client has answered it already).
	 * @return the ping's payload
	 * @throws AssertionError if no ping arrives in time
	 */
	public byte[] expectPing() {
		byte[] payload = poll(this.collector.pings);
		if (payload == null) {
			throw new AssertionError("Expected a ping within " + this.timeout + " but none arrived"
					+ (this.collector.closed.isDone() ? "; " + this.collector.closed.join().describe() : ""));
		}
		return payload;
	}

	/**
	 * Expect the connection to end, with no message before that.
	 * @return the close code and reason; 1006 if the connection ended without a close frame
	 * @throws AssertionError if a message arrives first, or the connection stays open
	 */
	public Closed expectClose() {
		return next(Received.Close.class, "the connection to close").closed();
	}

	/**
	 * Expect the connection to end with this close code, with no message before that.
	 * @param code the expected close code
	 * @return the close code and reason
	 * @throws AssertionError if another code, a message or nothing arrives in time
	 */
	public Closed expectClose(int code) {
		Closed closed = expectClose();
		if (closed.code() != code) {
			throw new AssertionError("Expected a close with " + code + " but received " + closed.describe());
		}
		return closed;
	}

	/**
	 * Expect that no message and no close arrive for a while.
	 * @param quiet how long to watch
	 * @return this client
	 * @throws AssertionError if something arrives
	 */
	public WebSocketTestClient expectNothing(Duration quiet) {
		try {
			Received received = this.collector.received.poll(quiet.toNanos(), TimeUnit.NANOSECONDS);
			if (received != null) {
				throw new AssertionError("Expected nothing for " + quiet + " but received " + received.describe());
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new AssertionError("Interrupted while watching the connection", ex);
		}
		return this;
	}

	/**
	 * Return the subprotocol the server chose.
	 * @return the subprotocol, empty if none
	 */
	public String subprotocol() {
		return this.webSocket.getSubprotocol();
	}

	/**
	 * Return the JDK client underneath, for what this client does not offer.
	 * @return the JDK WebSocket
	 */
	public WebSocket webSocket() {
		return this.webSocket;
	}

	/**
	 * Close with a code and reason, and wait (bounded) for the server's close frame.
	 * @param code the close code
	 * @param reason the reason, at most 123 bytes
	 * @return the server's close code and reason
	 */
	public Closed close(int code, String reason) {
		await(this.webSocket.sendClose(code, reason), "send a close frame");
		try {
			return this.collector.closed.get(this.timeout.toNanos(), TimeUnit.NANOSECONDS);
		}
		catch (TimeoutException ex) {
			throw new AssertionError("Sent a close with " + code + " but the server did not close within "
					+ this.timeout);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new AssertionError("Interrupted while waiting for the server's close", ex);
		}
		catch (ExecutionException ex) {
			throw new AssertionError("The connection failed while closing", ex.getCause());
		}
		finally {
			this.webSocket.abort();
		}
	}

	/**
	 * Drop the connection at once (no close handshake), if it is still open.
	 */
	@Override
	public void close() {
		this.webSocket.abort();
	}

	private <R extends Received> R next(Class<R> type, String what) {
		Received received = poll(this.collector.received);
		if (received == null) {
			throw new AssertionError("Expected " + what + " within " + this.timeout + " but nothing arrived");
		}
		if (!type.isInstance(received)) {
			throw new AssertionError("Expected " + what + " but received " + received.describe());
		}
		return type.cast(received);
	}

	private <T> @Nullable T poll(BlockingQueue<T> queue) {
		try {
			return queue.poll(this.timeout.toNanos(), TimeUnit.NANOSECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new AssertionError("Interrupted while waiting for the server", ex);
		}
	}

	private Json json() {
		if (this.json == null) {
			throw new IllegalStateException(
					"Typed messages need Jackson 3 (tools.jackson.core:jackson-databind) on the test class path");
		}
		return this.json;
	}

	private void await(CompletableFuture<?> operation, String what) {
		try {
			operation.get(this.timeout.toNanos(), TimeUnit.NANOSECONDS);
		}
		catch (TimeoutException ex) {
			throw new AssertionError("Could not " + what + " within " + this.timeout + " (the server reads nothing?)");
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new AssertionError("Interrupted while trying to " + what, ex);
		}
		catch (ExecutionException ex) {
			throw new AssertionError("Could not " + what + ": " + ex.getCause(), ex.getCause());
		}
	}

	/**
	 * How the connection ended.
	 * @param code the close code; 1006 if the connection ended without a close frame
	 * @param reason the reason, empty if none
	 */
	public record Closed(int code, String reason) {

		String describe() {
			return new Received.Close(this).describe();
		}

	}

}
