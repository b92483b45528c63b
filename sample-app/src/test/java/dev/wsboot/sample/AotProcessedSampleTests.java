package dev.wsboot.sample;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

import dev.wsboot.testing.WebSocketTestClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sample processed ahead of time, as for a native image, on this build's container (Tomcat
 * in the default test execution, Jetty in the {@code jetty} one): Spring Boot's AOT processor
 * generates the application's initializer and native-image metadata, the generated code is
 * compiled, and the sample started with {@code spring.aot.enabled=true} (which fails without the
 * generated initializer) echoes and chats. The native-image metadata holds the mapped methods, the
 * typed message classes and what the containers create by reflection.
 */
@Timeout(240)
class AotProcessedSampleTests {

	private static final Duration START_BOUND = Duration.ofSeconds(90);

	@Test
	void echoesAndChatsWhenStartedFromAotProcessedCode() throws Exception {
		Path output = Path.of("target", "aot-test-" + System.getProperty("wsboot.container", "tomcat"));
		deleteRecursively(output);
		Path sources = output.resolve("sources");
		Path resources = output.resolve("resources");
		Path classes = output.resolve("classes");
		String classPath = testClassPath();
		run(List.of(java(), "-cp", classPath, "org.springframework.boot.SpringApplicationAotProcessor",
				SampleApplication.class.getName(), sources.toString(), resources.toString(), classes.toString(),
				"dev.wsboot", "wsboot-sample-app"), output.resolve("process-aot.log"));
		compile(sources, classes, classPath);
		JsonNode reflection = JsonMapper.builder()
			.build()
			.readTree(resources.resolve("META-INF/native-image/dev.wsboot/wsboot-sample-app/reachability-metadata.json")
				.toFile())
			.get("reflection");
		assertThat(methodsOf(reflection, ChatController.class.getName())).contains("chat");
		assertThat(methodsOf(reflection, EchoController.class.getName())).contains("echo");
		assertThat(methodsOf(reflection, ChatPost.class.getName())).contains("text");
		assertThat(methodsOf(reflection, ChatEvent.class.getName())).contains("kind", "room", "name", "text");
		assertThat(typesIn(reflection)).contains("dev.wsboot.server.tomcat.DirectUpgradeHandler",
				"dev.wsboot.server.jetty.JettyListener");

		int port = freePort();
		Path log = output.resolve("application.log");
		Process app = new ProcessBuilder(java(), "-Dspring.aot.enabled=true", "-cp",
				classes + File.pathSeparator + resources + File.pathSeparator + classPath,
				SampleApplication.class.getName(), "--server.port=" + port, "--server.address=127.0.0.1")
			.redirectErrorStream(true)
			.redirectOutput(log.toFile())
			.start();
		try {
			awaitStarted(app, log);
			try (WebSocketTestClient echo = WebSocketTestClient.to(port, "/ws").connect()) {
				echo.sendText("hello, ahead of time").expectText("hello, ahead of time");
			}
			try (WebSocketTestClient chat = WebSocketTestClient.to(port, "/chat/aot?name=ada").connect()) {
				assertThat(chat.expectMessage(ChatEvent.class)).isEqualTo(ChatEvent.joined("aot", "ada"));
				chat.send(new ChatPost("compiled"));
				assertThat(chat.expectMessage(ChatEvent.class)).isEqualTo(ChatEvent.said("aot", "ada", "compiled"));
			}
			assertThat(Files.readString(log)).doesNotContain(" ERROR ");
		}
		finally {
			app.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
		}
	}

	private static List<String> typesIn(JsonNode reflection) {
		List<String> types = new ArrayList<>();
		reflection.forEach((entry) -> types.add(entry.path("type").asString()));
		return types;
	}

	private static List<String> methodsOf(JsonNode reflection, String type) {
		List<String> methods = new ArrayList<>();
		reflection.forEach((entry) -> {
			if (type.equals(entry.path("type").asString())) {
				entry.path("methods").forEach((method) -> methods.add(method.path("name").asString()));
			}
		});
		return methods;
	}

	private static void awaitStarted(Process app, Path log) throws Exception {
		long deadline = System.nanoTime() + START_BOUND.toNanos();
		while (System.nanoTime() < deadline) {
			String text = Files.exists(log) ? Files.readString(log) : "";
			if (text.contains("Started SampleApplication")) {
				return;
			}
			if (!app.isAlive()) {
				throw new AssertionError("The AOT-processed sample exited with " + app.exitValue() + ":\n" + text);
			}
			app.waitFor(100, TimeUnit.MILLISECONDS);
		}
		throw new AssertionError("The AOT-processed sample did not start within " + START_BOUND + ":\n"
				+ Files.readString(log));
	}

	private static void run(List<String> command, Path log) throws Exception {
		Files.createDirectories(log.getParent());
		Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
		if (!process.waitFor(START_BOUND.toSeconds(), TimeUnit.SECONDS)) {
			process.destroyForcibly();
			throw new AssertionError("AOT processing did not finish within " + START_BOUND);
		}
		assertThat(process.exitValue()).as("AOT processing, log in %s:%n%s", log, Files.readString(log)).isZero();
	}

	private static void compile(Path sources, Path classes, String classPath) throws IOException {
		JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
		List<String> arguments = new ArrayList<>(List.of("-d", classes.toString(), "-cp", classPath, "-proc:none",
				"-nowarn", "--release", "21"));
		try (Stream<Path> files = Files.walk(sources)) {
			files.filter((file) -> file.toString().endsWith(".java")).forEach((file) -> arguments.add(file.toString()));
		}
		Files.createDirectories(classes);
		java.io.ByteArrayOutputStream errors = new java.io.ByteArrayOutputStream();
		int result = compiler.run(null, null, errors, arguments.toArray(String[]::new));
		assertThat(result).as("compiling the generated sources: %s", errors.toString(StandardCharsets.UTF_8)).isZero();
	}

	private static String testClassPath() {
		// Surefire runs tests from a manifest-only jar; it gives the real class path here.
		String surefire = System.getProperty("surefire.test.class.path");
		return (surefire != null && !surefire.isBlank()) ? surefire : System.getProperty("java.class.path");
	}

	private static String java() {
		return Path.of(System.getProperty("java.home"), "bin", "java").toString();
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
	}

	private static void deleteRecursively(Path dir) throws IOException {
		if (!Files.exists(dir)) {
			return;
		}
		try (Stream<Path> paths = Files.walk(dir)) {
			for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
				Files.delete(path);
			}
		}
	}

}
