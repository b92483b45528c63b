package dev.wsboot.server.jetty;

import java.nio.ByteBuffer;
import java.util.concurrent.Executor;
import java.util.function.Function;

import dev.wsboot.server.ConnectionThreads;
import dev.wsboot.server.direct.DirectWebSocketSession;
import org.eclipse.jetty.io.AbstractConnection;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.EndPoint;
import org.jspecify.annotations.Nullable;

/**
 * The connection Jetty's endpoint is upgraded to after the 101 response: instead of Jetty's
 * WebSocket engine, a thread of wsboot's that serves a {@link DirectWebSocketSession} on the
 * endpoint ({@link EndPointFrameChannel}).
 */
final class DirectJettyConnection extends AbstractConnection implements Connection.UpgradeTo {

	private final EndPointFrameChannel channel;

	private final Function<EndPointFrameChannel, DirectWebSocketSession> sessions;

	DirectJettyConnection(EndPoint endPoint, Executor executor,
			Function<EndPointFrameChannel, DirectWebSocketSession> sessions) {
		super(endPoint, executor);
		this.channel = new EndPointFrameChannel(endPoint);
		this.sessions = sessions;
	}

	@Override
	public void onUpgradeTo(@Nullable ByteBuffer prefilled) {
		this.channel.prefill(prefilled);
	}

	@Override
	public void onOpen() {
		super.onOpen();
		// wsboot's supervision times quiet connections and stuck writes; Jetty's idle timeout
		// (30 s by default) would cut connections that keep-alive keeps open.
		getEndPoint().setIdleTimeout(0);
		DirectWebSocketSession session = this.sessions.apply(this.channel);
		ConnectionThreads.factory().newThread(session::run).start();
	}

	@Override
	public void onFillable() {
		// Never called: the connection's thread asks for fill interest with a callback of its own.
	}

}
