/**
 * Broadcast to the connections of an endpoint or a named group, on this instance or across
 * instances through a backplane.
 */
@NullMarked
package dev.wsboot.broadcast;

import org.jspecify.annotations.NullMarked;
