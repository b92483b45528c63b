package dev.wsboot.server.connection;

import dev.wsboot.CloseStatus;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNoException;

/**
 * Tests for {@link SendableCloseStatus}.
 */
class SendableCloseStatusTests {

	@Test
	void refusesACodeThatMayNotTravelInACloseFrameAndSaysWhichMay() {
		assertThatIllegalArgumentException().isThrownBy(() -> SendableCloseStatus.check(CloseStatus.ABNORMAL))
			.withMessage("Close code 1006 may not be sent in a close frame (RFC 6455, section 7.4); "
					+ "use 1000, 1001, 1008 or 4000-4999");
	}

	@Test
	void letsDefinedAndApplicationCodesThrough() {
		assertThatNoException().isThrownBy(() -> SendableCloseStatus.check(CloseStatus.POLICY_VIOLATION));
		assertThatNoException().isThrownBy(() -> SendableCloseStatus.check(new CloseStatus(4000, "app")));
	}

}
