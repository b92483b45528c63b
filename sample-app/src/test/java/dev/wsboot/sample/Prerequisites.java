package dev.wsboot.sample;

import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Checks for the external programs the proof tests use (Chromium, chromedriver, nginx). A missing
 * program skips the test with the reason, unless the system property
 * {@code wsboot.test.require-tools} is {@code true} (as on CI, which installs them): then it fails
 * the test, so that a missing install step cannot pass as a green build.
 */
final class Prerequisites {

	private Prerequisites() {
	}

	static void require(boolean present, Supplier<String> reason) {
		// CI installs the tools, so there a missing one is a broken build, not a reason to skip.
		if (Boolean.getBoolean("wsboot.test.require-tools") || "true".equals(System.getenv("CI"))) {
			if (!present) {
				fail(reason.get() + " (wsboot.test.require-tools=true or CI=true)");
			}
		}
		else {
			assumeTrue(present, reason);
		}
	}

}
