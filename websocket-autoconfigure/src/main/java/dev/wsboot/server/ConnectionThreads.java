package dev.wsboot.server;

import java.util.concurrent.ThreadFactory;

/**
 * The virtual threads that serve one connection each, on every I/O path, named
 * {@code wsboot-connection-N} so that a thread dump tells them apart from the container's.
 *
 * @since 0.1.0
 */
public final class ConnectionThreads {

	private static final ThreadFactory FACTORY = Thread.ofVirtual().name("wsboot-connection-", 0).factory();

	private ConnectionThreads() {
	}

	/**
	 * Return the factory of connection threads.
	 * @return the factory, shared so that the numbers are unique in the process
	 */
	public static ThreadFactory factory() {
		return FACTORY;
	}

}
