package dev.wsboot.server.frame;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The close-frame rules of RFC 6455 sections 5.5.1 and 7.4.
 */
class CloseFramesTests {

	@Test
	void peerCloseCodesFollowRfc6455() {
		assertThat(CloseFrames.isValidPeerCloseCode(1000)).isTrue();
		assertThat(CloseFrames.isValidPeerCloseCode(1011)).isTrue();
		assertThat(CloseFrames.isValidPeerCloseCode(3000)).isTrue();
		assertThat(CloseFrames.isValidPeerCloseCode(4999)).isTrue();
		for (int reserved : new int[] { 999, 1004, 1005, 1006, 1015, 1016, 2999, 5000 }) {
			assertThat(CloseFrames.isValidPeerCloseCode(reserved)).as("code %d", reserved).isFalse();
		}
	}

	@Test
	void readsAnEmptyPayloadAsNoStatusCode() throws WebSocketProtocolException {
		assertThat(CloseFrames.read(new byte[0])).isEqualTo(new CloseFrames.Received(1005, ""));
	}

	@Test
	void readsCodeAndReason() throws WebSocketProtocolException {
		byte[] payload = ByteBuffer.allocate(5).putShort((short) 4000).put("bye".getBytes(StandardCharsets.UTF_8)).array();
		assertThat(CloseFrames.read(payload)).isEqualTo(new CloseFrames.Received(4000, "bye"));
	}

	@Test
	void refusesAOneBytePayloadAndForbiddenCodesWith1002() {
		assertCloseCode(new byte[] { 0x03 }, 1002);
		assertCloseCode(new byte[] { 0x03, (byte) 0xED }, 1002);
	}

	@Test
	void refusesAReasonThatIsNotUtf8With1007() {
		assertCloseCode(new byte[] { 0x03, (byte) 0xE8, (byte) 0xC0, (byte) 0xAF }, 1007);
	}

	@Test
	void neverSendsTheCodesReservedForLocalUse() {
		assertThat(CloseFrames.payload(1005, "x").remaining()).isZero();
		assertThat(CloseFrames.payload(1006, "x").remaining()).isZero();
		assertThat(CloseFrames.payload(1001, "bye").remaining()).isEqualTo(5);
	}

	@Test
	void cutsAReasonToFitAControlFrameWithoutBreakingACharacter() {
		ByteBuffer payload = CloseFrames.payload(1008, "é".repeat(200));
		assertThat(payload.remaining()).isLessThanOrEqualTo(125);
		byte[] reason = new byte[payload.remaining() - 2];
		payload.position(2).get(reason);
		assertThat(new String(reason, StandardCharsets.UTF_8)).matches("é+");
	}

	@Test
	void answersAPeerWithItsOwnCode() {
		assertThat(CloseFrames.answer(1000).getShort(0)).isEqualTo((short) 1000);
		assertThat(CloseFrames.answer(1005).remaining()).isZero();
	}

	private static void assertCloseCode(byte[] payload, int code) {
		assertThatExceptionOfType(WebSocketProtocolException.class).isThrownBy(() -> CloseFrames.read(payload))
			.satisfies((ex) -> assertThat(ex.closeCode()).isEqualTo(code));
	}

}
