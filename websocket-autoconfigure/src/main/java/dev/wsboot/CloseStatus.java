package dev.wsboot;

import org.springframework.util.Assert;

/**
 * Close code and reason of a WebSocket close frame (RFC 6455, section 7.4).
 *
 * @param code the close code
 * @param reason the reason, empty when none was given
 * @since 0.1.0
 */
public record CloseStatus(int code, String reason) {

	/** 1000: the purpose of the connection has been fulfilled. */
	public static final CloseStatus NORMAL = new CloseStatus(1000, "");

	/** 1001: the server is going down or the peer left. */
	public static final CloseStatus GOING_AWAY = new CloseStatus(1001, "");

	/** 1002: the peer violated the protocol. */
	public static final CloseStatus PROTOCOL_ERROR = new CloseStatus(1002, "");

	/** 1003: a kind of data (text or binary) the endpoint does not accept. */
	public static final CloseStatus UNSUPPORTED_DATA = new CloseStatus(1003, "");

	/** 1005: the peer's close frame held no code. */
	public static final CloseStatus NO_STATUS_CODE = new CloseStatus(1005, "");

	/** 1006: the connection ended without a close frame. */
	public static final CloseStatus ABNORMAL = new CloseStatus(1006, "");

	/** 1007: a text message was not valid UTF-8. */
	public static final CloseStatus BAD_DATA = new CloseStatus(1007, "");

	/** 1008: the peer broke a policy of the endpoint. */
	public static final CloseStatus POLICY_VIOLATION = new CloseStatus(1008, "");

	/** 1009: a message was larger than the endpoint accepts. */
	public static final CloseStatus TOO_BIG = new CloseStatus(1009, "");

	/** 1011: the server met an unexpected condition. */
	public static final CloseStatus SERVER_ERROR = new CloseStatus(1011, "");

	public CloseStatus {
		Assert.isTrue(code >= 1000 && code <= 4999, () -> "Close code must be between 1000 and 4999, was " + code);
		Assert.notNull(reason, "Reason must not be null");
	}

	/**
	 * Return whether an endpoint may send this code in a close frame (RFC 6455, section 7.4):
	 * not 1004, 1005, 1006 and 1015, which only report what happened, nor the unassigned codes
	 * 1016 to 2999.
	 * @return {@code true} if the code may go on the wire
	 */
	public boolean isSendable() {
		if (this.code >= 3000) {
			return true;
		}
		return this.code <= 1014 && this.code != 1004 && this.code != 1005 && this.code != 1006;
	}

	/**
	 * Return a status with this code and the given reason.
	 * @param reason the reason, at most 123 bytes of UTF-8 on the wire
	 * @return a new status
	 */
	public CloseStatus withReason(String reason) {
		return new CloseStatus(this.code, reason);
	}

}
