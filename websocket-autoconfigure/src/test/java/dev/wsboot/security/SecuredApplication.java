package dev.wsboot.security;

import java.io.IOException;

import dev.wsboot.WebSocketConnection;
import dev.wsboot.WebSocketController;
import dev.wsboot.WebSocketMapping;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpStatus;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.HttpStatusEntryPoint;

/**
 * An application whose own Spring Security rules protect its wsboot endpoints: form login with
 * an HTTP session, {@code /me} for any user, {@code /admin} for admins only, 401 for anonymous
 * requests.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@EnableWebSecurity
@Import(SecuredApplication.Endpoints.class)
class SecuredApplication {

	@Bean
	SecurityFilterChain securityFilterChain(HttpSecurity http) {
		return http
			.authorizeHttpRequests((requests) -> requests.requestMatchers("/admin")
				.hasRole("ADMIN")
				.anyRequest()
				.authenticated())
			.formLogin(Customizer.withDefaults())
			.logout(Customizer.withDefaults())
			// The test client posts the login and logout forms without a token.
			.csrf((csrf) -> csrf.disable())
			.exceptionHandling((exceptions) -> exceptions
				.authenticationEntryPoint(new HttpStatusEntryPoint(HttpStatus.UNAUTHORIZED)))
			.build();
	}

	@Bean
	UserDetailsService users() {
		return new InMemoryUserDetailsManager(User.withUsername("ada").password("{noop}secret").roles("USER").build());
	}

	@WebSocketController
	static class Endpoints {

		@WebSocketMapping("/me")
		void me(WebSocketConnection connection) throws IOException {
			connection.send((connection.principal() != null) ? connection.principal().getName() : "anonymous");
			while (connection.receive() != null) {
				// Held open until the client or the end of the HTTP session closes it.
			}
		}

		@WebSocketMapping("/admin")
		void admin(WebSocketConnection connection) throws IOException {
			connection.send("admin");
		}

	}

}
