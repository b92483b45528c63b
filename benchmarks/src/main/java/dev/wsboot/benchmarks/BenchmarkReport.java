package dev.wsboot.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.DoubleUnaryOperator;
import java.util.stream.Stream;

/**
 * Turns the raw results of one {@code benchmarks/run.sh} run into Markdown tables of medians,
 * ratios of wsboot (A) to the others, and a verdict on each target of the issue.
 */
public final class BenchmarkReport {

	private static final List<String> SERVERS = List.of("A", "B", "C", "D", "E");

	/** The servers A is compared with, one ratio column each. */
	private static final List<String> OTHERS = SERVERS.subList(1, SERVERS.size());

	static final Map<String, String> SERVER_NAMES = Map.of("A", "A wsboot", "B", "B Spring handler", "C",
			"C Jakarta endpoint", "D", "D Netty (NIO)", "E", "E Netty (native epoll)", "J", "J wsboot on Jetty", "K",
			"K Spring handler on Jetty", "O", "O wsboot with message observations", "N", "N wsboot without observations");

	/** The servers on Jetty 12, reported in a table of their own. */
	private static final List<String> JETTY_SERVERS = List.of("J", "K", "O", "N");

	private static final int[] SIZES = { 16, 4096 };

	private static final int[] CONNECTIONS = { 1, 64, 1024 };

	private final Path dir;

	private final Map<String, Map<String, List<Double>>> values = new HashMap<>();

	private final TreeSet<Integer> rounds = new TreeSet<>();

	private final StringBuilder out = new StringBuilder();

	private BenchmarkReport(Path dir) {
		this.dir = dir;
	}

	/**
	 * Print the report of a results directory.
	 * @param args the directory that holds {@code raw.tsv} and {@code machine.txt}
	 * @throws IOException if the results cannot be read
	 */
	public static void main(String[] args) throws IOException {
		if (args.length != 1) {
			System.err.println("usage: BenchmarkReport RESULTS_DIR");
			System.exit(2);
		}
		BenchmarkReport report = new BenchmarkReport(Path.of(args[0]));
		report.read();
		System.out.print(report.render());
	}

	private void read() throws IOException {
		for (String line : Files.readAllLines(this.dir.resolve("raw.tsv"))) {
			String[] f = line.split("\t");
			if (f.length != 4 || f[3].isEmpty()) {
				continue;
			}
			this.rounds.add(Integer.parseInt(f[1]));
			this.values.computeIfAbsent(f[0], (k) -> new HashMap<>())
				.computeIfAbsent(f[2], (k) -> new ArrayList<>())
				.add(Double.parseDouble(f[3]));
		}
	}

	private String render() throws IOException {
		line("# wsboot benchmark run");
		line("");
		line("```");
		Files.readAllLines(this.dir.resolve("machine.txt")).forEach(this::line);
		line("```");
		line("");
		line("Medians of " + this.rounds.size() + " alternating round(s); ratios are of medians. "
				+ "Server pinned to CPU 0, client to CPU 1; one message in flight per connection; text messages. "
				+ "A runs with the library defaults (keep-alive 2 min, receive buffer 4 KB).");
		line("");
		throughput();
		latency();
		connections();
		jetty();
		observations();
		keepAlive();
		targets();
		heapByClass();
		return this.out.toString();
	}

	private void throughput() {
		line("## Echo throughput, messages/s");
		line("");
		header("", "");
		for (int size : SIZES) {
			for (int conns : CONNECTIONS) {
				String key = "msgs_" + size + "_" + conns;
				row(label(size, conns), key, (v) -> v, "%.0f");
			}
		}
		line("");
		line("## Server CPU per echoed message, µs (whole client run, connects and closes included)");
		line("");
		header("", "");
		for (int size : SIZES) {
			for (int conns : CONNECTIONS) {
				row(label(size, conns), "cpumsg_" + size + "_" + conns, (v) -> v, "%.1f");
			}
		}
		line("");
		// Other engineers' builds share the machine; the load when each server started says how
		// far a ratio can be trusted.
		StringBuilder load = new StringBuilder("1-minute load average when each server started (median, max):");
		for (String server : SERVERS) {
			List<Double> loads = this.values.getOrDefault(server, Map.of()).get("load1");
			if (loads != null && !loads.isEmpty()) {
				load.append(' ')
					.append(server)
					.append(' ')
					.append(fmt("%.1f", median(server, "load1")))
					.append(", ")
					.append(fmt("%.1f", loads.stream().mapToDouble(Double::doubleValue).max().orElse(0)))
					.append(';');
			}
		}
		line(load.toString());
		line("");
	}

