package dev.wsboot.observation;

import java.io.IOException;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import org.jspecify.annotations.Nullable;
import org.springframework.web.socket.BinaryMessage;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.WebSocketMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.handler.WebSocketHandlerDecorator;
import org.springframework.web.socket.handler.WebSocketSessionDecorator;

/**
 * One endpoint's connections (and, if asked, messages) as Micrometer observations; see
 * {@link WebSocketObservations}.
 */
final class ObservingHandlerDecorator extends WebSocketHandlerDecorator {

	private static final String OBSERVATION_ATTRIBUTE = ObservingHandlerDecorator.class.getName() + ".observation";

	private final String endpoint;

	private final ObservationRegistry registry;

	private final boolean messages;

	ObservingHandlerDecorator(WebSocketHandler delegate, String endpoint, ObservationRegistry registry,
			boolean messages) {
		super(delegate);
		this.endpoint = endpoint;
		this.registry = registry;
		this.messages = messages;
	}

	@Override
	public void afterConnectionEstablished(WebSocketSession session) throws Exception {
		Observation observation = Observation
			.createNotStarted("websocket.connection", WebSocketObservationContext::new, this.registry)
			.contextualName("websocket " + this.endpoint)
			.lowCardinalityKeyValue("endpoint", this.endpoint)
			.highCardinalityKeyValue("connection.id", session.getId());
		if (session.getAttributes().remove(WebSocketObservations.PARENT_ATTRIBUTE) instanceof Observation parent) {
			observation.parentObservation(parent);
		}
		observation.start();
		// The span is a child of the handshake's from here on; an idle connection need not keep
		// the finished HTTP request's observation and its context alive for its whole life.
		observation.getContext().setParentObservation(null);
		session.getAttributes().put(OBSERVATION_ATTRIBUTE, observation);
		WebSocketSession observed = this.messages ? new ObservedSession(session, observation) : session;
		try (Observation.Scope scope = observation.openScope()) {
			super.afterConnectionEstablished(observed);
		}
	}

	@Override
	public void handleMessage(WebSocketSession session, WebSocketMessage<?> message) throws Exception {
		Observation connection = (this.messages && isData(message)) ? connectionObservation(session) : null;
		if (connection == null) {
			super.handleMessage(session, message);
			return;
		}
		message("websocket.message.received", connection, message)
			.observeChecked(() -> super.handleMessage(session, message));
	}

	@Override
	public void afterConnectionClosed(WebSocketSession session, CloseStatus closeStatus) throws Exception {
		try {
			super.afterConnectionClosed(session, closeStatus);
		}
		finally {
			Observation observation = connectionObservation(session);
			if (observation != null) {
				observation.lowCardinalityKeyValue("code", Integer.toString(closeStatus.getCode()))
					.lowCardinalityKeyValue("outcome", outcome(closeStatus.getCode()))
					.stop();
			}
		}
	}

	private Observation message(String name, Observation connection, WebSocketMessage<?> message) {
		return Observation.createNotStarted(name, WebSocketObservationContext::new, this.registry)
			.parentObservation(connection)
			.lowCardinalityKeyValue("endpoint", this.endpoint)
			.lowCardinalityKeyValue("type", (message instanceof TextMessage) ? "text" : "binary");
	}

	private static @Nullable Observation connectionObservation(WebSocketSession session) {
		return (Observation) session.getAttributes().get(OBSERVATION_ATTRIBUTE);
	}

	private static boolean isData(WebSocketMessage<?> message) {
		return message instanceof TextMessage || message instanceof BinaryMessage;
	}

	static String outcome(int code) {
		return switch (code) {
			case 1000 -> "normal";
			case 1001 -> "going_away";
			case 1006 -> "abnormal";
			case 1011, 1012, 1013, 1014 -> "server_error";
			default -> "client_error";
		};
	}

	/**
	 * The session as the handlers inside see it, observing what they send.
	 */
	private final class ObservedSession extends WebSocketSessionDecorator {

		private final Observation connection;

		ObservedSession(WebSocketSession delegate, Observation connection) {
			super(delegate);
			this.connection = connection;
		}

		@Override
		public void sendMessage(WebSocketMessage<?> message) throws IOException {
			if (!isData(message)) {
				super.sendMessage(message);
				return;
			}
			message("websocket.message.sent", this.connection, message).observeChecked(() -> super.sendMessage(message));
		}

	}

}
