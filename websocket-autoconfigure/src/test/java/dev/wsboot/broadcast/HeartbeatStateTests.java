package dev.wsboot.broadcast;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.wsboot.broadcast.BroadcastMonitor.BackplaneFailure;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Connected by the backplane's own heartbeats: connecting until the first, lost after three
 * silent intervals (logged once and counted once), connected again with the next.
 */
@ExtendWith(OutputCaptureExtension.class)
class HeartbeatStateTests {

	private final List<BackplaneFailure> failures = new ArrayList<>();

	private final HeartbeatState state = new HeartbeatState(Duration.ofMillis(50), "Test backplane on channel 'c'",
			new BroadcastMonitor() {

				@Override
				public void backplaneFailed(BackplaneFailure failure) {
					HeartbeatStateTests.this.failures.add(failure);
				}

			});

	@Test
	void isConnectedFromTheFirstHeartbeat(CapturedOutput output) {
		this.state.starting();
		assertThat(this.state.isConnected()).isFalse();
		this.state.heard("instance-1");
		assertThat(this.state.isConnected()).isTrue();
		assertThat(output).contains("Test backplane connected on channel 'c' as instance instance-1");
	}

	@Test
	void isLostAfterThreeSilentIntervalsOnceAndConnectedAgainWithTheNextHeartbeat(CapturedOutput output) {
		this.state.starting();
		this.state.heard("instance-1");
		await().atMost(Duration.ofSeconds(5)).until(() -> {
			this.state.check();
			return !this.state.isConnected();
		});
		this.state.check();
		assertThat(this.failures).containsExactly(BackplaneFailure.CONNECTION);
		assertThat(output).containsOnlyOnce("lost its connection: no heartbeat for");
		this.state.heard("instance-1");
		assertThat(this.state.isConnected()).isTrue();
		assertThat(output).contains("Test backplane on channel 'c' is connected again after");
	}

	@Test
	void saysItCouldNotConnectWhenNoHeartbeatEverCame(CapturedOutput output) {
		this.state.starting();
		await().atMost(Duration.ofSeconds(5)).until(() -> {
			this.state.check();
			return this.failures.size() == 1;
		});
		assertThat(output).contains("Test backplane on channel 'c' could not connect: no heartbeat for");
	}

	@Test
	void theStartWaitsForTheFirstHeartbeatButNotLongerThanThreeIntervals() {
		this.state.starting();
		long start = System.nanoTime();
		this.state.awaitFirst();
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(150));
		this.state.starting();
		Thread.ofVirtual().start(() -> this.state.heard("instance-1"));
		this.state.awaitFirst();
		assertThat(this.state.isConnected()).isTrue();
	}

}
