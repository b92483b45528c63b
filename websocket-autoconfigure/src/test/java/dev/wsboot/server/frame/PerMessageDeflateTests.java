package dev.wsboot.server.frame;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Negotiation and the compression round trip of direct I/O's permessage-deflate (RFC 7692).
 */
class PerMessageDeflateTests {

	@Test
	void acceptsWhatBrowsersOfferAndAnswersWithoutParameters() {
		PerMessageDeflate agreed = negotiate("permessage-deflate; client_max_window_bits");
		assertThat(agreed).isNotNull();
		assertThat(agreed.responseHeader()).isEqualTo("permessage-deflate");
	}

	@Test
	void acknowledgesNoContextTakeoverOnBothSides() {
		PerMessageDeflate agreed = negotiate(
				"permessage-deflate; server_no_context_takeover; client_no_context_takeover");
		assertThat(agreed).isNotNull();
		assertThat(agreed.responseHeader())
			.isEqualTo("permessage-deflate; server_no_context_takeover; client_no_context_takeover");
	}

	@Test
	void declinesOffersItCannotHonourAndTakesTheNextOne() {
		// The JDK's zlib compresses with a 32 KB window only.
		assertThat(negotiate("permessage-deflate; server_max_window_bits=10")).isNull();
		assertThat(negotiate("permessage-deflate; x_unknown=1")).isNull();
		assertThat(negotiate("permessage-deflate; client_max_window_bits=7")).isNull();
		assertThat(negotiate("permessage-deflate; server_max_window_bits=10, permessage-deflate")).isNotNull();
		assertThat(negotiate("permessage-deflate; server_max_window_bits=15")).isNotNull();
		assertThat(negotiate("x-webkit-deflate-frame")).isNull();
	}

	@Test
	void compressesSoThatStandardInflationWithTheTailRestoresTheMessage() throws Exception {
		PerMessageDeflate sender = negotiate("permessage-deflate");
		PerMessageDeflate receiver = negotiate("permessage-deflate");
		byte[] text = "to be or not to be, ".repeat(200).getBytes(StandardCharsets.UTF_8);
		// The second message refers back to the first: both sides keep their window.
		for (int round = 0; round < 2; round++) {
			ByteBuffer compressed = sender.deflate(ByteBuffer.wrap(text), true);
			byte[] wire = new byte[compressed.remaining()];
			compressed.get(wire);
			assertThat(wire.length).isLessThan(text.length / 10);
			// RFC 7692 section 7.2.1: the trailing 00 00 FF FF is left off the wire.
			assertThat(Arrays.copyOfRange(wire, wire.length - 4, wire.length))
				.isNotEqualTo(new byte[] { 0, 0, (byte) 0xFF, (byte) 0xFF });
			assertThat(inflate(receiver, wire)).isEqualTo(text);
		}
	}

	@Test
	void repeatsAnAcceptedServerMaxWindowBits() {
		// RFC 7692 section 7.1.2.1: an accepted server_max_window_bits is answered with it.
		PerMessageDeflate agreed = negotiate("permessage-deflate; server_max_window_bits=15");
		assertThat(agreed).isNotNull();
		assertThat(agreed.responseHeader()).isEqualTo("permessage-deflate; server_max_window_bits=15");
	}

	@Test
	void skipsOffersThatAreOnlySeparators() {
		assertThat(negotiate(";")).isNull();
		assertThat(negotiate(";, permessage-deflate")).isNotNull();
	}

	@Test
	void compressesAnEmptyMessageAfterAnotherIntoAnEmptyStoredBlock() throws Exception {
		PerMessageDeflate sender = negotiate("permessage-deflate");
		PerMessageDeflate receiver = negotiate("permessage-deflate");
		byte[] first = "first".getBytes(StandardCharsets.UTF_8);
		assertThat(inflate(receiver, wire(sender.deflate(ByteBuffer.wrap(first), true)))).isEqualTo(first);
		for (int i = 0; i < 2; i++) {
			byte[] empty = wire(sender.deflate(ByteBuffer.allocate(0), true));
			assertThat(empty).as("empty message %d on the wire", i).isNotEmpty();
			assertThat(inflate(receiver, empty)).isEmpty();
		}
		byte[] after = "after".getBytes(StandardCharsets.UTF_8);
		assertThat(inflate(receiver, wire(sender.deflate(ByteBuffer.wrap(after), true)))).isEqualTo(after);
	}

	private static byte[] wire(ByteBuffer compressed) {
		byte[] wire = new byte[compressed.remaining()];
		compressed.get(wire);
		return wire;
	}

	@Test
	void inflatesAMessageGivenInPieces() throws Exception {
		PerMessageDeflate sender = negotiate("permessage-deflate");
		PerMessageDeflate receiver = negotiate("permessage-deflate");
		byte[] binary = new byte[50_000];
		for (int i = 0; i < binary.length; i++) {
			binary[i] = (byte) (i % 251);
		}
		ByteBuffer compressed = sender.deflate(ByteBuffer.wrap(binary), true);
		byte[] wire = new byte[compressed.remaining()];
		compressed.get(wire);
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		byte[] part = new byte[1000];
		for (int offset = 0; offset < wire.length; offset += 7) {
			byte[] piece = Arrays.copyOfRange(wire, offset, Math.min(wire.length, offset + 7));
			receiver.inflateInput(piece, piece.length);
			int n;
			while ((n = receiver.inflate(part, 0, part.length)) > 0) {
				out.write(part, 0, n);
			}
		}
		receiver.inflateEnd();
		int n;
		while ((n = receiver.inflate(part, 0, part.length)) > 0) {
			out.write(part, 0, n);
		}
		receiver.inflateMessageDone();
		assertThat(out.toByteArray()).isEqualTo(binary);
	}

	private static byte[] inflate(PerMessageDeflate receiver, byte[] wire) throws Exception {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		byte[] part = new byte[4096];
		int n;
		// The end may only be given once the message's own bytes are taken, as the session does.
		receiver.inflateInput(wire, wire.length);
		while ((n = receiver.inflate(part, 0, part.length)) > 0) {
			out.write(part, 0, n);
		}
		receiver.inflateEnd();
		while ((n = receiver.inflate(part, 0, part.length)) > 0) {
			out.write(part, 0, n);
		}
		receiver.inflateMessageDone();
		return out.toByteArray();
	}

	private static PerMessageDeflate negotiate(String header) {
		return PerMessageDeflate.negotiate(List.of(header));
	}

}
