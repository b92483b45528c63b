package dev.wsboot.server.jetty;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.eclipse.jetty.websocket.api.Configurable;
import org.eclipse.jetty.websocket.api.ExtensionConfig;
import org.eclipse.jetty.websocket.api.UpgradeResponse;
import org.eclipse.jetty.websocket.core.Configuration;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * What wsboot's negotiation on Jetty keeps of the exchange: the container's settings on the
 * session, and a copy of the upgrade response that stays as it was when the copy was made.
 */
class JettyNegotiatorTests {

	@Test
	void givesTheSessionTheContainersSettings() {
		Configuration.ConfigurationCustomizer settings = new Configuration.ConfigurationCustomizer();
		settings.setIdleTimeout(Duration.ofSeconds(42));
		settings.setInputBufferSize(1234);
		settings.setOutputBufferSize(2345);
		settings.setMaxBinaryMessageSize(3456);
		settings.setMaxTextMessageSize(4567);
		settings.setMaxFrameSize(5678);
		settings.setAutoFragment(false);
		settings.setMaxOutgoingFrames(17);
		JettyNegotiator negotiator = new JettyNegotiator(new Object(), (pojo, request, response) -> null,
				new ContainerSettings(settings), null, false);
		Configuration.ConfigurationCustomizer session = new Configuration.ConfigurationCustomizer();
		negotiator.customize(session);
		assertThat(session.getIdleTimeout()).isEqualTo(Duration.ofSeconds(42));
		assertThat(session.getInputBufferSize()).isEqualTo(1234);
		assertThat(session.getOutputBufferSize()).isEqualTo(2345);
		assertThat(session.getMaxBinaryMessageSize()).isEqualTo(3456);
		assertThat(session.getMaxTextMessageSize()).isEqualTo(4567);
		assertThat(session.getMaxFrameSize()).isEqualTo(5678);
		assertThat(session.isAutoFragment()).isFalse();
		assertThat(session.getMaxOutgoingFrames()).isEqualTo(17);
	}

	@Test
	void theDetachedResponseIsACopyThatLaterChangesDoNotReach() {
		LiveResponse live = new LiveResponse();
		live.headers.put("Sec-WebSocket-Protocol", new java.util.ArrayList<>(List.of("chat")));
		UpgradeResponse detached = new DetachedUpgradeResponse(live);
		live.headers.get("Sec-WebSocket-Protocol").add("changed");
		live.headers.put("X-Later", List.of("later"));
		assertThat(detached.getStatusCode()).isEqualTo(101);
		assertThat(detached.getAcceptedSubProtocol()).isEqualTo("chat");
		assertThat(detached.getHeader("sec-websocket-protocol")).isEqualTo("chat");
		assertThat(detached.getHeaders("SEC-WEBSOCKET-PROTOCOL")).containsExactly("chat");
		assertThat(detached.getHeaderNames()).containsExactly("Sec-WebSocket-Protocol");
		assertThat(detached.getHeader("X-Later")).isNull();
		assertThat(detached.getHeaders("X-Later")).isEmpty();
		assertThat(detached.getExtensions()).isEmpty();
		assertThatExceptionOfType(UnsupportedOperationException.class)
			.isThrownBy(() -> detached.getHeaders().put("X-New", List.of("no")));
	}

	/** A response whose headers change after the copy, as Jetty's live view does. */
	private static final class LiveResponse implements UpgradeResponse {

		final Map<String, List<String>> headers = new java.util.LinkedHashMap<>();

		@Override
		public String getAcceptedSubProtocol() {
			return "chat";
		}

		@Override
		public List<ExtensionConfig> getExtensions() {
			return List.of();
		}

		@Override
		public String getHeader(String name) {
			List<String> values = this.headers.get(name);
			return (values != null) ? values.get(0) : null;
		}

		@Override
		public java.util.Set<String> getHeaderNames() {
			return this.headers.keySet();
		}

		@Override
		public Map<String, List<String>> getHeaders() {
			return this.headers;
		}

		@Override
		public List<String> getHeaders(String name) {
			return this.headers.get(name);
		}

		@Override
		public int getStatusCode() {
			return 101;
		}

	}

	/** Jetty's container settings as its servlet container reports them. */
	private record ContainerSettings(Configuration.ConfigurationCustomizer values) implements Configurable {

		@Override
		public Duration getIdleTimeout() {
			return this.values.getIdleTimeout();
		}

		@Override
		public void setIdleTimeout(Duration duration) {
		}

		@Override
		public int getInputBufferSize() {
			return this.values.getInputBufferSize();
		}

		@Override
		public void setInputBufferSize(int size) {
		}

		@Override
		public int getOutputBufferSize() {
			return this.values.getOutputBufferSize();
		}

		@Override
		public void setOutputBufferSize(int size) {
		}

		@Override
		public long getMaxBinaryMessageSize() {
			return this.values.getMaxBinaryMessageSize();
		}

		@Override
		public void setMaxBinaryMessageSize(long size) {
		}

		@Override
		public long getMaxTextMessageSize() {
			return this.values.getMaxTextMessageSize();
		}

		@Override
		public void setMaxTextMessageSize(long size) {
		}

		@Override
		public long getMaxFrameSize() {
			return this.values.getMaxFrameSize();
		}

		@Override
		public void setMaxFrameSize(long maxFrameSize) {
		}

		@Override
		public boolean isAutoFragment() {
			return this.values.isAutoFragment();
		}

		@Override
		public void setAutoFragment(boolean autoFragment) {
		}

		@Override
		public int getMaxOutgoingFrames() {
			return this.values.getMaxOutgoingFrames();
		}

		@Override
		public void setMaxOutgoingFrames(int maxOutgoingFrames) {
		}

	}

}
