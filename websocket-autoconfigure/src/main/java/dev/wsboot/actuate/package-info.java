/**
 * Actuator endpoint that describes the application's WebSocket endpoints.
 */
@NullMarked
package dev.wsboot.actuate;

import org.jspecify.annotations.NullMarked;
