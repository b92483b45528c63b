package dev.wsboot.server.resume;

import org.jspecify.annotations.Nullable;

/**
 * The messages of the {@code wsboot.resume.v1} subprotocol, as text: a data text message is
 * {@code m} followed by its payload, a binary message is data as it is, and every other text
 * message is a control message whose first character says which.
 */
public final class ResumeFrames {

	/** The subprotocol a resumable client offers. */
	public static final String SUBPROTOCOL = "wsboot.resume.v1";

	/** Prefix of a data text message. */
	static final char DATA = 'm';

	/** Client to server, first message of a new connection. */
	static final char NEW = 'n';

	/** Client to server, first message of a resumed connection: {@code r<token>:<received>}. */
	static final char RESUME = 'r';

	/** Server to client, answer to {@code n}: {@code w<token>}. */
	static final char WELCOME = 'w';

	/** Server to client, answer to {@code r}: {@code s<received>:<token>}. */
	static final char RESUMED = 's';

	/** Either way: {@code a<received>}, every data message up to that count arrived. */
	static final char ACK = 'a';

	private ResumeFrames() {
	}

	static String data(String text) {
		return DATA + text;
	}

	static String welcome(String token) {
		return WELCOME + token;
	}

	static String resumed(long received, String token) {
		return RESUMED + Long.toString(received) + ':' + token;
	}

	static String ack(long received) {
		return ACK + Long.toString(received);
	}

	/**
	 * Read a count that follows a one-character kind.
	 * @return the count, or -1 if the message holds none
	 */
	static long count(String message) {
		return parseCount(message, 1, message.length());
	}

	/**
	 * Read a resume request {@code r<token>:<received>}.
	 * @return the request, or {@code null} if the message is malformed
	 */
	static @Nullable ResumeRequest resumeRequest(String message) {
		int colon = message.lastIndexOf(':');
		if (message.isEmpty() || message.charAt(0) != RESUME || colon <= 1) {
			return null;
		}
		long received = parseCount(message, colon + 1, message.length());
		return (received >= 0) ? new ResumeRequest(message.substring(1, colon), received) : null;
	}

	private static long parseCount(String message, int start, int end) {
		if (start >= end || end - start > 18) {
			return -1;
		}
		long value = 0;
		for (int i = start; i < end; i++) {
			char c = message.charAt(i);
			if (c < '0' || c > '9') {
				return -1;
			}
			value = value * 10 + (c - '0');
		}
		return value;
	}

	/**
	 * A client's request to resume.
	 *
	 * @param token the token the server gave it
	 * @param received how many data messages it received
	 */
	record ResumeRequest(String token, long received) {
	}

}