	private void latency() {
		line("## Round-trip latency, µs: p50 / p99 / p99.9");
		line("");
		header("", " p99");
		for (int size : SIZES) {
			for (int conns : CONNECTIONS) {
				String suffix = "_" + size + "_" + conns;
				StringBuilder row = new StringBuilder("| " + label(size, conns) + " |");
				for (String server : SERVERS) {
					Double p50 = median(server, "p50" + suffix);
					Double p99 = median(server, "p99" + suffix);
					Double p999 = median(server, "p999" + suffix);
					row.append(' ')
						.append((p99 != null) ? fmt("%.0f", p50) + " / " + fmt("%.0f", p99) + " / " + fmt("%.0f", p999)
								: "–")
						.append(" |");
				}
				for (String other : OTHERS) {
					row.append(' ').append(ratio("p99" + suffix, other)).append(" |");
				}
				line(row.toString());
			}
		}
		line("");
		unserved();
	}

	/**
	 * Connections that completed no echo in a window: a server can keep its rate and its median
	 * up while it leaves some connections waiting, which only the tail and this count show.
	 */
	private void unserved() {
		StringBuilder counts = new StringBuilder(
				"Connections that completed no echo in a window (the most in any round, of 1,024):");
		boolean any = false;
		for (int size : SIZES) {
			counts.append(' ').append(label(size, 1024)).append(':');
			for (String server : SERVERS) {
				List<Double> list = this.values.getOrDefault(server, Map.of()).get("unserved_" + size + "_1024");
				if (list != null && !list.isEmpty()) {
					any = true;
					counts.append(' ')
						.append(server)
						.append(' ')
						.append(fmt("%.0f", list.stream().mapToDouble(Double::doubleValue).max().orElse(0)));
				}
			}
			counts.append(';');
		}
		if (any) {
			line(counts.toString());
			line("");
		}
	}

	private void connections() {
		line("## Connections");
		line("");
		header("", "");
		row("handshakes/s (connect, one echo, close; 16 lanes)", "handshakes", (v) -> v, "%.0f");
		row("heap per idle connection, KB (after full GC)", "heap_idle", (v) -> v / 1024, "%.1f");
		row("RSS per idle connection, KB", "rss_idle", (v) -> v / 1024, "%.1f");
		Double opened = median("A", "idle_opened");
		line("");
		line("Idle connections held for the memory measurement: " + fmt("%.0f", opened) + " per server.");
		line("");
	}

	private void jetty() {
		if (median("J", "msgs_16_64") == null && median("K", "msgs_16_64") == null) {
			return;
		}
		line("## On Jetty 12: wsboot (J) and a plain Spring handler (K), with Tomcat's A and B for reference");
		line("");
		line("| | J wsboot on Jetty | K Spring on Jetty | J/K | A wsboot on Tomcat | B Spring on Tomcat |");
		line("| --- | ---: | ---: | ---: | ---: | ---: |");
		for (int size : SIZES) {
			for (int conns : CONNECTIONS) {
				jettyRow("msg/s, " + label(size, conns), "msgs_" + size + "_" + conns, (v) -> v, "%.0f");
			}
		}
		for (int size : SIZES) {
			for (int conns : CONNECTIONS) {
				jettyRow("CPU µs/msg, " + label(size, conns), "cpumsg_" + size + "_" + conns, (v) -> v, "%.1f");
			}
		}
		for (int size : SIZES) {
			for (int conns : CONNECTIONS) {
				jettyRow("p99 µs, " + label(size, conns), "p99_" + size + "_" + conns, (v) -> v, "%.0f");
			}
		}
		jettyRow("handshakes/s", "handshakes", (v) -> v, "%.0f");
		jettyRow("heap per idle connection, KB", "heap_idle", (v) -> v / 1024, "%.1f");
		jettyRow("RSS per idle connection, KB", "rss_idle", (v) -> v / 1024, "%.1f");
		line("");
	}

	private void observations() {
		observationCost("O", "message observations: O (A with websocket.observations.messages=true)");
		observationCost("N", "connection observations: N (A with management.observations.enable.websocket=false)");
	}

