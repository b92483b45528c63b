package dev.wsboot;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.core.annotation.AliasFor;

/**
 * Maps a WebSocket path to a method of a {@link WebSocketController} or to a Spring
 * {@code WebSocketHandler} bean.
 * <p>
 * A mapped method runs once per accepted connection on its own virtual thread. It may declare
 * parameters of type {@link WebSocketConnection} and {@link HandshakeDetails}.
 *
 * @since 0.1.0
 */
@Target({ ElementType.METHOD, ElementType.TYPE })
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface WebSocketMapping {

	/**
	 * Alias for {@link #path()}.
	 * @return the path
	 */
	@AliasFor("path")
	String value() default "";

	/**
	 * Path of the endpoint, relative to the servlet context; may hold {@code {name}} templates
	 * whose values are available from {@link WebSocketConnection#pathVariables()}.
	 * @return the path
	 */
	@AliasFor("value")
	String path() default "";

	/**
	 * Subprotocols the endpoint speaks, in order of preference.
	 * @return the subprotocols; empty for none
	 */
	String[] subprotocols() default {};

	/**
	 * Whether connections survive a drop of their client: a client that speaks the
	 * {@code wsboot.resume.v1} subprotocol (see {@code docs/RESUME.md}) and comes back within
	 * {@code websocket.resume.timeout} gets the messages it missed, and the handler's loop does
	 * not notice. Clients that do not speak it get an ordinary connection. Mapped methods only.
	 * @return whether connections are resumable
	 */
	boolean resumable() default false;

}
