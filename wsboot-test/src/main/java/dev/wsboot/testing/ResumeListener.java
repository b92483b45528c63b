package dev.wsboot.testing;

import java.net.http.WebSocket;
import java.util.concurrent.CompletionStage;
import java.util.function.BiConsumer;
import java.util.function.ObjIntConsumer;

/**
 * Splits what one socket of a {@link ResumableWebSocketClient} receives into the subprotocol's
 * data messages ({@code m<text>} and binary) and control messages, whole.
 */
final class ResumeListener extends WholeMessageListener {

	private final BiConsumer<WebSocket, Object> data;

	private final BiConsumer<WebSocket, String> control;

	private final ObjIntConsumer<WebSocket> ended;

	/**
	 * @param data takes a whole data message: a {@code String} or a {@code byte[]}
	 * @param control takes a whole control message
	 * @param ended takes the end of the socket with its close code, 1006 without a close frame
	 */
	ResumeListener(BiConsumer<WebSocket, Object> data, BiConsumer<WebSocket, String> control,
			ObjIntConsumer<WebSocket> ended) {
		this.data = data;
		this.control = control;
		this.ended = ended;
	}

	@Override
	void text(WebSocket webSocket, String message) {
		if (message.startsWith("m")) {
			this.data.accept(webSocket, message.substring(1));
		}
		else if (!message.isEmpty()) {
			this.control.accept(webSocket, message);
		}
	}

	@Override
	void binary(WebSocket webSocket, byte[] bytes) {
		this.data.accept(webSocket, bytes);
	}

	@Override
	public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
		this.ended.accept(webSocket, statusCode);
		return null;
	}

	@Override
	public void onError(WebSocket webSocket, Throwable error) {
		this.ended.accept(webSocket, 1006);
	}

}
