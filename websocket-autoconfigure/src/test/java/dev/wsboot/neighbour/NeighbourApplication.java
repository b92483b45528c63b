package dev.wsboot.neighbour;

import java.io.IOException;

import dev.wsboot.WebSocketConnection;
import dev.wsboot.WebSocketController;
import dev.wsboot.WebSocketMapping;
import dev.wsboot.WebSocketMessage;
import jakarta.websocket.OnMessage;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpoint;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.messaging.handler.annotation.MessageMapping;
import org.springframework.messaging.handler.annotation.SendTo;
import org.springframework.messaging.simp.config.MessageBrokerRegistry;
import org.springframework.stereotype.Controller;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.config.annotation.EnableWebSocket;
import org.springframework.web.socket.config.annotation.EnableWebSocketMessageBroker;
import org.springframework.web.socket.config.annotation.StompEndpointRegistry;
import org.springframework.web.socket.config.annotation.WebSocketConfigurer;
import org.springframework.web.socket.config.annotation.WebSocketHandlerRegistry;
import org.springframework.web.socket.config.annotation.WebSocketMessageBrokerConfigurer;
import org.springframework.web.socket.handler.TextWebSocketHandler;
import org.springframework.web.socket.server.standard.ServerEndpointExporter;

/**
 * An application with WebSocket code of its own, Spring's {@code @EnableWebSocket} handler, a
 * Jakarta {@code @ServerEndpoint} and a STOMP endpoint, next to a wsboot endpoint.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@EnableWebSocket
@Import({ NeighbourApplication.WsbootEndpoints.class, NeighbourApplication.JakartaEndpoint.class,
		NeighbourApplication.StompBroker.class })
public class NeighbourApplication implements WebSocketConfigurer {

	@Override
	public void registerWebSocketHandlers(WebSocketHandlerRegistry registry) {
		registry.addHandler(new LengthHandler(), "/own");
	}

	@Bean
	ServerEndpointExporter serverEndpointExporter() {
		return new ServerEndpointExporter();
	}

	/** The application's own Spring handler: answers with the length of each whole message. */
	static class LengthHandler extends TextWebSocketHandler {

		@Override
		protected void handleTextMessage(WebSocketSession session, TextMessage message) throws IOException {
			session.sendMessage(new TextMessage("own:" + message.getPayload().length()));
		}

	}

	/** The application's own Jakarta endpoint: answers with the length of each whole message. */
	@ServerEndpoint("/jakarta")
	public static class JakartaEndpoint {

		@OnMessage
		public void onMessage(Session session, String message) throws IOException {
			session.getBasicRemote().sendText("jakarta:" + message.length());
		}

	}

	/** The application's own STOMP endpoint: answers each message with its length on a topic. */
	@Configuration(proxyBeanMethods = false)
	@EnableWebSocketMessageBroker
	@Controller
	static class StompBroker implements WebSocketMessageBrokerConfigurer {

		@Override
		public void registerStompEndpoints(StompEndpointRegistry registry) {
			registry.addEndpoint("/stomp");
			// The subscription is in place before a message sent after it is handled.
			registry.setPreserveReceiveOrder(true);
		}

		@Override
		public void configureMessageBroker(MessageBrokerRegistry registry) {
			registry.enableSimpleBroker("/topic");
			registry.setApplicationDestinationPrefixes("/app");
		}

		@MessageMapping("/length")
		@SendTo("/topic/length")
		String length(String payload) {
			return "stomp:" + payload.length();
		}

	}

	@WebSocketController
	static class WsbootEndpoints {

		@WebSocketMapping("/parts")
		void parts(WebSocketConnection connection) throws IOException {
			WebSocketMessage part;
			StringBuilder sizes = new StringBuilder();
			while ((part = connection.receivePart()) != null) {
				sizes.append(part.isText() ? part.text().length() : part.payloadLength()).append(' ');
				if (part.isLast()) {
					connection.send(sizes.toString().trim());
					sizes.setLength(0);
				}
			}
		}

	}

}
