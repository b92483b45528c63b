package dev.wsboot.observation;

import io.micrometer.core.instrument.observation.MeterObservationHandler;
import io.micrometer.observation.Observation;

/**
 * Takes wsboot's observations in the meter group of Spring Boot's observation handlers, ahead of
 * the default meter handler, and records nothing: the connections and messages they observe are
 * counted by wsboot's own meters ({@code websocket.connection.duration},
 * {@code websocket.messages.*}), which must not be recorded a second time under the observations'
 * names. Tracing handlers are in another group and still see them.
 *
 * @since 0.1.0
 */
public class NoDuplicateMetersHandler implements MeterObservationHandler<WebSocketObservationContext> {

	@Override
	public boolean supportsContext(Observation.Context context) {
		return context instanceof WebSocketObservationContext;
	}

}
