package dev.wsboot.sample;

/**
 * What a chat member sends, as JSON: {@code {"text": "hello"}}.
 *
 * @param text the line said
 * @since 0.1.0
 */
public record ChatPost(String text) {
}
