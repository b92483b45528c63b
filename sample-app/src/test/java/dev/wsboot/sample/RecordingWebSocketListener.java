package dev.wsboot.sample;

import java.io.ByteArrayOutputStream;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A {@link WebSocket.Listener} for the JDK client that records what the client observes: whole
 * messages, pings, and how and when the connection ended.
 */
final class RecordingWebSocketListener implements WebSocket.Listener {

	/**
	 * How the connection ended, seen from the client.
	 * @param nanoTime when, as {@link System#nanoTime()}
	 * @param statusCode the close code, or {@code -1} when the connection failed without one
	 * @param description what happened
	 */
	record Ending(long nanoTime, int statusCode, String description) {
	}

	private final BlockingQueue<Object> messages = new LinkedBlockingQueue<>();

	private final CompletableFuture<Ending> ending = new CompletableFuture<>();

	private final AtomicInteger pings = new AtomicInteger();

	private final StringBuilder text = new StringBuilder();

	private final ByteArrayOutputStream binary = new ByteArrayOutputStream();

	@Override
	public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
		this.text.append(data);
		if (last) {
			this.messages.add(this.text.toString());
			this.text.setLength(0);
		}
		webSocket.request(1);
		return null;
	}

	@Override
	public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
		byte[] bytes = new byte[data.remaining()];
		data.get(bytes);
		this.binary.writeBytes(bytes);
		if (last) {
			this.messages.add(this.binary.toByteArray());
			this.binary.reset();
		}
		webSocket.request(1);
		return null;
	}

	@Override
	public CompletionStage<?> onPing(WebSocket webSocket, ByteBuffer message) {
		// The JDK client answers every ping with a pong by itself.
		this.pings.incrementAndGet();
		webSocket.request(1);
		return null;
	}

	@Override
	public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
		this.ending.complete(new Ending(System.nanoTime(), statusCode, "close frame " + statusCode + " '" + reason + "'"));
		return null;
	}

	@Override
	public void onError(WebSocket webSocket, Throwable error) {
		this.ending.complete(new Ending(System.nanoTime(), -1, "connection failed: " + error));
	}

	/**
	 * Return the next whole message, a {@link String} or a {@code byte[]}.
	 * @param timeout how long to wait
	 * @return the message, or {@code null} if none came in time
	 * @throws InterruptedException if interrupted while waiting
	 */
	Object nextMessage(Duration timeout) throws InterruptedException {
		return this.messages.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
	}

	/**
	 * Return how many pings the client received so far.
	 * @return the count
	 */
	int pings() {
		return this.pings.get();
	}

	/**
	 * Return the connection's end, completed on a close frame or a failure.
	 * @return the end
	 */
	CompletableFuture<Ending> ending() {
		return this.ending;
	}

}
