package dev.wsboot.autoconfigure;

import java.util.ArrayList;
import java.util.List;

import dev.wsboot.HandshakeGuard;
import dev.wsboot.WebSocketMessageCodec;
import dev.wsboot.server.ConnectionDecorator;
import dev.wsboot.server.ConnectionListener;
import dev.wsboot.server.ConnectionThreads;
import dev.wsboot.server.WebSocketEndpointDiscoverer;
import dev.wsboot.server.WebSocketEndpointRegistry;
import dev.wsboot.server.WebSocketHandlerMappingFactory;
import dev.wsboot.server.WebSocketMonitor;
import dev.wsboot.server.WebSocketServerSettings;
import dev.wsboot.server.WebSocketServerSettingsCustomizer;
import dev.wsboot.server.connection.JsonMessageCodec;
import dev.wsboot.server.connection.WebSocketMessageCodecs;
import dev.wsboot.server.handshake.ConnectionLimit;
import dev.wsboot.server.resume.ResumeRegistry;
import dev.wsboot.server.resume.ResumeStore;
import dev.wsboot.server.supervision.AuditLog;
import dev.wsboot.server.supervision.HttpSessionEndListener;
import dev.wsboot.server.supervision.KeepAliveScheduler;
import dev.wsboot.server.supervision.SessionRegistry;
import dev.wsboot.server.supervision.WebSocketShutdown;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication.Type;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.util.Assert;
import org.springframework.web.servlet.DispatcherServlet;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.server.support.WebSocketHandlerMapping;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration Auto-configuration} that
 * serves the endpoints of {@link dev.wsboot.WebSocketMapping @WebSocketMapping} methods and
 * handler beans.
 *
 * @since 0.1.0
 */
