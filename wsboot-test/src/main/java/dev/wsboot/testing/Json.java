package dev.wsboot.testing;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * JSON for typed messages through Jackson 3. Loaded only when the test's class path has Jackson
 * (see {@link WebSocketTestClient.Builder}).
 */
final class Json {

	private final JsonMapper mapper;

	Json(JsonMapper mapper) {
		this.mapper = mapper;
	}

	static Json byDefault() {
		return new Json(JsonMapper.builder().build());
	}

	String write(Object value) {
		try {
			return this.mapper.writeValueAsString(value);
		}
		catch (JacksonException ex) {
			throw new IllegalArgumentException("Could not write " + value.getClass().getName() + " as JSON", ex);
		}
	}

	<T> T read(String text, Class<T> type) {
		try {
			return this.mapper.readValue(text, type);
		}
		catch (JacksonException ex) {
			throw new AssertionError("Expected a JSON message that reads as " + type.getName() + " but received "
					+ Received.quote(text) + ": " + ex.getOriginalMessage(), ex);
		}
	}

}
