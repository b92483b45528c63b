package dev.wsboot.test;

import java.io.IOException;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

import dev.wsboot.CloseStatus;
import dev.wsboot.HandshakeDetails;
import dev.wsboot.WebSocketConnection;
import dev.wsboot.WebSocketController;
import dev.wsboot.WebSocketMapping;
import dev.wsboot.WebSocketMessage;
import dev.wsboot.server.connection.DefaultWebSocketConnection;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.handler.TextWebSocketHandler;

/**
 * An application with one endpoint per behaviour under test.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import({ TestApplication.Endpoints.class, TestApplication.HelloController.class })
public class TestApplication {

	@Bean
	Recorder recorder() {
		return new Recorder();
	}

	@Bean
	@WebSocketMapping("/handler")
	PrefixingTextHandler prefixingTextHandler() {
		return new PrefixingTextHandler();
	}

	/** What handlers saw, for tests to assert on. */
	public static class Recorder {

		public final BlockingQueue<CloseStatus> closeStatuses = new LinkedBlockingQueue<>();

		public final BlockingQueue<Integer> inboundHighWaterMarks = new LinkedBlockingQueue<>();

		public final BlockingQueue<String> threads = new LinkedBlockingQueue<>();

		public final BlockingQueue<String> floodOutcomes = new LinkedBlockingQueue<>();

	}

	@WebSocketController
	static class Endpoints {

		private final Recorder recorder;

		Endpoints(Recorder recorder) {
			this.recorder = recorder;
		}

		@WebSocketMapping("/echo")
		void echo(WebSocketConnection connection) throws IOException {
			this.recorder.threads.add(Thread.currentThread().toString());
			WebSocketMessage message;
			while ((message = connection.receive()) != null) {
				connection.send(message);
			}
		}

		@WebSocketMapping("/parts")
		void parts(WebSocketConnection connection) throws IOException {
			WebSocketMessage part;
			long total = 0;
			while ((part = connection.receivePart()) != null) {
				total += part.payloadLength();
				connection.send("part " + part.payloadLength() + (part.isLast() ? " last" : ""));
				if (part.isLast()) {
					connection.send("total " + total);
					total = 0;
				}
			}
		}

		@WebSocketMapping("/rooms/{room}")
		void room(WebSocketConnection connection, HandshakeDetails handshake) throws IOException {
			connection.send("room=" + connection.pathVariables().get("room") + " handshakeRoom="
					+ handshake.pathVariables().get("room") + " user=" + handshake.queryParameters().getFirst("user")
					+ " header=" + handshake.headers().getFirst("X-Test"));
		}

		@WebSocketMapping("/fail")
		void fail(WebSocketConnection connection) throws IOException {
			connection.receive();
			throw new IllegalStateException("boom: secret internal detail");
		}

		@WebSocketMapping("/return")
		void returnAfterOne(WebSocketConnection connection) throws IOException {
			WebSocketMessage message = connection.receive();
			connection.send("got " + message.text());
		}

		@WebSocketMapping("/close-status")
		void closeStatus(WebSocketConnection connection) throws IOException {
			while (connection.receive() != null) {
				// Drain until the client closes.
			}
			this.recorder.closeStatuses.add(connection.closeStatus());
		}

		@WebSocketMapping("/flood")
		void flood(WebSocketConnection connection) {
			// Send until the peer is cut off for not reading; bounded so a broken limit cannot hang.
			java.nio.ByteBuffer chunk = java.nio.ByteBuffer.allocate(64 * 1024);
			try {
				for (int i = 0; i < 100_000; i++) {
					connection.send(chunk.duplicate());
				}
				this.recorder.floodOutcomes.add("never blocked");
			}
			catch (IOException ex) {
				this.recorder.floodOutcomes.add(ex.getClass().getSimpleName() + " " + connection.closeStatus());
			}
		}

		@WebSocketMapping(path = "/chat", subprotocols = { "v2.chat", "v1.chat" })
		void chat(WebSocketConnection connection) throws IOException {
			connection.send("subprotocol=" + connection.subprotocol());
		}

		@WebSocketMapping("/slow")
		void slow(WebSocketConnection connection) throws IOException, InterruptedException {
			connection.receive();
			// Fall behind while the client keeps sending, then drain and report.
			Thread.sleep(2000);
			this.recorder.inboundHighWaterMarks.add(((DefaultWebSocketConnection) connection).inboundHighWaterMark());
			int count = 1;
			WebSocketMessage message;
			while ((message = connection.receive()) != null) {
				count++;
				if (message.isText() && message.text().equals("end")) {
					break;
				}
			}
			connection.send("received " + count);
		}

	}

	@RestController
	static class HelloController {

		@GetMapping("/hello")
		String hello() {
			return "hello";
		}

	}

	/** A plain Spring handler that wants whole messages. */
	static class PrefixingTextHandler extends TextWebSocketHandler {

		@Override
		protected void handleTextMessage(WebSocketSession session, TextMessage message) throws Exception {
			session.sendMessage(new TextMessage("handler:" + message.getPayload().length() + ":"
					+ message.getPayload().substring(0, Math.min(10, message.getPayload().length()))));
		}

	}

}
