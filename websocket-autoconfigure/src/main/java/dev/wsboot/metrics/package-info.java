/**
 * Micrometer instrumentation of wsboot endpoints: the meters and the monitor that records them.
 */
@NullMarked
package dev.wsboot.metrics;

import org.jspecify.annotations.NullMarked;
