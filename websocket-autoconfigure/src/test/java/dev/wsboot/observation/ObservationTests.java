package dev.wsboot.observation;

import java.time.Duration;
import java.util.List;

import dev.wsboot.testing.WebSocketTestClient;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.tracing.test.simple.SimpleSpan;
import io.micrometer.tracing.test.simple.SimpleTracer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Traces of connections, with Micrometer's test tracer: the connection is a span in the trace of
 * the handshake's HTTP request, with its endpoint, close code and outcome; messages are spans of
 * the connection when asked for; and wsboot's own meters are recorded once.
 */
@SpringBootTest(classes = ObservedApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "websocket.observations.messages=true", "websocket.keep-alive-interval=0" })
@Timeout(30)
class ObservationTests {

	@LocalServerPort
	int port;

	@Autowired
	SimpleTracer tracer;

	@Autowired
	MeterRegistry meters;

	@Test
	void tracesTheConnectionInTheTraceOfItsHandshakeWithItsMessagesAsChildren() {
		echoOnceAndClose();
		SimpleSpan connection = awaitConnectionSpan();
		assertThat(connection.getName()).isEqualTo("websocket /echo");
		assertThat(connection.getTags()).containsEntry("endpoint", "/echo")
			.containsEntry("code", "1000")
			.containsEntry("outcome", "normal");
		SimpleSpan handshake = this.tracer.getSpans()
			.stream()
			.filter((span) -> span.getSpanId().equals(connection.getParentId()))
			.findFirst()
			.orElseThrow(() -> new AssertionError("No span is the connection's parent: " + this.tracer.getSpans()));
		assertThat(handshake.getName()).startsWith("http get");
		assertThat(handshake.getTraceId()).isEqualTo(connection.getTraceId());
		List<String> messages = this.tracer.getSpans()
			.stream()
			.filter((span) -> connection.getSpanId().equals(span.getParentId()))
			.map(SimpleSpan::getName)
			.toList();
		assertThat(messages).contains("websocket.message.received", "websocket.message.sent");
	}

	@Test
	void recordsWsbootsOwnMetersOnceBesideTheObservations() {
		double before = closedNormally();
		echoOnceAndClose();
		await().atMost(Duration.ofSeconds(10)).until(() -> closedNormally() == before + 1);
		assertThat(this.meters.find("websocket.connection.duration").tag("endpoint", "/echo").timers())
			.extracting((timer) -> timer.getId().getTag("code"))
			.doesNotHaveDuplicates();
		// The observations record no meters of their own under their names.
		assertThat(this.meters.find("websocket.connection").meters()).isEmpty();
		assertThat(this.meters.find("websocket.connection.active").meters()).isEmpty();
		assertThat(this.meters.find("websocket.message.received").meters()).isEmpty();
		assertThat(this.meters.find("websocket.message.sent").meters()).isEmpty();
	}

	private double closedNormally() {
		Timer timer = this.meters.find("websocket.connection.duration").tags("endpoint", "/echo", "code", "1000").timer();
		return (timer != null) ? timer.count() : 0;
	}

	private void echoOnceAndClose() {
		try (WebSocketTestClient client = WebSocketTestClient.to(this.port, "/echo").connect()) {
			client.sendText("traced").expectText("traced");
			client.close(1000, "done");
		}
	}

	private SimpleSpan awaitConnectionSpan() {
		await().atMost(Duration.ofSeconds(10))
			.until(() -> this.tracer.getSpans().stream().anyMatch((span) -> span.getName().equals("websocket /echo")));
		return this.tracer.getSpans()
			.stream()
			.filter((span) -> span.getName().equals("websocket /echo"))
			.reduce((first, second) -> second)
			.orElseThrow();
	}

}
