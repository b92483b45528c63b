/**
 * Broadcast fan-out benchmark: delivery latency to many connections across instances joined
 * through Redis.
 */
@NullMarked
package dev.wsboot.benchmarks.broadcast;

import org.jspecify.annotations.NullMarked;
