package dev.wsboot.server;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.wsboot.HandshakeGuard;
import dev.wsboot.server.connection.MessageAssemblingHandlerDecorator;
import dev.wsboot.server.connection.WebSocketMessageCodecs;
import dev.wsboot.server.handshake.ConnectionLimit;
import dev.wsboot.server.handshake.HandshakeChecksInterceptor;
import dev.wsboot.server.handshake.HandshakeMonitoringInterceptor;
import dev.wsboot.server.handshake.PathVariablesHandshakeInterceptor;
import dev.wsboot.server.handshake.WsbootHandshakeHandler;
import dev.wsboot.server.resume.ResumableEndpoint;
import dev.wsboot.server.resume.ResumeRegistry;
import dev.wsboot.server.supervision.AuditLog;
import dev.wsboot.server.supervision.MonitoringHandlerDecorator;
import dev.wsboot.server.supervision.SessionRegistry;
import dev.wsboot.server.supervision.SupervisingHandlerDecorator;
import org.jspecify.annotations.Nullable;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.server.HandshakeInterceptor;
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

	private final ConnectionLimit connectionLimit;

	private final List<HandshakeGuard> guards;

	private ConnectionListener connectionListener = ConnectionListener.NONE;

	private WebSocketMessageCodecs codecs = WebSocketMessageCodecs.NONE;

	private List<ConnectionDecorator> decorators = List.of();

	private @Nullable ResumeRegistry resumeRegistry;

	/**
	 * Create a factory.
	 * @param settings the runtime settings
	 * @param registry where sessions are tracked for keep-alive and monitoring
	 * @param monitor receives what happens on each endpoint
	 * @param connectionLimit the connection limit shared by all endpoints
	 * @param guards the application's handshake guards, in order
	 */
	public WebSocketHandlerMappingFactory(WebSocketServerSettings settings, SessionRegistry registry,
			WebSocketMonitor monitor, ConnectionLimit connectionLimit, List<HandshakeGuard> guards) {
		this.settings = settings;
		this.registry = registry;
		this.monitor = monitor;
		this.connectionLimit = connectionLimit;
		this.guards = List.copyOf(guards);
	}

	/**
	 * Set who learns of the connections of mapped methods and their groups, for broadcast.
	 * @param connectionListener the listener
	 */
	public void setConnectionListener(ConnectionListener connectionListener) {
		this.connectionListener = connectionListener;
	}

	/**
	 * Set the codecs of typed messages.
	 * @param codecs the application's codecs
	 */
	public void setCodecs(WebSocketMessageCodecs codecs) {
		this.codecs = codecs;
	}

	/**
	 * Set what wraps every endpoint's handler, first outermost.
	 * @param decorators the decorators, in order
	 */
	public void setConnectionDecorators(List<ConnectionDecorator> decorators) {
		this.decorators = List.copyOf(decorators);
	}

	/**
	 * Set the registry of resumable connections, which the caller closes on shutdown; without
	 * one, a registry is made from the settings when an endpoint is resumable.
	 * @param resumeRegistry the registry
	 */
	public void setResumeRegistry(ResumeRegistry resumeRegistry) {
		this.resumeRegistry = resumeRegistry;
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

	private ResumeRegistry resumeRegistry() {
		ResumeRegistry registry = this.resumeRegistry;
		if (registry == null) {
			registry = new ResumeRegistry(this.settings.getResumeTimeout(), this.settings.getResumeBufferLimit());
			this.resumeRegistry = registry;
		}
		return registry;
	}

	private WebSocketHttpRequestHandler requestHandler(WebSocketEndpoint endpoint) {
		EndpointMonitor endpointMonitor = this.monitor.forEndpoint(endpoint.path());
		WebSocketHandler handler = endpoint.handler();
		if (handler instanceof LoopWebSocketHandler loopHandler) {
			loopHandler.setMonitor(endpointMonitor);
			loopHandler.setConnectionListener(this.connectionListener);
			loopHandler.setCodecs(this.codecs);
			if (loopHandler.isResumable()) {
				ResumableEndpoint resumable = new ResumableEndpoint(endpoint.path(), resumeRegistry(),
						this.settings.getInboundQueueCapacity());
				resumable.setMonitor(endpointMonitor);
				resumable.setConnectionListener(this.connectionListener);
				resumable.setCodecs(this.codecs);
				loopHandler.setResumableEndpoint(resumable);
			}
		}
		else {
			handler = new MessageAssemblingHandlerDecorator(handler, this.settings.getMaxMessageSize());
		}
		handler = new MonitoringHandlerDecorator(handler, endpointMonitor, this.settings.getMaxMessageSize());
		SupervisingHandlerDecorator supervising = new SupervisingHandlerDecorator(handler, endpoint.path(), this.registry,
				endpointMonitor, this.settings.getSendTimeout(), this.settings.getKeepAliveInterval(),
				this.settings.getMaxMessagesPerSecond(), this.connectionLimit);
		supervising.setAuditLog(new AuditLog(this.settings.getAuditLogLevel()));
		// A loop has no use for pongs; skipping the chain is only right when no decorator has one.
		supervising.setTakesPongs(endpoint.handler() instanceof LoopWebSocketHandler
				&& this.decorators.stream().noneMatch(ConnectionDecorator::seesPongs));
		// Likewise for data parts, which a pulled session can then hand to the loop directly.
		supervising.setTakesMessages(endpoint.handler() instanceof LoopWebSocketHandler
				&& this.decorators.stream().noneMatch(ConnectionDecorator::seesMessages));
		handler = supervising;
		List<HandshakeInterceptor> interceptors = new ArrayList<>();
		// Monitoring comes first so that it sees the outcome of every check after it.
		interceptors.add(new HandshakeMonitoringInterceptor(endpointMonitor));
		for (ConnectionDecorator decorator : this.decorators.reversed()) {
			handler = decorator.decorate(endpoint.path(), handler);
		}
		for (ConnectionDecorator decorator : this.decorators) {
			HandshakeInterceptor interceptor = decorator.handshakeInterceptor(endpoint.path());
			if (interceptor != null) {
				interceptors.add(interceptor);
			}
		}
		interceptors.add(new HandshakeChecksInterceptor(endpoint.path(), this.settings.getAllowedOrigins(),
				this.connectionLimit, this.registry, this.guards));
		interceptors.add(new PathVariablesHandshakeInterceptor());
		WsbootHandshakeHandler handshakeHandler = new WsbootHandshakeHandler(endpoint.subprotocols(), this.settings);
		WebSocketHttpRequestHandler requestHandler = new WebSocketHttpRequestHandler(handler, handshakeHandler);
		requestHandler.setHandshakeInterceptors(interceptors);
		return requestHandler;
	}

}
