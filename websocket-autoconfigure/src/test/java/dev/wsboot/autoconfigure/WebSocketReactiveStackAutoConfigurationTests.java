package dev.wsboot.autoconfigure;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link WebSocketReactiveStackAutoConfiguration}.
 */
@ExtendWith(OutputCaptureExtension.class)
class WebSocketReactiveStackAutoConfigurationTests {

	private static final AutoConfigurations CONFIGURATIONS = AutoConfigurations
		.of(WebSocketReactiveStackAutoConfiguration.class);

	@Test
	void warnsAServletApplicationThatItsWebFluxRoutesAreNotServed(CapturedOutput output) {
		new WebApplicationContextRunner().withConfiguration(CONFIGURATIONS)
			.withUserConfiguration(WebFluxRoutes.class)
			.run((context) -> assertThat(output).contains("WebFlux RouterFunction bean(s) hello are not served")
				.contains("answer 404"));
	}

	@Test
	void saysNothingToAServletApplicationWithoutWebFluxRoutes(CapturedOutput output) {
		new WebApplicationContextRunner().withConfiguration(CONFIGURATIONS)
			.run((context) -> assertThat(output).doesNotContain("RouterFunction"));
	}

	@Test
	void warnsAReactiveApplicationThatNoEndpointIsServed(CapturedOutput output) {
		new ReactiveWebApplicationContextRunner().withConfiguration(CONFIGURATIONS)
			.run((context) -> assertThat(output).contains("no @WebSocketMapping endpoint is served"));
	}

	@Test
	void saysNothingWhenSwitchedOff(CapturedOutput output) {
		new ReactiveWebApplicationContextRunner().withConfiguration(CONFIGURATIONS)
			.withPropertyValues("websocket.enabled=false")
			.run((context) -> assertThat(output).doesNotContain("wsboot"));
	}

	@Configuration(proxyBeanMethods = false)
	static class WebFluxRoutes {

		@Bean
		RouterFunction<ServerResponse> hello() {
			return RouterFunctions.route().GET("/hello", (request) -> ServerResponse.ok().bodyValue("hello")).build();
		}

	}

}
