package dev.wsboot.broadcast;

import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
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
		return dev.wsboot.test.NonReadingSocket.open(port, path);
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
