package dev.wsboot.server.resume;

import dev.wsboot.WebSocketMessage;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link ResendBuffer}.
 */
class ResendBufferTests {

	private final ResendBuffer buffer = new ResendBuffer();

	@Test
	void numbersMessagesFromOneAndKeepsThemUntilAcknowledged() {
		assertThat(this.buffer.add(WebSocketMessage.text("a"))).isEqualTo(1);
		assertThat(this.buffer.add(WebSocketMessage.text("bb"))).isEqualTo(2);
		assertThat(this.buffer.add(WebSocketMessage.binary(new byte[4]))).isEqualTo(3);
		assertThat(this.buffer.bytes()).isEqualTo(7);
		assertThat(this.buffer.acknowledge(2)).isTrue();
		assertThat(this.buffer.get(2)).isNull();
		assertThat(this.buffer.get(3)).isEqualTo(WebSocketMessage.binary(new byte[4]));
		assertThat(this.buffer.firstSequence()).isEqualTo(3);
		assertThat(this.buffer.bytes()).isEqualTo(4);
	}

	@Test
	void refusesAnAcknowledgementOfMessagesNeverSent() {
		this.buffer.add(WebSocketMessage.text("a"));
		assertThat(this.buffer.acknowledge(2)).isFalse();
		assertThat(this.buffer.get(1)).isEqualTo(WebSocketMessage.text("a"));
	}

	@Test
	void anOldAcknowledgementChangesNothing() {
		this.buffer.add(WebSocketMessage.text("a"));
		this.buffer.add(WebSocketMessage.text("b"));
		this.buffer.acknowledge(1);
		assertThat(this.buffer.acknowledge(0)).isTrue();
		assertThat(this.buffer.get(2)).isEqualTo(WebSocketMessage.text("b"));
	}

	@Test
	void keepsItsNumberingAcrossGrowthAndWrapAround() {
		for (int round = 0; round < 5; round++) {
			for (int i = 0; i < 13; i++) {
				this.buffer.add(WebSocketMessage.text(Long.toString(this.buffer.nextSequence())));
			}
			this.buffer.acknowledge(this.buffer.nextSequence() - 4);
		}
		long first = this.buffer.firstSequence();
		for (long sequence = first; sequence < this.buffer.nextSequence(); sequence++) {
			assertThat(this.buffer.get(sequence).text()).isEqualTo(Long.toString(sequence));
		}
		assertThat(this.buffer.nextSequence()).isEqualTo(66);
	}

	@Test
	void clearingKeepsTheNumbering() {
		this.buffer.add(WebSocketMessage.text("a"));
		this.buffer.clear();
		assertThat(this.buffer.bytes()).isZero();
		assertThat(this.buffer.add(WebSocketMessage.text("b"))).isEqualTo(2);
	}

}
