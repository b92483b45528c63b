/**
 * A socket taken over from the container and served on the connection's virtual thread, with one
 * read loop that, on JDK 25 and later, reads every connection's data for its waiting thread (and
 * elsewhere only quiet connections' pongs); shared by the Tomcat and Jetty adapters.
 */
@NullMarked
package dev.wsboot.server.socket;

import org.jspecify.annotations.NullMarked;
