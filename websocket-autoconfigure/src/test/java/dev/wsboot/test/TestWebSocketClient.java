package dev.wsboot.test;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A JDK {@link WebSocket} client for tests: collects whole messages, pings and the close frame
 * the server sends.
 */
public final class TestWebSocketClient implements AutoCloseable {

	private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private final WebSocket webSocket;

	private final Collector collector;

	private TestWebSocketClient(WebSocket webSocket, Collector collector) {
		this.webSocket = webSocket;
		this.collector = collector;
	}

	/**
	 * Connect and wait for the handshake.
	 * @param uri the endpoint
	 * @return the connected client
	 */
	public static TestWebSocketClient connect(URI uri) {
		return connect(uri, new String[0]);
	}

	/**
	 * Connect offering subprotocols and wait for the handshake.
	 * @param uri the endpoint
	 * @param subprotocols subprotocols to offer
	 * @return the connected client
	 */
	public static TestWebSocketClient connect(URI uri, String... subprotocols) {
		Collector collector = new Collector();
		WebSocket.Builder builder = HTTP.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5));
		if (subprotocols.length > 0) {
			builder.subprotocols(subprotocols[0], java.util.Arrays.copyOfRange(subprotocols, 1, subprotocols.length));
		}
		WebSocket webSocket = builder.buildAsync(uri, collector).orTimeout(10, TimeUnit.SECONDS).join();
		return new TestWebSocketClient(webSocket, collector);
	}

	public WebSocket webSocket() {
		return this.webSocket;
	}

	public void sendText(String text) {
		this.webSocket.sendText(text, true).orTimeout(10, TimeUnit.SECONDS).join();
	}

	public void sendBinary(byte[] bytes) {
		this.webSocket.sendBinary(ByteBuffer.wrap(bytes), true).orTimeout(30, TimeUnit.SECONDS).join();
	}

	/**
	 * Wait for the next whole message.
	 * @return a {@code String} for text, a {@code byte[]} for binary
	 * @throws AssertionError if none arrives within 10 seconds
	 */
	public Object nextMessage() throws InterruptedException {
		return nextMessage(Duration.ofSeconds(10));
	}

	public Object nextMessage(Duration timeout) throws InterruptedException {
		Object message = this.collector.messages.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
		if (message == null) {
			throw new AssertionError("No WebSocket message within " + timeout);
		}
		return message;
	}

	/** Messages received and not yet taken. */
	public int pendingMessages() {
		return this.collector.messages.size();
	}

	public String nextText() throws InterruptedException {
		return (String) nextMessage();
	}

	public String nextText(Duration timeout) throws InterruptedException {
		return (String) nextMessage(timeout);
	}

	public byte[] nextBinary() throws InterruptedException {
		return (byte[]) nextMessage();
	}

	/**
	 * Wait for the server's close frame (or the connection's end).
	 * @return the close code; 1006 if the connection ended without one
	 */
	public int awaitClose(Duration timeout) {
		return this.collector.close.orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS).join().code();
	}

	public String awaitCloseReason(Duration timeout) {
		return this.collector.close.orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS).join().reason();
	}

	public boolean isClosedByServer() {
		return this.collector.close.isDone();
	}

	/** Pings received, as arrival times from {@link System#nanoTime()}. */
	public List<Long> pingTimes() {
		return this.collector.pings;
	}

	public String subprotocol() {
		return this.webSocket.getSubprotocol();
	}

	public void sendClose(int code, String reason) {
		this.webSocket.sendClose(code, reason).orTimeout(10, TimeUnit.SECONDS).join();
	}

	@Override
	public void close() {
		this.webSocket.abort();
	}

	/** What the server sent to close. */
	public record Close(int code, String reason) {
	}

	private static final class Collector implements WebSocket.Listener {

		private final BlockingQueue<Object> messages = new LinkedBlockingQueue<>();

		private final List<Long> pings = new CopyOnWriteArrayList<>();

		private final CompletableFuture<Close> close = new CompletableFuture<>();

		private StringBuilder text = new StringBuilder();

		private ByteArrayOutputStream binary = new ByteArrayOutputStream();

		@Override
		public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
			this.text.append(data);
			if (last) {
				this.messages.add(this.text.toString());
				this.text = new StringBuilder();
			}
			webSocket.request(1);
			return null;
		}

		@Override
		public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
			byte[] chunk = new byte[data.remaining()];
			data.get(chunk);
			this.binary.writeBytes(chunk);
			if (last) {
				this.messages.add(this.binary.toByteArray());
				this.binary = new ByteArrayOutputStream();
			}
			webSocket.request(1);
			return null;
		}

		@Override
		public CompletionStage<?> onPing(WebSocket webSocket, ByteBuffer message) {
			this.pings.add(System.nanoTime());
			webSocket.request(1);
			return null;
		}

		@Override
		public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
			this.close.complete(new Close(statusCode, reason));
			return null;
		}

		@Override
		public void onError(WebSocket webSocket, Throwable error) {
			this.close.complete(new Close(1006, String.valueOf(error)));
		}

	}

}
