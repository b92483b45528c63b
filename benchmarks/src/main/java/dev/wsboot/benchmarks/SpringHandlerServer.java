package dev.wsboot.benchmarks;

import java.io.IOException;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.web.socket.BinaryMessage;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.config.annotation.EnableWebSocket;
import org.springframework.web.socket.config.annotation.WebSocketConfigurer;
import org.springframework.web.socket.config.annotation.WebSocketHandlerRegistry;
import org.springframework.web.socket.handler.AbstractWebSocketHandler;

/**
 * Server B: a plain Spring {@code WebSocketHandler} echo on {@code /ws}, registered by hand on the
 * same Spring Boot and Tomcat that the wsboot sample runs on.
 */
@SpringBootApplication(proxyBeanMethods = false)
@EnableWebSocket
public class SpringHandlerServer implements WebSocketConfigurer {

	/**
	 * Start the server.
	 * @param args Spring Boot arguments, such as {@code --server.port=8080}
	 */
	public static void main(String[] args) {
		SpringApplication.run(SpringHandlerServer.class, args);
	}

	@Override
	public void registerWebSocketHandlers(WebSocketHandlerRegistry registry) {
		registry.addHandler(new EchoHandler(), "/ws");
	}

	/**
	 * Sends each message back on the container's thread, which is how a hand-written Spring
	 * handler usually echoes.
	 */
	static final class EchoHandler extends AbstractWebSocketHandler {

		// The text and binary subclasses each refuse the other kind; echo needs both.
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
