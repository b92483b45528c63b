package dev.wsboot.test;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Opens a WebSocket over a plain socket with a small receive buffer that then reads nothing and
 * answers no ping, the way a stalled or non-reading peer looks to the server.
 */
public final class NonReadingSocket {

	private NonReadingSocket() {
	}

	/**
	 * Complete the opening handshake and return the socket.
	 * @param port the server's port on loopback
	 * @param path the endpoint path
	 * @return the upgraded socket, with a 5 s read timeout
	 */
	public static Socket open(int port, String path) throws IOException {
		Socket socket = new Socket();
		// Before connecting, so that the small window is what the server sees.
		socket.setReceiveBufferSize(4096);
		socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 5000);
		socket.setSoTimeout(5000);
		byte[] key = new byte[16];
		new Random().nextBytes(key);
		String request = "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port
				+ "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: "
				+ Base64.getEncoder().encodeToString(key) + "\r\n\r\n";
		OutputStream out = socket.getOutputStream();
		out.write(request.getBytes(StandardCharsets.US_ASCII));
		out.flush();
		InputStream in = socket.getInputStream();
		StringBuilder head = new StringBuilder();
		while (!head.toString().endsWith("\r\n\r\n")) {
			int b = in.read();
			if (b < 0) {
				throw new AssertionError("Handshake response ended early: " + head);
			}
			head.append((char) b);
		}
		assertThat(head.toString()).startsWith("HTTP/1.1 101");
		return socket;
	}

}
