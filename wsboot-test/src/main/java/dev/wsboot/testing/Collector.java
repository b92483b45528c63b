package dev.wsboot.testing;

import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;

import dev.wsboot.testing.WebSocketTestClient.Closed;

/**
 * Collects what the server sends: whole messages and the close in one queue, in order; pings
 * in another.
 */
final class Collector extends WholeMessageListener {

	final BlockingQueue<Received> received = new LinkedBlockingQueue<>();

	final BlockingQueue<byte[]> pings = new LinkedBlockingQueue<>();

	final CompletableFuture<Closed> closed = new CompletableFuture<>();

	@Override
	void text(WebSocket webSocket, String text) {
		this.received.add(new Received.Text(text));
	}

	@Override
	void binary(WebSocket webSocket, byte[] bytes) {
		this.received.add(new Received.Binary(bytes));
	}

	@Override
	public CompletionStage<?> onPing(WebSocket webSocket, ByteBuffer message) {
		byte[] payload = new byte[message.remaining()];
		message.get(payload);
		this.pings.add(payload);
		webSocket.request(1);
		return null;
	}

	@Override
	public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
		end(new Closed(statusCode, reason));
		return null;
	}

	@Override
	public void onError(WebSocket webSocket, Throwable error) {
		end(new Closed(1006, String.valueOf(error)));
	}

	private void end(Closed how) {
		if (this.closed.complete(how)) {
			this.received.add(new Received.Close(how));
		}
	}

}
