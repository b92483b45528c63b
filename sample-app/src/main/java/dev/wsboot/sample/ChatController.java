package dev.wsboot.sample;

import java.io.IOException;

import dev.wsboot.CloseStatus;
import dev.wsboot.HandshakeDetails;
import dev.wsboot.WebSocketBroadcaster;
import dev.wsboot.WebSocketConnection;
import dev.wsboot.WebSocketController;
import dev.wsboot.WebSocketMapping;
import org.springframework.aot.hint.annotation.RegisterReflectionForBinding;

/**
 * Chat rooms: every {@link ChatPost} a member of {@code /chat/{room}} sends goes to all members of
 * the room as a {@link ChatEvent}, on every instance when the Redis backplane is on. Both are JSON,
 * converted by wsboot's typed messages; a message that is not a chat post closes the member's
 * connection with 1007. The query parameter {@code name} names the member. Both records are
 * registered for reflection, for a native image.
 *
 * @since 0.1.0
 */
@WebSocketController
@RegisterReflectionForBinding({ ChatPost.class, ChatEvent.class })
public class ChatController {

	private static final int MAX_NAME_LENGTH = 32;

	private static final int MAX_ROOM_LENGTH = 64;

	private final WebSocketBroadcaster broadcaster;

	/**
	 * Create the controller.
	 * @param broadcaster sends to the members of a room
	 */
	public ChatController(WebSocketBroadcaster broadcaster) {
		this.broadcaster = broadcaster;
	}

	/**
	 * Run one member's connection: join the room, relay what the member says, leave.
	 * @param connection the accepted connection
	 * @param handshake the handshake, for the member's name
	 * @throws IOException if the connection fails
	 */
	@WebSocketMapping("/chat/{room}")
	public void chat(WebSocketConnection connection, HandshakeDetails handshake) throws IOException {
		String room = connection.pathVariables().get("room");
		if (room.isBlank() || room.length() > MAX_ROOM_LENGTH) {
			connection.close(CloseStatus.POLICY_VIOLATION.withReason("Room name must have 1 to 64 characters"));
			return;
		}
		String name = name(handshake.queryParameters().getFirst("name"));
		String group = "room:" + room;
		connection.join(group);
		this.broadcaster.sendToGroup(group, ChatEvent.joined(room, name));
		try {
			ChatPost post;
			while ((post = connection.receive(ChatPost.class)) != null) {
				if (post.text() != null && !post.text().isBlank()) {
					this.broadcaster.sendToGroup(group, ChatEvent.said(room, name, post.text()));
				}
			}
		}
		finally {
			connection.leave(group);
			this.broadcaster.sendToGroup(group, ChatEvent.left(room, name));
		}
	}

	private static String name(String requested) {
		if (requested == null || requested.isBlank()) {
			return "anonymous";
		}
		String name = requested.strip();
		return (name.length() > MAX_NAME_LENGTH) ? name.substring(0, MAX_NAME_LENGTH) : name;
	}

}
