# Sourced by run.sh and profile.sh: where things are, the JDK the servers run on, shared helpers.
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BENCH=$ROOT/benchmarks
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
JAVA=$JAVA_HOME/bin/java
JCMD=$JAVA_HOME/bin/jcmd

# Sets A_JAR (the sample app) and B_CP (the comparison servers' classpath); call after the build.
find_servers() {
	A_JAR=$(ls "$ROOT"/sample-app/target/wsboot-sample-app-*.jar | grep -v '\.original$' | head -1)
	B_CP="$(ls "$BENCH"/target/wsboot-benchmarks-*.jar | head -1):$BENCH/target/lib/*"
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
