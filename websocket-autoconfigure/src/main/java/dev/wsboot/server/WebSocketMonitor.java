package dev.wsboot.server;

/**
 * Hands out the {@link EndpointMonitor} of each endpoint.
 *
 * @since 0.1.0
 */
@FunctionalInterface
public interface WebSocketMonitor {

	/** A monitor that records nothing. */
	WebSocketMonitor NONE = (endpoint) -> EndpointMonitor.NONE;

	/**
	 * Return the monitor of one endpoint; called once per endpoint at startup.
	 * @param endpoint the path template of the endpoint
	 * @return the endpoint's monitor
	 */
	EndpointMonitor forEndpoint(String endpoint);

}
