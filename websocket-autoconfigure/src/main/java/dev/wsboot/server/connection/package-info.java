/**
 * The connection behind the accept-then-receive loop: the {@code WebSocketConnection}
 * implementation, message assembly and size limits, send serialisation and the async queue,
 * group membership and typed-message codecs.
 */
@NullMarked
package dev.wsboot.server.connection;

import org.jspecify.annotations.NullMarked;
