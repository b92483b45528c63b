package dev.wsboot.metrics;

import dev.wsboot.server.EndpointMonitor;
import dev.wsboot.server.WebSocketMonitor;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;

/**
 * {@link WebSocketMonitor} that records the {@link WebSocketMeter WebSocket meters} of every
 * endpoint in a {@link MeterRegistry}.
 * <p>
 * Each endpoint's monitor registers its meters when the runtime asks for it, at startup, so that
 * recording a message or a handshake is a counter increment with no lookup.
 *
 * @since 0.1.0
 */
public class MicrometerWebSocketMonitor implements WebSocketMonitor {

	private final MeterRegistry registry;

	/**
	 * Create a monitor.
	 * @param registry where the meters are registered
	 */
	public MicrometerWebSocketMonitor(MeterRegistry registry) {
		this.registry = registry;
	}

	@Override
	public EndpointMonitor forEndpoint(String endpoint) {
		return new MicrometerEndpointMonitor(this.registry, Tags.of(WebSocketMeterTags.ENDPOINT, endpoint));
	}

}
