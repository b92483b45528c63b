package dev.wsboot.test;

import java.io.IOException;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

import dev.wsboot.CloseStatus;
import dev.wsboot.WebSocketConnection;
import dev.wsboot.WebSocketController;
import dev.wsboot.WebSocketMapping;
import dev.wsboot.WebSocketMessage;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.handler.TextWebSocketHandler;

/**
 * An application for the raw-frame tests: echo endpoints that record what their handlers saw.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import(FrameTestApplication.Endpoints.class)
public class FrameTestApplication {

	@Bean
	FrameRecorder frameRecorder() {
		return new FrameRecorder();
	}

	@Bean
	@WebSocketMapping("/plain-limited")
	RecordingTextHandler recordingTextHandler(FrameRecorder recorder) {
		return new RecordingTextHandler(recorder);
	}

	/** What the handlers saw, for tests to assert on. */
	public static class FrameRecorder {

		/**
		 * What {@code receive()} returned on {@code /recording-echo}, one entry a call:
		 * {@code text:<bytes>}, {@code binary:<bytes>} or {@code null}.
		 */
		public final BlockingQueue<String> received = new LinkedBlockingQueue<>();

		/** How each {@code /echo} or {@code /recording-echo} handler ended. */
		public final BlockingQueue<HandlerEnd> handlerEnds = new LinkedBlockingQueue<>();

		/** Messages the plain handler on {@code /plain-limited} got, as {@code text:<chars>}. */
		public final BlockingQueue<String> plainReceived = new LinkedBlockingQueue<>();

		/** The close codes the plain handler saw. */
		public final BlockingQueue<Integer> plainClosed = new LinkedBlockingQueue<>();

		public void clear() {
			this.received.clear();
			this.handlerEnds.clear();
			this.plainReceived.clear();
			this.plainClosed.clear();
		}

	}

	/**
	 * How a handler ended.
	 * @param firstText the connection's first text message, to tell connections apart; or null
	 * @param closeStatus what {@code closeStatus()} held when {@code receive()} returned null
	 */
	public record HandlerEnd(String firstText, CloseStatus closeStatus) {
	}

	@WebSocketController
	static class Endpoints {

		private final FrameRecorder recorder;

		Endpoints(FrameRecorder recorder) {
			this.recorder = recorder;
		}

		@WebSocketMapping("/echo")
		void echo(WebSocketConnection connection) throws IOException {
			String firstText = null;
			try {
				WebSocketMessage message;
				while ((message = connection.receive()) != null) {
					if (firstText == null && message.isText()) {
						firstText = message.text();
					}
					connection.send(message);
				}
			}
			finally {
				this.recorder.handlerEnds.add(new HandlerEnd(firstText, connection.closeStatus()));
			}
		}

		@WebSocketMapping("/recording-echo")
		void recordingEcho(WebSocketConnection connection) throws IOException {
			try {
				WebSocketMessage message;
				do {
					message = connection.receive();
					this.recorder.received.add((message != null)
							? (message.isText() ? "text:" : "binary:") + message.payloadLength() : "null");
					if (message != null) {
						connection.send(message);
					}
				}
				while (message != null);
			}
			finally {
				this.recorder.handlerEnds.add(new HandlerEnd(null, connection.closeStatus()));
			}
		}

	}

	/** A plain Spring handler that wants whole text messages and echoes them. */
	static class RecordingTextHandler extends TextWebSocketHandler {

		private final FrameRecorder recorder;

		RecordingTextHandler(FrameRecorder recorder) {
			this.recorder = recorder;
		}

		@Override
		protected void handleTextMessage(WebSocketSession session, TextMessage message) throws Exception {
			this.recorder.plainReceived.add("text:" + message.getPayloadLength());
			session.sendMessage(message);
		}

		@Override
		public void afterConnectionClosed(WebSocketSession session,
				org.springframework.web.socket.CloseStatus status) {
			this.recorder.plainClosed.add(status.getCode());
		}

	}

}
