package dev.wsboot.aot;

import java.lang.reflect.Method;
import java.util.Set;

import dev.wsboot.WebSocketController;
import dev.wsboot.WebSocketMapping;
import org.jspecify.annotations.Nullable;
import org.springframework.aot.hint.ExecutableMode;
import org.springframework.aot.hint.MemberCategory;
import org.springframework.aot.hint.ReflectionHints;
import org.springframework.beans.factory.aot.BeanRegistrationAotContribution;
import org.springframework.beans.factory.aot.BeanRegistrationAotProcessor;
import org.springframework.beans.factory.support.RegisteredBean;
import org.springframework.core.MethodIntrospector;
import org.springframework.core.annotation.AnnotatedElementUtils;

/**
 * Registers the {@code @WebSocketMapping} methods of each {@code @WebSocketController} bean for
 * reflection, since wsboot finds them by their annotation and invokes them reflectively once per
 * connection. Classes of typed messages are the application's to register, with
 * {@code @RegisterReflectionForBinding}.
 *
 * @since 0.1.0
 */
public class WebSocketControllerAotProcessor implements BeanRegistrationAotProcessor {

	@Override
	public @Nullable BeanRegistrationAotContribution processAheadOfTime(RegisteredBean registeredBean) {
		Class<?> beanClass = registeredBean.getBeanClass();
		if (!AnnotatedElementUtils.hasAnnotation(beanClass, WebSocketController.class)) {
			return null;
		}
		Set<Method> mapped = MethodIntrospector.selectMethods(beanClass,
				(MethodIntrospector.MetadataLookup<Boolean>) (method) -> AnnotatedElementUtils.hasAnnotation(method,
						WebSocketMapping.class) ? Boolean.TRUE : null)
			.keySet();
		if (mapped.isEmpty()) {
			return null;
		}
		return (generationContext, code) -> {
			ReflectionHints reflection = generationContext.getRuntimeHints().reflection();
			reflection.registerType(beanClass, MemberCategory.INTROSPECT_DECLARED_METHODS);
			mapped.forEach((method) -> reflection.registerMethod(method, ExecutableMode.INVOKE));
		};
	}

}
