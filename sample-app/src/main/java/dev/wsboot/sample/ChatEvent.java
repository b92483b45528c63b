package dev.wsboot.sample;

/**
 * What the members of a room receive, as JSON: a member joined, left or said something.
 *
 * @param kind {@code joined}, {@code left} or {@code said}
 * @param room the room
 * @param name the member
 * @param text what was said; empty unless {@code said}
 * @since 0.1.0
 */
public record ChatEvent(String kind, String room, String name, String text) {

	static ChatEvent joined(String room, String name) {
		return new ChatEvent("joined", room, name, "");
	}

	static ChatEvent left(String room, String name) {
		return new ChatEvent("left", room, name, "");
	}

	static ChatEvent said(String room, String name, String text) {
		return new ChatEvent("said", room, name, text);
	}

}
