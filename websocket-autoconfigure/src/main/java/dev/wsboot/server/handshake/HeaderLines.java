package dev.wsboot.server.handshake;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;

/**
 * Handshake headers kept as one string, for an open connection that holds its handshake for its
 * whole life but rarely looks at it again: parsed headers (a case-insensitive map of lists of
 * strings) would be a large share of an idle connection's memory.
 * <p>
 * The string has one {@code name:value\n} line per header value; names are tokens, which never
 * contain {@code ':'}.
 *
 * @since 0.1.0
 */
public final class HeaderLines {

	private HeaderLines() {
	}

	/**
	 * Write headers, as a map of names to values, as lines.
	 * @param headers the headers
	 * @return the lines
	 */
	public static String of(Map<String, List<String>> headers) {
		return write(headers::forEach);
	}

	private static String write(Consumer<BiConsumer<String, List<String>>> headers) {
		StringBuilder lines = new StringBuilder(256);
		headers.accept((name, values) -> {
			for (String value : values) {
				// A line break cannot arrive in a parsed header value; should one, it stands for
				// the space that a folded line means (RFC 9112, section 5.2).
				lines.append(name).append(':').append(value.replace('\n', ' ')).append('\n');
			}
		});
		return lines.toString();
	}

	/**
	 * Write Spring's headers as lines.
	 * @param headers the headers
	 * @return the lines
	 */
	public static String of(HttpHeaders headers) {
		return write(headers::forEach);
	}

	/**
	 * Read lines back as headers.
	 * @param lines lines written by {@link #of}
	 * @return read-only headers, made anew on each call
	 */
	public static HttpHeaders parse(String lines) {
		HttpHeaders headers = new HttpHeaders();
		int start = 0;
		while (start < lines.length()) {
			int colon = lines.indexOf(':', start);
			int end = lines.indexOf('\n', colon);
			headers.add(lines.substring(start, colon), lines.substring(colon + 1, end));
			start = end + 1;
		}
		return HttpHeaders.readOnlyHttpHeaders(headers);
	}

	/**
	 * Read the values of one header.
	 * @param lines lines written by {@link #of}
	 * @param name the header's name, in any case
	 * @return its values in order, unmodifiable; empty if the header is absent
	 */
	public static List<String> values(String lines, String name) {
		List<String> values = new ArrayList<>(1);
		int start = 0;
		while (start < lines.length()) {
			int colon = lines.indexOf(':', start);
			int end = lines.indexOf('\n', colon);
			if (colon - start == name.length() && lines.regionMatches(true, start, name, 0, name.length())) {
				values.add(lines.substring(colon + 1, end));
			}
			start = end + 1;
		}
		return Collections.unmodifiableList(values);
	}

	/**
	 * Read the first value of one header.
	 * @param lines lines written by {@link #of}
	 * @param name the header's name, in any case
	 * @return its first value, or {@code null} if the header is absent
	 */
	public static @Nullable String first(String lines, String name) {
		List<String> values = values(lines, name);
		return values.isEmpty() ? null : values.get(0);
	}

	/**
	 * Read lines back as a map, for APIs that speak of headers so.
	 * @param lines lines written by {@link #of}
	 * @return an unmodifiable map of the header names, ignoring case, to their values, made anew
	 * on each call
	 */
	public static Map<String, List<String>> parseToMap(String lines) {
		Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
		parse(lines).forEach((name, values) -> headers.put(name, List.copyOf(values)));
		return Collections.unmodifiableMap(headers);
	}

}
