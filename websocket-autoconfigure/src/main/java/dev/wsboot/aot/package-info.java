/**
 * Ahead-of-time processing and native-image hints: what wsboot and Tomcat or Jetty reach by
 * reflection, and the mapped methods of {@code @WebSocketController} beans.
 */
@NullMarked
package dev.wsboot.aot;

import org.jspecify.annotations.NullMarked;
