package dev.wsboot.sample;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.stream.Stream;

import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * The system's Chromium, driven by the system's chromedriver (Debian's {@code chromium} and
 * {@code chromium-driver} packages). Both are given to Selenium by path, so Selenium Manager is
 * never asked to find or download anything. The system properties {@code wsboot.test.chromium}
 * and {@code wsboot.test.chromedriver} name other binaries.
 */
final class HeadlessChromium implements AutoCloseable {

	private final ChromeDriver driver;

	private final Path userDataDir;

	private HeadlessChromium(ChromeDriver driver, Path userDataDir) {
		this.driver = driver;
		this.userDataDir = userDataDir;
	}

	/**
	 * Start a headless Chromium with a fresh profile, or skip the calling test with the reason
	 * when Chromium or chromedriver is not installed (see {@link Prerequisites}).
	 * @param logDir where chromedriver writes its log
	 * @return the running browser
	 * @throws IOException if the profile directory cannot be made
	 */
	static HeadlessChromium startOrSkip(Path logDir) throws IOException {
		Path chromium = Path.of(System.getProperty("wsboot.test.chromium", "/usr/bin/chromium"));
		Path chromedriver = Path.of(System.getProperty("wsboot.test.chromedriver", "/usr/bin/chromedriver"));
		Prerequisites.require(Files.isExecutable(chromium), () -> "No Chromium at " + chromium
				+ ": install it (apt-get install chromium chromium-driver) or set -Dwsboot.test.chromium to run this test");
		Prerequisites.require(Files.isExecutable(chromedriver), () -> "No chromedriver at " + chromedriver
				+ ": install it (apt-get install chromium-driver) or set -Dwsboot.test.chromedriver to run this test");
		Path userDataDir = Files.createTempDirectory("wsboot-chromium-");
		ChromeOptions options = new ChromeOptions();
		options.setBinary(chromium.toFile());
		options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
				"--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
				"--disable-sync", "--user-data-dir=" + userDataDir,
				// Loopback only: no proxy, and none of the browser's own calls home.
				"--no-proxy-server", "--disable-extensions", "--disable-default-apps", "--disable-domain-reliability",
				"--disable-client-side-phishing-detection", "--no-default-browser-check", "--password-store=basic",
				"--lang=en-US", "--window-size=1100,900");
		Files.createDirectories(logDir);
		ChromeDriverService service = new ChromeDriverService.Builder()
			.usingDriverExecutable(chromedriver.toFile())
			.usingAnyFreePort()
			.withLogFile(new File(logDir.toFile(), "chromedriver.log"))
			.withTimeout(Duration.ofSeconds(60))
			.build();
		try {
			return new HeadlessChromium(new ChromeDriver(service, options), userDataDir);
		}
		catch (RuntimeException ex) {
			service.stop();
			deleteRecursively(userDataDir);
			throw ex;
		}
	}

	ChromeDriver driver() {
		return this.driver;
	}

	@Override
	public void close() {
		try {
			this.driver.quit();
		}
		finally {
			deleteRecursively(this.userDataDir);
		}
	}

	private static void deleteRecursively(Path dir) {
		try (Stream<Path> paths = Files.walk(dir)) {
			paths.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
		}
		catch (IOException ex) {
			// Best effort: it is a temporary directory.
		}
	}

}
