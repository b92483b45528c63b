/**
 * Resumable connections ({@code wsboot.resume.v1}, see {@code docs/RESUME.md}): a connection
 * whose client drops without a close handshake keeps its identity, attributes, groups and the
 * messages the client has not acknowledged until the client comes back with its token, and the
 * handler's loop does not notice.
 */
@NullMarked
package dev.wsboot.server.resume;

import org.jspecify.annotations.NullMarked;
