package dev.wsboot.server;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

import dev.wsboot.test.TestApplication;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A client may send its first frames right behind the handshake request, in the same segment:
 * the container has read them with the request, and wsboot's engine must start from them.
 */
@SpringBootTest(classes = TestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT)
@Timeout(30)
class FramesWithTheHandshakeTests {

	private static final byte[] MASK = { 0x11, 0x22, 0x33, 0x44 };

	@LocalServerPort
	int port;

	@Test
	void framesThatArriveWithTheRequestAreEchoed() throws IOException {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress("127.0.0.1", this.port), 5000);
			socket.setSoTimeout(10_000);
			ByteArrayOutputStream request = new ByteArrayOutputStream();
			request.writeBytes(("GET /echo HTTP/1.1\r\nHost: 127.0.0.1:" + this.port + "\r\nUpgrade: websocket\r\n"
					+ "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
					+ "Sec-WebSocket-Version: 13\r\n\r\n")
				.getBytes(StandardCharsets.ISO_8859_1));
			request.writeBytes(maskedText("early"));
			request.writeBytes(maskedText("bird"));
			OutputStream out = socket.getOutputStream();
			out.write(request.toByteArray());
			out.flush();
			InputStream in = socket.getInputStream();
			String head = readHead(in);
			assertThat(head).startsWith("HTTP/1.1 101").contains("s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");
			assertThat(readText(in)).isEqualTo("early");
			assertThat(readText(in)).isEqualTo("bird");
		}
	}

	private static byte[] maskedText(String text) {
		byte[] payload = text.getBytes(StandardCharsets.UTF_8);
		byte[] frame = new byte[2 + MASK.length + payload.length];
		frame[0] = (byte) 0x81;
		frame[1] = (byte) (0x80 | payload.length);
		System.arraycopy(MASK, 0, frame, 2, MASK.length);
		for (int i = 0; i < payload.length; i++) {
			frame[6 + i] = (byte) (payload[i] ^ MASK[i % 4]);
		}
		return frame;
	}

	private static String readHead(InputStream in) throws IOException {
		ByteArrayOutputStream head = new ByteArrayOutputStream();
		while (head.size() < 16 * 1024) {
			int b = in.read();
			assertThat(b).as("the response head's next byte").isNotNegative();
			head.write(b);
			String text = head.toString(StandardCharsets.ISO_8859_1);
			if (text.endsWith("\r\n\r\n")) {
				return text;
			}
		}
		throw new AssertionError("No end of the response head in 16 KB");
	}

	private static String readText(InputStream in) throws IOException {
		byte[] header = in.readNBytes(2);
		assertThat(header).hasSize(2);
		assertThat(header[0]).as("a final text frame").isEqualTo((byte) 0x81);
		int length = header[1] & 0x7F;
		assertThat(length).as("a short unmasked payload").isLessThan(126);
		return new String(in.readNBytes(length), StandardCharsets.UTF_8);
	}

}
