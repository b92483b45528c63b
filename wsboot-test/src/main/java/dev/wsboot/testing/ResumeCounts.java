package dev.wsboot.testing;

import java.util.ArrayDeque;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * The client's side of the {@code wsboot.resume.v1} bookkeeping: the data messages sent and not
 * acknowledged, how many arrived, what the server was told, the token and the last broadcast.
 * Not thread-safe: its {@link ResumableWebSocketClient} guards it.
 */
final class ResumeCounts {

	private static final int ACK_EVERY = 8;

	private final ArrayDeque<Object> unacknowledged = new ArrayDeque<>();

	private long firstUnacknowledged = 1;

	private long received;

	private long acknowledgedToServer;

	private @Nullable String lastBroadcastId;

	private @Nullable String nextBroadcastId;

	private @Nullable String token;

	private int resumes;

	/** Keep a data message until the server acknowledges it. */
	void keep(Object data) {
		this.unacknowledged.add(data);
	}

	/** Return the kept messages, oldest first, to send again after a resume. */
	List<Object> kept() {
		return List.copyOf(this.unacknowledged);
	}

	boolean hasToken() {
		return this.token != null;
	}

	/** Return the first message of a new socket: {@code n}, or {@code r…} once welcomed. */
	String hello() {
		if (this.token == null) {
			return "n";
		}
		return "r" + this.token + ":" + this.received + ":" + (this.firstUnacknowledged - 1) + ":"
				+ ((this.lastBroadcastId != null) ? this.lastBroadcastId : "");
	}

	void welcomed(String token) {
		this.token = token;
	}

	/** Take the server's answer to a resume, {@code s<received>:<token>}. */
	void resumed(String answer) {
		int colon = answer.indexOf(':');
		acknowledged(Long.parseLong(answer.substring(1, colon)));
		this.token = answer.substring(colon + 1);
		this.acknowledgedToServer = this.received;
		this.resumes++;
	}

	int resumes() {
		return this.resumes;
	}

	/** Forget the kept messages up to the server's count. */
	void acknowledged(long serverReceived) {
		while (this.firstUnacknowledged <= serverReceived && !this.unacknowledged.isEmpty()) {
			this.unacknowledged.poll();
			this.firstUnacknowledged++;
		}
	}

	/** The next data message is the broadcast with this stream id. */
	void broadcastFollows(String streamId) {
		this.nextBroadcastId = streamId;
	}

	/**
	 * Count a data message that arrived.
	 * @return the acknowledgement to send now, or {@code null}
	 */
	@Nullable String received() {
		this.received++;
		if (this.nextBroadcastId != null) {
			this.lastBroadcastId = this.nextBroadcastId;
			this.nextBroadcastId = null;
		}
		return (this.received - this.acknowledgedToServer >= ACK_EVERY) ? acknowledgement() : null;
	}

	/**
	 * Return the acknowledgement owed to the server, if any.
	 * @return the message, or {@code null}
	 */
	@Nullable String acknowledgement() {
		if (this.received == this.acknowledgedToServer) {
			return null;
		}
		this.acknowledgedToServer = this.received;
		return "a" + this.received;
	}

	/** A socket dropped: an announced broadcast that did not arrive is not counted. */
	void dropped() {
		this.nextBroadcastId = null;
	}

}
