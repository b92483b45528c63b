package dev.wsboot.server.connection;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;

import dev.wsboot.CloseStatus;
import dev.wsboot.WebSocketClosedException;
import dev.wsboot.server.supervision.SessionTermination;
import org.jspecify.annotations.Nullable;
import org.springframework.web.socket.WebSocketMessage;
import org.springframework.web.socket.WebSocketSession;

/**
 * Serializes the sends of one connection: containers allow one data frame in flight per
 * session, and the parts of one message must not be interleaved with another message. The
 * handler's thread sends directly; the queue's sender thread waits its turn only while the
 * connection is open.
 */
final class SerializedSender {

	private final WebSocketSession session;

	private final AtomicReference<@Nullable CloseStatus> closeStatus;

	private final Runnable answered;

	private final ReentrantLock lock = new ReentrantLock();

	/**
	 * @param session the container's session
	 * @param closeStatus the connection's close status, set once it is closed
	 * @param answered told after each whole message is out
	 */
	SerializedSender(WebSocketSession session, AtomicReference<@Nullable CloseStatus> closeStatus, Runnable answered) {
		this.session = session;
		this.closeStatus = closeStatus;
		this.answered = answered;
	}

	/**
	 * Send a message or a part of one.
	 * @param message the message
	 * @param queued whether the queue's sender thread sends it, which must never wait for an
	 * ended connection
	 * @throws IOException if the connection is closed or the write fails
	 */
	void send(WebSocketMessage<?> message, boolean queued) throws IOException {
		CloseStatus closed = this.closeStatus.get();
		if (closed != null) {
			throw new WebSocketClosedException(closed);
		}
		if (queued) {
			lockWhileOpen();
		}
		else {
			this.lock.lock();
		}
		boolean sent = false;
		try {
			this.session.sendMessage(message);
			sent = true;
		}
		catch (IOException ex) {
			throw closedIfAborted(ex);
		}
		catch (IllegalStateException ex) {
			// Tomcat reports a send on a session its peer ended a moment ago, or that this
			// connection began to close while the send was on its way (Tomcat's session still
			// says open until the peer answers the close), as an illegal state; to the handler
			// that is the closed connection the contract promises. Any other illegal state (a
			// misuse) is the handler's to see.
			if (this.closeStatus.get() == null && this.session.isOpen()) {
				throw ex;
			}
			throw closed(ex);
		}
		finally {
			// The parts of one message keep the lock until the last, so that no queued message
			// lands between them; one hold is kept between parts, all are given up at the end.
			int release = (message.isLast() || !sent) ? this.lock.getHoldCount()
					: Math.min(1, this.lock.getHoldCount() - 1);
			for (int i = 0; i < release; i++) {
				this.lock.unlock();
			}
		}
		// A whole answer is out: reading need no longer wait for it (see InboundQueue). Not after
		// a part: a bad frame read now would fail the connection before the answer's last part.
		if (message.isLast()) {
			this.answered.run();
		}
	}

	private void lockWhileOpen() throws IOException {
		// The handler's thread may hold the lock across the parts of a message it sends; wait
		// for it while the connection is open, and never for a connection that has ended.
		try {
			while (!this.lock.tryLock(100, TimeUnit.MILLISECONDS)) {
				if (this.closeStatus.get() != null || !this.session.isOpen()) {
					throw new WebSocketClosedException(closeStatusOrAbnormal());
				}
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new InterruptedIOException("Interrupted while waiting to send");
		}
	}

	/**
	 * Turn a send failure of a session that wsboot aborted into the closed connection it is: some
	 * containers report the close later, on another thread, than the send fails.
	 */
	private IOException closedIfAborted(IOException failure) {
		if (failure instanceof WebSocketClosedException) {
			return failure;
		}
		org.springframework.web.socket.CloseStatus local = SessionTermination.localStatus(this.session, null);
		if (local == null) {
			return failure;
		}
		this.closeStatus.compareAndSet(null,
				new CloseStatus(local.getCode(), (local.getReason() != null) ? local.getReason() : ""));
		return closed(failure);
	}

	private WebSocketClosedException closed(Exception cause) {
		WebSocketClosedException closed = new WebSocketClosedException(closeStatusOrAbnormal());
		closed.initCause(cause);
		return closed;
	}

	private CloseStatus closeStatusOrAbnormal() {
		CloseStatus status = this.closeStatus.get();
		return (status != null) ? status : CloseStatus.ABNORMAL;
	}

}
