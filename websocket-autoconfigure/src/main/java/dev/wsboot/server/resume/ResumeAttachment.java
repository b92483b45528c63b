package dev.wsboot.server.resume;

import java.io.IOException;

import dev.wsboot.WebSocketConnection;
import org.jspecify.annotations.Nullable;

/**
 * One transport beneath a resumable connection, with how far the kept messages are written on it.
 */
final class ResumeAttachment {

	private final WebSocketConnection transport;

	private final @Nullable ResumeAttachment previous;

	private final String reply;

	private final long replayed;

	/** Next sequence number to write; guarded by the session's lock. */
	long cursor;

	/** Highest sequence number written or known to be received; guarded likewise. */
	long written;

	ResumeAttachment(WebSocketConnection transport, long clientReceived, @Nullable ResumeAttachment previous,
			String reply,
			long replayed) {
		this.transport = transport;
		this.previous = previous;
		this.reply = reply;
		this.replayed = replayed;
		this.cursor = clientReceived + 1;
		this.written = clientReceived;
	}

	/**
	 * Write the session's kept messages on this transport from its cursor on, on a thread of
	 * its own, until the transport fails or is replaced or the connection ends.
	 * @param session the session whose messages to write
	 * @param name the thread's name
	 */
	void startWriting(ResumeSession session, String name) {
		Thread.ofVirtual().name(name).start(() -> {
			ResumeSession.Kept kept;
			while ((kept = session.nextToWrite(this)) != null) {
				try {
					if (kept.broadcastId() != null) {
						// Tells the client which broadcast the next data message is.
						this.transport.send(ResumeFrames.broadcastId(kept.broadcastId()));
					}
					this.transport.send(kept.message());
				}
				catch (IOException ex) {
					// The transport is gone; its pump detaches it.
					return;
				}
				session.written(this);
			}
		});
	}

	WebSocketConnection transport() {
		return this.transport;
	}

	@Nullable WebSocketConnection previousTransport() {
		return (this.previous != null) ? this.previous.transport : null;
	}

	String reply() {
		return this.reply;
	}

	long replayed() {
		return this.replayed;
	}

}
