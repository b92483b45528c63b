package dev.wsboot.benchmarks.broadcast;

import java.io.IOException;

import dev.wsboot.WebSocketConnection;
import dev.wsboot.WebSocketController;
import dev.wsboot.WebSocketMapping;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

/**
 * One benchmark instance: every connection of {@code /fanout} joins the group {@code all}.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import(FanoutApplication.Members.class)
public class FanoutApplication {

	/** The group every connection joins. */
	static final String GROUP = "all";

	/** Records the server side: websocket.broadcast.latency with its p50 and p99. */
	@Bean
	MeterRegistry meterRegistry() {
		SimpleMeterRegistry registry = new SimpleMeterRegistry();
		registry.config().meterFilter(new MeterFilter() {

			@Override
			public DistributionStatisticConfig configure(Meter.Id id, DistributionStatisticConfig config) {
				return id.getName().equals("websocket.broadcast.latency")
						? DistributionStatisticConfig.builder().percentiles(0.5, 0.99).build().merge(config) : config;
			}

		});
		return registry;
	}

	@WebSocketController
	static class Members {

		@WebSocketMapping("/fanout")
		void member(WebSocketConnection connection) throws IOException {
			connection.join(GROUP);
			connection.send("joined");
			while (connection.receive() != null) {
				// Only broadcasts flow; wait for the close.
			}
		}

	}

}
