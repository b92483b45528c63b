package dev.wsboot.broadcast;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;

import dev.wsboot.CloseStatus;
import dev.wsboot.WebSocketConnection;
import dev.wsboot.WebSocketController;
import dev.wsboot.WebSocketMapping;
import dev.wsboot.WebSocketMessage;
import dev.wsboot.server.EndpointMonitor;
import dev.wsboot.server.WebSocketMonitor;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.tomcat.TomcatConnectorCustomizer;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/**
 * An application whose endpoint puts each connection in the groups its path names, joined by
 * {@code +}.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import(BroadcastTestApplication.Members.class)
public class BroadcastTestApplication {

	/** The endpoint's path template. */
	static final String MEMBERS = "/members/{group}";

	@Bean
	Recorder recorder() {
		return new Recorder();
	}

	@Bean
	MeterRegistry meterRegistry() {
		return new SimpleMeterRegistry();
	}

	@Bean
	WebSocketMonitor overflowCountingMonitor(Recorder recorder) {
		return (endpoint) -> new EndpointMonitor() {

			@Override
			public void sendOverflow() {
				recorder.sendOverflows.computeIfAbsent(endpoint, (key) -> new AtomicInteger()).incrementAndGet();
			}

		};
	}

	/**
	 * Keeps Tomcat's socket send buffer small, so that a peer that does not read shows at once;
	 * only where Tomcat serves.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = "org.springframework.boot.tomcat.TomcatConnectorCustomizer")
	static class SmallTomcatSendBuffer {

		@Bean
		TomcatConnectorCustomizer smallSocketSendBuffer(@Value("${test.tomcat.tx-buf-size:0}") int size) {
			return (connector) -> {
				if (size > 0) {
					connector.setProperty("socket.txBufSize", Integer.toString(size));
				}
			};
		}

	}

	/** What the endpoint saw. */
	static class Recorder {

		final BlockingQueue<CloseStatus> closeStatuses = new LinkedBlockingQueue<>();

		final Map<String, AtomicInteger> sendOverflows = new ConcurrentHashMap<>();

	}

	@WebSocketController
	static class Members {

		private final Recorder recorder;

		Members(Recorder recorder) {
			this.recorder = recorder;
		}

		@WebSocketMapping(MEMBERS)
		void member(WebSocketConnection connection) throws IOException {
			for (String group : connection.pathVariables().get("group").split("\\+")) {
				connection.join(group);
			}
			connection.send("joined " + connection.groups());
			WebSocketMessage message;
			while ((message = connection.receive()) != null) {
				if (message.text().startsWith("leave ")) {
					connection.leave(message.text().substring(6));
					connection.send("left " + connection.groups());
				}
			}
			this.recorder.closeStatuses.add(connection.closeStatus());
		}

	}

}
