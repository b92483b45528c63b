/**
 * wsboot's own WebSocket engine on a socket taken over from the container: one virtual thread
 * per connection that reads only when the handler asks.
 */
@NullMarked
package dev.wsboot.server.direct;

import org.jspecify.annotations.NullMarked;
