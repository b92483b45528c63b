package dev.wsboot.server.connection;

import java.io.ByteArrayOutputStream;

import dev.wsboot.server.supervision.ForcedCloseLog;
import org.jspecify.annotations.Nullable;
import org.springframework.web.socket.BinaryMessage;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.WebSocketMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.handler.WebSocketHandlerDecorator;

/**
 * Gives a plain Spring {@link WebSocketHandler} the same message limits as a mapped method.
 * <p>
 * The container reads in chunks of {@code receive-buffer-size}, so this decorator always asks for
 * partial messages, closes with 1009 once a message passes {@code max-message-size}, and joins
 * the parts for a handler that wants whole messages.
 */
public final class MessageAssemblingHandlerDecorator extends WebSocketHandlerDecorator {

	private static final String STATE_ATTRIBUTE = MessageAssemblingHandlerDecorator.class.getName() + ".state";

	private final long maxMessageSize;

	private final boolean delegateTakesParts;

	public MessageAssemblingHandlerDecorator(WebSocketHandler delegate, long maxMessageSize) {
		super(delegate);
		this.maxMessageSize = maxMessageSize;
		this.delegateTakesParts = delegate.supportsPartialMessages();
	}

	@Override
	public boolean supportsPartialMessages() {
		return true;
	}

	@Override
	public void afterConnectionEstablished(WebSocketSession session) throws Exception {
		session.getAttributes().put(STATE_ATTRIBUTE, new AssemblyState(this.maxMessageSize));
		super.afterConnectionEstablished(session);
	}

	@Override
	public void handleMessage(WebSocketSession session, WebSocketMessage<?> message) throws Exception {
		AssemblyState state = (AssemblyState) session.getAttributes().get(STATE_ATTRIBUTE);
		if (state == null || !(message instanceof TextMessage || message instanceof BinaryMessage)) {
			super.handleMessage(session, message);
			return;
		}
		if (state.discarding) {
			return;
		}
		boolean withinLimit = (message instanceof TextMessage text) ? state.sizes.addText(text.getPayload(), text.isLast())
				: state.sizes.addBinary(((BinaryMessage) message).getPayloadLength(), message.isLast());
		if (!withinLimit) {
			state.discarding = true;
			state.reset();
			ForcedCloseLog.messageTooBig(session.getId(), this.maxMessageSize);
			session.close(CloseStatus.TOO_BIG_TO_PROCESS.withReason("Message exceeds " + this.maxMessageSize + " bytes"));
			return;
		}
		WebSocketMessage<?> whole = this.delegateTakesParts ? message : state.assemble(message);
		if (whole != null) {
			super.handleMessage(session, whole);
		}
	}

	/**
	 * The message being assembled on one session; touched only by the container's thread.
	 */
	private static final class AssemblyState {

		private final MessageSizeTracker sizes;

		private @Nullable StringBuilder text;

		private @Nullable ByteArrayOutputStream bytes;

		private boolean discarding;

		AssemblyState(long maxMessageSize) {
			this.sizes = new MessageSizeTracker(maxMessageSize);
		}

		@Nullable WebSocketMessage<?> assemble(WebSocketMessage<?> part) {
			boolean pending = this.text != null || this.bytes != null;
			if (part.isLast() && !pending) {
				return part;
			}
			if (part instanceof TextMessage textPart) {
				StringBuilder builder = (this.text != null) ? this.text : (this.text = new StringBuilder());
				builder.append(textPart.getPayload());
				if (part.isLast()) {
					reset();
					return new TextMessage(builder.toString());
				}
				return null;
			}
			BinaryMessage binaryPart = (BinaryMessage) part;
			ByteArrayOutputStream buffer = (this.bytes != null) ? this.bytes : (this.bytes = new ByteArrayOutputStream());
			java.nio.ByteBuffer payload = binaryPart.getPayload();
			byte[] chunk = new byte[payload.remaining()];
			payload.get(chunk);
			buffer.writeBytes(chunk);
			if (part.isLast()) {
				reset();
				return new BinaryMessage(buffer.toByteArray());
			}
			return null;
		}

		void reset() {
			this.text = null;
			this.bytes = null;
		}

	}

}
