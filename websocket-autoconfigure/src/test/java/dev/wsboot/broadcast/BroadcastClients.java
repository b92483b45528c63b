package dev.wsboot.broadcast;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import dev.wsboot.test.TestWebSocketClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Opens many test clients at once and reads what they were sent.
 */
final class BroadcastClients {

	private BroadcastClients() {
	}

	/**
	 * Connect clients in parallel and wait for each one's greeting.
	 * @param uris one URI per client
	 * @return the clients, in the order of the URIs
	 */
	static List<TestWebSocketClient> connect(List<URI> uris) throws Exception {
		try (ExecutorService executor = Executors.newFixedThreadPool(16)) {
			List<Future<TestWebSocketClient>> futures = new ArrayList<>();
			for (URI uri : uris) {
				futures.add(executor.submit(() -> {
					TestWebSocketClient client = TestWebSocketClient.connect(uri);
					assertThat(client.nextText()).startsWith("joined [");
					return client;
				}));
			}
			List<TestWebSocketClient> clients = new ArrayList<>();
			for (Future<TestWebSocketClient> future : futures) {
				clients.add(future.get(60, TimeUnit.SECONDS));
			}
			return clients;
		}
	}

	/**
	 * Read text messages until one satisfies the condition or the time is up.
	 * @return the messages read, the last one matching
	 */
	static List<String> readUntil(TestWebSocketClient client, String last, Duration timeout) throws Exception {
		List<String> messages = new ArrayList<>();
		long deadline = System.nanoTime() + timeout.toNanos();
		while (true) {
			Duration left = Duration.ofNanos(Math.max(1, deadline - System.nanoTime()));
			String message;
			try {
				message = (String) client.nextMessage(left);
			}
			catch (AssertionError ex) {
				throw new AssertionError(ex.getMessage() + " after " + messages.size() + " messages, the last "
						+ (messages.isEmpty() ? "none" : messages.getLast().substring(0, Math.min(20, messages.getLast().length()))));
			}
			messages.add(message);
			if (message.equals(last)) {
				return messages;
			}
		}
	}

	static void closeAll(List<TestWebSocketClient> clients) {
		for (TestWebSocketClient client : clients) {
			client.close();
		}
	}

	/**
	 * Open a WebSocket with a plain socket that then reads nothing, with a small receive buffer.
	 */
	static Socket openNonReader(int port, String path) throws Exception {
		Socket socket = new Socket();
		socket.setReceiveBufferSize(4096);
		socket.connect(new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), port), 5000);
		socket.setSoTimeout(5000);
		byte[] key = new byte[16];
		new java.util.Random().nextBytes(key);
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

	/**
	 * Read from a socket until the server ends the connection.
	 * @return whether it ended within the timeout
	 */
	static boolean endsWithin(Socket socket, Duration timeout) throws Exception {
		socket.setSoTimeout(200);
		InputStream in = socket.getInputStream();
		byte[] buffer = new byte[64 * 1024];
		long deadline = System.nanoTime() + timeout.toNanos();
		while (System.nanoTime() < deadline) {
			try {
				if (in.read(buffer) < 0) {
					return true;
				}
			}
			catch (SocketTimeoutException ex) {
				// Nothing yet.
			}
			catch (java.io.IOException ex) {
				// Reset by the server: ended.
				return true;
			}
		}
		return false;
	}

}
