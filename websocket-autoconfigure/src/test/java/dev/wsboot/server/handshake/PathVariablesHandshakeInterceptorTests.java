package dev.wsboot.server.handshake;

import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.http.server.ServletServerHttpRequest;
import org.springframework.http.server.ServletServerHttpResponse;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.web.servlet.HandlerMapping;
import org.springframework.web.socket.handler.TextWebSocketHandler;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link PathVariablesHandshakeInterceptor}.
 */
class PathVariablesHandshakeInterceptorTests {

	private final PathVariablesHandshakeInterceptor interceptor = new PathVariablesHandshakeInterceptor();

	@Test
	void carriesTheMatchedTemplateVariablesIntoTheConnectionsAttributes() {
		MockHttpServletRequest servletRequest = new MockHttpServletRequest("GET", "/rooms/lobby");
		servletRequest.setAttribute(HandlerMapping.URI_TEMPLATE_VARIABLES_ATTRIBUTE, Map.of("room", "lobby"));
		Map<String, Object> attributes = new HashMap<>();
		assertThat(this.interceptor.beforeHandshake(new ServletServerHttpRequest(servletRequest),
				new ServletServerHttpResponse(new MockHttpServletResponse()), new TextWebSocketHandler(), attributes))
			.isTrue();
		assertThat(PathVariablesHandshakeInterceptor.pathVariables(attributes)).containsExactly(Map.entry("room", "lobby"));
	}

	@Test
	void aPathWithoutVariablesLeavesTheAttributesAlone() {
		Map<String, Object> attributes = new HashMap<>();
		this.interceptor.beforeHandshake(new ServletServerHttpRequest(new MockHttpServletRequest("GET", "/echo")),
				new ServletServerHttpResponse(new MockHttpServletResponse()), new TextWebSocketHandler(), attributes);
		assertThat(attributes).isEmpty();
		assertThat(PathVariablesHandshakeInterceptor.pathVariables(attributes)).isEmpty();
	}

}
