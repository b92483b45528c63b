/**
 * The wsboot runtime's core: endpoint discovery and mapping, the runtime settings, the monitor
 * and extension SPIs, the accept-then-receive loop, and the transport seam
 * ({@link dev.wsboot.server.WebSocketTransport}) that each I/O path implements; usable without
 * Spring Boot.
 */
@NullMarked
package dev.wsboot.server;

import org.jspecify.annotations.NullMarked;
