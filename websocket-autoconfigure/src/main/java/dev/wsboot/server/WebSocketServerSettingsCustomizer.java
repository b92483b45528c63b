package dev.wsboot.server;

/**
 * Adjusts the runtime settings after the {@code websocket.*} properties are applied. Beans of
 * this type are called in their {@link org.springframework.core.Ordered order}, each given the
 * previous one's result; use one instead of declaring a {@link WebSocketServerSettings} bean,
 * which replaces every property.
 *
 * @since 0.1.0
 */
@FunctionalInterface
public interface WebSocketServerSettingsCustomizer {

	/**
	 * Adjust the settings.
	 * @param settings the settings, with the properties and earlier customizers applied
	 * @return the settings to use, usually a copy made with the {@code with…} methods
	 */
	WebSocketServerSettings customize(WebSocketServerSettings settings);

}