	private void observationCost(String other, String title) {
		if (median(other, "msgs_16_64") == null) {
			return;
		}
		line("## Cost of " + title + " against A");
		line("");
		line("| | " + other + " | A | " + other + "/A |");
		line("| --- | ---: | ---: | ---: |");
		List<String> keys = new java.util.ArrayList<>(List.of("handshakes", "heap_idle"));
		for (String metric : List.of("msgs", "cpumsg", "p99")) {
			for (int size : SIZES) {
				for (int conns : CONNECTIONS) {
					keys.add(metric + "_" + size + "_" + conns);
				}
			}
		}
		for (String key : keys) {
			Double o = median(other, key);
			Double a = median("A", key);
			line("| " + key + " | " + fmt("%.1f", o) + " | " + fmt("%.1f", a) + " | "
					+ ((o != null && a != null && a != 0) ? fmt("%.2f", o / a) : "–") + " |");
		}
		line("");
	}

	private void jettyRow(String label, String key, DoubleUnaryOperator scale, String format) {
		Double j = median("J", key);
		Double k = median("K", key);
		String ratio = (j != null && k != null && k != 0) ? fmt("%.2f", j / k) : "–";
		line("| " + label + " | " + scaled(j, scale, format) + " | " + scaled(k, scale, format) + " | " + ratio + " | "
				+ scaled(median("A", key), scale, format) + " | " + scaled(median("B", key), scale, format) + " |");
	}

	private static String scaled(Double value, DoubleUnaryOperator scale, String format) {
		return (value != null) ? fmt(format, scale.applyAsDouble(value)) : "–";
	}

	private void keepAlive() {
		Double on = median("A", "ka_cpu_1s");
		Double off = median("A", "ka_cpu_off");
		if (on == null || off == null) {
			return;
		}
		line("## Keep-alive cost, server A only (B to E send no pings)");
		line("");
		line("| idle connections | CPU, keep-alive 1 s | CPU, no pings in the window | cost (difference) | pings/s received |");
		line("| --- | --- | --- | --- | --- |");
		line("| " + fmt("%.0f", median("A", "idle_opened")) + " | " + fmt("%.2f", on) + " % | " + fmt("%.2f", off)
				+ " % | " + fmt("%.2f", on - off) + " % of one core | " + fmt("%.0f", median("A", "ka_pings_1s"))
				+ " |");
		line("");
		Double warmup = median("A", "ka_cpu_warmup");
		if (warmup != null) {
			line("Measured after a warm-up with the pings going, in a fresh JVM each round. During the warm-up "
					+ "(right after opening the connections, while the JIT compiles the ping and pong paths) the "
					+ "server used " + fmt("%.2f", warmup) + " % of one core at "
					+ fmt("%.0f", median("A", "ka_pings_warmup")) + " pings/s.");
			line("");
		}
		Double answered = median("F", "floor_answer");
		Double silent = median("F", "floor_silent");
		if (answered != null || silent != null) {
			line("Floor of the method on this machine (`keepalive-floor.c`: plain C, level-triggered epoll, the same "
					+ "connection count, one 10-byte ping per connection per second over loopback): "
					+ fmt("%.2f", answered) + " % of one core when every ping is answered and the answers are read, "
					+ fmt("%.2f", silent) + " % for the writes alone.");
			line("");
		}
	}

