package dev.wsboot.metrics;

import java.io.EOFException;
import java.time.Duration;
import java.util.Collection;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import dev.wsboot.WebSocketMessage;
import dev.wsboot.server.EndpointMonitor;
import dev.wsboot.server.EndpointMonitor.HandshakeRejection;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link MicrometerWebSocketMonitor}.
 */
class MicrometerWebSocketMonitorTests {

	private final MeterRegistry registry = new SimpleMeterRegistry();

	private final MicrometerWebSocketMonitor monitor = new MicrometerWebSocketMonitor(this.registry);

	@Test
	void registersEveryMeterOfKnownTagsWhenEndpointIsCreated() {
		this.monitor.forEndpoint("/rooms/{room}");
		assertThat(this.registry.find("websocket.handshakes").tag("endpoint", "/rooms/{room}").counters())
			.extracting((counter) -> counter.getId().getTag("outcome") + "/" + counter.getId().getTag("reason"))
			.containsExactlyInAnyOrder("accepted/none", "rejected/origin", "rejected/limit", "rejected/user_limit",
					"rejected/not_websocket", "rejected/subprotocol", "rejected/guard");
		assertThat(this.registry.get("websocket.connections.active").tag("endpoint", "/rooms/{room}").gauge().value())
			.isZero();
		assertThat(this.registry.find("websocket.messages").counters())
			.extracting((counter) -> counter.getId().getTag("direction") + "/" + counter.getId().getTag("type"))
			.containsExactlyInAnyOrder("inbound/text", "inbound/binary", "outbound/text", "outbound/binary");
		assertThat(this.registry.find("websocket.bytes").counters())
			.extracting((counter) -> counter.getId().getTag("direction"))
			.containsExactlyInAnyOrder("inbound", "outbound");
		assertThat(this.registry.get("websocket.keepalive.rtt").timer().count()).isZero();
		assertThat(this.registry.get("websocket.keepalive.timeouts").counter().count()).isZero();
		assertThat(this.registry.get("websocket.send.overflows").counter().count()).isZero();
		assertThat(this.registry.get("websocket.rate.limited").counter().count()).isZero();
		// Close codes and exceptions are known only when they happen.
		assertThat(this.registry.find("websocket.connection.duration").timers()).isEmpty();
		assertThat(this.registry.find("websocket.errors").counters()).isEmpty();
	}

	@Test
	void tagsEveryMeterWithTheKeysOfItsDefinition() {
		EndpointMonitor endpoint = this.monitor.forEndpoint("/echo");
		endpoint.connectionOpened();
		endpoint.connectionClosed(1000, 1);
		endpoint.error(new IllegalStateException());
		for (WebSocketMeter definition : WebSocketMeter.values()) {
			Collection<Meter> meters = this.registry.find(definition.meterName()).meters();
			assertThat(meters).as(definition.meterName()).isNotEmpty();
			for (Meter meter : meters) {
				Set<String> keys = meter.getId().getTags().stream().map(Tag::getKey).collect(Collectors.toSet());
				assertThat(keys).as(definition.meterName()).containsExactlyInAnyOrderElementsOf(definition.tagKeys());
				assertThat(meter.getId().getType()).isEqualTo(definition.type());
				assertThat(meter.getId().getDescription()).isEqualTo(definition.description());
			}
		}
		assertThat(this.registry.get("websocket.bytes").counters())
			.allSatisfy((counter) -> assertThat(counter.getId().getBaseUnit()).isEqualTo("bytes"));
	}

	@Test
	void countsHandshakesByOutcomeAndReason() {
		EndpointMonitor endpoint = this.monitor.forEndpoint("/echo");
		endpoint.handshakeAccepted();
		endpoint.handshakeAccepted();
		endpoint.handshakeRejected(HandshakeRejection.ORIGIN);
		endpoint.handshakeRejected(HandshakeRejection.LIMIT);
		endpoint.handshakeRejected(HandshakeRejection.LIMIT);
		endpoint.handshakeRejected(HandshakeRejection.LIMIT);
		endpoint.handshakeRejected(HandshakeRejection.NOT_WEBSOCKET);
		assertThat(handshakes("accepted", "none")).isEqualTo(2);
		assertThat(handshakes("rejected", "origin")).isEqualTo(1);
		assertThat(handshakes("rejected", "limit")).isEqualTo(3);
		assertThat(handshakes("rejected", "not_websocket")).isEqualTo(1);
		assertThat(handshakes("rejected", "subprotocol")).isZero();
	}

