package dev.wsboot.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A loopback TCP proxy for tests of what a network does to WebSocket connections: it can stop
 * forwarding without closing anything, the way a peer that vanished behind a NAT looks to the
 * server ({@link #stall()}), and cut every connection with a reset, the way a dropped network or
 * a restarted load balancer does ({@link #cut()}).
 *
 * @since 0.1.0
 */
public final class TcpProxy implements AutoCloseable {

	private final ServerSocket server;

	private volatile int targetPort;

	private final List<Socket> sockets = new CopyOnWriteArrayList<>();

	private volatile boolean stalled;

	/**
	 * Start forwarding a new port on the loopback address to a target port.
	 * @param targetPort the port of the server behind the proxy
	 * @throws IOException if no port can be opened
	 */
	public TcpProxy(int targetPort) throws IOException {
		this.targetPort = targetPort;
		this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
		Thread.ofVirtual().start(this::acceptLoop);
	}

	/**
	 * Return the port clients connect to.
	 * @return the proxy's port
	 */
	public int port() {
		return this.server.getLocalPort();
	}

	/** Stop forwarding in both directions; connections stay open. */
	public void stall() {
		this.stalled = true;
	}

	private void acceptLoop() {
		try {
			while (!this.server.isClosed()) {
				Socket client = this.server.accept();
				Socket target = new Socket(InetAddress.getLoopbackAddress(), this.targetPort);
				this.sockets.add(client);
				this.sockets.add(target);
				Thread.ofVirtual().start(() -> pump(client, target));
				Thread.ofVirtual().start(() -> pump(target, client));
			}
		}
		catch (IOException ex) {
			// Closed.
		}
	}

	private void pump(Socket from, Socket to) {
		byte[] buffer = new byte[8192];
		try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
			int read;
			while ((read = in.read(buffer)) != -1) {
				while (this.stalled && !from.isClosed()) {
					// Hold the bytes: the peer looks alive to TCP but silent to WebSocket.
					Thread.sleep(50);
				}
				out.write(buffer, 0, read);
				out.flush();
			}
		}
		catch (IOException | InterruptedException ex) {
			// Either side went away.
		}
	}

	/**
	 * Send new connections to another port from now on, as a load balancer does when an instance
	 * leaves; connections open now stay where they are.
	 * @param targetPort the port of the server new connections go to
	 */
	public void retarget(int targetPort) {
		this.targetPort = targetPort;
	}

	/**
	 * Cut every connection open now with a TCP reset, as a dropped network or a restarted load
	 * balancer does; no WebSocket close frame passes. New connections are forwarded as before.
	 */
	public void cut() {
		for (Socket socket : this.sockets) {
			try {
				socket.setSoLinger(true, 0);
				socket.close();
			}
			catch (IOException ex) {
				// Closed already.
			}
			this.sockets.remove(socket);
		}
	}

	/** Stop accepting and close every connection. */
	@Override
	public void close() throws IOException {
		this.server.close();
		for (Socket socket : this.sockets) {
			socket.close();
		}
	}

}
