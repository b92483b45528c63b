/**
 * Auto-configuration for the actuator endpoint of wsboot WebSocket endpoints.
 */
@NullMarked
package dev.wsboot.autoconfigure.actuate;

import org.jspecify.annotations.NullMarked;
