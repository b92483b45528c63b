package dev.wsboot.metrics;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;

import dev.wsboot.WebSocketMessage;
import dev.wsboot.server.EndpointMonitor;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;

/**
 * Records what happens on one endpoint into meters resolved up front.
 * <p>
 * The per-message methods touch only fields. Meters whose tag values are not known in advance
 * (close codes, exception classes) are created on first use and cached, so a connection's close
 * or a failure costs at most one lookup.
 */
final class MicrometerEndpointMonitor implements EndpointMonitor {

	/** Close codes 1000 to 1015 are the ones RFC 6455 and its registry define; they get a slot each. */
	private static final int FIRST_STANDARD_CODE = 1000;

	private static final int STANDARD_CODES = 16;

	private final MeterRegistry registry;

	private final Tags tags;

	private final Counter handshakesAccepted;

	private final Counter[] handshakesRejected;

	private final AtomicInteger active = new AtomicInteger();

	private final Counter inboundText;

	private final Counter inboundBinary;

	private final Counter outboundText;

	private final Counter outboundBinary;

	private final Counter inboundBytes;

	private final Counter outboundBytes;

	private final Timer keepAliveRoundTrip;

	private final Counter keepAliveTimeouts;

	private final Counter sendOverflows;

	private final Counter rateLimited;

	private final Counter resumed;

	private final Counter resumeRefused;

	private final Counter resumeExpired;

	private final Counter resumeBufferExceeded;

	private final Counter resumeReplayed;

	private final AtomicLong resumeHeldBytes = new AtomicLong();

	private final AtomicReferenceArray<Timer> standardCodeDurations = new AtomicReferenceArray<>(STANDARD_CODES);

	private final Map<Integer, Timer> otherCodeDurations = new ConcurrentHashMap<>();

	private final Map<Class<?>, Counter> errors = new ConcurrentHashMap<>();

	MicrometerEndpointMonitor(MeterRegistry registry, Tags tags) {
		this.registry = registry;
		this.tags = tags;
		this.handshakesAccepted = counter(WebSocketMeter.HANDSHAKES,
				tags.and(WebSocketMeterTags.OUTCOME, WebSocketMeterTags.ACCEPTED, WebSocketMeterTags.REASON,
						WebSocketMeterTags.NONE));
		HandshakeRejection[] rejections = HandshakeRejection.values();
		this.handshakesRejected = new Counter[rejections.length];
		for (HandshakeRejection rejection : rejections) {
			this.handshakesRejected[rejection.ordinal()] = counter(WebSocketMeter.HANDSHAKES,
					tags.and(WebSocketMeterTags.OUTCOME, WebSocketMeterTags.REJECTED, WebSocketMeterTags.REASON,
							WebSocketMeterTags.reason(rejection)));
		}
		Gauge.builder(WebSocketMeter.CONNECTIONS_ACTIVE.meterName(), this.active, AtomicInteger::get)
			.description(WebSocketMeter.CONNECTIONS_ACTIVE.description())
			.baseUnit(WebSocketMeter.CONNECTIONS_ACTIVE.baseUnit())
			.tags(tags)
			.strongReference(true)
			.register(registry);
		this.inboundText = message(WebSocketMeterTags.INBOUND, WebSocketMeterTags.TEXT);
		this.inboundBinary = message(WebSocketMeterTags.INBOUND, WebSocketMeterTags.BINARY);
		this.outboundText = message(WebSocketMeterTags.OUTBOUND, WebSocketMeterTags.TEXT);
		this.outboundBinary = message(WebSocketMeterTags.OUTBOUND, WebSocketMeterTags.BINARY);
		this.inboundBytes = counter(WebSocketMeter.BYTES, tags.and(WebSocketMeterTags.DIRECTION, WebSocketMeterTags.INBOUND));
		this.outboundBytes = counter(WebSocketMeter.BYTES,
				tags.and(WebSocketMeterTags.DIRECTION, WebSocketMeterTags.OUTBOUND));
		// A histogram, so that dashboards can aggregate percentiles across instances.
		this.keepAliveRoundTrip = Timer.builder(WebSocketMeter.KEEPALIVE_RTT.meterName())
			.description(WebSocketMeter.KEEPALIVE_RTT.description())
			.tags(tags)
			.publishPercentileHistogram()
			.register(registry);
		this.keepAliveTimeouts = counter(WebSocketMeter.KEEPALIVE_TIMEOUTS, tags);
		this.sendOverflows = counter(WebSocketMeter.SEND_OVERFLOWS, tags);
		this.rateLimited = counter(WebSocketMeter.RATE_LIMITED, tags);
		this.resumed = counter(WebSocketMeter.RESUMES, tags.and(WebSocketMeterTags.OUTCOME, WebSocketMeterTags.RESUMED));
		this.resumeRefused = counter(WebSocketMeter.RESUMES,
				tags.and(WebSocketMeterTags.OUTCOME, WebSocketMeterTags.REFUSED));
		this.resumeExpired = counter(WebSocketMeter.RESUME_EXPIRED,
				tags.and(WebSocketMeterTags.REASON, WebSocketMeterTags.TIMEOUT));
		this.resumeBufferExceeded = counter(WebSocketMeter.RESUME_EXPIRED,
				tags.and(WebSocketMeterTags.REASON, WebSocketMeterTags.BUFFER_LIMIT));
		this.resumeReplayed = counter(WebSocketMeter.RESUME_REPLAYED, tags);
		Gauge.builder(WebSocketMeter.RESUME_HELD.meterName(), this.resumeHeldBytes, AtomicLong::get)
			.description(WebSocketMeter.RESUME_HELD.description())
			.baseUnit(WebSocketMeter.RESUME_HELD.baseUnit())
			.tags(tags)
			.strongReference(true)
			.register(registry);
	}

