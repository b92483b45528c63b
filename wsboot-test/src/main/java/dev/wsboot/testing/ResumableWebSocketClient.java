package dev.wsboot.testing;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;

/**
 * A client of the {@code wsboot.resume.v1} subprotocol (see {@code docs/RESUME.md}) for tests
 * of resumable endpoints: it numbers what it sends and keeps it until the server acknowledges
 * it, acknowledges what it receives, and when its connection drops without a close handshake
 * reconnects with exponential backoff and jitter and resumes where it left off.
 * <pre class="code">
 * try (ResumableWebSocketClient client = ResumableWebSocketClient.connect(uri)) {
 *     client.send("hello");
 *     assertThat(client.nextText()).isEqualTo("hello");
 * }
 * </pre>
 * Every wait is bounded by the client's timeout (10 s unless given).
 *
 * @since 0.1.0
 */
public final class ResumableWebSocketClient implements AutoCloseable {

	/** The subprotocol the client offers. */
	public static final String SUBPROTOCOL = "wsboot.resume.v1";

	private static final Duration FIRST_BACKOFF = Duration.ofMillis(50);

	private static final Duration MAX_BACKOFF = Duration.ofSeconds(2);

	private static final int MAX_ATTEMPTS = 30;

	private final URI uri;

	private final Duration timeout;

	private final HttpClient http = HttpClient.newHttpClient();

	private final BlockingQueue<Object> received = new LinkedBlockingQueue<>();

	private final Object lock = new Object();

	private final ResumeCounts counts = new ResumeCounts();

	private State state = State.CONNECTING;

	private @Nullable WebSocket webSocket;

	private final CompletableFuture<Integer> closed = new CompletableFuture<>();

	private final OrderedSender sender;

	private int reconnectAttempts;

	private ResumableWebSocketClient(URI uri, Duration timeout) {
		this.uri = uri;
		this.timeout = timeout;
		this.sender = new OrderedSender(timeout, this.closed, (webSocket) -> ended(webSocket, 1006));
	}

	/**
	 * Connect with a 10 s timeout.
	 * @param uri the resumable endpoint's URI
	 * @return the client, once the server has welcomed it
	 */
	public static ResumableWebSocketClient connect(URI uri) {
		return connect(uri, Duration.ofSeconds(10));
	}

	/**
	 * Connect.
	 * @param uri the resumable endpoint's URI
	 * @param timeout the bound of every wait
	 * @return the client, once the server has welcomed it
	 */
	public static ResumableWebSocketClient connect(URI uri, Duration timeout) {
		ResumableWebSocketClient client = new ResumableWebSocketClient(uri, timeout);
		client.open();
		client.awaitState(State.OPEN);
		Thread.ofVirtual().name("resumable-client-acks").start(client::acknowledgePeriodically);
		return client;
	}

	/**
	 * Send a text message; while the connection is down it is kept and sent on resuming.
	 * @param text the text
	 */
	public void send(String text) {
		sendData(text);
	}

	/**
	 * Send a binary message; while the connection is down it is kept and sent on resuming.
	 * @param bytes the bytes
	 */
	public void send(byte[] bytes) {
		sendData(bytes.clone());
	}

	private void sendData(Object data) {
		synchronized (this.lock) {
			this.counts.keep(data);
			if (this.state == State.OPEN || this.state == State.RESUMED) {
				write(data);
			}
		}
	}

	/**
	 * Wait for the next text message.
	 * @return the text
	 * @throws AssertionError if none arrives in time or a binary message does
	 */
	public String nextText() {
		Object next = next();
		if (next instanceof String text) {
			return text;
		}
		throw new AssertionError("Expected a text message but received " + next.getClass().getSimpleName());
	}

	/**
	 * Wait for the next binary message.
	 * @return the bytes
	 * @throws AssertionError if none arrives in time or a text message does
	 */
	public byte[] nextBinary() {
		Object next = next();
		if (next instanceof byte[] bytes) {
			return bytes;
		}
		throw new AssertionError("Expected a binary message but received text \"" + next + "\"");
	}

	private Object next() {
		try {
			Object next = this.received.poll(this.timeout.toMillis(), TimeUnit.MILLISECONDS);
			if (next == null) {
				throw new AssertionError("No message within " + this.timeout + " (state " + state() + ")");
			}
			return next;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new AssertionError("Interrupted while waiting for a message", ex);
		}
	}

	/**
	 * Return the connection's state.
	 * @return the state
	 */
	public State state() {
		synchronized (this.lock) {
			return this.state;
		}
	}

	/**
	 * Wait until the connection is in a state.
	 * @param expected the state
	 * @throws AssertionError if it is not reached in time
	 */
	public void awaitState(State expected) {
		long deadline = System.nanoTime() + this.timeout.toNanos();
		synchronized (this.lock) {
			while (this.state != expected) {
				long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
				if (left <= 0) {
					throw new AssertionError("Expected state " + expected + " within " + this.timeout + " but is "
							+ this.state);
				}
				try {
					this.lock.wait(left);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					throw new AssertionError("Interrupted", ex);
				}
			}
		}
	}

	/**
	 * Return how often the connection was resumed.
	 * @return the count
	 */
	public int resumes() {
		synchronized (this.lock) {
			return this.counts.resumes();
		}
	}

