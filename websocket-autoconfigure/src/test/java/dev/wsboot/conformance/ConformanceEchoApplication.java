package dev.wsboot.conformance;

import java.io.IOException;
import java.util.List;

import dev.wsboot.WebSocketConnection;
import dev.wsboot.WebSocketController;
import dev.wsboot.WebSocketMapping;
import dev.wsboot.WebSocketMessage;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.web.socket.BinaryMessage;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.handler.AbstractWebSocketHandler;

/**
 * The echo server of the conformance tests: one endpoint per way an application receives, each
 * sending back exactly what it gets, text as text and binary as binary.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import(ConformanceEchoApplication.EchoEndpoints.class)
public class ConformanceEchoApplication {

	/** The accept-then-receive loop: {@code receive()} whole messages, {@code send(message)}. */
	static final String LOOP = "/loop";

	/** The fragment-level receive: {@code receivePart()}, forwarded as a part with its isLast. */
	static final String PARTS = "/parts";

	/** A plain Spring {@code WebSocketHandler} bean that wants whole messages. */
	static final String HANDLER = "/handler";

	/** The three receive paths, each with the agent name it carries in reports. */
	static final List<ReceivePath> PATHS = List.of(new ReceivePath("wsboot-loop", LOOP),
			new ReceivePath("wsboot-parts", PARTS), new ReceivePath("wsboot-handler", HANDLER));

	@Bean
	@WebSocketMapping(HANDLER)
	EchoHandler echoHandler() {
		return new EchoHandler();
	}

	@WebSocketController
	static class EchoEndpoints {

		@WebSocketMapping(LOOP)
		void loop(WebSocketConnection connection) throws IOException {
			WebSocketMessage message;
			while ((message = connection.receive()) != null) {
				connection.send(message);
			}
		}

		@WebSocketMapping(PARTS)
		void parts(WebSocketConnection connection) throws IOException {
			WebSocketMessage part;
			while ((part = connection.receivePart()) != null) {
				connection.send(part);
			}
		}

	}

	/**
	 * One receive path.
	 * @param agent the name of the path in reports
	 * @param path the endpoint's path
	 */
	record ReceivePath(String agent, String path) {

		@Override
		public String toString() {
			return this.path;
		}

	}

	/** Echoes whole text and binary messages through the session. */
	static class EchoHandler extends AbstractWebSocketHandler {

		@Override
		protected void handleTextMessage(WebSocketSession session, TextMessage message) throws IOException {
			session.sendMessage(message);
		}

		@Override
		protected void handleBinaryMessage(WebSocketSession session, BinaryMessage message) throws IOException {
			session.sendMessage(message);
		}

	}

}