	private Counter message(String direction, String type) {
		return counter(WebSocketMeter.MESSAGES,
				this.tags.and(WebSocketMeterTags.DIRECTION, direction, WebSocketMeterTags.TYPE, type));
	}

	private Counter counter(WebSocketMeter meter, Tags tags) {
		return Counter.builder(meter.meterName())
			.description(meter.description())
			.baseUnit(meter.baseUnit())
			.tags(tags)
			.register(this.registry);
	}

	@Override
	public void handshakeAccepted() {
		this.handshakesAccepted.increment();
	}

	@Override
	public void handshakeRejected(HandshakeRejection reason) {
		this.handshakesRejected[reason.ordinal()].increment();
	}

	@Override
	public void connectionOpened() {
		this.active.incrementAndGet();
	}

	@Override
	public void connectionClosed(int code, long durationNanos) {
		this.active.decrementAndGet();
		durationTimer(code).record(durationNanos, TimeUnit.NANOSECONDS);
	}

	private Timer durationTimer(int code) {
		int slot = code - FIRST_STANDARD_CODE;
		if (slot >= 0 && slot < STANDARD_CODES) {
			Timer timer = this.standardCodeDurations.get(slot);
			if (timer == null) {
				// Registering twice is harmless: the registry hands back the same timer.
				timer = newDurationTimer(code);
				this.standardCodeDurations.set(slot, timer);
			}
			return timer;
		}
		return this.otherCodeDurations.computeIfAbsent(code, this::newDurationTimer);
	}

	private Timer newDurationTimer(int code) {
		return Timer.builder(WebSocketMeter.CONNECTION_DURATION.meterName())
			.description(WebSocketMeter.CONNECTION_DURATION.description())
			.tags(this.tags)
			.tag(WebSocketMeterTags.CODE, Integer.toString(code))
			.register(this.registry);
	}

	@Override
	public void messageReceived(WebSocketMessage.Type type, long bytes) {
		((type == WebSocketMessage.Type.TEXT) ? this.inboundText : this.inboundBinary).increment();
		this.inboundBytes.increment(bytes);
	}

	@Override
	public void messageSent(WebSocketMessage.Type type, long bytes) {
		((type == WebSocketMessage.Type.TEXT) ? this.outboundText : this.outboundBinary).increment();
		this.outboundBytes.increment(bytes);
	}

	@Override
	public void keepAliveRoundTrip(long roundTripNanos) {
		this.keepAliveRoundTrip.record(roundTripNanos, TimeUnit.NANOSECONDS);
	}

	@Override
	public void keepAliveTimedOut() {
		this.keepAliveTimeouts.increment();
	}

	@Override
	public void sendOverflow() {
		this.sendOverflows.increment();
	}

	@Override
	public void rateLimited() {
		this.rateLimited.increment();
	}

	@Override
	public void resumed(long replayedMessages) {
		this.resumed.increment();
		this.resumeReplayed.increment(replayedMessages);
	}

	@Override
	public void resumeRefused() {
		this.resumeRefused.increment();
	}

	@Override
	public void resumeExpired() {
		this.resumeExpired.increment();
	}

	@Override
	public void resumeBufferExceeded() {
		this.resumeBufferExceeded.increment();
	}

	@Override
	public void resumeBytesHeld(long delta) {
		this.resumeHeldBytes.addAndGet(delta);
	}

	@Override
	public void error(Throwable exception) {
		this.errors.computeIfAbsent(exception.getClass(), (type) -> counter(WebSocketMeter.ERRORS,
				this.tags.and(WebSocketMeterTags.EXCEPTION, WebSocketMeterTags.exception(exception))))
			.increment();
	}

}
