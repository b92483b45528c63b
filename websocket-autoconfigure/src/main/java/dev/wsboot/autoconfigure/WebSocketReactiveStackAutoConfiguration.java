package dev.wsboot.autoconfigure;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication.Type;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration Auto-configuration} that
 * tells a WebFlux application what adding wsboot did to it. wsboot serves WebSockets on the
 * servlet stack only: the starter brings Spring MVC, which makes Spring Boot start a WebFlux
 * application as a servlet one, where its functional routes are not served; and in an application
 * forced to stay reactive, no {@code @WebSocketMapping} endpoint is served.
 *
 * @since 0.1.0
 */
@AutoConfiguration
@ConditionalOnBooleanProperty(name = "websocket.enabled", matchIfMissing = true)
public final class WebSocketReactiveStackAutoConfiguration {

	static final String ROUTER_FUNCTION = "org.springframework.web.reactive.function.server.RouterFunction";

	private static final Log logger = LogFactory.getLog(WebSocketReactiveStackAutoConfiguration.class);

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnWebApplication(type = Type.SERVLET)
	@ConditionalOnClass(name = ROUTER_FUNCTION)
	static class ServletApplicationWithWebFluxRoutes {

		@Bean
		static SmartInitializingSingleton wsbootWebFluxRoutesWarning(ListableBeanFactory beanFactory) {
			return () -> {
				String[] routes = routerFunctions(beanFactory);
				if (routes.length > 0) {
					logger.warn("This application runs on the servlet stack (Spring MVC), so its " + routes.length
							+ " WebFlux RouterFunction bean(s) " + String.join(", ", routes)
							+ " are not served and their paths answer 404. wsboot serves WebSockets on the servlet "
							+ "stack only, and its starter brings Spring MVC, which makes Spring Boot start a "
							+ "WebFlux application as a servlet one. Either remove wsboot and use WebFlux's own "
							+ "WebSocketHandler support, or move these routes to Spring MVC (RouterFunction of "
							+ "org.springframework.web.servlet.function, or @RestController).");
				}
			};
		}

		private static String[] routerFunctions(ListableBeanFactory beanFactory) {
			try {
				Class<?> type = Class.forName(ROUTER_FUNCTION, false, beanFactory.getClass().getClassLoader());
				return beanFactory.getBeanNamesForType(type, false, false);
			}
			catch (ClassNotFoundException ex) {
				return new String[0];
			}
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnWebApplication(type = Type.REACTIVE)
	static class ReactiveApplication {

		@Bean
		static SmartInitializingSingleton wsbootReactiveApplicationWarning() {
			return () -> logger.warn("This is a reactive (WebFlux) application: wsboot serves WebSockets on the "
					+ "servlet stack only, so no @WebSocketMapping endpoint is served. Run the application on "
					+ "Spring MVC (remove spring.main.web-application-type=reactive), or use WebFlux's own "
					+ "WebSocketHandler support and set websocket.enabled=false.");
		}

	}

}
