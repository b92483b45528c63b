/**
 * The Jetty 12 adapter: wsboot's endpoints upgraded through Jetty's own WebSocket API, with
 * reading paused by holding back Jetty's demand. The only place that knows Jetty.
 */
@NullMarked
package dev.wsboot.server.jetty;

import org.jspecify.annotations.NullMarked;
