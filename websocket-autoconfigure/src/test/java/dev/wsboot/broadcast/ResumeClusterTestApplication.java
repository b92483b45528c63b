package dev.wsboot.broadcast;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import dev.wsboot.WebSocketConnection;
import dev.wsboot.WebSocketController;
import dev.wsboot.WebSocketMapping;
import dev.wsboot.WebSocketMessage;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

/**
 * An instance of a cluster with a resumable news feed: a client names itself in its first
 * message and joins the group {@code news}.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import(ResumeClusterTestApplication.NewsController.class)
public class ResumeClusterTestApplication {

	@Bean
	Resumed resumed() {
		return new Resumed();
	}

	/** The handler invocations that went on with a connection from another instance. */
	public static class Resumed {

		/** Connection id to the name restored from its attributes. */
		final Map<String, String> names = new ConcurrentHashMap<>();

	}

	@WebSocketController
	static class NewsController {

		private final Resumed resumed;

		NewsController(Resumed resumed) {
			this.resumed = resumed;
		}

		@WebSocketMapping(path = "/news", resumable = true)
		void news(WebSocketConnection connection) throws IOException {
			if (connection.isResumed()) {
				this.resumed.names.put(connection.id(), String.valueOf(connection.attributes().get("name")));
			}
			else {
				WebSocketMessage name = connection.receive();
				if (name == null) {
					return;
				}
				connection.attributes().put("name", name.text());
				connection.join("news");
				connection.send("joined " + name.text());
			}
			while (connection.receive() != null) {
				// The feed only sends.
			}
		}

	}

}
