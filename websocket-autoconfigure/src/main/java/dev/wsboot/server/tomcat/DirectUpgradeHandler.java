package dev.wsboot.server.tomcat;

import java.util.concurrent.ThreadFactory;
import java.util.function.Function;

import dev.wsboot.server.ConnectionThreads;
import dev.wsboot.server.direct.DirectWebSocketSession;
import dev.wsboot.server.frame.FrameChannel;
import jakarta.servlet.http.WebConnection;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.apache.coyote.http11.upgrade.InternalHttpUpgradeHandler;
import org.apache.tomcat.util.net.AbstractEndpoint.Handler.SocketState;
import org.apache.tomcat.util.net.SSLSupport;
import org.apache.tomcat.util.net.SocketEvent;
import org.apache.tomcat.util.net.SocketWrapperBase;
import org.jspecify.annotations.Nullable;
import org.springframework.util.Assert;
import org.springframework.web.socket.CloseStatus;

/**
 * Takes over a Tomcat connection after the WebSocket handshake and serves it with a
 * {@link DirectWebSocketSession} on a virtual thread of its own.
 * <p>
 * Tomcat instantiates this class itself ({@code HttpServletRequest.upgrade}); it is public for
 * that reason only.
 *
 * @since 0.1.0
 */
public final class DirectUpgradeHandler implements InternalHttpUpgradeHandler {

	private static final Log logger = LogFactory.getLog(DirectUpgradeHandler.class);

	private static final ThreadFactory threads = ConnectionThreads.factory();

	private @Nullable Function<FrameChannel, DirectWebSocketSession> sessionFactory;

	private long writeTimeoutMillis = -1;

	private @Nullable SocketWrapperBase<?> socket;

	private volatile @Nullable DirectWebSocketSession session;

	private volatile @Nullable TomcatSocketOwner takenOver;

	/**
	 * Create a handler; Tomcat does so when the request is upgraded.
	 */
	public DirectUpgradeHandler() {
	}

	/**
	 * Say how the session is made once the connection is taken over.
	 * @param sessionFactory makes the session on the connection's channel
	 * @param writeTimeoutMillis how long one write may wait for the peer, or -1 for no limit
	 */
	void prepare(Function<FrameChannel, DirectWebSocketSession> sessionFactory, long writeTimeoutMillis) {
		this.sessionFactory = sessionFactory;
		this.writeTimeoutMillis = writeTimeoutMillis;
	}

	@Override
	public void setSocketWrapper(SocketWrapperBase<?> wrapper) {
		this.socket = wrapper;
	}

	@Override
	public void init(WebConnection connection) {
		SocketWrapperBase<?> socket = this.socket;
		Function<FrameChannel, DirectWebSocketSession> sessionFactory = this.sessionFactory;
		Assert.state(socket != null && sessionFactory != null, "Upgrade handler used before it was prepared");
		socket.setReadTimeout(-1);
		socket.setWriteTimeout(this.writeTimeoutMillis);
		DirectWebSocketSession session = sessionFactory.apply(channel(socket));
		this.session = session;
		threads.newThread(session::run).start();
	}

	private FrameChannel channel(SocketWrapperBase<?> socket) {
		try {
			FrameChannel channel = TomcatSocketOwner.takeOver(socket, (owner) -> this.takenOver = owner);
			if (channel != null) {
				return channel;
			}
		}
		catch (RuntimeException ex) {
			logger.debug("Could not take the socket over from Tomcat; using Tomcat's blocking I/O", ex);
		}
		return new TomcatFrameChannel(socket);
	}

	@Override
	public SocketState upgradeDispatch(SocketEvent status) {
		// All reads and writes are the session's own; Tomcat only reports the end of the connector.
		DirectWebSocketSession session = this.session;
		if (session != null && (status == SocketEvent.STOP || status == SocketEvent.DISCONNECT
				|| status == SocketEvent.ERROR)) {
			CloseStatus closeStatus = (status == SocketEvent.STOP) ? CloseStatus.GOING_AWAY : CloseStatus.NO_CLOSE_FRAME;
			session.abort(closeStatus, closeStatus);
		}
		return SocketState.ASYNC_IO;
	}

	@Override
	public boolean hasAsyncIO() {
		// Tells Tomcat not to watch the socket for reads: the session's thread asks when it reads.
		return true;
	}

	@Override
	public void timeoutAsync(long now) {
		// Timeouts are wsboot's: keep-alive, idle and send timeouts.
	}

	@Override
	public void setSslSupport(SSLSupport sslSupport) {
	}

	@Override
	public void pause() {
	}

	@Override
	public void destroy() {
		// Tomcat releases this handler as it closes the socket, before it recycles the socket's
		// channel object: its buffers must be whole by then, whoever closes.
		TomcatSocketOwner takenOver = this.takenOver;
		if (takenOver != null) {
			takenOver.giveBackTomcatBuffers();
		}
		DirectWebSocketSession session = this.session;
		if (session != null && session.isOpen() && !Thread.currentThread().isVirtual()) {
			// Tomcat let go of a connection the session still serves: end the session cleanly and
			// say so, as it means Tomcat touched a socket it had handed over.
			logger.warn("Tomcat released WebSocket connection " + session.getId() + " while it was open",
					new IllegalStateException("Released by Tomcat"));
			session.abort(CloseStatus.NO_CLOSE_FRAME, CloseStatus.NO_CLOSE_FRAME);
		}
	}

}
