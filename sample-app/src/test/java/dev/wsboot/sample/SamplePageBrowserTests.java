package dev.wsboot.sample;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import dev.wsboot.testing.TcpProxy;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.Timeout;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * The sample page in a real browser: headless Chromium clicks through the page served by the
 * sample app and reads what a user would see in the status label and the Communication Log.
 * Skipped, with the reason, where Chromium or chromedriver is not installed.
 */
@SpringBootTest(classes = SampleApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT)
class SamplePageBrowserTests {

	private static final Logger logger = LoggerFactory.getLogger(SamplePageBrowserTests.class);

	private static final Path SCREENSHOTS = Path.of("target", "screenshots");

	private static final Duration WAIT = Duration.ofSeconds(20);

	private static HeadlessChromium chromium;

	@LocalServerPort
	int port;

	ChromeDriver driver;

	WebDriverWait wait;

	@AfterAll
	static void stopChromium() {
		if (chromium != null) {
			chromium.close();
			chromium = null;
		}
	}

	@BeforeEach
	void prepare() throws IOException {
		// Checked per test (not in @BeforeAll) so that each skipped test reports the reason.
		if (chromium == null) {
			chromium = HeadlessChromium.startOrSkip(Path.of("target"));
		}
		this.driver = chromium.driver();
		this.wait = new WebDriverWait(this.driver, WAIT, Duration.ofMillis(100));
		this.wait.ignoring(StaleElementReferenceException.class);
	}

	@AfterEach
	void saveScreenshot(TestInfo testInfo) throws IOException {
		if (this.driver == null) {
			return;
		}
		Files.createDirectories(SCREENSHOTS);
		Path target = SCREENSHOTS.resolve(getClass().getSimpleName() + "-"
				+ testInfo.getTestMethod().orElseThrow().getName() + ".png");
		Path shot = this.driver.getScreenshotAs(OutputType.FILE).toPath();
		Files.copy(shot, target, StandardCopyOption.REPLACE_EXISTING);
		logger.info("Screenshot of the sample page: {}", target.toAbsolutePath());
	}

	@Test
	@Timeout(value = 60, unit = TimeUnit.SECONDS)
	void echoesThreeMessagesAndShowsCloseCode1000() {
		this.driver.get("http://127.0.0.1:" + this.port + "/");
		awaitState("ready");
		assertThat(byId("connectionUrl").getDomProperty("value")).isEqualTo("ws://127.0.0.1:" + this.port + "/ws");
		assertThat(byId("sendButton").isEnabled()).as("Send enabled before connecting").isFalse();

		byId("connectButton").click();
		awaitState("open");
		assertThat(byId("stateLabel").getText()).isEqualTo("Open");
		assertThat(byId("connectButton").isEnabled()).as("Connect enabled while open").isFalse();

		List<String> messages = List.of("Hello, wsboot", "Grüße 👋", "<b>not bold</b> & \"quoted\"");
		for (int i = 0; i < messages.size(); i++) {
			type(byId("sendMessage"), messages.get(i));
			byId("sendButton").click();
			int echoes = i + 1;
			this.wait.withMessage(() -> "echo #" + echoes + " in the Communication Log; log: " + logRows())
				.until((d) -> rowsOfKind("receive") == echoes);
		}
		assertThat(byId("sendMessage").getDomProperty("value")).as("message box emptied after sending").isEmpty();

		byId("closeButton").click();
		this.wait.withMessage(() -> "a close row in the Communication Log; log: " + logRows())
			.until((d) -> rowsOfKind("close") == 1);
		awaitState("closed");

		List<WebElement> rows = this.driver.findElements(By.cssSelector("#commsLog tr.log-entry"));
		assertThat(rows).as("rows of the Communication Log").hasSize(8);
		assertThat(rows.subList(0, 7))
			.extracting((row) -> row.getDomAttribute("data-kind"), (row) -> cell(row, "from"), (row) -> cell(row, "to"),
					(row) -> cell(row, "data"))
			.containsExactly(tuple("open", "", "", "Connection opened"),
					tuple("send", "Client", "Server", messages.get(0)),
					tuple("receive", "Server", "Client", messages.get(0)),
					tuple("send", "Client", "Server", messages.get(1)),
					tuple("receive", "Server", "Client", messages.get(1)),
					tuple("send", "Client", "Server", messages.get(2)),
					tuple("receive", "Server", "Client", messages.get(2)));
		assertThat(rows).extracting((row) -> cell(row, "time"))
			.allMatch((time) -> time.matches("\\d\\d:\\d\\d:\\d\\d\\.\\d{3}"));
		WebElement closeRow = rows.get(7);
		assertThat(closeRow.getDomAttribute("data-kind")).isEqualTo("close");
		assertThat(closeRow.getDomAttribute("data-code")).isEqualTo("1000");
		assertThat(cell(closeRow, "data")).startsWith("Connection closed. Code: 1000");
		assertThat(byId("stateLabel").getText()).startsWith("Closed. Code: 1000");
		assertThat(byId("connectButton").isEnabled()).as("Connect enabled after closing").isTrue();
		assertThat(byId("sendButton").isEnabled()).as("Send enabled after closing").isFalse();
	}

