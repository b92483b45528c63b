package dev.wsboot.observation;

import java.io.IOException;

import dev.wsboot.WebSocketConnection;
import dev.wsboot.WebSocketController;
import dev.wsboot.WebSocketMapping;
import dev.wsboot.WebSocketMessage;
import io.micrometer.tracing.handler.DefaultTracingObservationHandler;
import io.micrometer.tracing.test.simple.SimpleTracer;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

/**
 * An echo endpoint in an application whose observations go to Micrometer's test tracer.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import(ObservedApplication.Endpoints.class)
class ObservedApplication {

	@Bean
	SimpleTracer simpleTracer() {
		return new SimpleTracer();
	}

	@Bean
	DefaultTracingObservationHandler tracingObservationHandler(SimpleTracer tracer) {
		return new DefaultTracingObservationHandler(tracer);
	}

	@WebSocketController
	static class Endpoints {

		@WebSocketMapping("/echo")
		void echo(WebSocketConnection connection) throws IOException {
			WebSocketMessage message;
			while ((message = connection.receive()) != null) {
				connection.send(message);
			}
		}

	}

}
