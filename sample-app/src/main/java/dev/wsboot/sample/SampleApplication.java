package dev.wsboot.sample;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * The wsboot echo sample: a WebSocket echo endpoint at {@code /ws} and a page at {@code /} to try
 * it.
 *
 * @since 0.1.0
 */
@SpringBootApplication
public class SampleApplication {

	/**
	 * Start the sample.
	 * @param args command-line arguments, passed to Spring Boot
	 */
	public static void main(String[] args) {
		SpringApplication.run(SampleApplication.class, args);
	}

}
