package dev.wsboot.conformance;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import dev.wsboot.conformance.ConformanceEchoApplication.ReceivePath;
import dev.wsboot.test.TestWebSocketClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.util.FileSystemUtils;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * RFC 6455 conformance: the Autobahn TestSuite's fuzzing client, case groups 1 to 7, against the
 * three receive paths on real Tomcat.
 * <p>
 * The suite (Python, on Jython) runs in a child JVM that is killed after {@link #RUN_BOUND}: it
 * hangs rather than fails on a handshake it cannot complete, and writes its reports only at the
 * end, so the run also appends every case start and result to a progress file as it goes. One
 * run covers all three paths (one {@code servers} entry, or agent, each), which keeps the
 * interpreter's start-up to once. Reports land in {@code target/autobahn/fuzzingclient}
 * ({@code reports/index.html} for people, {@code reports/index.json} for this test).
 */
@SpringBootTest(classes = ConformanceEchoApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = "websocket.max-message-size=16MB")
@Timeout(value = 170, unit = TimeUnit.SECONDS)
class AutobahnFuzzingClientTests {

	/** The case groups run: framing, pings, reserved bits and opcodes, fragmentation, UTF-8, close. */
	static final List<String> CASES = List.of("1.*", "2.*", "3.*", "4.*", "5.*", "6.*", "7.*");

	/** How many cases groups 1 to 7 hold in this version of the suite. */
	static final int CASES_PER_PATH = 246;

	/**
	 * Behaviours that pass, for a case's outcome and for its closing handshake alike; anything
	 * else (NON-STRICT, a wrong close code, an unclean close) fails the test.
	 */
	static final Set<String> PASSING = Set.of("OK", "INFORMATIONAL");

	/** The longest the suite may run before it is killed, start-up included. */
	static final Duration RUN_BOUND = Duration.ofSeconds(150);

	/**
	 * Cases where Tomcat itself deviates from RFC 6455 and wsboot cannot correct it, each with
	 * its RFC section and the reason. Reviewed: an entry here needs the same review as a change
	 * to wsboot. An excluded case still runs; the test fails if it no longer deviates, so that a
	 * stale entry cannot hide a later regression.
	 */
	static final List<Exclusion> EXCLUSIONS = List.of();

	static final Path WORK_DIR = Paths.get("target", "autobahn", "fuzzingclient").toAbsolutePath();

	@LocalServerPort
	int port;

	@Test
	void everyCaseOfGroupsOneToSevenIsOkOrInformationalOnAllThreePaths() throws Exception {
		assertEveryPathAcceptsHandshake();
		Path reports = prepareWorkDir();
		long start = System.nanoTime();
		runFuzzingClient();
		Duration took = Duration.ofNanos(System.nanoTime() - start);
		Map<String, Map<String, CaseResult>> results = readResults(reports.resolve("index.json"));
		System.out.println(summary(results, took));

		List<String> problems = new ArrayList<>();
		for (ReceivePath path : ConformanceEchoApplication.PATHS) {
			Map<String, CaseResult> cases = results.getOrDefault(path.agent(), Map.of());
			if (cases.size() != CASES_PER_PATH) {
				problems.add(path.agent() + ": " + cases.size() + " cases ran, expected " + CASES_PER_PATH);
			}
			for (CaseResult result : cases.values()) {
				Exclusion exclusion = exclusion(result.caseId(), path.agent());
				boolean passes = PASSING.contains(result.behavior())
						&& PASSING.contains(result.behaviorClose());
				if (exclusion == null && !passes) {
					problems.add(path.agent() + " " + result + " (see " + reports.resolve(result.reportFile())
						.toString()
						.replace(".json", ".html") + ")");
				}
				else if (exclusion != null && passes) {
					problems.add(path.agent() + " " + result + " is excluded (" + exclusion.reason()
							+ ") but passes now: remove the exclusion");
				}
			}
		}
		assertThat(problems).as("Autobahn cases that are not OK or INFORMATIONAL (reports in " + reports + ")")
			.isEmpty();
	}

	private void assertEveryPathAcceptsHandshake() {
		// The suite hangs on a failed handshake; find out here, in seconds, with a clear message.
		for (ReceivePath path : ConformanceEchoApplication.PATHS) {
			try (TestWebSocketClient client = TestWebSocketClient.connect(url(path))) {
				client.sendText("handshake check");
				assertThat(client.nextMessage(Duration.ofSeconds(5))).as(path.agent()).isEqualTo("handshake check");
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException(ex);
			}
		}
	}

	private static Path prepareWorkDir() throws IOException {
		FileSystemUtils.deleteRecursively(WORK_DIR);
		// The suite does not create its report folder before it needs it; create it first.
		Path reports = Files.createDirectories(WORK_DIR.resolve("reports"));
		try (InputStream script = AutobahnFuzzingClientTests.class.getResourceAsStream("fuzzingclient.py")) {
			assertThat(script).as("fuzzingclient.py on the test classpath").isNotNull();
			Files.copy(script, WORK_DIR.resolve("fuzzingclient.py"));
		}
		return reports;
	}

	private void runFuzzingClient() throws IOException, InterruptedException {
		Map<String, Object> spec = new LinkedHashMap<>();
		spec.put("outdir", WORK_DIR.resolve("reports").toString());
		spec.put("options", Map.of("failByDrop", false));
		spec.put("servers", ConformanceEchoApplication.PATHS.stream()
			.map((path) -> Map.of("agent", path.agent(), "url", url(path).toString(), "options", Map.of("version", 18)))
			.toList());
		spec.put("cases", CASES);
		spec.put("exclude-cases", List.of());
		spec.put("exclude-agent-cases", Map.of());
		Path specFile = WORK_DIR.resolve("spec.json");
		JsonMapper.builder().build().writerWithDefaultPrettyPrinter().writeValue(specFile.toFile(), spec);
		Path progress = WORK_DIR.resolve("progress.jsonl");
		Path log = WORK_DIR.resolve("fuzzingclient.log");

		List<String> command = List.of(Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
				// C1 only and no scan of the jars for Java packages: start-up in half the time.
				"--enable-native-access=ALL-UNNAMED", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
				"-Dpython.cachedir.skip=true", "-cp",
				jar("wsboot.autobahn.testsuite-jar", "me/normanmaurer/maven/autobahntestsuite/autobahntestsuite-maven-plugin",
						"0.1.5")
						+ File.pathSeparator
						+ jar("wsboot.autobahn.jython-jar", "org/python/jython-standalone", "2.7.2"),
				"org.python.util.jython", "fuzzingclient.py", specFile.toString(), progress.toString());
		Process process = new ProcessBuilder(command).directory(WORK_DIR.toFile())
			.redirectErrorStream(true)
			.redirectOutput(log.toFile())
			.start();
		try {
			if (!process.waitFor(RUN_BOUND.toMillis(), TimeUnit.MILLISECONDS)) {
				fail("The Autobahn fuzzing client did not finish within " + RUN_BOUND + "; killed it. "
						+ unfinished(progress) + " Output: " + log);
			}
			assertThat(process.exitValue()).as("exit code of the fuzzing client, output in " + log).isZero();
		}
		finally {
			process.descendants().forEach(ProcessHandle::destroyForcibly);
			process.destroyForcibly();
		}
	}

	private static String jar(String property, String path, String version) {
		String configured = System.getProperty(property);
		if (configured != null && !configured.isBlank() && !configured.startsWith("${")) {
			return configured;
		}
		// Run outside Maven (an IDE): the local repository's copy, which the build downloads.
		String name = path.substring(path.lastIndexOf('/') + 1);
		Path repository = Paths.get(System.getProperty("maven.repo.local",
				Paths.get(System.getProperty("user.home"), ".m2", "repository").toString()));
		Path jar = repository.resolve(path).resolve(version).resolve(name + "-" + version + ".jar");
		assertThat(jar).as("set by the build as -D" + property).exists();
		return jar.toString();
	}

	private static String unfinished(Path progress) throws IOException {
		if (!Files.exists(progress)) {
			return "It ran no case (no " + progress + ").";
		}
		JsonMapper json = JsonMapper.builder().build();
		Map<String, JsonNode> open = new LinkedHashMap<>();
		int finished = 0;
		for (String line : Files.readAllLines(progress, StandardCharsets.UTF_8)) {
			JsonNode event = json.readTree(line);
			String key = event.path("agent").asString() + " " + event.path("case").asString();
			switch (event.path("event").asString()) {
				case "start" -> open.put(key, event);
				case "result" -> {
					open.remove(key);
					finished++;
				}
				default -> {
				}
			}
		}
		return finished + " cases finished; never finished: " + open.keySet() + ".";
	}

	private static Map<String, Map<String, CaseResult>> readResults(Path index) {
		assertThat(index).as("the suite's report").exists();
		JsonNode root = JsonMapper.builder().build().readTree(index.toFile());
		Map<String, Map<String, CaseResult>> results = new TreeMap<>();
		for (String agent : root.propertyNames()) {
			Map<String, CaseResult> cases = new TreeMap<>(CASE_ORDER);
			for (String caseId : root.get(agent).propertyNames()) {
				JsonNode c = root.get(agent).get(caseId);
				cases.put(caseId, new CaseResult(caseId, c.path("behavior").asString(), c.path("behaviorClose").asString(),
						c.path("remoteCloseCode").isNumber() ? c.path("remoteCloseCode").asInt() : null,
						c.path("duration").asLong(), c.path("reportfile").asString()));
			}
			results.put(agent, cases);
		}
		return results;
	}

	private static String summary(Map<String, Map<String, CaseResult>> results, Duration took) {
		StringBuilder summary = new StringBuilder("Autobahn TestSuite, cases " + CASES + ", " + took.toSeconds()
				+ " s for all paths:\n");
		for (ReceivePath path : ConformanceEchoApplication.PATHS) {
			Map<String, CaseResult> cases = results.getOrDefault(path.agent(), Map.of());
			Map<String, Integer> byBehavior = new TreeMap<>();
			Map<String, Integer> byCloseBehavior = new TreeMap<>();
			List<String> notOk = new ArrayList<>();
			for (CaseResult result : cases.values()) {
				byBehavior.merge(result.behavior(), 1, Integer::sum);
				byCloseBehavior.merge(result.behaviorClose(), 1, Integer::sum);
				if (!"OK".equals(result.behavior())) {
					notOk.add(result.caseId() + " " + result.behavior());
				}
			}
			summary.append(String.format("  %-15s %-8s %3d cases: %s, close %s; not OK: %s%n", path.agent(), path.path(),
					cases.size(), byBehavior, byCloseBehavior, notOk));
		}
		for (Exclusion exclusion : EXCLUSIONS) {
			summary.append(String.format("  excluded: case %s on %s, RFC 6455 section %s: %s%n", exclusion.caseId(),
					exclusion.agents().isEmpty() ? "all paths" : exclusion.agents(), exclusion.rfcSection(),
					exclusion.reason()));
		}
		return summary.toString();
	}

	private Exclusion exclusion(String caseId, String agent) {
		return EXCLUSIONS.stream()
			.filter((e) -> e.caseId().equals(caseId) && (e.agents().isEmpty() || e.agents().contains(agent)))
			.findFirst()
			.orElse(null);
	}

	private URI url(ReceivePath path) {
		return URI.create("ws://127.0.0.1:" + this.port + path.path());
	}

	private static final Comparator<String> CASE_ORDER = Comparator.comparing((String id) -> Stream.of(id.split("\\."))
		.mapToInt(Integer::parseInt)
		.toArray(), Arrays::compare);

	/**
	 * One case's outcome on one path.
	 */
	record CaseResult(String caseId, String behavior, String behaviorClose, Integer remoteCloseCode, long durationMillis,
			String reportFile) {

		@Override
		public String toString() {
			return "case " + this.caseId + ": " + this.behavior + ", close " + this.behaviorClose + " (code "
					+ this.remoteCloseCode + ")";
		}

	}

	/**
	 * A case excused because the container deviates and wsboot cannot correct it.
	 * @param caseId the Autobahn case, e.g. {@code 7.1.6}
	 * @param agents the receive paths it applies to; empty for all
	 * @param rfcSection the section of RFC 6455 the case checks
	 * @param reason why the container deviates and why wsboot cannot correct it
	 */
	record Exclusion(String caseId, Set<String> agents, String rfcSection, String reason) {
	}

}