	private void targets() {
		line("## Targets for A, this run");
		line("");
		for (int size : SIZES) {
			for (int conns : new int[] { 64, 1024 }) {
				String key = "msgs_" + size + "_" + conns;
				target("throughput A/D (Netty NIO) ≥ 1.0, " + label(size, conns), ratioValue(key, "D"), (r) -> r >= 1.0);
				target("throughput A/E (Netty epoll) ≥ 1.0, " + label(size, conns), ratioValue(key, "E"),
						(r) -> r >= 1.0);
				target("server CPU per message A/E ≤ 1.0, " + label(size, conns),
						ratioValue("cpumsg_" + size + "_" + conns, "E"), (r) -> r <= 1.0);
			}
			target("latency p99 A ≤ Netty epoll (ratio A/E), " + label(size, 64), ratioValue("p99_" + size + "_64", "E"),
					(r) -> r <= 1.0);
		}
		target("latency p99 A ≤ B, one connection (ratio A/B), " + label(16, 1), ratioValue("p99_16_1", "B"),
				(r) -> r <= 1.0);
		Double heap = median("A", "heap_idle");
		target("heap per idle connection A ≤ 8 KB (KB)", (heap != null) ? heap / 1024 : null, (r) -> r <= 8.0);
		target("handshakes/s A ≥ B (ratio A/B)", ratioValue("handshakes", "B"), (r) -> r >= 1.0);
		Double on = median("A", "ka_cpu_1s");
		Double answered = median("F", "floor_answer");
		target("keep-alive 1 s on idle connections ≤ 1.5 × the floor of the method (ratio)",
				(on != null && answered != null && answered > 0) ? on / answered : null, (r) -> r <= 1.5);
		line("");
		if (median("J", "heap_idle") == null) {
			return;
		}
		// The same targets on Jetty, against plain Spring on Jetty (K).
		line("## Targets for J (wsboot on Jetty), this run");
		line("");
		Double jettyHeap = median("J", "heap_idle");
		target("heap per idle connection J ≤ 8 KB (KB)", jettyHeap / 1024, (r) -> r <= 8.0);
		target("handshakes/s J ≥ K (ratio J/K)", ratio("J", "K", "handshakes"), (r) -> r >= 1.0);
		target("latency p99 J ≤ K, one connection (ratio J/K), " + label(16, 1), ratio("J", "K", "p99_16_1"),
				(r) -> r <= 1.0);
		line("");
	}

	private Double ratio(String server, String other, String key) {
		Double a = median(server, key);
		Double b = median(other, key);
		return (a != null && b != null && b != 0) ? a / b : null;
	}

	private void target(String what, Double value, java.util.function.DoublePredicate met) {
		String verdict = (value == null) ? "not measured" : met.test(value) ? "met" : "MISSED";
		line("- **" + verdict + "**: " + what + (value != null ? ": " + fmt("%.2f", value) : ""));
	}

	private void heapByClass() throws IOException {
		int round = this.rounds.isEmpty() ? 1 : this.rounds.last();
		List<String> servers = Stream.concat(SERVERS.stream(), JETTY_SERVERS.stream()).toList();
		Map<String, Double> opened = new HashMap<>();
		for (String server : servers) {
			List<Double> counts = this.values.getOrDefault(server, Map.of()).get("idle_opened");
			if (counts != null && !counts.isEmpty()) {
				opened.put(server, counts.getLast());
			}
		}
		new HeapByClass(this.dir, round).render(servers, opened, this::line);
	}

	private void header(String first, String ratioSuffix) {
		StringBuilder h = new StringBuilder("| " + first + " |");
		StringBuilder rule = new StringBuilder("| --- |");
		for (String server : SERVERS) {
			h.append(' ').append(SERVER_NAMES.get(server)).append(" |");
			rule.append(" ---: |");
		}
		for (String other : OTHERS) {
			h.append(' ').append("A/").append(other).append(ratioSuffix).append(" |");
			rule.append(" ---: |");
		}
		line(h.toString());
		line(rule.toString());
	}

	private void row(String label, String key, DoubleUnaryOperator scale, String format) {
		StringBuilder row = new StringBuilder("| " + label + " |");
		for (String server : SERVERS) {
			Double m = median(server, key);
			row.append(' ').append((m != null) ? fmt(format, scale.applyAsDouble(m)) : "–").append(" |");
		}
		for (String other : OTHERS) {
			row.append(' ').append(ratio(key, other)).append(" |");
		}
		line(row.toString());
	}

	private String ratio(String key, String other) {
		Double r = ratioValue(key, other);
		return (r != null) ? fmt("%.2f", r) : "–";
	}

	private Double ratioValue(String key, String other) {
		return ratio("A", other, key);
	}

	private Double median(String server, String key) {
		List<Double> list = this.values.getOrDefault(server, Map.of()).get(key);
		if (list == null || list.isEmpty()) {
			return null;
		}
		List<Double> sorted = list.stream().sorted().toList();
		int n = sorted.size();
		return (n % 2 == 1) ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
	}

	private static String label(int size, int conns) {
		return ((size >= 1024) ? (size / 1024) + " KB" : size + " B") + ", " + String.format(Locale.ROOT, "%,d", conns)
				+ ((conns == 1) ? " conn" : " conns");
	}

	private static String fmt(String format, Double value) {
		return (value == null) ? "–" : String.format(Locale.ROOT, format, value);
	}

	private void line(String text) {
		this.out.append(text).append('\n');
	}

}
