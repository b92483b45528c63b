package dev.wsboot.server.connection;

import dev.wsboot.CloseStatus;
import org.springframework.util.Assert;

/**
 * The check every connection applies to a status a handler closes with.
 *
 * @since 0.1.0
 */
public final class SendableCloseStatus {

	private SendableCloseStatus() {
	}

	/**
	 * Refuse a close status that may not travel in a close frame.
	 * @param status the status a handler closes with
	 * @throws IllegalArgumentException for 1004, 1005, 1006, 1015 and codes below 3000 that RFC
	 * 6455 does not define
	 */
	public static void check(CloseStatus status) {
		Assert.isTrue(status.isSendable(), () -> "Close code " + status.code()
				+ " may not be sent in a close frame (RFC 6455, section 7.4); use 1000, 1001, 1008 or 4000-4999");
	}

}
