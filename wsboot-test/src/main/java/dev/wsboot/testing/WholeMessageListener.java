package dev.wsboot.testing;

import java.io.ByteArrayOutputStream;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletionStage;

/**
 * A JDK {@link WebSocket.Listener} that joins the parts the JDK client hands over into whole
 * messages and asks for the next part after each.
 */
abstract class WholeMessageListener implements WebSocket.Listener {

	private final StringBuilder text = new StringBuilder();

	private final ByteArrayOutputStream binary = new ByteArrayOutputStream();

	@Override
	public final CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
		this.text.append(data);
		if (last) {
			String whole = this.text.toString();
			this.text.setLength(0);
			text(webSocket, whole);
		}
		webSocket.request(1);
		return null;
	}

	@Override
	public final CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
		byte[] chunk = new byte[data.remaining()];
		data.get(chunk);
		this.binary.writeBytes(chunk);
		if (last) {
			byte[] whole = this.binary.toByteArray();
			this.binary.reset();
			binary(webSocket, whole);
		}
		webSocket.request(1);
		return null;
	}

	/**
	 * Take a whole text message.
	 * @param webSocket the socket it came on
	 * @param text the message
	 */
	abstract void text(WebSocket webSocket, String text);

	/**
	 * Take a whole binary message.
	 * @param webSocket the socket it came on
	 * @param bytes the message
	 */
	abstract void binary(WebSocket webSocket, byte[] bytes);

}