@AutoConfiguration(afterName = "org.springframework.boot.webmvc.autoconfigure.WebMvcAutoConfiguration")
@ConditionalOnClass({ WebSocketHandler.class, DispatcherServlet.class })
@ConditionalOnWebApplication(type = Type.SERVLET)
@ConditionalOnBooleanProperty(name = "websocket.enabled", matchIfMissing = true)
@EnableConfigurationProperties(WebSocketProperties.class)
public final class WebSocketServerAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	WebSocketServerSettings webSocketServerSettings(WebSocketProperties properties,
			ObjectProvider<WebSocketServerSettingsCustomizer> customizers) {
		WebSocketServerSettings settings = WebSocketServerSettings.defaults()
			.withKeepAliveInterval(properties.getKeepAliveInterval())
			.withReceiveBufferSize((int) properties.getReceiveBufferSize().toBytes())
			.withMaxMessageSize(properties.getMaxMessageSize().toBytes())
			.withKeepAliveTimeout(properties.getKeepAliveTimeout())
			.withSendTimeout(properties.getSendTimeout())
			.withSendBufferLimit(properties.getSendBufferLimit().toBytes())
			.withIdleTimeout(properties.getIdleTimeout())
			.withAllowedOrigins(properties.getAllowedOrigins())
			.withMaxConnections(properties.getMaxConnections())
			.withMaxConnectionsPerUser(properties.getMaxConnectionsPerUser())
			.withMaxMessagesPerSecond(properties.getMaxMessagesPerSecond())
			.withAuditLogLevel(AuditLog.Level.of(properties.getAuditLogLevel()))
			.withCompression(properties.isCompression())
			.withDirectIo(properties.isDirectIo())
			.withShutdownCloseTimeout(properties.getShutdownCloseTimeout())
			.withResumeTimeout(properties.getResume().getTimeout())
			.withResumeBufferLimit(properties.getResume().getBufferLimit().toBytes());
		for (WebSocketServerSettingsCustomizer customizer : customizers.orderedStream().toList()) {
			settings = customizer.customize(settings);
			Assert.state(settings != null, () -> customizer + " returned no settings");
		}
		return settings;
	}

	@Bean
	@ConditionalOnMissingBean
	SessionRegistry webSocketSessionRegistry() {
		return new SessionRegistry();
	}

	@Bean
	@ConditionalOnMissingBean
	HttpSessionEndListener webSocketHttpSessionEndListener(SessionRegistry registry) {
		return new HttpSessionEndListener(registry);
	}

	@Bean
	@ConditionalOnMissingBean
	KeepAliveScheduler webSocketKeepAliveScheduler(SessionRegistry registry, WebSocketServerSettings settings) {
		return new KeepAliveScheduler(registry, settings.getKeepAliveInterval(), settings.getKeepAliveTimeout(),
				settings.getIdleTimeout(), settings.getSendTimeout());
	}

	@Bean
	@ConditionalOnMissingBean
	WebSocketShutdown webSocketShutdown(SessionRegistry registry, WebSocketServerSettings settings) {
		return new WebSocketShutdown(registry, settings.getShutdownCloseTimeout());
	}

	@Bean
	@ConditionalOnMissingBean
	ConnectionLimit webSocketConnectionLimit(WebSocketServerSettings settings) {
		return new ConnectionLimit(settings.getMaxConnections(), settings.getMaxConnectionsPerUser());
	}

	@Bean
	@ConditionalOnMissingBean
	WebSocketEndpointDiscoverer webSocketEndpointDiscoverer(WebSocketServerSettings settings) {
		return new WebSocketEndpointDiscoverer(settings, ConnectionThreads.executor());
	}

	@Bean
	@ConditionalOnMissingBean
	WebSocketEndpointRegistry webSocketEndpointRegistry(WebSocketEndpointDiscoverer discoverer,
			ListableBeanFactory beanFactory) {
		return new WebSocketEndpointRegistry(discoverer.discover(beanFactory));
	}

	@Bean
	@ConditionalOnMissingBean(name = "wsbootWebSocketHandlerMapping")
	WebSocketHandlerMapping wsbootWebSocketHandlerMapping(WebSocketEndpointRegistry endpoints,
			WebSocketServerSettings settings, SessionRegistry registry, ConnectionLimit connectionLimit,
			ObjectProvider<WebSocketMonitor> monitor, ObjectProvider<HandshakeGuard> guards,
			ObjectProvider<ConnectionListener> connectionListener, ObjectProvider<WebSocketMessageCodecs> codecs,
			ObjectProvider<ConnectionDecorator> decorators, ResumeRegistry resumeRegistry) {
		WebSocketHandlerMappingFactory factory = new WebSocketHandlerMappingFactory(settings, registry,
				monitor.getIfUnique(() -> WebSocketMonitor.NONE), connectionLimit, guards.orderedStream().toList());
		factory.setConnectionListener(connectionListener.getIfUnique(() -> ConnectionListener.NONE));
		factory.setCodecs(codecs.getIfAvailable(() -> WebSocketMessageCodecs.NONE));
		factory.setConnectionDecorators(decorators.orderedStream().toList());
		factory.setResumeRegistry(resumeRegistry);
		return factory.create(endpoints.getEndpoints());
	}

	@Bean
	@ConditionalOnMissingBean
	ResumeRegistry webSocketResumeRegistry(WebSocketServerSettings settings, ObjectProvider<ResumeStore> store) {
		ResumeRegistry registry = new ResumeRegistry(settings.getResumeTimeout(), settings.getResumeBufferLimit());
		store.ifUnique(registry::setStore);
		return registry;
	}

	@Bean
	@ConditionalOnMissingBean
	WebSocketMessageCodecs webSocketMessageCodecs(ObjectProvider<WebSocketMessageCodec> codecs,
			ObjectProvider<JsonCodecHolder> json) {
		List<WebSocketMessageCodec> all = new ArrayList<>(codecs.orderedStream().toList());
		json.ifAvailable((holder) -> all.add(holder.codec()));
		return new WebSocketMessageCodecs(all);
	}

	/** The JSON codec on the application's JsonMapper, asked after the application's own codecs. */
	record JsonCodecHolder(WebSocketMessageCodec codec) {
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = "tools.jackson.databind.json.JsonMapper")
	static class JsonCodecConfiguration {

		@Bean
		JsonCodecHolder webSocketJsonCodec(ObjectProvider<tools.jackson.databind.json.JsonMapper> mapper) {
			return new JsonCodecHolder(new JsonMessageCodec(mapper.getIfAvailable(
					() -> tools.jackson.databind.json.JsonMapper.builder().build())));
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = "org.apache.tomcat.websocket.server.WsSci")
	static class TomcatBufferConfiguration {

		@Bean
		@ConditionalOnClass(name = "org.springframework.boot.tomcat.ConfigurableTomcatWebServerFactory")
		@ConditionalOnBooleanProperty(name = "websocket.direct-io", havingValue = false)
		TomcatSocketBufferCustomizer wsbootTomcatSocketBuffers(WebSocketServerSettings settings) {
			return new TomcatSocketBufferCustomizer(settings.getReceiveBufferSize());
		}

	}

}
