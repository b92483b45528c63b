package dev.wsboot.server;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.server.support.DefaultHandshakeHandler;
import org.springframework.web.socket.server.support.WebSocketHandlerMapping;
import org.springframework.web.socket.server.support.WebSocketHttpRequestHandler;

/**
 * Builds the Spring MVC handler mapping that serves the handshakes of wsboot endpoints.
 *
 * @since 0.1.0
 */
public class WebSocketHandlerMappingFactory {

	/** Order of the mapping: after annotated controllers, as Spring's own WebSocket mapping. */
	public static final int ORDER = 1;

	private final WebSocketServerSettings settings;

	private final SessionRegistry registry;

	private final WebSocketMonitor monitor;

	/**
	 * Create a factory.
	 * @param settings the runtime settings
	 * @param registry where sessions are tracked for keep-alive and monitoring
	 * @param monitor receives what happens on each endpoint
	 */
	public WebSocketHandlerMappingFactory(WebSocketServerSettings settings, SessionRegistry registry,
			WebSocketMonitor monitor) {
		this.settings = settings;
		this.registry = registry;
		this.monitor = monitor;
	}

	/**
	 * Create a mapping for the given endpoints.
	 * @param endpoints the endpoints
	 * @return the mapping, to be registered as a bean
	 */
	public WebSocketHandlerMapping create(List<WebSocketEndpoint> endpoints) {
		Map<String, Object> handlers = new LinkedHashMap<>();
		for (WebSocketEndpoint endpoint : endpoints) {
			handlers.put(endpoint.path(), requestHandler(endpoint));
		}
		WebSocketHandlerMapping mapping = new WebSocketHandlerMapping();
		mapping.setUrlMap(handlers);
		mapping.setOrder(ORDER);
		return mapping;
	}

	private WebSocketHttpRequestHandler requestHandler(WebSocketEndpoint endpoint) {
		EndpointMonitor endpointMonitor = this.monitor.forEndpoint(endpoint.path());
		WebSocketHandler handler = endpoint.handler();
		if (handler instanceof LoopWebSocketHandler loopHandler) {
			loopHandler.setMonitor(endpointMonitor);
		}
		else {
			handler = new MessageAssemblingHandlerDecorator(handler, this.settings.getMaxMessageSize());
		}
		handler = new MonitoringHandlerDecorator(handler, endpointMonitor);
		handler = new RegisteringWebSocketHandlerDecorator(handler, endpoint.path(), this.registry);
		DefaultHandshakeHandler handshakeHandler = new DefaultHandshakeHandler();
		handshakeHandler.setSupportedProtocols(endpoint.subprotocols().toArray(String[]::new));
		WebSocketHttpRequestHandler requestHandler = new WebSocketHttpRequestHandler(handler, handshakeHandler);
		requestHandler.setHandshakeInterceptors(
				List.of(new HandshakeMonitoringInterceptor(endpointMonitor), new PathVariablesHandshakeInterceptor()));
		return requestHandler;
	}

}
