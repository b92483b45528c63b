package dev.wsboot.test;

/**
 * Which servlet container the tests run on: Tomcat, or Jetty in the build's {@code jetty}
 * execution, which sets {@code wsboot.container=jetty}.
 */
public final class Containers {

	private Containers() {
	}

	/**
	 * Return whether the tests run on Jetty.
	 * @return {@code true} in the Jetty execution
	 */
	public static boolean isJetty() {
		return "jetty".equals(System.getProperty("wsboot.container"));
	}

	/**
	 * Return whether the tests run on Tomcat.
	 * @return {@code true} unless in the Jetty execution
	 */
	public static boolean isTomcat() {
		return !isJetty();
	}

}
