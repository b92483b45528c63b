/**
 * The Tomcat adapter: the socket takeover behind direct I/O and the transport of sessions on
 * Tomcat's own WebSocket implementation.
 */
@NullMarked
package dev.wsboot.server.tomcat;

import org.jspecify.annotations.NullMarked;
