package dev.wsboot.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Breaks the idle heap down by class from the class histograms taken before and after the idle
 * connections opened, because which objects a connection keeps says where savings can come from.
 */
final class HeapByClass {

	private final Path dir;

	private final int round;

	HeapByClass(Path dir, int round) {
		this.dir = dir;
		this.round = round;
	}

	void render(List<String> servers, Map<String, Double> openedByServer, Consumer<String> line) throws IOException {
		line.accept("## Heap per idle connection by class, round " + this.round + " (largest 8, bytes)");
		line.accept("");
		for (String server : servers) {
			Path before = this.dir.resolve("histo-" + server + "-" + this.round + "-before.txt");
			Path after = this.dir.resolve("histo-" + server + "-" + this.round + "-after.txt");
			Double connections = openedByServer.get(server);
			if (!Files.exists(before) || !Files.exists(after) || connections == null || connections == 0) {
				continue;
			}
			Map<String, Long> delta = histogram(after);
			histogram(before).forEach((type, bytes) -> delta.merge(type, -bytes, Long::sum));
			StringBuilder row = new StringBuilder("- " + BenchmarkReport.SERVER_NAMES.get(server) + ":");
			delta.entrySet()
				.stream()
				.sorted(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder()))
				.limit(8)
				.forEach((e) -> row.append(' ')
					.append(e.getKey())
					.append(' ')
					.append(String.format(Locale.ROOT, "%.0f", e.getValue() / connections))
					.append(';'));
			line.accept(row.toString());
		}
		line.accept("");
	}

	private static Map<String, Long> histogram(Path file) throws IOException {
		Map<String, Long> bytes = new LinkedHashMap<>();
		try (Stream<String> lines = Files.lines(file)) {
			// Rows look like "12:  instances  bytes  class (module)"; the first line is "PID:".
			lines.map(String::trim).filter((l) -> l.matches("\\d+:\\s+\\d+\\s+\\d+\\s+\\S+.*")).forEach((l) -> {
				String[] f = l.split("\\s+");
				bytes.merge(f[3], Long.parseLong(f[2]), Long::sum);
			});
		}
		return bytes;
	}

}
