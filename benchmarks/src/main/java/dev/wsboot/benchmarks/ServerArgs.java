package dev.wsboot.benchmarks;

/**
 * Reads the listening port of a benchmark server from Spring Boot style arguments.
 */
final class ServerArgs {

	private static final String PORT = "--server.port=";

	private ServerArgs() {
	}

	// The same --server.port argument for every server keeps the run script free of special cases.
	static int port(String[] args) {
		for (String arg : args) {
			if (arg.startsWith(PORT)) {
				return Integer.parseInt(arg.substring(PORT.length()));
			}
		}
		return 8080;
	}

}
