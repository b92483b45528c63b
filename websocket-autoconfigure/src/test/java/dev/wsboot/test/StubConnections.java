package dev.wsboot.test;

import java.lang.reflect.Proxy;
import java.util.concurrent.atomic.AtomicReference;

import dev.wsboot.CloseStatus;
import dev.wsboot.server.QueueingConnection;

/**
 * Connections that have only an id and a close status, for unit tests of the classes that index
 * or count connections without talking to them.
 */
public final class StubConnections {

	private StubConnections() {
	}

	/**
	 * Return an open connection that answers {@code id()}, {@code closeStatus()} and
	 * {@code isOpen()}, and refuses every other call.
	 * @param id the connection's id
	 * @param closeStatus where the test sets the close status; {@code null} while open
	 * @return the connection
	 */
	public static QueueingConnection connection(String id, AtomicReference<CloseStatus> closeStatus) {
		return (QueueingConnection) Proxy.newProxyInstance(StubConnections.class.getClassLoader(),
				new Class<?>[] { QueueingConnection.class }, (proxy, method, args) -> switch (method.getName()) {
					case "id", "toString" -> id;
					case "closeStatus" -> closeStatus.get();
					case "isOpen" -> closeStatus.get() == null;
					case "hashCode" -> System.identityHashCode(proxy);
					case "equals" -> proxy == args[0];
					default -> throw new UnsupportedOperationException(method.getName() + " on a stub connection");
				});
	}

	/**
	 * Return an open connection that answers only {@code id()}.
	 * @param id the connection's id
	 * @return the connection
	 */
	public static QueueingConnection connection(String id) {
		return connection(id, new AtomicReference<>());
	}

}
