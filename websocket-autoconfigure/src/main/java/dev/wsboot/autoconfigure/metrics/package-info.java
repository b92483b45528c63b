/**
 * Auto-configuration for the Micrometer metrics of wsboot WebSocket endpoints.
 */
@NullMarked
package dev.wsboot.autoconfigure.metrics;

import org.jspecify.annotations.NullMarked;
