/**
 * Auto-configuration for wsboot WebSocket endpoints and its configuration properties.
 */
@NullMarked
package dev.wsboot.autoconfigure;

import org.jspecify.annotations.NullMarked;
