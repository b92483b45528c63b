package dev.wsboot.server;

/**
 * Adjusts the runtime settings after the {@code websocket.*} properties are applied. Beans of
 * this type are called in their {@link org.springframework.core.Ordered order}; use one instead of
 * declaring a {@link WebSocketServerSettings} bean, which replaces every property.
 *
 * @since 0.1.0
 */
@FunctionalInterface
public interface WebSocketServerSettingsCustomizer {

	/**
	 * Adjust the settings.
	 * @param settings the settings, with the properties applied
	 */
	void customize(WebSocketServerSettings settings);

}
