/**
 * Supervision of open connections: registry, keep-alive and timeouts, aborts, graceful shutdown,
 * metrics hooks and the logs of connections closed for their peer's behaviour.
 */
@NullMarked
package dev.wsboot.server.supervision;

import org.jspecify.annotations.NullMarked;
