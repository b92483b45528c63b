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

	/** Server to client: {@code i<streamId>}, the next data message is that broadcast. */
	static final char BROADCAST_ID = 'i';

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

	static String broadcastId(String streamId) {
		return BROADCAST_ID + streamId;
	}

	/**
	 * Read a count that follows a one-character kind.
	 * @return the count, or -1 if the message holds none
	 */
	static long count(String message) {
		return parseCount(message, 1, message.length());
	}

	/**
	 * Read a resume request {@code r<token>:<received>[:<acknowledged>:<lastBroadcastId>]}.
	 * @return the request, or {@code null} if the message is malformed
	 */
	static @Nullable ResumeRequest resumeRequest(String message) {
		if (message.isEmpty() || message.charAt(0) != RESUME) {
			return null;
		}
		String[] parts = message.substring(1).split(":", -1);
		if ((parts.length != 2 && parts.length != 4) || parts[0].isEmpty()) {
			return null;
		}
		long received = parseCount(parts[1], 0, parts[1].length());
		long acknowledged = (parts.length == 4) ? parseCount(parts[2], 0, parts[2].length()) : -1;
		String lastBroadcastId = (parts.length == 4 && !parts[3].isEmpty()) ? parts[3] : null;
		if (received < 0 || (parts.length == 4 && acknowledged < 0)
				|| (lastBroadcastId != null && !lastBroadcastId.matches("\\d{1,20}-\\d{1,20}"))) {
			return null;
		}
		return new ResumeRequest(parts[0], received, acknowledged, lastBroadcastId);
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
	 * @param acknowledged how many of its data messages the server acknowledged, -1 if not said
	 * @param lastBroadcastId the stream id of the last broadcast it received, if any
	 */
	record ResumeRequest(String token, long received, long acknowledged, @Nullable String lastBroadcastId) {
	}

}