	@Test
	@Timeout(value = 60, unit = TimeUnit.SECONDS)
	void showsErrorStateWhenTheServerRefusesTheConnection() throws IOException {
		String refusingUrl = "ws://127.0.0.1:" + closedLoopbackPort() + "/ws";
		this.driver.get("http://127.0.0.1:" + this.port + "/?url=" + URLEncoder.encode(refusingUrl, StandardCharsets.UTF_8));
		awaitState("ready");
		assertThat(byId("connectionUrl").getDomProperty("value")).isEqualTo(refusingUrl);
		// Record every state the status label shows, however briefly.
		this.driver.executeScript("""
				const label = document.getElementById('stateLabel');
				window.wsbootStates = [label.getAttribute('data-state')];
				new MutationObserver(() => window.wsbootStates.push(label.getAttribute('data-state')))
					.observe(label, { attributes: true, attributeFilter: ['data-state'] });
				""");

		byId("connectButton").click();
		this.wait.withMessage(() -> "an error row in the Communication Log; log: " + logRows())
			.until((d) -> rowsOfKind("error") == 1);
		this.wait.withMessage(() -> "Connect enabled again after the failure")
			.until((d) -> byId("connectButton").isEnabled());

		@SuppressWarnings("unchecked")
		List<String> states = (List<String>) this.driver.executeScript("return window.wsbootStates;");
		logger.info("States shown by the page for a refused connection: {}; label now '{}'", states,
				byId("stateLabel").getText());
		assertThat(states).as("states the status label showed").containsSubsequence("ready", "connecting", "error");
		WebElement errorRow = this.driver.findElement(By.cssSelector("#commsLog tr.log-entry[data-kind='error']"));
		assertThat(cell(errorRow, "data")).isEqualTo("WebSocket error");
		assertThat(rowsOfKind("open")).as("open rows").isZero();
		assertThat(byId("sendButton").isEnabled()).as("Send enabled after the failure").isFalse();
	}

	@Test
	@Timeout(value = 60, unit = TimeUnit.SECONDS)
	void survivesADroppedConnectionAndShowsItResumedWithNothingLost() throws IOException {
		try (TcpProxy proxy = new TcpProxy(this.port)) {
			// The page and its WebSocket both go through the proxy, as through a load balancer.
			this.driver.get("http://127.0.0.1:" + proxy.port() + "/");
			awaitState("ready");
			assertThat(byId("resumeToggle").isSelected()).as("resuming is on by default").isTrue();
			byId("connectButton").click();
			awaitState("open");
			type(byId("sendMessage"), "before the drop");
			byId("sendButton").click();
			this.wait.withMessage(() -> "the first echo; log: " + logRows()).until((d) -> rowsOfKind("receive") == 1);

			proxy.cut();
			awaitState("resumed");
			type(byId("sendMessage"), "after the drop");
			byId("sendButton").click();
			this.wait.withMessage(() -> "the second echo; log: " + logRows()).until((d) -> rowsOfKind("receive") == 2);

			List<WebElement> rows = this.driver.findElements(By.cssSelector("#commsLog tr.log-entry"));
			assertThat(rows).extracting((row) -> row.getDomAttribute("data-kind"), (row) -> cell(row, "data"))
				.containsExactly(tuple("open", "Connection opened"), tuple("send", "before the drop"),
						tuple("receive", "before the drop"),
						tuple("reconnecting", "Connection lost; reconnecting to resume it"),
						tuple("resumed", "Connection resumed; no message lost"), tuple("send", "after the drop"),
						tuple("receive", "after the drop"));
			assertThat(byId("stateLabel").getText()).isEqualTo("Resumed");
			assertThat(rowsOfKind("close")).as("close rows").isZero();
		}
	}

	private void awaitState(String state) {
		this.wait.withMessage(() -> "status label in state '" + state + "', but it is '"
				+ byId("stateLabel").getDomAttribute("data-state") + "' (" + byId("stateLabel").getText() + "); log: "
				+ logRows())
			.until((d) -> state.equals(byId("stateLabel").getDomAttribute("data-state")));
	}

	private void type(WebElement input, String text) {
		input.click();
		if (text.codePoints().allMatch(Character::isBmpCodePoint)) {
			input.sendKeys(text);
		}
		else {
			// chromedriver types only characters of the Basic Multilingual Plane; emoji go in the
			// way an input method commits them.
			this.driver.executeCdpCommand("Input.insertText", Map.of("text", text));
		}
		assertThat(input.getDomProperty("value")).as("typed text").isEqualTo(text);
	}

	private WebElement byId(String id) {
		return this.driver.findElement(By.id(id));
	}

	private long rowsOfKind(String kind) {
		return this.driver.findElements(By.cssSelector("#commsLog tr.log-entry[data-kind='" + kind + "']")).size();
	}

	private String logRows() {
		try {
			return this.driver.findElements(By.cssSelector("#commsLog tr.log-entry"))
				.stream()
				.map((row) -> row.getDomAttribute("data-kind") + ":" + cell(row, "data"))
				.toList()
				.toString();
		}
		catch (RuntimeException ex) {
			return "(unreadable: " + ex.getMessage() + ")";
		}
	}

	private static String cell(WebElement row, String column) {
		return row.findElement(By.cssSelector("td." + column)).getText();
	}

	private static int closedLoopbackPort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
	}

}
