package dev.wsboot.server;

import java.util.List;

import dev.wsboot.WebSocketConnection;
import dev.wsboot.WebSocketController;
import dev.wsboot.WebSocketMapping;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.handler.TextWebSocketHandler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * Tests for {@link WebSocketEndpointDiscoverer}, on a plain bean factory without Spring Boot.
 */
class WebSocketEndpointDiscovererTests {

	private final WebSocketEndpointDiscoverer discoverer = new WebSocketEndpointDiscoverer(
			WebSocketServerSettings.defaults(), Runnable::run);

	@Test
	void findsMappedMethodsOfControllersAndMappedHandlerBeans() {
		DefaultListableBeanFactory beanFactory = beanFactory(Controller.class, MappedHandler.class,
				UnmappedHandler.class);
		List<WebSocketEndpoint> endpoints = this.discoverer.discover(beanFactory);
		assertThat(endpoints).extracting(WebSocketEndpoint::path)
			.containsExactlyInAnyOrder("/echo", "/rooms/{room}", "/plain");
		WebSocketEndpoint echo = endpoints.stream().filter((e) -> e.path().equals("/echo")).findFirst().orElseThrow();
		assertThat(echo.subprotocols()).containsExactly("v1", "v2");
		assertThat(echo.handler()).isInstanceOf(LoopWebSocketHandler.class);
		assertThat(echo.handlerDescription()).contains(Controller.class.getName()).contains("echo");
		WebSocketEndpoint plain = endpoints.stream().filter((e) -> e.path().equals("/plain")).findFirst().orElseThrow();
		assertThat(plain.handler()).isSameAs(beanFactory.getBean(MappedHandler.class));
	}

	@Test
	void refusesTemplatesThatMatchTheSameRequests() {
		assertThatIllegalStateException()
			.isThrownBy(() -> this.discoverer.discover(beanFactory(Controller.class, SameShapeController.class)))
			.withMessageContaining("Ambiguous WebSocket mapping: path '/rooms/{name}'")
			.withMessageContaining("(as '/rooms/{room}')");
	}

	@Test
	void refusesAPathWithoutALeadingSlash() {
		assertThatIllegalStateException()
			.isThrownBy(() -> this.discoverer.discover(beanFactory(RelativePathController.class)))
			.withMessageContaining("@WebSocketMapping path 'relative'")
			.withMessageEndingWith("must start with '/'");
	}

	private static DefaultListableBeanFactory beanFactory(Class<?>... beanClasses) {
		DefaultListableBeanFactory beanFactory = new DefaultListableBeanFactory();
		for (Class<?> beanClass : beanClasses) {
			beanFactory.registerBeanDefinition(beanClass.getSimpleName(), new RootBeanDefinition(beanClass));
		}
		return beanFactory;
	}

	@WebSocketController
	static class Controller {

		@WebSocketMapping(path = "/echo", subprotocols = { "v1", "v2" })
		void echo(WebSocketConnection connection) {
		}

		@WebSocketMapping("/rooms/{room}")
		void room(WebSocketConnection connection) {
		}

		void notMapped(WebSocketConnection connection) {
		}

	}

	@WebSocketController
	static class SameShapeController {

		@WebSocketMapping("/rooms/{name}")
		void room(WebSocketConnection connection) {
		}

	}

	@WebSocketController
	static class RelativePathController {

		@WebSocketMapping("relative")
		void relative(WebSocketConnection connection) {
		}

	}

	@WebSocketMapping("/plain")
	static class MappedHandler extends TextWebSocketHandler {

		@Override
		public void afterConnectionEstablished(WebSocketSession session) {
		}

	}

	static class UnmappedHandler extends TextWebSocketHandler {

	}

}
