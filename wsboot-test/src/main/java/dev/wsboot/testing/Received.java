package dev.wsboot.testing;

/**
 * What a {@link WebSocketTestClient} received, in arrival order, with a description for failure
 * messages.
 */
sealed interface Received {

	/**
	 * Describe what was received, briefly, for a failure message.
	 * @return the description
	 */
	String describe();

	/** A whole text message. */
	record Text(String text) implements Received {

		@Override
		public String describe() {
			return "a text message " + quote(this.text);
		}

	}

	/** A whole binary message. */
	record Binary(byte[] bytes) implements Received {

		@Override
		public String describe() {
			return "a binary message of " + this.bytes.length + " bytes";
		}

	}

	/** The end of the connection: the server's close frame, or 1006 when it ended without one. */
	record Close(WebSocketTestClient.Closed closed) implements Received {

		@Override
		public String describe() {
			return (this.closed.code() == 1006) ? "the end of the connection without a close frame ("
					+ this.closed.reason() + ")"
					: "a close frame with " + this.closed.code() + " " + quote(this.closed.reason());
		}

	}

	/**
	 * Quote a text, shortened to 200 characters, for a failure message.
	 * @param text the text
	 * @return the quoted text
	 */
	static String quote(String text) {
		return "\"" + ((text.length() > 200) ? text.substring(0, 200) + "…(" + text.length() + " characters)" : text)
				+ "\"";
	}

}
