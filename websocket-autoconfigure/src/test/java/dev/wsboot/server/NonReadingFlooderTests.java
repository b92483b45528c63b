package dev.wsboot.server;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.time.Duration;

import dev.wsboot.test.NonReadingSocket;
import dev.wsboot.test.TestApplication;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A peer that floods pings and reads none of the pongs is cut off, and learns it at once: its
 * writes fail soon after the send timeout. The soak saw such a flooder blocked for 100 to 200 s,
 * now and then, while the server's closed socket lingered in the kernel (FIN-WAIT-1) behind
 * pongs the peer never read; this test bounds the cut-off, which that lingering would break.
 */
@SpringBootTest(classes = TestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = "websocket.send-timeout=500ms")
@Timeout(60)
class NonReadingFlooderTests {

	@LocalServerPort
	int port;

	@Test
	void aPingFlooderThatReadsNothingHasItsWritesFailSoonAfterTheSendTimeout() throws IOException {
		long started = System.nanoTime();
		IOException failure = null;
		try (Socket socket = NonReadingSocket.open(this.port, "/echo")) {
			OutputStream out = socket.getOutputStream();
			byte[] ping = maskedPing(125);
			for (int i = 0; i < 1_000_000 && failure == null; i++) {
				try {
					out.write(ping);
				}
				catch (IOException ex) {
					failure = ex;
				}
			}
		}
		assertThat(failure).as("a write of the flood failed").isNotNull();
		assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(20));
	}

	private static byte[] maskedPing(int length) {
		byte[] frame = new byte[2 + 4 + length];
		frame[0] = (byte) 0x89;
		frame[1] = (byte) (0x80 | length);
		// A zero mask leaves the zero payload as it is.
		return frame;
	}

}
