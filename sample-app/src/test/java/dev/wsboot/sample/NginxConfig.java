package dev.wsboot.sample;

import java.nio.file.Path;
import java.time.Duration;

/**
 * The nginx configuration under test: a reverse proxy for WebSockets with a short
 * {@code proxy_read_timeout}, as docs/PROXY.md recommends it (but with seconds instead of
 * minutes, so that an idle connection is cut while the test watches).
 */
final class NginxConfig {

	private NginxConfig() {
	}

	/**
	 * The part that goes into nginx's {@code http} block: the Upgrade/Connection map and one
	 * server proxying everything to the app. The nginx Docker image includes it from
	 * {@code /etc/nginx/conf.d/}; {@link #standalone} wraps it into a whole configuration.
	 * @param listen what the server listens on, e.g. {@code 127.0.0.1:8081} or {@code 80}
	 * @param upstream the app's {@code host:port}
	 * @param readTimeout nginx's {@code proxy_read_timeout}
	 * @return the configuration text
	 */
	static String httpBlockContent(String listen, String upstream, Duration readTimeout) {
		long seconds = Math.max(1, readTimeout.toSeconds());
		return """
				map $http_upgrade $connection_upgrade {
				    default upgrade;
				    ''      close;
				}

				server {
				    listen %s;
				    server_name _;

				    location / {
				        proxy_pass http://%s;
				        proxy_http_version 1.1;
				        proxy_set_header Upgrade $http_upgrade;
				        proxy_set_header Connection $connection_upgrade;
				        proxy_set_header Host $host;
				        proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
				        proxy_set_header X-Forwarded-Proto $scheme;
				        proxy_read_timeout %ds;
				        proxy_send_timeout %ds;
				        proxy_buffering off;
				    }
				}
				""".formatted(listen, upstream, seconds, seconds);
	}

	/**
	 * A whole configuration for an nginx process that this test owns: in the foreground, one
	 * process, and every file it writes (pid, logs, temp files) inside {@code dir}.
	 * @param dir the private directory of this nginx
	 * @param port the loopback port to listen on
	 * @param appPort the app's port on loopback
	 * @param readTimeout nginx's {@code proxy_read_timeout}
	 * @return the configuration text
	 */
	static String standalone(Path dir, int port, int appPort, Duration readTimeout) {
		String d = dir.toAbsolutePath().toString();
		String http = httpBlockContent("127.0.0.1:" + port, "127.0.0.1:" + appPort, readTimeout).indent(4);
		return """
				daemon off;
				master_process off;
				worker_processes 1;
				pid %1$s/nginx.pid;
				error_log %1$s/error.log info;

				events {
				    worker_connections 64;
				}

				http {
				    access_log %1$s/access.log;
				    client_body_temp_path %1$s/client_body;
				    proxy_temp_path %1$s/proxy;
				    fastcgi_temp_path %1$s/fastcgi;
				    uwsgi_temp_path %1$s/uwsgi;
				    scgi_temp_path %1$s/scgi;

				%2$s}
				""".formatted(d, http);
	}

}
