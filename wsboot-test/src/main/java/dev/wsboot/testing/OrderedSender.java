package dev.wsboot.testing;

import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Writes what a {@link ResumableWebSocketClient} sends, in the order it was queued, on a thread
 * of its own, so that no lock is held while the JDK client writes and at most one send of the
 * JDK client is outstanding.
 */
final class OrderedSender {

	/** Queued in place of a message: close the socket. */
	private static final Object CLOSE = new Object();

	private final BlockingQueue<Outgoing> outgoing = new LinkedBlockingQueue<>();

	private final Duration timeout;

	private final CompletableFuture<Integer> closed;

	private final Consumer<WebSocket> failed;

	/**
	 * @param timeout the bound of each send
	 * @param closed completed when the client has ended; the sender stops then
	 * @param failed told of a socket whose send failed: an aborted JDK socket tells its listener
	 * nothing, so the client learns of the drop here
	 */
	OrderedSender(Duration timeout, CompletableFuture<Integer> closed, Consumer<WebSocket> failed) {
		this.timeout = timeout;
		this.closed = closed;
		this.failed = failed;
		Thread.ofVirtual().name("resumable-client-sender").start(this::sendInOrder);
	}

	/**
	 * Queue a text or binary message for a socket.
	 * @param webSocket the socket
	 * @param payload a {@code String} or a {@code byte[]}
	 */
	void add(WebSocket webSocket, Object payload) {
		this.outgoing.add(new Outgoing(webSocket, payload));
	}

	/**
	 * Queue a close with 1000, after what is queued already.
	 * @param webSocket the socket
	 */
	void addClose(WebSocket webSocket) {
		this.outgoing.add(new Outgoing(webSocket, CLOSE));
	}

	private void sendInOrder() {
		while (!this.closed.isDone()) {
			Outgoing next;
			try {
				next = this.outgoing.poll(100, TimeUnit.MILLISECONDS);
			}
			catch (InterruptedException ex) {
				return;
			}
			if (next == null) {
				continue;
			}
			if (next.payload() == CLOSE) {
				closeNow(next.webSocket());
				continue;
			}
			try {
				CompletableFuture<WebSocket> sent = (next.payload() instanceof String text)
						? next.webSocket().sendText(text, true)
						: next.webSocket().sendBinary(ByteBuffer.wrap((byte[]) next.payload()), true);
				sent.get(this.timeout.toMillis(), TimeUnit.MILLISECONDS);
			}
			catch (Exception ex) {
				next.webSocket().abort();
				this.failed.accept(next.webSocket());
			}
		}
	}

	private void closeNow(WebSocket webSocket) {
		try {
			webSocket.sendClose(1000, "").get(this.timeout.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (Exception ex) {
			webSocket.abort();
		}
		this.closed.complete(1000);
	}

	private record Outgoing(WebSocket webSocket, Object payload) {
	}

}
