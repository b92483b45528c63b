package dev.wsboot.observation;

import java.util.Map;

import dev.wsboot.server.ConnectionDecorator;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import org.jspecify.annotations.Nullable;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.server.HandshakeInterceptor;

/**
 * Observes every connection of every wsboot endpoint as a {@code websocket.connection}
 * observation from accept to close, a child of the handshake's HTTP observation, and, when asked,
 * each message as {@code websocket.message.received} and {@code websocket.message.sent}.
 * <p>
 * Low-cardinality keys: {@code endpoint} (the path template), and at the end {@code code} (the
 * close code) and {@code outcome} ({@code normal}, {@code going_away}, {@code client_error},
 * {@code server_error}, {@code abnormal}); high-cardinality: {@code connection.id}.
 *
 * @since 0.1.0
 */
public class WebSocketObservations implements ConnectionDecorator {

	/** Handshake attribute with the observation the handshake request ran in. */
	static final String PARENT_ATTRIBUTE = WebSocketObservations.class.getName() + ".parent";

	private final ObservationRegistry registry;

	private final boolean messages;

	/**
	 * Create observations.
	 * @param registry the application's observation registry
	 * @param messages whether to observe each message too (costly: one observation a message)
	 */
	public WebSocketObservations(ObservationRegistry registry, boolean messages) {
		this.registry = registry;
		this.messages = messages;
	}

	@Override
	public WebSocketHandler decorate(String endpoint, WebSocketHandler handler) {
		return new ObservingHandlerDecorator(handler, endpoint, this.registry, this.messages);
	}

	@Override
	public boolean seesPongs() {
		// Only data messages are observed.
		return false;
	}

	@Override
	public boolean seesMessages() {
		return this.messages;
	}

	@Override
	public HandshakeInterceptor handshakeInterceptor(String endpoint) {
		return new ParentCapture(this.registry);
	}

	/**
	 * Remembers the observation of the handshake's HTTP request, which is current on the
	 * request's thread; the connection starts later, on another thread.
	 */
	private record ParentCapture(ObservationRegistry registry) implements HandshakeInterceptor {

		@Override
		public boolean beforeHandshake(ServerHttpRequest request, ServerHttpResponse response,
				WebSocketHandler wsHandler, Map<String, Object> attributes) {
			Observation current = this.registry.getCurrentObservation();
			if (current != null) {
				attributes.put(PARENT_ATTRIBUTE, current);
			}
			return true;
		}

		@Override
		public void afterHandshake(ServerHttpRequest request, ServerHttpResponse response, WebSocketHandler wsHandler,
				@Nullable Exception exception) {
		}

	}

}
