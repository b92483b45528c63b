package dev.wsboot.benchmarks;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

import jakarta.websocket.OnMessage;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpoint;
import org.apache.catalina.Context;
import org.apache.catalina.LifecycleException;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.servlets.DefaultServlet;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.websocket.server.WsSci;

/**
 * Server C: a bare Jakarta {@code @ServerEndpoint} echo on {@code /ws}, on embedded Tomcat
 * without Spring.
 */
public final class JakartaEndpointServer {

	private JakartaEndpointServer() {
	}

	/**
	 * Start the server and block until the process ends.
	 * @param args {@code --server.port=N}
	 * @throws IOException if the base directory cannot be created
	 * @throws LifecycleException if Tomcat cannot start
	 */
	public static void main(String[] args) throws IOException, LifecycleException {
		Path base = Files.createTempDirectory("wsboot-bench-tomcat");
		Tomcat tomcat = new Tomcat();
		tomcat.setBaseDir(base.toString());
		Connector connector = new Connector("HTTP/1.1");
		connector.setPort(ServerArgs.port(args));
		connector.setProperty("address", "127.0.0.1");
		// Tomcat's default of 8192 would leave part of the 10,000 idle connections in the backlog.
		connector.setProperty("maxConnections", "20000");
		tomcat.getService().addConnector(connector);
		tomcat.setConnector(connector);
		Context context = tomcat.addContext("", base.toString());
		// WsSci's filter upgrades the request, but Tomcat runs filters only for a mapped servlet.
		Tomcat.addServlet(context, "default", new DefaultServlet());
		context.addServletMappingDecoded("/", "default");
		context.addServletContainerInitializer(new WsSci(), Set.of(EchoEndpoint.class));
		tomcat.start();
		System.out.println("Jakarta endpoint echo listening on 127.0.0.1:" + connector.getLocalPort());
		tomcat.getServer().await();
	}

	/**
	 * The echo endpoint; public with a default constructor because Tomcat creates one per session.
	 */
	@ServerEndpoint("/ws")
	public static final class EchoEndpoint {

		/**
		 * Send a text message back.
		 * @param session the session
		 * @param text the message
		 * @throws IOException if sending fails
		 */
		@OnMessage
		public void onText(Session session, String text) throws IOException {
			session.getBasicRemote().sendText(text);
		}

		/**
		 * Send a binary message back.
		 * @param session the session
		 * @param bytes the message
		 * @throws IOException if sending fails
		 */
		@OnMessage
		public void onBinary(Session session, ByteBuffer bytes) throws IOException {
			session.getBasicRemote().sendBinary(bytes);
		}

	}

}
