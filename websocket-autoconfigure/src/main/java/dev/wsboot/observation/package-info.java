/**
 * Micrometer observations of connections and, optionally, messages, for traces that show the
 * upgrade and then the connection.
 */
@NullMarked
package dev.wsboot.observation;

import org.jspecify.annotations.NullMarked;
