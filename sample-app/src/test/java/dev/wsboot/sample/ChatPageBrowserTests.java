package dev.wsboot.sample;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;

import dev.wsboot.testing.WebSocketTestClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The chat page in a real browser: headless Chromium joins a room next to a test client and both
 * see what the other says. Skipped, with the reason, where Chromium or chromedriver is not installed.
 */
@SpringBootTest(classes = SampleApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT)
@Timeout(90)
class ChatPageBrowserTests {

	private static HeadlessChromium chromium;

	@LocalServerPort
	int port;

	@AfterAll
	static void stopChromium() {
		if (chromium != null) {
			chromium.close();
			chromium = null;
		}
	}

	@Test
	void browserAndAnotherClientInTheSameRoomSeeEachOthersMessages() throws Exception {
		chromium = HeadlessChromium.startOrSkip(Path.of("target"));
		ChromeDriver driver = chromium.driver();
		WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(20), Duration.ofMillis(100));
		wait.ignoring(StaleElementReferenceException.class);
		driver.get("http://127.0.0.1:" + this.port + "/chat.html");
		WebElement room = driver.findElement(By.id("room"));
		room.clear();
		room.sendKeys("garden");
		WebElement name = driver.findElement(By.id("name"));
		name.clear();
		name.sendKeys("alice");
		driver.findElement(By.id("joinButton")).click();
		wait.until((d) -> messages(d).contains("* alice joined garden"));
		try (WebSocketTestClient bob = WebSocketTestClient.to(this.port, "/chat/garden?name=bob").connect()) {
			assertThat(bob.expectMessage(ChatEvent.class)).isEqualTo(ChatEvent.joined("garden", "bob"));
			wait.until((d) -> messages(d).contains("* bob joined garden"));
			bob.send(new ChatPost("hi alice"));
			wait.until((d) -> messages(d).contains("bob: hi alice"));
			WebElement message = driver.findElement(By.id("message"));
			message.sendKeys("hi bob");
			driver.findElement(By.id("sendButton")).click();
			assertThat(bob.expectMessage(ChatEvent.class)).isEqualTo(ChatEvent.said("garden", "bob", "hi alice"));
			assertThat(bob.expectMessage(ChatEvent.class)).isEqualTo(ChatEvent.said("garden", "alice", "hi bob"));
			wait.until((d) -> messages(d).contains("alice: hi bob"));
			assertThat(messages(driver)).containsExactly("* alice joined garden", "* bob joined garden", "bob: hi alice",
					"alice: hi bob");
			assertThat(driver.findElement(By.id("status")).getText()).isEqualTo("In room garden");
			screenshot(driver);
		}
	}

	private static List<String> messages(org.openqa.selenium.WebDriver driver) {
		return driver.findElements(By.cssSelector("#messages li")).stream().map(WebElement::getText).toList();
	}

	private static void screenshot(ChromeDriver driver) throws IOException {
		Path target = Path.of("target", "screenshots", "chat-page.png");
		Files.createDirectories(target.getParent());
		Files.copy(driver.getScreenshotAs(OutputType.FILE).toPath(), target, StandardCopyOption.REPLACE_EXISTING);
	}

}
