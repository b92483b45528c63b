package dev.wsboot.aot;

import org.jspecify.annotations.Nullable;
import org.springframework.aot.hint.MemberCategory;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;
import org.springframework.aot.hint.TypeReference;

/**
 * Registers what the containers create or read by reflection on wsboot's behalf, so that an
 * AOT-processed application and a native image serve WebSocket connections: Tomcat instantiates
 * the direct-I/O upgrade handler, Jetty looks up the listener's methods, and direct I/O reads
 * Tomcat's poller wake-up counter.
 *
 * @since 0.1.0
 */
public class WebSocketRuntimeHints implements RuntimeHintsRegistrar {

	@Override
	public void registerHints(RuntimeHints hints, @Nullable ClassLoader classLoader) {
		hints.reflection()
			.registerType(TypeReference.of("dev.wsboot.server.tomcat.DirectUpgradeHandler"),
					MemberCategory.INVOKE_PUBLIC_CONSTRUCTORS)
			.registerType(TypeReference.of("dev.wsboot.server.jetty.JettyListener"), MemberCategory.INVOKE_PUBLIC_METHODS)
			.registerType(TypeReference.of("org.apache.tomcat.util.net.NioEndpoint$Poller"),
					(type) -> type.withField("wakeupCounter"));
	}

}
