package dev.wsboot.server.resume;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link BroadcastOrder}.
 */
class BroadcastOrderTests {

	@Test
	void comparesStreamIdsByTimeThenSequence() {
		assertThat(BroadcastOrder.compare("1733470000000-3", "1733470000000-12")).isNegative();
		assertThat(BroadcastOrder.compare("1733470000001-0", "1733470000000-99")).isPositive();
		assertThat(BroadcastOrder.compare("5-5", "5-5")).isZero();
		assertThat(BroadcastOrder.compare("0-0", "1-0")).isNegative();
	}

	@Test
	void takesEachBroadcastOnceAndOnlyForward() {
		BroadcastOrder order = new BroadcastOrder("10-0");
		assertThat(order.advance("9-5")).isFalse();
		assertThat(order.advance("10-0")).isFalse();
		assertThat(order.advance("10-1")).isTrue();
		assertThat(order.advance("10-1")).isFalse();
		assertThat(order.last()).isEqualTo("10-1");
	}

	@Test
	void holdsLiveBroadcastsWhileAReplayRunsAndHandsThemBackInOrder() {
		BroadcastOrder order = new BroadcastOrder(null);
		order.beginReplay();
		List<String> kept = new ArrayList<>();
		order.hold(() -> kept.add("live 1"));
		order.hold(() -> kept.add("live 2"));
		assertThat(order.isReplaying()).isTrue();
		order.endReplay().forEach(Runnable::run);
		assertThat(kept).containsExactly("live 1", "live 2");
		assertThat(order.isReplaying()).isFalse();
		assertThat(order.endReplay()).isEmpty();
	}

}
