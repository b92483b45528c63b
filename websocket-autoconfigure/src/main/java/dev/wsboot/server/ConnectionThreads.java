package dev.wsboot.server;

import java.util.concurrent.Executor;
import java.util.concurrent.ThreadFactory;

/**
 * The virtual threads that serve one connection each, on every I/O path, named
 * {@code wsboot-connection-N} so that a thread dump tells them apart from the container's.
 *
 * @since 0.1.0
 */
public final class ConnectionThreads {

	private static final ThreadFactory FACTORY = Thread.ofVirtual().name("wsboot-connection-", 0).factory();

	/**
	 * Starts each task on a new connection thread and keeps no record of it: unlike a
	 * thread-per-task executor service, which keeps every running thread in a set (an entry and
	 * a wrapper per connection, and a frame on each parked thread's stack) for a shutdown that
	 * connections do not need; each connection ends through its own close.
	 */
	private static final Executor EXECUTOR = (task) -> FACTORY.newThread(task).start();

	private ConnectionThreads() {
	}

	/**
	 * Return the factory of connection threads.
	 * @return the factory, shared so that the numbers are unique in the process
	 */
	public static ThreadFactory factory() {
		return FACTORY;
	}

	/**
	 * Return an executor that runs each task on a new connection thread.
	 * @return the executor
	 */
	public static Executor executor() {
		return EXECUTOR;
	}

}
