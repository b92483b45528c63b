package dev.wsboot.testing;

import java.nio.ByteBuffer;
import java.util.Map;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.web.socket.BinaryMessage;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.PingMessage;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.config.annotation.EnableWebSocket;
import org.springframework.web.socket.config.annotation.WebSocketConfigurer;
import org.springframework.web.socket.config.annotation.WebSocketHandlerRegistry;
import org.springframework.web.socket.handler.AbstractWebSocketHandler;
import org.springframework.web.socket.server.HandshakeInterceptor;

/**
 * A plain Spring WebSocket server for the client's own tests: {@code /echo} echoes, answers
 * "ping me" with a ping and "close me" with a 4000 close; {@code /refused} answers 403.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@EnableWebSocket
class EchoServer implements WebSocketConfigurer {

	@Override
	public void registerWebSocketHandlers(WebSocketHandlerRegistry registry) {
		registry.addHandler(new Echo(), "/echo");
		registry.addHandler(new Echo(), "/refused").addInterceptors(new Refusing());
	}

	static class Echo extends AbstractWebSocketHandler {

		@Override
		protected void handleTextMessage(WebSocketSession session, TextMessage message) throws Exception {
			switch (message.getPayload()) {
				case "ping me" -> session.sendMessage(new PingMessage(ByteBuffer.wrap(new byte[] { 7 })));
				case "close me" -> session.close(new CloseStatus(4000, "asked to"));
				default -> session.sendMessage(message);
			}
		}

		@Override
		protected void handleBinaryMessage(WebSocketSession session, BinaryMessage message) throws Exception {
			session.sendMessage(message);
		}

	}

	static class Refusing implements HandshakeInterceptor {

		@Override
		public boolean beforeHandshake(ServerHttpRequest request, ServerHttpResponse response,
				WebSocketHandler wsHandler, Map<String, Object> attributes) {
			response.setStatusCode(HttpStatus.FORBIDDEN);
			return false;
		}

		@Override
		public void afterHandshake(ServerHttpRequest request, ServerHttpResponse response, WebSocketHandler wsHandler,
				Exception exception) {
		}

	}

}
