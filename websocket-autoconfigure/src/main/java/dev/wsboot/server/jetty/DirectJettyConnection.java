package dev.wsboot.server.jetty;

import java.nio.ByteBuffer;
import java.util.concurrent.Executor;
import java.util.function.Function;

import dev.wsboot.server.ConnectionThreads;
import dev.wsboot.server.direct.DirectWebSocketSession;
import dev.wsboot.server.frame.FrameChannel;
import org.eclipse.jetty.io.AbstractConnection;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.Connector;
import org.jspecify.annotations.Nullable;

/**
 * The connection Jetty's endpoint is upgraded to after the 101 response: instead of Jetty's
 * WebSocket engine, a thread of wsboot's that serves a {@link DirectWebSocketSession} on the
 * socket taken over from Jetty ({@link JettySocketOwner}) or, where it cannot be (TLS), on the
 * endpoint ({@link EndPointFrameChannel}).
 */
final class DirectJettyConnection extends AbstractConnection implements Connection.UpgradeTo {

	private final Connector connector;

	private final int maxInputCapacity;

	private final Function<FrameChannel, DirectWebSocketSession> sessions;

	private @Nullable ByteBuffer prefilled;

	DirectJettyConnection(EndPoint endPoint, Connector connector, Executor executor, int maxInputCapacity,
			Function<FrameChannel, DirectWebSocketSession> sessions) {
		super(endPoint, executor);
		this.connector = connector;
		this.maxInputCapacity = maxInputCapacity;
		this.sessions = sessions;
	}

	@Override
	public void onUpgradeTo(@Nullable ByteBuffer prefilled) {
		if (prefilled != null && prefilled.hasRemaining()) {
			// Copied: Jetty reuses its buffer once the upgrade is done.
			this.prefilled = ByteBuffer.allocate(prefilled.remaining()).put(prefilled).flip();
		}
	}

	@Override
	public void onOpen() {
		super.onOpen();
		// wsboot's supervision times quiet connections and stuck writes; Jetty's idle timeout
		// (30 s by default) would cut connections that keep-alive keeps open.
		getEndPoint().setIdleTimeout(0);
		DirectWebSocketSession session = this.sessions.apply(channel());
		this.prefilled = null;
		ConnectionThreads.factory().newThread(session::run).start();
	}

	private FrameChannel channel() {
		FrameChannel taken = JettySocketOwner.takeOver(getEndPoint(), this.connector, this.prefilled,
				this.maxInputCapacity);
		if (taken != null) {
			return taken;
		}
		EndPointFrameChannel onEndPoint = new EndPointFrameChannel(getEndPoint());
		onEndPoint.prefill(this.prefilled);
		return onEndPoint;
	}

	@Override
	public void onFillable() {
		// Never called: the connection's thread reads the socket itself, or asks for fill
		// interest with a callback of its own.
	}

}
