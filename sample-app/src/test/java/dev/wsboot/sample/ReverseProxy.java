package dev.wsboot.sample;

import java.net.URI;

/**
 * A reverse proxy in front of the app under test, however it was obtained.
 */
interface ReverseProxy extends AutoCloseable {

	/**
	 * Return the address through the proxy for a path of the app.
	 * @param path the path, starting with {@code /}
	 * @return a {@code ws://} address on the proxy
	 */
	URI webSocketUri(String path);

	/**
	 * Return what this proxy is, for the test log.
	 * @return a description
	 */
	String description();

	/**
	 * Stop the proxy and free what it holds. Never throws.
	 */
	@Override
	void close();

}
