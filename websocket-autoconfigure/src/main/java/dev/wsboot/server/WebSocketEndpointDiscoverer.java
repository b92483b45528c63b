package dev.wsboot.server;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;

import dev.wsboot.WebSocketController;
import dev.wsboot.WebSocketMapping;
import dev.wsboot.server.resume.ResumeFrames;
import org.springframework.aop.support.AopUtils;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.core.MethodIntrospector;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.util.Assert;
import org.springframework.util.ClassUtils;
import org.springframework.util.StringUtils;
import org.springframework.web.socket.WebSocketHandler;

/**
 * Finds the {@link WebSocketMapping @WebSocketMapping} methods of
 * {@link WebSocketController @WebSocketController} beans and the annotated
 * {@link WebSocketHandler} beans of a bean factory.
 *
 * @since 0.1.0
 */
public class WebSocketEndpointDiscoverer {

	private final WebSocketServerSettings settings;

	private final Executor connectionExecutor;

	/**
	 * Create a discoverer.
	 * @param settings the runtime settings for the endpoints of mapped methods
	 * @param connectionExecutor runs each connection's mapped method
	 */
	public WebSocketEndpointDiscoverer(WebSocketServerSettings settings, Executor connectionExecutor) {
		this.settings = settings;
		this.connectionExecutor = connectionExecutor;
	}

	/**
	 * Discover the endpoints of the bean factory.
	 * @param beanFactory the bean factory
	 * @return the endpoints, in bean registration order
	 * @throws IllegalStateException if two mappings share a path or a mapping is invalid
	 */
	public List<WebSocketEndpoint> discover(ListableBeanFactory beanFactory) {
		List<WebSocketEndpoint> endpoints = new ArrayList<>();
		for (String beanName : beanFactory.getBeanNamesForAnnotation(WebSocketController.class)) {
			Class<?> beanType = beanFactory.getType(beanName);
			if (beanType != null) {
				addMethodEndpoints(endpoints, beanFactory, beanName, ClassUtils.getUserClass(beanType));
			}
		}
		for (String beanName : beanFactory.getBeanNamesForType(WebSocketHandler.class)) {
			WebSocketMapping mapping = beanFactory.findAnnotationOnBean(beanName, WebSocketMapping.class);
			if (mapping != null) {
				WebSocketHandler handler = beanFactory.getBean(beanName, WebSocketHandler.class);
				String description = ClassUtils.getUserClass(handler).getName() + " (bean '" + beanName + "')";
				Assert.state(!mapping.resumable(), () -> "@WebSocketMapping(resumable = true) on " + description
						+ ": only mapped methods of a @WebSocketController can be resumable");
				endpoints.add(new WebSocketEndpoint(path(mapping, description), Arrays.asList(mapping.subprotocols()),
						description, handler));
			}
		}
		checkUniquePaths(endpoints);
		return endpoints;
	}

	private void addMethodEndpoints(List<WebSocketEndpoint> endpoints, ListableBeanFactory beanFactory, String beanName,
			Class<?> beanType) {
		Map<Method, WebSocketMapping> methods = MethodIntrospector.selectMethods(beanType,
				(MethodIntrospector.MetadataLookup<WebSocketMapping>) (method) -> AnnotatedElementUtils
					.findMergedAnnotation(method, WebSocketMapping.class));
		if (methods.isEmpty()) {
			return;
		}
		Object bean = beanFactory.getBean(beanName);
		methods.forEach((method, mapping) -> {
			Method invocable = AopUtils.selectInvocableMethod(method, bean.getClass());
			ConnectionHandlerMethod handlerMethod = new ConnectionHandlerMethod(bean, invocable);
			String path = path(mapping, handlerMethod.description());
			List<String> subprotocols = new ArrayList<>();
			if (mapping.resumable()) {
				subprotocols.add(ResumeFrames.SUBPROTOCOL);
			}
			subprotocols.addAll(Arrays.asList(mapping.subprotocols()));
			LoopWebSocketHandler handler = new LoopWebSocketHandler(path, handlerMethod, this.settings,
					this.connectionExecutor);
			handler.setResumable(mapping.resumable());
			endpoints.add(new WebSocketEndpoint(path, subprotocols, handlerMethod.description(), handler));
		});
	}

	private static String path(WebSocketMapping mapping, String owner) {
		String path = mapping.path();
		Assert.state(StringUtils.hasText(path), () -> "@WebSocketMapping on " + owner + " has no path");
		Assert.state(path.startsWith("/"), () -> "@WebSocketMapping path '" + path + "' on " + owner
				+ " must start with '/'");
		return path;
	}

	private static void checkUniquePaths(List<WebSocketEndpoint> endpoints) {
		Map<String, WebSocketEndpoint> byShape = new LinkedHashMap<>();
		for (WebSocketEndpoint endpoint : endpoints) {
			// Templates that differ only in variable names match the same requests.
			String shape = endpoint.path().replaceAll("\\{[^}]*}", "{}");
			WebSocketEndpoint existing = byShape.putIfAbsent(shape, endpoint);
			if (existing != null) {
				throw new IllegalStateException("Ambiguous WebSocket mapping: path '" + endpoint.path()
						+ "' is mapped by both " + existing.handlerDescription() + " (as '" + existing.path()
						+ "') and " + endpoint.handlerDescription());
			}
		}
	}

}
