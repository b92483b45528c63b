package dev.wsboot.metrics;

import java.io.IOException;

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
 * An application with one endpoint of each kind whose metrics are under test: a loop, a failing
 * loop and a plain Spring handler on a templated path.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import(MetricsTestApplication.Endpoints.class)
class MetricsTestApplication {

	@Bean
	@WebSocketMapping("/metrics/rooms/{room}")
	AcknowledgingHandler acknowledgingHandler() {
		return new AcknowledgingHandler();
	}

	@WebSocketController
	static class Endpoints {

		@WebSocketMapping("/metrics/echo")
		void echo(WebSocketConnection connection) throws IOException {
			WebSocketMessage message;
			while ((message = connection.receive()) != null) {
				connection.send(message);
			}
		}

		@WebSocketMapping("/metrics/fail")
		void fail(WebSocketConnection connection) throws IOException {
			connection.receive();
			throw new IllegalStateException("handler failed");
		}

	}

	/** A plain Spring handler that answers every text message with {@code ack}. */
	static class AcknowledgingHandler extends TextWebSocketHandler {

		@Override
		protected void handleTextMessage(WebSocketSession session, TextMessage message) throws Exception {
			session.sendMessage(new TextMessage("ack"));
		}

	}

}
