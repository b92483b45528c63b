/**
 * The WebSocket protocol without sockets (RFC 6455, RFC 7692): frames, message decoding and
 * encoding, close-frame rules, permessage-deflate and UTF-8. It imports the JDK only (and
 * JSpecify's nullness annotations).
 */
@NullMarked
package dev.wsboot.server.frame;

import org.jspecify.annotations.NullMarked;
