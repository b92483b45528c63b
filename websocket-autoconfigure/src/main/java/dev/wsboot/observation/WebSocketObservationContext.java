package dev.wsboot.observation;

import io.micrometer.observation.Observation;

/**
 * The context of wsboot's observations, so that handlers can tell them apart: wsboot records
 * its own meters, and {@link NoDuplicateMetersHandler} keeps the observations from recording them
 * again.
 *
 * @since 0.1.0
 */
public class WebSocketObservationContext extends Observation.Context {

}
