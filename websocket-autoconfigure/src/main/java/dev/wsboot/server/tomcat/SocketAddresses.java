package dev.wsboot.server.tomcat;

import java.net.InetSocketAddress;

import org.apache.tomcat.util.net.SocketWrapperBase;
import org.jspecify.annotations.Nullable;

/**
 * The addresses of a socket Tomcat accepted, as Spring's session reports them.
 */
final class SocketAddresses {

	private SocketAddresses() {
	}

	static @Nullable InetSocketAddress remote(SocketWrapperBase<?> socket) {
		return address(socket.getRemoteAddr(), socket.getRemotePort());
	}

	static @Nullable InetSocketAddress local(SocketWrapperBase<?> socket) {
		return address(socket.getLocalAddr(), socket.getLocalPort());
	}

	private static @Nullable InetSocketAddress address(@Nullable String host, int port) {
		return (host != null && port >= 0) ? new InetSocketAddress(host, port) : null;
	}

}
