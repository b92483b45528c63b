package dev.wsboot.server.connection;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link MessageSizeTracker}.
 */
class MessageSizeTrackerTests {

	@Test
	void refusesAMessageAsSoonAsItsPartsPassTheLimit() {
		MessageSizeTracker tracker = new MessageSizeTracker(10);
		assertThat(tracker.addBinary(6, false)).isTrue();
		assertThat(tracker.addBinary(4, false)).isTrue();
		assertThat(tracker.addBinary(1, false)).isFalse();
	}

	@Test
	void startsCountingAgainAfterTheLastPart() {
		MessageSizeTracker tracker = new MessageSizeTracker(10);
		assertThat(tracker.addBinary(10, true)).isTrue();
		assertThat(tracker.addBinary(10, true)).isTrue();
	}

	@Test
	void countsTextInUtf8BytesAsOnTheWire() {
		MessageSizeTracker tracker = new MessageSizeTracker(10);
		// Five euro signs are five characters but fifteen bytes.
		assertThat(tracker.addText("€€€€€", true)).isFalse();
		assertThat(tracker.addText("abcdeabcde", true)).isTrue();
	}

}
