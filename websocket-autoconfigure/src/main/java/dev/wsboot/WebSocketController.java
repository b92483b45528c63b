package dev.wsboot;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.core.annotation.AliasFor;
import org.springframework.stereotype.Component;

/**
 * Marks a component whose {@link WebSocketMapping @WebSocketMapping} methods are WebSocket
 * endpoints.
 *
 * @since 0.1.0
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Component
public @interface WebSocketController {

	/**
	 * Bean name of the controller, as for {@link Component#value()}.
	 * @return the bean name, or empty for a generated one
	 */
	@AliasFor(annotation = Component.class)
	String value() default "";

}
