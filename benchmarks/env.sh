# Sourced by run.sh and profile.sh: where things are, the JDK the servers run on, shared helpers.
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BENCH=$ROOT/benchmarks
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
JAVA=$JAVA_HOME/bin/java
JCMD=$JAVA_HOME/bin/jcmd

# Sets A_JAR (the sample app), B_CP (the comparison servers' classpath) and, for the servers on
# Jetty, J_CP and J_MAIN (the sample app with Jetty in place of Tomcat) and K_CP (B's classpath
# likewise); call after the build.
find_servers() {
	A_JAR=$(ls "$ROOT"/sample-app/target/wsboot-sample-app-*.jar | grep -v '\.original$' | head -1)
	B_CP="$(ls "$BENCH"/target/wsboot-benchmarks-*.jar | head -1):$BENCH/target/lib/*"
	local exploded=$BENCH/target/sample-exploded
	rm -rf "$exploded" && mkdir -p "$exploded"
	(cd "$exploded" && "$JAVA_HOME/bin/jar" xf "$A_JAR")
	J_MAIN=$(sed -n 's/^Start-Class: *//p' "$exploded/META-INF/MANIFEST.MF" | tr -d '\r')
	J_CP="$exploded/BOOT-INF/classes:$(without_tomcat "$exploded"/BOOT-INF/lib/*.jar):$BENCH/target/lib-jetty/*"
	K_CP="$(ls "$BENCH"/target/wsboot-benchmarks-*.jar | head -1):$(without_tomcat "$BENCH"/target/lib/*.jar):$BENCH/target/lib-jetty/*"
}

# Joins jar paths with ':', leaving out Tomcat's server and WebSocket jars and Boot's Tomcat
# modules (Tomcat's EL stays: Boot's Jetty support uses it too).
without_tomcat() {
	printf '%s\n' "$@" | grep -Ev '/(tomcat-embed-(core|websocket)|spring-boot-(starter-)?tomcat[^/]*)-[0-9][^/]*\.jar$' | paste -sd:
}

# CPU time of a process so far, in clock ticks.
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }

# await_port PORT PID: waits up to 60 s for PORT to listen; fails early if PID has exited.
await_port() {
	local _
	for _ in $(seq 1 600); do
		ss -ltnH "sport = :$1" | grep -q LISTEN && return 0
		kill -0 "$2" 2>/dev/null || return 1
		sleep 0.1
	done
	return 1
}
