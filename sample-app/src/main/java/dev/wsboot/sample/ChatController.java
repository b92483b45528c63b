package dev.wsboot.sample;

import java.io.IOException;

import dev.wsboot.CloseStatus;
import dev.wsboot.HandshakeDetails;
import dev.wsboot.WebSocketConnection;
import dev.wsboot.WebSocketController;
import dev.wsboot.WebSocketMapping;
import dev.wsboot.WebSocketMessage;
import dev.wsboot.broadcast.WebSocketBroadcaster;

/**
 * Chat rooms: every text a member of {@code /chat/{room}} sends goes to all members of the room,
 * on every instance when the Redis backplane is on. The query parameter {@code name} names the
 * member.
 *
 * @since 0.1.0
 */
@WebSocketController
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
		this.broadcaster.sendToGroup(group, "* " + name + " joined " + room);
		WebSocketMessage message;
		while ((message = connection.receive()) != null) {
			if (message.isText() && !message.text().isBlank()) {
				this.broadcaster.sendToGroup(group, name + ": " + message.text());
			}
		}
		connection.leave(group);
		this.broadcaster.sendToGroup(group, "* " + name + " left");
	}

	private static String name(String requested) {
		if (requested == null || requested.isBlank()) {
			return "anonymous";
		}
		String name = requested.strip();
		return (name.length() > MAX_NAME_LENGTH) ? name.substring(0, MAX_NAME_LENGTH) : name;
	}

}
