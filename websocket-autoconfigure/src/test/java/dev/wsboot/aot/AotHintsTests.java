package dev.wsboot.aot;

import java.io.IOException;

import dev.wsboot.WebSocketConnection;
import dev.wsboot.WebSocketController;
import dev.wsboot.WebSocketMapping;
import org.junit.jupiter.api.Test;
import org.springframework.aot.generate.ClassNameGenerator;
import org.springframework.aot.generate.DefaultGenerationContext;
import org.springframework.aot.generate.InMemoryGeneratedFiles;
import org.springframework.aot.hint.MemberCategory;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.TypeReference;
import org.springframework.aot.hint.predicate.RuntimeHintsPredicates;
import org.springframework.context.aot.ApplicationContextAotGenerator;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.javapoet.ClassName;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What AOT processing of an application with a {@code @WebSocketController} records for a
 * native image: its mapped methods and what the containers reach by reflection, found through
 * {@code META-INF/spring/aot.factories} as Spring Boot's AOT processing finds them.
 */
class AotHintsTests {

	@Test
	void registersTheMappedMethodsOfControllersForInvocationAndNothingElse() {
		RuntimeHints hints = processAheadOfTime();
		assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(EchoController.class, "echo")).accepts(hints);
		assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(EchoController.class, "notMapped"))
			.rejects(hints);
	}

	@Test
	void registersWhatTomcatAndJettyReachByReflection() {
		RuntimeHints hints = processAheadOfTime();
		assertThat(RuntimeHintsPredicates.reflection()
			.onType(TypeReference.of("dev.wsboot.server.tomcat.DirectUpgradeHandler"))
			.withMemberCategory(MemberCategory.INVOKE_PUBLIC_CONSTRUCTORS)).accepts(hints);
		assertThat(RuntimeHintsPredicates.reflection()
			.onType(TypeReference.of("dev.wsboot.server.jetty.JettyListener"))
			.withMemberCategory(MemberCategory.INVOKE_PUBLIC_METHODS)).accepts(hints);
		assertThat(hints.reflection().getTypeHint(TypeReference.of("org.apache.tomcat.util.net.NioEndpoint$Poller")))
			.satisfies((type) -> assertThat(type.fields()).anyMatch((field) -> field.getName().equals("wakeupCounter")));
	}

	private static RuntimeHints processAheadOfTime() {
		try (GenericApplicationContext context = new GenericApplicationContext()) {
			context.registerBean(EchoController.class);
			DefaultGenerationContext generation = new DefaultGenerationContext(
					new ClassNameGenerator(ClassName.get(AotHintsTests.class.getPackageName(), "Generated")),
					new InMemoryGeneratedFiles());
			new ApplicationContextAotGenerator().processAheadOfTime(context, generation);
			return generation.getRuntimeHints();
		}
	}

	@WebSocketController
	public static class EchoController {

		@WebSocketMapping("/echo")
		public void echo(WebSocketConnection connection) throws IOException {
			connection.send("hello");
		}

		public void notMapped() {
		}

	}

}
