package dev.wsboot.test;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import com.sun.management.HotSpotDiagnosticMXBean;

/**
 * Thread dumps for a test that timed out, virtual threads included, so that a rare hang leaves
 * the stacks that explain it in the build's output.
 */
public final class ThreadDumps {

	private ThreadDumps() {
	}

	/**
	 * Dump every thread to a file under {@code target/} and return the stacks that run wsboot's
	 * code.
	 * @param name names the dump file
	 * @return the stacks with a {@code dev.wsboot} frame, or why there are none
	 */
	public static String wsbootStacks(String name) {
		try {
			Path file = Path.of("target", "thread-dump-" + name + "-" + System.nanoTime() + ".txt").toAbsolutePath();
			Files.createDirectories(file.getParent());
			ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class)
				.dumpThreads(file.toString(), HotSpotDiagnosticMXBean.ThreadDumpFormat.TEXT_PLAIN);
			List<String> stacks = new ArrayList<>();
			// Threads are separated by blank lines in the plain format.
			for (String thread : Files.readString(file).split("\\R\\R")) {
				if (thread.contains("dev.wsboot.server")) {
					stacks.add(thread.strip());
				}
			}
			return "thread dump " + file + "; threads in wsboot's code:\n" + String.join("\n\n", stacks);
		}
		catch (IOException | RuntimeException ex) {
			return "no thread dump: " + ex;
		}
	}

}
