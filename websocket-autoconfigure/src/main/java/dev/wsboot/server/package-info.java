/**
 * The wsboot runtime: endpoint discovery, the connection behind the accept-then-receive loop,
 * keep-alive and the adapter onto Spring's WebSocket support; usable without Spring Boot.
 */
@NullMarked
package dev.wsboot.server;

import org.jspecify.annotations.NullMarked;
