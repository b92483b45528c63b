package dev.wsboot.server;

import dev.wsboot.server.frame.MessageDecoder;
import org.jspecify.annotations.Nullable;
import org.springframework.web.socket.WebSocketSession;

/**
 * A handler that can take the data parts of a {@link PulledSession} without the handler chain
 * above it: its sink does with each part what its {@code handleMessage}, and that of every
 * handler below it, would have done. The outermost of wsboot's handlers hands the sink to the
 * session when nothing above it looks at data messages, and a part then costs no walk through
 * the chain and its lookups of per-session state.
 *
 * @since 0.1.0
 */
public interface PartTakingHandler {

	/**
	 * Return the sink for a session's data parts, called once, on the connection's thread, after
	 * {@code afterConnectionEstablished}.
	 * @param session the session as this handler sees it
	 * @return the sink, or {@code null} if this handler or one below it needs the chain
	 */
	MessageDecoder.@Nullable PartSink partTaker(WebSocketSession session);

}
