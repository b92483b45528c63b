/**
 * A socket taken over from the container and served in blocking mode on the connection's
 * virtual thread, with one selector thread that reads quiet connections' pongs; shared by the
 * Tomcat and Jetty adapters.
 */
@NullMarked
package dev.wsboot.server.socket;

import org.jspecify.annotations.NullMarked;
