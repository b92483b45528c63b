package dev.wsboot.server.supervision;

import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.apache.commons.logging.Log;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link RateLimitedLog}.
 */
class RateLimitedLogTests {

	private final List<String> lines = new CopyOnWriteArrayList<>();

	private final Log log = (Log) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] { Log.class },
			(proxy, method, args) -> {
				if (method.getName().startsWith("is")) {
					return true;
				}
				if (args != null && args.length == 1) {
					this.lines.add(method.getName() + ": " + args[0]);
				}
				return null;
			});

	@Test
	void writesOneLinePerKindAndPeriod() {
		RateLimitedLog limited = new RateLimitedLog(this.log, Duration.ofHours(1));
		for (int i = 0; i < 5; i++) {
			limited.info("origin", () -> "refused origin");
			limited.warn("slow", () -> "slow consumer");
		}
		assertThat(this.lines).containsExactly("info: refused origin", "warn: slow consumer");
	}

	@Test
	void saysHowManyLinesItHeldBackWhenTheNextPeriodBegins() {
		RateLimitedLog limited = new RateLimitedLog(this.log, Duration.ofMillis(200));
		limited.info("origin", () -> "first");
		limited.info("origin", () -> "held");
		limited.info("origin", () -> "held");
		await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(50)).until(() -> {
			limited.info("origin", () -> "next");
			return this.lines.size() == 2;
		});
		assertThat(this.lines.get(1)).startsWith("info: next (")
			.endsWith(" similar events not logged in the previous 200ms)");
		int heldBack = Integer.parseInt(this.lines.get(1).substring("info: next (".length()).split(" ")[0]);
		assertThat(heldBack).isGreaterThanOrEqualTo(2);
	}

	@Test
	void printsClientValuesWithoutControlCharactersAndCutAt100() {
		assertThat(RateLimitedLog.printable("evil\r\nINFO forged line")).isEqualTo("evil??INFO forged line");
		assertThat(RateLimitedLog.printable("x".repeat(150))).isEqualTo("x".repeat(100) + "...");
		assertThat(RateLimitedLog.printable(null)).isEmpty();
	}

}
