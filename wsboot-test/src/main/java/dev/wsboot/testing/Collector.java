package dev.wsboot.testing;

import java.io.ByteArrayOutputStream;
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
final class Collector implements WebSocket.Listener {

	final BlockingQueue<Received> received = new LinkedBlockingQueue<>();

	final BlockingQueue<byte[]> pings = new LinkedBlockingQueue<>();

	final CompletableFuture<Closed> closed = new CompletableFuture<>();

	private StringBuilder text = new StringBuilder();

	private ByteArrayOutputStream binary = new ByteArrayOutputStream();

	@Override
	public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
		this.text.append(data);
		if (last) {
			this.received.add(new Received.Text(this.text.toString()));
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
			this.received.add(new Received.Binary(this.binary.toByteArray()));
			this.binary = new ByteArrayOutputStream();
		}
		webSocket.request(1);
		return null;
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
