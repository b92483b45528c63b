package dev.wsboot.server.jetty;

import java.net.InetSocketAddress;

import org.eclipse.jetty.io.EndPoint;
import org.jspecify.annotations.Nullable;

/**
 * The addresses of a connection Jetty accepted, as Spring's session reports them.
 */
final class EndPointAddresses {

	private EndPointAddresses() {
	}

	static @Nullable InetSocketAddress remote(EndPoint endPoint) {
		return (endPoint.getRemoteSocketAddress() instanceof InetSocketAddress address) ? address : null;
	}

	static @Nullable InetSocketAddress local(EndPoint endPoint) {
		return (endPoint.getLocalSocketAddress() instanceof InetSocketAddress address) ? address : null;
	}

}
