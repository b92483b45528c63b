package dev.wsboot.server;

/**
 * Stops and restarts reading from one connection's socket, so that TCP pushes back on a peer
 * whose handler has fallen behind. A connection's {@link WebSocketTransport} provides it.
 *
 * @since 0.1.0
 */
public interface ReadPauser {

	/** Pauses nothing; the inbound queue then blocks the container's thread instead. */
	ReadPauser NONE = new ReadPauser() {

		@Override
		public boolean pause() {
			return false;
		}

		@Override
		public void resume() {
		}

	};

	/**
	 * Stop reading after the frame being processed.
	 * @return {@code false} if this container cannot pause reading
	 */
	boolean pause();

	/** Start reading again. */
	void resume();

}