	@Test
	void countsMessagesAndBytesByDirectionAndType() {
		EndpointMonitor endpoint = this.monitor.forEndpoint("/echo");
		endpoint.messageReceived(WebSocketMessage.Type.TEXT, 10);
		endpoint.messageReceived(WebSocketMessage.Type.TEXT, 20);
		endpoint.messageReceived(WebSocketMessage.Type.BINARY, 300);
		endpoint.messageSent(WebSocketMessage.Type.BINARY, 4000);
		assertThat(messages("inbound", "text")).isEqualTo(2);
		assertThat(messages("inbound", "binary")).isEqualTo(1);
		assertThat(messages("outbound", "text")).isZero();
		assertThat(messages("outbound", "binary")).isEqualTo(1);
		assertThat(this.registry.get("websocket.bytes").tag("direction", "inbound").counter().count()).isEqualTo(330);
		assertThat(this.registry.get("websocket.bytes").tag("direction", "outbound").counter().count()).isEqualTo(4000);
	}

	@Test
	void tracksActiveConnectionsAndTimesThemByCloseCode() {
		EndpointMonitor endpoint = this.monitor.forEndpoint("/echo");
		endpoint.connectionOpened();
		endpoint.connectionOpened();
		endpoint.connectionOpened();
		endpoint.connectionOpened();
		assertThat(this.registry.get("websocket.connections.active").gauge().value()).isEqualTo(4);
		endpoint.connectionClosed(1000, Duration.ofSeconds(2).toNanos());
		endpoint.connectionClosed(1000, Duration.ofSeconds(4).toNanos());
		endpoint.connectionClosed(1006, Duration.ofSeconds(1).toNanos());
		endpoint.connectionClosed(4321, Duration.ofSeconds(1).toNanos());
		assertThat(this.registry.get("websocket.connections.active").gauge().value()).isZero();
		Timer normal = this.registry.get("websocket.connection.duration").tag("code", "1000").timer();
		assertThat(normal.count()).isEqualTo(2);
		assertThat(normal.totalTime(TimeUnit.SECONDS)).isEqualTo(6);
		assertThat(this.registry.get("websocket.connection.duration").tag("code", "1006").timer().count()).isEqualTo(1);
		assertThat(this.registry.get("websocket.connection.duration").tag("code", "4321").timer().count()).isEqualTo(1);
	}

	@Test
	void recordsKeepAliveRoundTripsTimeoutsAndSendOverflows() {
		EndpointMonitor endpoint = this.monitor.forEndpoint("/echo");
		endpoint.keepAliveRoundTrip(Duration.ofMillis(3).toNanos());
		endpoint.keepAliveRoundTrip(Duration.ofMillis(5).toNanos());
		endpoint.keepAliveTimedOut();
		endpoint.sendOverflow();
		endpoint.sendOverflow();
		Timer rtt = this.registry.get("websocket.keepalive.rtt").timer();
		assertThat(rtt.count()).isEqualTo(2);
		assertThat(rtt.max(TimeUnit.MILLISECONDS)).isEqualTo(5);
		assertThat(this.registry.get("websocket.keepalive.timeouts").counter().count()).isEqualTo(1);
		assertThat(this.registry.get("websocket.send.overflows").counter().count()).isEqualTo(2);
	}

	@Test
	void countsErrorsBySimpleExceptionClassName() {
		EndpointMonitor endpoint = this.monitor.forEndpoint("/echo");
		endpoint.error(new IllegalStateException("first"));
		endpoint.error(new IllegalStateException("second"));
		endpoint.error(new EOFException());
		assertThat(this.registry.get("websocket.errors").tag("exception", "IllegalStateException").counter().count())
			.isEqualTo(2);
		assertThat(this.registry.get("websocket.errors").tag("exception", "EOFException").counter().count())
			.isEqualTo(1);
	}

	@Test
	void keepsTheMetersOfEachEndpointApart() {
		EndpointMonitor echo = this.monitor.forEndpoint("/echo");
		EndpointMonitor rooms = this.monitor.forEndpoint("/rooms/{room}");
		echo.connectionOpened();
		rooms.messageReceived(WebSocketMessage.Type.TEXT, 5);
		assertThat(this.registry.get("websocket.connections.active").tag("endpoint", "/echo").gauge().value())
			.isEqualTo(1);
		assertThat(this.registry.get("websocket.connections.active").tag("endpoint", "/rooms/{room}").gauge().value())
			.isZero();
		assertThat(this.registry.get("websocket.messages")
			.tags("endpoint", "/rooms/{room}", "direction", "inbound", "type", "text")
			.counter()
			.count()).isEqualTo(1);
		assertThat(this.registry.get("websocket.messages")
			.tags("endpoint", "/echo", "direction", "inbound", "type", "text")
			.counter()
			.count()).isZero();
	}

	private double handshakes(String outcome, String reason) {
		return this.registry.get("websocket.handshakes").tags("outcome", outcome, "reason", reason).counter().count();
	}

	private double messages(String direction, String type) {
		return this.registry.get("websocket.messages").tags("direction", direction, "type", type).counter().count();
	}

}
