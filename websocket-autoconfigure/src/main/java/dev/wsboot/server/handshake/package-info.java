/**
 * The handshake: origin, size and connection-limit checks, handshake guards, the refusals they
 * answer with, and the choice of upgrade strategy.
 */
@NullMarked
package dev.wsboot.server.handshake;

import org.jspecify.annotations.NullMarked;
