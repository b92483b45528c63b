package dev.wsboot;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link CloseStatus}.
 */
class CloseStatusTests {

	@Test
	void refusesCodesOutsideTheRangeOfRfc6455() {
		assertThatIllegalArgumentException().isThrownBy(() -> new CloseStatus(999, ""))
			.withMessage("Close code must be between 1000 and 4999, was 999");
		assertThatIllegalArgumentException().isThrownBy(() -> new CloseStatus(5000, ""));
	}

	@Test
	void codesThatMustNotBeSentAreNotSendable() {
		assertThat(CloseStatus.NO_STATUS_CODE.isSendable()).isFalse();
		assertThat(CloseStatus.ABNORMAL.isSendable()).isFalse();
		assertThat(new CloseStatus(1004, "").isSendable()).isFalse();
		assertThat(new CloseStatus(1015, "").isSendable()).isFalse();
		assertThat(new CloseStatus(2999, "").isSendable()).isFalse();
	}

	@Test
	void definedAndApplicationCodesAreSendable() {
		assertThat(CloseStatus.NORMAL.isSendable()).isTrue();
		assertThat(CloseStatus.TOO_BIG.isSendable()).isTrue();
		assertThat(new CloseStatus(1014, "").isSendable()).isTrue();
		assertThat(new CloseStatus(3000, "").isSendable()).isTrue();
		assertThat(new CloseStatus(4999, "").isSendable()).isTrue();
	}

	@Test
	void withReasonKeepsTheCode() {
		assertThat(CloseStatus.POLICY_VIOLATION.withReason("Rate limit exceeded"))
			.isEqualTo(new CloseStatus(1008, "Rate limit exceeded"));
	}

}
