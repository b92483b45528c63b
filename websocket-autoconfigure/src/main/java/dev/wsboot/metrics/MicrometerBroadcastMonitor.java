package dev.wsboot.metrics;

import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import dev.wsboot.broadcast.BroadcastMonitor;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.BaseUnits;

/**
 * Records broadcasts as Micrometer meters: {@value #MESSAGES} and {@value #LATENCY} by
 * {@value #SCOPE}, and {@value #BACKPLANE_FAILURES} by {@value #FAILURE}. All meters are
 * registered up front.
 *
 * @since 0.1.0
 */
public class MicrometerBroadcastMonitor implements BroadcastMonitor {

	/** Broadcasts published here (scope endpoint, group) or received from other instances (cluster). */
	public static final String MESSAGES = "websocket.broadcast.messages";

	/** Time from publishing a broadcast to its last write to a local connection. */
	public static final String LATENCY = "websocket.broadcast.latency";

	/** Failures of the backplane to carry broadcasts between instances. */
	public static final String BACKPLANE_FAILURES = "websocket.broadcast.backplane.failures";

	/** Tag: endpoint, group or cluster. */
	public static final String SCOPE = "scope";

	/** Tag: publish or connection. */
	public static final String FAILURE = "failure";

	private final Map<Scope, Counter> messages = new EnumMap<>(Scope.class);

	private final Map<Scope, Timer> latencies = new EnumMap<>(Scope.class);

	private final Map<BackplaneFailure, Counter> failures = new EnumMap<>(BackplaneFailure.class);

	/**
	 * Create a monitor and register its meters.
	 * @param registry where to register them
	 */
	public MicrometerBroadcastMonitor(MeterRegistry registry) {
		for (Scope scope : Scope.values()) {
			String tag = scope.name().toLowerCase(Locale.ROOT);
			this.messages.put(scope, Counter.builder(MESSAGES)
				.description("Broadcasts published on this instance or received from other instances, by scope")
				.baseUnit(BaseUnits.MESSAGES)
				.tag(SCOPE, tag)
				.register(registry));
			this.latencies.put(scope, Timer.builder(LATENCY)
				.description("Time from publishing a broadcast to its last write to a connection of this instance")
				.tag(SCOPE, tag)
				.register(registry));
		}
		for (BackplaneFailure failure : BackplaneFailure.values()) {
			this.failures.put(failure, Counter.builder(BACKPLANE_FAILURES)
				.description("Failures of the broadcast backplane to reach the other instances")
				.tag(FAILURE, failure.name().toLowerCase(Locale.ROOT))
				.register(registry));
		}
	}

	@Override
	public void broadcast(Scope scope) {
		this.messages.get(scope).increment();
	}

	@Override
	public void fannedOut(Scope scope, int connections, long latencyNanos) {
		this.latencies.get(scope).record(latencyNanos, TimeUnit.NANOSECONDS);
	}

	@Override
	public void backplaneFailed(BackplaneFailure failure) {
		this.failures.get(failure).increment();
	}

}
