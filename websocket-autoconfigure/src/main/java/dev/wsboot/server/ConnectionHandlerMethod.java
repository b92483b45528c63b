package dev.wsboot.server;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.stream.Collectors;

import dev.wsboot.HandshakeDetails;
import dev.wsboot.WebSocketConnection;
import org.jspecify.annotations.Nullable;
import org.springframework.util.ClassUtils;
import org.springframework.util.ReflectionUtils;

/**
 * A {@code @WebSocketMapping} method of a controller bean, with its arguments resolved by type.
 *
 * @since 0.1.0
 */
public final class ConnectionHandlerMethod {

	private final Object bean;

	private final Method method;

	private final ArgumentKind[] arguments;

	private final MethodHandle handle;

	/**
	 * Create a handler method, checking that every parameter can be supplied.
	 * @param bean the controller instance
	 * @param method the mapped method
	 * @throws IllegalStateException if a parameter has a type that cannot be supplied
	 */
	public ConnectionHandlerMethod(Object bean, Method method) {
		this.bean = bean;
		this.method = method;
		this.arguments = Arrays.stream(method.getParameterTypes())
			.map((type) -> ArgumentKind.of(type, method))
			.toArray(ArgumentKind[]::new);
		ReflectionUtils.makeAccessible(method);
		// A method handle rather than Method.invoke, taking the two values a handler can ask for
		// in whatever order it declares them: the connection's thread keeps the frames between
		// its start and the handler for the connection's whole life, parked with it, and
		// reflection's frames and argument array are several times the size.
		int[] order = Arrays.stream(this.arguments).mapToInt(ArgumentKind::ordinal).toArray();
		try {
			MethodHandle target = MethodHandles.lookup().unreflect(method).bindTo(bean);
			this.handle = MethodHandles
				.permuteArguments(target, MethodType.methodType(method.getReturnType(), WebSocketConnection.class,
						HandshakeDetails.class), order)
				.asType(MethodType.methodType(void.class, WebSocketConnection.class, HandshakeDetails.class));
		}
		catch (IllegalAccessException ex) {
			throw new IllegalStateException("Cannot call @WebSocketMapping method " + method.toGenericString(), ex);
		}
	}

	/**
	 * Return whether the method declares a {@link HandshakeDetails} parameter.
	 * @return {@code true} if handshake details must be supplied
	 */
	public boolean needsHandshakeDetails() {
		return Arrays.asList(this.arguments).contains(ArgumentKind.HANDSHAKE_DETAILS);
	}

	/**
	 * Run the method for one connection.
	 * @param connection the connection
	 * @param handshakeDetails the handshake, or {@code null} if the method does not take it
	 * @throws Throwable whatever the method throws
	 */
	public void invoke(WebSocketConnection connection, @Nullable HandshakeDetails handshakeDetails) throws Throwable {
		this.handle.invokeExact(connection, handshakeDetails);
	}

	/**
	 * Return a readable name of the method, such as {@code EchoController#echo(WebSocketConnection)}.
	 * @return the description
	 */
	public String description() {
		String parameters = Arrays.stream(this.method.getParameterTypes())
			.map(Class::getSimpleName)
			.collect(Collectors.joining(", "));
		return ClassUtils.getUserClass(this.bean).getName() + "#" + this.method.getName() + "(" + parameters + ")";
	}

	@Override
	public String toString() {
		return description();
	}

	private enum ArgumentKind {

		// In the order of invoke's parameters: a kind's ordinal is the position of its value.
		CONNECTION, HANDSHAKE_DETAILS;

		static ArgumentKind of(Class<?> type, Method method) {
			if (type == WebSocketConnection.class) {
				return CONNECTION;
			}
			if (type == HandshakeDetails.class) {
				return HANDSHAKE_DETAILS;
			}
			throw new IllegalStateException("@WebSocketMapping method " + method.toGenericString()
					+ " has a parameter of type " + type.getName() + "; supported are "
					+ WebSocketConnection.class.getSimpleName() + " and " + HandshakeDetails.class.getSimpleName());
		}

	}

}
