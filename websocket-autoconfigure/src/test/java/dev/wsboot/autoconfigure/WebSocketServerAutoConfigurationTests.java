package dev.wsboot.autoconfigure;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import dev.wsboot.WebSocketConnection;
import dev.wsboot.WebSocketController;
import dev.wsboot.WebSocketMapping;
import dev.wsboot.server.LoopWebSocketHandler;
import dev.wsboot.server.WebSocketEndpoint;
import dev.wsboot.server.WebSocketEndpointDiscoverer;
import dev.wsboot.server.WebSocketEndpointRegistry;
import dev.wsboot.server.WebSocketServerSettings;
import dev.wsboot.server.WebSocketServerSettingsCustomizer;
import dev.wsboot.server.supervision.AuditLog;
import dev.wsboot.server.supervision.KeepAliveScheduler;
import dev.wsboot.server.supervision.SessionRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.handler.TextWebSocketHandler;
import org.springframework.web.socket.server.support.WebSocketHandlerMapping;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link WebSocketServerAutoConfiguration}.
 */
class WebSocketServerAutoConfigurationTests {

	private final WebApplicationContextRunner contextRunner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(WebSocketServerAutoConfiguration.class));

	@Test
	void registersEndpointsOfAnnotatedControllersAndHandlerBeans() {
		this.contextRunner.withUserConfiguration(EchoController.class, HandlerConfiguration.class).run((context) -> {
			Map<String, WebSocketEndpoint> endpoints = context.getBean(WebSocketEndpointRegistry.class)
				.getEndpoints()
				.stream()
				.collect(Collectors.toMap(WebSocketEndpoint::path, Function.identity()));
			assertThat(endpoints).containsOnlyKeys("/echo", "/rooms/{room}", "/plain");
			assertThat(endpoints.get("/echo").handler()).isInstanceOf(LoopWebSocketHandler.class);
			assertThat(endpoints.get("/echo").handlerDescription())
				.isEqualTo(EchoController.class.getName() + "#echo(WebSocketConnection)");
			assertThat(endpoints.get("/rooms/{room}").subprotocols()).containsExactly("v2.chat", "v1.chat");
			assertThat(endpoints.get("/plain").handler()).isInstanceOf(PlainHandler.class);
			WebSocketHandlerMapping mapping = context.getBean("wsbootWebSocketHandlerMapping", WebSocketHandlerMapping.class);
			assertThat(mapping.getUrlMap()).containsOnlyKeys("/echo", "/rooms/{room}", "/plain");
		});
	}

	@Test
	void failsAtStartupNamingBothMethodsWhenTwoMappingsShareAPath() {
		this.contextRunner.withUserConfiguration(EchoController.class, ClashingController.class).run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause()
				.hasMessageContaining("path '/rooms/{name}' is mapped by both")
				.hasMessageContaining(EchoController.class.getName() + "#room(WebSocketConnection)")
				.hasMessageContaining(ClashingController.class.getName() + "#sameRoom(WebSocketConnection)");
		});
	}

	@Test
	void failsAtStartupWhenMappedMethodHasUnsupportedParameter() {
		this.contextRunner.withUserConfiguration(BadParameterController.class).run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause()
				.hasMessageContaining("has a parameter of type java.lang.String");
		});
	}

	@Test
	void backsOffWhenDisabled() {
		this.contextRunner.withUserConfiguration(EchoController.class)
			.withPropertyValues("websocket.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(WebSocketEndpointRegistry.class)
				.doesNotHaveBean(WebSocketHandlerMapping.class)
				.doesNotHaveBean(KeepAliveScheduler.class));
	}

	@Test
	void backsOffInNonWebApplication() {
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(WebSocketServerAutoConfiguration.class))
			.withUserConfiguration(EchoController.class)
			.run((context) -> assertThat(context).doesNotHaveBean(WebSocketEndpointRegistry.class));
	}

	@Test
	void backsOffWhenUserDefinesSettings() {
		this.contextRunner.withUserConfiguration(CustomSettingsConfiguration.class)
			.run((context) -> assertThat(context.getBean(WebSocketServerSettings.class))
				.isSameAs(context.getBean(CustomSettingsConfiguration.class).settings));
	}

	@Test
	@EnabledIf("dev.wsboot.test.Containers#isTomcat")
	void sizesTomcatsSocketBuffersOnlyWhereTomcatsOwnWebSocketImplementationKeepsThem() {
		this.contextRunner.run((context) -> assertThat(context).doesNotHaveBean(TomcatSocketBufferCustomizer.class));
		this.contextRunner.withPropertyValues("websocket.direct-io=false")
			.run((context) -> assertThat(context).hasSingleBean(TomcatSocketBufferCustomizer.class));
	}

	@Test
	void backsOffWhenUserDefinesSessionRegistry() {
		this.contextRunner.withBean("customRegistry", SessionRegistry.class, SessionRegistry::new)
			.run((context) -> assertThat(context).hasSingleBean(SessionRegistry.class).hasBean("customRegistry"));
	}

	@Test
	void backsOffWhenUserDefinesKeepAliveScheduler() {
		this.contextRunner
			.withBean("customScheduler", KeepAliveScheduler.class,
					() -> new KeepAliveScheduler(new SessionRegistry(), Duration.ofSeconds(7)))
			.run((context) -> assertThat(context).hasSingleBean(KeepAliveScheduler.class).hasBean("customScheduler"));
	}

	@Test
	void backsOffWhenUserDefinesEndpointDiscoverer() {
		this.contextRunner
			.withBean("customDiscoverer", WebSocketEndpointDiscoverer.class,
					() -> new WebSocketEndpointDiscoverer(WebSocketServerSettings.defaults(), Runnable::run))
			.run((context) -> assertThat(context).hasSingleBean(WebSocketEndpointDiscoverer.class)
				.hasBean("customDiscoverer"));
	}

	@Test
	void backsOffWhenUserDefinesEndpointRegistry() {
		this.contextRunner.withUserConfiguration(EchoController.class)
			.withBean("customEndpoints", WebSocketEndpointRegistry.class, () -> new WebSocketEndpointRegistry(List.of()))
			.run((context) -> {
				assertThat(context).hasSingleBean(WebSocketEndpointRegistry.class).hasBean("customEndpoints");
				assertThat(context.getBean(WebSocketEndpointRegistry.class).getEndpoints()).isEmpty();
			});
	}

	@Test
	void bindsEveryPropertyIntoTheRuntimeSettings() {
		this.contextRunner
			.withPropertyValues("websocket.keep-alive-interval=15s", "websocket.receive-buffer-size=16KB",
					"websocket.max-message-size=8MB", "websocket.keep-alive-timeout=20s", "websocket.send-timeout=3s",
					"websocket.send-buffer-limit=64KB", "websocket.idle-timeout=5m",
					"websocket.allowed-origins=https://a.example,https://b.example", "websocket.max-connections=100",
					"websocket.max-connections-per-user=3", "websocket.max-messages-per-second=50",
					"websocket.audit-log-level=info", "websocket.compression=false", "websocket.direct-io=false",
					"websocket.shutdown-close-timeout=7s", "websocket.observations.messages=true",
					"websocket.cluster.redis.channel-prefix=other", "websocket.cluster.redis.heartbeat-interval=2s",
					"websocket.resume.timeout=30s", "websocket.resume.buffer-limit=256KB")
			.run((context) -> {
				WebSocketServerSettings settings = context.getBean(WebSocketServerSettings.class);
				assertThat(settings.getKeepAliveInterval()).isEqualTo(Duration.ofSeconds(15));
				assertThat(settings.getReceiveBufferSize()).isEqualTo(16 * 1024);
				assertThat(settings.getMaxMessageSize()).isEqualTo(8 * 1024 * 1024);
				assertThat(settings.getKeepAliveTimeout()).isEqualTo(Duration.ofSeconds(20));
				assertThat(settings.getSendTimeout()).isEqualTo(Duration.ofSeconds(3));
				assertThat(settings.getSendBufferLimit()).isEqualTo(64 * 1024);
				assertThat(settings.getIdleTimeout()).isEqualTo(Duration.ofMinutes(5));
				assertThat(settings.getAllowedOrigins()).containsExactly("https://a.example", "https://b.example");
				assertThat(settings.getMaxConnections()).isEqualTo(100);
				assertThat(settings.getMaxConnectionsPerUser()).isEqualTo(3);
				assertThat(settings.getMaxMessagesPerSecond()).isEqualTo(50);
				assertThat(settings.getAuditLogLevel()).isEqualTo(AuditLog.Level.INFO);
				assertThat(settings.isCompression()).isFalse();
				assertThat(settings.isDirectIo()).isFalse();
				assertThat(settings.getShutdownCloseTimeout()).isEqualTo(Duration.ofSeconds(7));
				assertThat(settings.getResumeTimeout()).isEqualTo(Duration.ofSeconds(30));
				assertThat(settings.getResumeBufferLimit()).isEqualTo(256 * 1024);
				assertThat(context.getBean(dev.wsboot.server.resume.ResumeRegistry.class).getTimeout())
					.isEqualTo(Duration.ofSeconds(30));
				WebSocketProperties properties = context.getBean(WebSocketProperties.class);
				assertThat(properties.getObservations().isMessages()).isTrue();
				assertThat(properties.getCluster().getRedis().getChannelPrefix()).isEqualTo("other");
				assertThat(properties.getCluster().getRedis().getHeartbeatInterval()).isEqualTo(Duration.ofSeconds(2));
				assertThat(context.getBean(KeepAliveScheduler.class).getInterval()).isEqualTo(Duration.ofSeconds(15));
			});
	}

	@Test
	void customizersAdjustTheSettingsAfterThePropertiesInTheirOrder() {
		this.contextRunner.withPropertyValues("websocket.max-connections=100", "websocket.send-timeout=3s")
			.withBean("second", WebSocketServerSettingsCustomizer.class,
					() -> new OrderedCustomizer(2, (settings) -> settings.withMaxConnections(settings.getMaxConnections() * 2)))
			.withBean("first", WebSocketServerSettingsCustomizer.class,
					() -> new OrderedCustomizer(1, (settings) -> settings.withMaxConnections(settings.getMaxConnections() + 1)))
			.run((context) -> {
				WebSocketServerSettings settings = context.getBean(WebSocketServerSettings.class);
				assertThat(settings.getMaxConnections()).isEqualTo(202);
				assertThat(settings.getSendTimeout()).isEqualTo(Duration.ofSeconds(3));
			});
	}

	private record OrderedCustomizer(int order, WebSocketServerSettingsCustomizer delegate)
			implements WebSocketServerSettingsCustomizer, Ordered {

		@Override
		public WebSocketServerSettings customize(WebSocketServerSettings settings) {
			return this.delegate.customize(settings);
		}

		@Override
		public int getOrder() {
			return this.order;
		}

	}

	@Test
	void bindsTheLimitsPerUserAndPerConnectionRate() {
		this.contextRunner
			.withPropertyValues("websocket.max-connections-per-user=3", "websocket.max-messages-per-second=50")
			.run((context) -> {
				WebSocketServerSettings settings = context.getBean(WebSocketServerSettings.class);
				assertThat(settings.getMaxConnectionsPerUser()).isEqualTo(3);
				assertThat(settings.getMaxMessagesPerSecond()).isEqualTo(50);
				assertThat(context.getBean(dev.wsboot.server.handshake.ConnectionLimit.class).getMaxConnectionsPerUser())
					.isEqualTo(3);
			});
	}

	@Test
	void bindsTheMessageObservationsSwitchWhichIsOffByDefault() {
		this.contextRunner.run((context) -> assertThat(
				context.getBean(WebSocketProperties.class).getObservations().isMessages())
			.isFalse());
		this.contextRunner.withPropertyValues("websocket.observations.messages=true")
			.run((context) -> assertThat(context.getBean(WebSocketProperties.class).getObservations().isMessages())
				.isTrue());
	}

	@Test
	void leavesTheLimitsPerUserAndPerConnectionRateOffByDefault() {
		this.contextRunner.run((context) -> {
			WebSocketProperties properties = context.getBean(WebSocketProperties.class);
			WebSocketServerSettings settings = context.getBean(WebSocketServerSettings.class);
			assertThat(properties.getMaxConnectionsPerUser()).isEqualTo(settings.getMaxConnectionsPerUser()).isEqualTo(-1);
			assertThat(properties.getMaxMessagesPerSecond()).isEqualTo(settings.getMaxMessagesPerSecond()).isZero();
		});
	}

	@Test
	void usesDocumentedDefaults() {
		this.contextRunner.run((context) -> {
			WebSocketServerSettings settings = context.getBean(WebSocketServerSettings.class);
			assertThat(settings.getKeepAliveInterval()).isEqualTo(Duration.ofMinutes(2));
			assertThat(settings.getReceiveBufferSize()).isEqualTo(4096);
			assertThat(settings.getMaxMessageSize()).isEqualTo(1024 * 1024);
		});
	}

	@Test
	void rejectsNegativeKeepAliveIntervalNamingTheProperty() {
		this.contextRunner.withPropertyValues("websocket.keep-alive-interval=-1s").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(causeMessages(context.getStartupFailure()))
				.anyMatch((message) -> message.contains("Unable to set value for property keep-alive-interval"));
			assertThat(context.getStartupFailure()).rootCause()
				.hasMessageContaining("websocket.keep-alive-interval must be zero (off) or positive");
		});
	}

	@Test
	void rejectsZeroReceiveBufferSizeNamingTheProperty() {
		this.contextRunner.withPropertyValues("websocket.receive-buffer-size=0").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(causeMessages(context.getStartupFailure()))
				.anyMatch((message) -> message.contains("Unable to set value for property receive-buffer-size"));
			assertThat(context.getStartupFailure()).rootCause()
				.hasMessageContaining("websocket.receive-buffer-size must be at least 1B");
		});
	}

	@Test
	void rejectsZeroMaxMessageSizeNamingTheProperty() {
		this.contextRunner.withPropertyValues("websocket.max-message-size=0B").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause()
				.hasMessageContaining("websocket.max-message-size must be at least 1B");
		});
	}

	private static List<String> causeMessages(Throwable failure) {
		List<String> messages = new ArrayList<>();
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			messages.add(String.valueOf(cause.getMessage()));
		}
		return messages;
	}

	@WebSocketController
	static class EchoController {

		@WebSocketMapping("/echo")
		void echo(WebSocketConnection connection) throws IOException {
		}

		@WebSocketMapping(path = "/rooms/{room}", subprotocols = { "v2.chat", "v1.chat" })
		void room(WebSocketConnection connection) throws IOException {
		}

	}

	@WebSocketController
	static class ClashingController {

		@WebSocketMapping("/rooms/{name}")
		void sameRoom(WebSocketConnection connection) {
		}

	}

	@WebSocketController
	static class BadParameterController {

		@WebSocketMapping("/bad")
		void bad(WebSocketConnection connection, String notSupplied) {
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class HandlerConfiguration {

		@Bean
		@WebSocketMapping("/plain")
		PlainHandler plainHandler() {
			return new PlainHandler();
		}

	}

	static class PlainHandler extends TextWebSocketHandler {

		@Override
		public void afterConnectionEstablished(WebSocketSession session) {
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class CustomSettingsConfiguration {

		final WebSocketServerSettings settings = WebSocketServerSettings.defaults().withMaxConnections(5);

		@Bean
		WebSocketServerSettings customSettings() {
			return this.settings;
		}

	}

}
