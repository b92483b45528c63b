package dev.wsboot.autoconfigure;

import jakarta.servlet.ServletContext;

import org.springframework.boot.web.servlet.ServletContextInitializer;

/**
 * Sizes Tomcat's per-session WebSocket message buffers to {@code websocket.receive-buffer-size}.
 * <p>
 * Tomcat allocates these buffers when a session opens and hands partial messages over whenever
 * one fills, so their size is both the read granularity and the memory an idle connection keeps.
 */
final class TomcatBufferSizeInitializer implements ServletContextInitializer {

	static final String BINARY_BUFFER_SIZE = "org.apache.tomcat.websocket.binaryBufferSize";

	static final String TEXT_BUFFER_SIZE = "org.apache.tomcat.websocket.textBufferSize";

	private final int bufferSize;

	TomcatBufferSizeInitializer(int bufferSize) {
		this.bufferSize = bufferSize;
	}

	@Override
	public void onStartup(ServletContext servletContext) {
		String size = Integer.toString(this.bufferSize);
		servletContext.setInitParameter(BINARY_BUFFER_SIZE, size);
		servletContext.setInitParameter(TEXT_BUFFER_SIZE, size);
	}

}