	/**
	 * Return the close code once the connection has ended for good.
	 * @return the code the server closed with, or 1000 after {@link #close()}
	 */
	public int awaitClosed() {
		try {
			return this.closed.get(this.timeout.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (Exception ex) {
			throw new AssertionError("The connection did not end within " + this.timeout + " (state " + state() + ")",
					ex);
		}
	}

	/**
	 * Close with 1000 after what was sent before, which ends the resumable connection on the
	 * server too.
	 */
	@Override
	public void close() {
		synchronized (this.lock) {
			if (this.state == State.CLOSED) {
				return;
			}
			setState(State.CLOSED);
			if (this.webSocket != null) {
				this.sender.addClose(this.webSocket);
			}
			else {
				this.closed.complete(1000);
			}
		}
		try {
			this.closed.get(this.timeout.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (Exception ex) {
			// Closing is best effort; the server's resume timeout ends the connection otherwise.
		}
	}

	private void open() {
		ResumeListener listener = new ResumeListener(this::data, this::control, this::ended);
		this.http.newWebSocketBuilder()
			.subprotocols(SUBPROTOCOL)
			.connectTimeout(this.timeout)
			.buildAsync(this.uri, listener)
			.whenComplete((ws, failure) -> {
				if (failure != null) {
					dropped(null);
					return;
				}
				synchronized (this.lock) {
					this.webSocket = ws;
					// The hello goes first on a new socket: nothing else is queued for it yet.
					this.sender.add(ws, this.counts.hello());
				}
			});
	}

	/** Called with the lock held: queue for the current socket; a failure shows up as a drop. */
	private void write(Object data) {
		WebSocket current = this.webSocket;
		if (current != null) {
			this.sender.add(current, (data instanceof String text) ? "m" + text : data);
		}
	}

	private void control(WebSocket from, String message) {
		char kind = message.charAt(0);
		synchronized (this.lock) {
			if (from != this.webSocket) {
				return;
			}
			if (kind == 'w') {
				this.counts.welcomed(message.substring(1));
				setState(State.OPEN);
			}
			else if (kind == 's') {
				this.counts.resumed(message);
				// Whatever the server did not get goes again, before anything new.
				this.counts.kept().forEach(this::write);
				setState(State.RESUMED);
			}
			else if (kind == 'a') {
				this.counts.acknowledged(Long.parseLong(message.substring(1)));
			}
			else if (kind == 'i') {
				this.counts.broadcastFollows(message.substring(1));
			}
		}
	}

	private void data(WebSocket from, Object data) {
		String ack;
		synchronized (this.lock) {
			if (from != this.webSocket) {
				return;
			}
			ack = this.counts.received();
			this.received.add(data);
		}
		if (ack != null) {
			this.sender.add(from, ack);
		}
	}

	private void acknowledgePeriodically() {
		while (state() != State.CLOSED) {
			String ack = null;
			WebSocket current;
			synchronized (this.lock) {
				current = this.webSocket;
				if (this.state == State.OPEN || this.state == State.RESUMED) {
					ack = this.counts.acknowledgement();
				}
				try {
					this.lock.wait(200);
				}
				catch (InterruptedException ex) {
					return;
				}
			}
			if (ack != null && current != null) {
				this.sender.add(current, ack);
			}
		}
	}

	private void ended(WebSocket from, int code) {
		synchronized (this.lock) {
			if (from != this.webSocket || this.state == State.CLOSED) {
				return;
			}
			if (code != 1006 && code != 1012) {
				// The server ended the connection on purpose (4404: it cannot be resumed); 1012
				// says the instance is going away and the connection resumes elsewhere.
				setState(State.CLOSED);
				this.closed.complete(code);
				return;
			}
		}
		dropped(from);
	}

	private void dropped(@Nullable WebSocket from) {
		int attempt;
		synchronized (this.lock) {
			if (this.state == State.CLOSED || (from != null && from != this.webSocket)) {
				return;
			}
			this.webSocket = null;
			this.counts.dropped();
			attempt = this.reconnectAttempts++;
			// Never welcomed, there is nothing to resume; and the attempts are bounded.
			if (!this.counts.hasToken() || attempt >= MAX_ATTEMPTS) {
				setState(State.CLOSED);
				this.closed.complete(1006);
				return;
			}
			setState(State.RECONNECTING);
		}
		long backoff = Math.min(MAX_BACKOFF.toMillis(), FIRST_BACKOFF.toMillis() << Math.min(attempt, 10));
		long jittered = ThreadLocalRandom.current().nextLong(backoff / 2, backoff + 1);
		CompletableFuture.delayedExecutor(jittered, TimeUnit.MILLISECONDS).execute(this::open);
	}

	private void setState(State state) {
		this.state = state;
		if (state == State.OPEN || state == State.RESUMED) {
			this.reconnectAttempts = 0;
		}
		this.lock.notifyAll();
	}

	/**
	 * The state of a resumable client's connection.
	 */
	public enum State {

		/** Connecting for the first time. */
		CONNECTING,

		/** Connected and welcomed. */
		OPEN,

		/** Dropped; connecting again to resume. */
		RECONNECTING,

		/** Connected again with every message accounted for. */
		RESUMED,

		/** Ended for good. */
		CLOSED

	}

}
