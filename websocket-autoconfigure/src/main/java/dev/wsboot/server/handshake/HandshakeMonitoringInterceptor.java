package dev.wsboot.server.handshake;

import java.util.Map;

import dev.wsboot.server.EndpointMonitor.HandshakeRejection;
import dev.wsboot.server.EndpointMonitor;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.http.server.ServletServerHttpRequest;
import org.springframework.http.server.ServletServerHttpResponse;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.server.HandshakeInterceptor;

/**
 * Reports the outcome of each handshake of one endpoint, judged by the status the response got
 * from the interceptors and the handshake handler after it.
 * <p>
 * It must come first among the interceptors so that its {@code afterHandshake} runs whatever a
 * later one decides.
 */
public final class HandshakeMonitoringInterceptor implements HandshakeInterceptor {

	private final EndpointMonitor monitor;

	public HandshakeMonitoringInterceptor(EndpointMonitor monitor) {
		this.monitor = monitor;
	}

	@Override
	public boolean beforeHandshake(ServerHttpRequest request, ServerHttpResponse response, WebSocketHandler wsHandler,
			Map<String, Object> attributes) {
		return true;
	}

	@Override
	public void afterHandshake(ServerHttpRequest request, ServerHttpResponse response, WebSocketHandler wsHandler,
			@Nullable Exception exception) {
		int status = status(response);
		if (exception == null && status < 400) {
			this.monitor.handshakeAccepted();
		}
		else if (request instanceof ServletServerHttpRequest servletRequest && servletRequest.getServletRequest()
			.getAttribute(HandshakeChecksInterceptor.REJECTION_ATTRIBUTE) instanceof HandshakeRejection rejection) {
			this.monitor.handshakeRejected(rejection);
		}
		else {
			this.monitor.handshakeRejected(rejection(status));
		}
	}

	static int status(ServerHttpResponse response) {
		return (response instanceof ServletServerHttpResponse servletResponse)
				? servletResponse.getServletResponse().getStatus() : HttpStatus.SWITCHING_PROTOCOLS.value();
	}

	private static HandshakeRejection rejection(int status) {
		if (status == HttpStatus.FORBIDDEN.value()) {
			return HandshakeRejection.ORIGIN;
		}
		if (status == HttpStatus.SERVICE_UNAVAILABLE.value()) {
			return HandshakeRejection.LIMIT;
		}
		return HandshakeRejection.NOT_WEBSOCKET;
	}

}
