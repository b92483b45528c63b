#!/usr/bin/env bash
# Builds and runs the wsboot benchmarks: servers A (wsboot sample), B (plain Spring handler),
# C (bare Jakarta endpoint on Tomcat), D (Netty on NIO), E (Netty on its native epoll transport),
# and on Jetty 12 J (the wsboot sample) and K (the
# plain Spring handler) side by side in one run, in alternating rounds, with the C load generator.
# Servers O (A with websocket.observations.messages=true) and N (A with wsboot's observations
# switched off) measure the cost of observations when named in --servers. Prints the table of medians and the ratios A/B, A/C, A/D, A/E, J/K and O/A.
#
#   benchmarks/run.sh            full run (3 rounds, about 32 minutes on 2 cores)
#   benchmarks/run.sh --quick    smoke test (1 round, short windows, 2,000 idle connections)
#   options: --no-build  --rounds N  --servers "A B"  --no-keepalive
#
# Needs: JDK 25 (JAVA_HOME, default /usr/lib/jvm/temurin-25-jdk-amd64), gcc, taskset
# (util-linux), ss (iproute2). Missing Debian packages are installed with apt-get when run as root.
# Everything connects to 127.0.0.1 only; every loop is bounded in count and time.
set -euo pipefail

source "$(dirname "${BASH_SOURCE[0]}")/env.sh"

QUICK=0
BUILD=1
ROUNDS=3
SERVERS="A B C D E J K"
KEEPALIVE=1
while [ $# -gt 0 ]; do
	case "$1" in
		--quick) QUICK=1 ;;
		--no-build) BUILD=0 ;;
		--rounds) ROUNDS=$2; shift ;;
		--servers) SERVERS=$2; shift ;;
		--no-keepalive) KEEPALIVE=0 ;;
		*) echo "unknown option $1" >&2; exit 2 ;;
	esac
	shift
done

# Durations, in seconds. A full run is 3 rounds x 7 servers x ~55 s plus one keep-alive run of A
# per round, so the measured windows are short and every server start gets one shared warm-up.
if [ "$QUICK" = 1 ]; then
	ROUNDS=1; WARMUP_16=2; WARMUP_4K=1; WARMUP_HS=1; RAMP=0.5; WINDOW=1.5; IDLE_CONNS=2000; SETTLE=1; CPU_WINDOW=2; KA_WARMUP=2
else
	WARMUP_16=6; WARMUP_4K=4; WARMUP_HS=4; RAMP=0.5; WINDOW=3; IDLE_CONNS=10000; SETTLE=2; CPU_WINDOW=4; KA_WARMUP=15
fi
# The keep-alive window and its floor's: eight sweeps, so that one slow sweep weighs an eighth.
KA_WINDOW=$(( CPU_WINDOW * 2 ))
HANDSHAKE_LANES=16
# Fixed heap, one collector for all. 2 GB because Tomcat keeps ~75 KB of heap per idle
# connection: 10,000 of them do not fit in 512 MB. Serial is what the JVM picks for one CPU.
JVM_FLAGS=(-Xms2g -Xmx2g -XX:+UseSerialGC -Xss1m)
TOMCAT_ARGS=(--server.address=127.0.0.1 --server.tomcat.max-connections=20000)
# A runs with the library's defaults, not the sample's 30 s keep-alive: the first ping sweep then
# comes 2 minutes after start, after the suite, so its idle CPU is the keep-alive-off baseline.
A_DEFAULTS=(--websocket.receive-buffer-size=4KB)
A_DEFAULT_KEEPALIVE=--websocket.keep-alive-interval=2m

need() { command -v "$1" >/dev/null 2>&1; }
if ! need gcc || ! need taskset || ! need ss; then
	if [ "$(id -u)" = 0 ] && need apt-get; then
		apt-get update -qq && apt-get install -y -qq gcc util-linux iproute2 >/dev/null
	else
		echo "needs gcc, taskset and ss" >&2; exit 2
	fi
fi
[ -x "$JAVA" ] || { echo "no java at $JAVA; set JAVA_HOME to a JDK 25" >&2; exit 2; }
# The client and each server hold one descriptor per connection.
ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)"
if [ "$(ulimit -n)" -lt $((IDLE_CONNS + 200)) ]; then
	echo "open-file limit $(ulimit -n) is below $((IDLE_CONNS + 200))" >&2; exit 2
fi

RUN_START=$(date +%s)
if [ "$BUILD" = 1 ]; then
	echo "== building (mvnw package, gcc)"
	(cd "$ROOT" && ./mvnw -q -B -pl sample-app,benchmarks -am package -DskipTests)
fi
CLIENT=$BENCH/target/wsbench
gcc -O2 -Wall -Wextra -o "$CLIENT" "$BENCH/src/main/c/wsbench.c"
FLOOR=$BENCH/target/keepalive-floor
gcc -O2 -Wall -Wextra -o "$FLOOR" "$BENCH/src/main/c/keepalive-floor.c"
find_servers

OUT=$BENCH/target/results/$(date +%Y%m%d-%H%M%S)
mkdir -p "$OUT"
RAW=$OUT/raw.tsv
: > "$RAW"
echo "== results in $OUT"
{
	echo "date: $(date -u +%FT%TZ)"
	echo "nproc: $(nproc)"
	echo "cpu: $(lscpu | sed -n 's/^Model name: *//p' | head -1)"
	echo "kernel: $(uname -r)"
	echo "jdk: $("$JAVA" -version 2>&1 | head -1)"
	echo "jvm flags: ${JVM_FLAGS[*]}"
	echo "load at start: $(cut -d' ' -f1-3 /proc/loadavg)"
	echo "mode: $([ "$QUICK" = 1 ] && echo quick || echo full), rounds $ROUNDS"
} > "$OUT/machine.txt"
cat "$OUT/machine.txt"

PORT=18100
SERVER_PID=
CLIENT_PID=
CLK_TCK=$(getconf CLK_TCK)

cleanup() {
	[ -n "$CLIENT_PID" ] && kill -TERM "$CLIENT_PID" 2>/dev/null || true
	[ -n "$SERVER_PID" ] && kill -KILL "$SERVER_PID" 2>/dev/null || true
}
trap cleanup EXIT

record() { printf '%s\t%s\t%s\t%s\n' "$1" "$2" "$3" "$4" >> "$RAW"; }

# Value of key=value in a RESULT line.
field() { sed -n "s/.*[ ]$1=\([^ ]*\).*/\1/p" <<< "$2"; }

rss_kb() { awk '/^VmRSS:/ { print $2 }' "/proc/$1/status"; }

# Live heap in bytes: the class histogram forces a full collection first.
live_heap() {
	taskset -c 1 "$JCMD" "$1" GC.class_histogram > "$2"
	awk '/^Total/ { print $3 }' "$2"
}

# start_server NAME [extra args...]: starts the server on CPU 0 and waits for its port.
start_server() {
	local name=$1; shift
	PORT=$((PORT + 1))
	local log=$OUT/server-$name-$PORT.log
	local cmd
	case "$name" in
		A) cmd=("$JAVA" "${JVM_FLAGS[@]}" -jar "$A_JAR" --server.port=$PORT "${TOMCAT_ARGS[@]}" "${A_DEFAULTS[@]}") ;;
		B) cmd=("$JAVA" "${JVM_FLAGS[@]}" -cp "$B_CP" dev.wsboot.benchmarks.SpringHandlerServer --server.port=$PORT "${TOMCAT_ARGS[@]}") ;;
		C) cmd=("$JAVA" "${JVM_FLAGS[@]}" -cp "$B_CP" dev.wsboot.benchmarks.JakartaEndpointServer --server.port=$PORT) ;;
		D) cmd=("$JAVA" "${JVM_FLAGS[@]}" -cp "$B_CP" dev.wsboot.benchmarks.NettyEchoServer --server.port=$PORT) ;;
		E) cmd=("$JAVA" "${JVM_FLAGS[@]}" -cp "$B_CP" dev.wsboot.benchmarks.NettyEchoServer --server.port=$PORT --transport=epoll) ;;
		O) cmd=("$JAVA" "${JVM_FLAGS[@]}" -jar "$A_JAR" --server.port=$PORT "${TOMCAT_ARGS[@]}" "${A_DEFAULTS[@]}" "$A_DEFAULT_KEEPALIVE" --websocket.observations.messages=true) ;;
		N) cmd=("$JAVA" "${JVM_FLAGS[@]}" -jar "$A_JAR" --server.port=$PORT "${TOMCAT_ARGS[@]}" "${A_DEFAULTS[@]}" "$A_DEFAULT_KEEPALIVE" --management.observations.enable.websocket=false) ;;
		J) cmd=("$JAVA" "${JVM_FLAGS[@]}" -cp "$J_CP" "$J_MAIN" --server.port=$PORT --server.address=127.0.0.1 "${A_DEFAULTS[@]}" "$A_DEFAULT_KEEPALIVE") ;;
		K) cmd=("$JAVA" "${JVM_FLAGS[@]}" -cp "$K_CP" dev.wsboot.benchmarks.SpringHandlerServer --server.port=$PORT --server.address=127.0.0.1) ;;
	esac
	local t0=$(date +%s%N)
	taskset -c 0 "${cmd[@]}" "$@" > "$log" 2>&1 &
	SERVER_PID=$!
	if await_port "$PORT" "$SERVER_PID"; then
		STARTUP_S=$(awk "BEGIN { printf \"%.1f\", ($(date +%s%N) - $t0) / 1e9 }")
		return 0
	fi
	echo "server $name did not start; see $log" >&2
	exit 1
}

stop_server() {
	kill -KILL "$SERVER_PID" 2>/dev/null || true
	wait "$SERVER_PID" 2>/dev/null || true
	SERVER_PID=
}

# client MODE args...: runs the load generator on CPU 1 and prints its RESULT line.
client() {
	local line
	line=$(taskset -c 1 "$CLIENT" "$@" --port "$PORT" 2>> "$OUT/client.err" | grep '^RESULT' || true)
	if [ -z "$line" ] || [ "$(field ok "$line")" != 1 ]; then
		echo "  client $* failed: $line (see $OUT/client.err)" >&2
	fi
	echo "$line"
}

# Opens N idle connections in the background; returns once they are all open.
open_idle() {
	local out=$1 n=$2
	IDLE_ERR=${out%.txt}.progress
	taskset -c 1 "$CLIENT" idle --conns "$n" --hold 300 --progress --port "$PORT" > "$out" 2> "$IDLE_ERR" &
	CLIENT_PID=$!
	for _ in $(seq 1 1800); do
		grep -q '^READY' "$out" && break
		kill -0 "$CLIENT_PID" 2>/dev/null || break
		sleep 0.1
	done
	OPENED=$(sed -n 's/^READY open=//p' "$out")
	OPENED=${OPENED:-0}
}

close_idle() {
	kill -TERM "$CLIENT_PID" 2>/dev/null || true
	wait "$CLIENT_PID" 2>/dev/null || true
	CLIENT_PID=
}

suite() {
	local name=$1 round=$2
	if [ "$name" = A ]; then
		start_server A "$A_DEFAULT_KEEPALIVE"
	else
		start_server "$name"
	fi
	record "$name" "$round" start_s "$STARTUP_S"
	record "$name" "$round" load1 "$(cut -d' ' -f1 /proc/loadavg)"
	printf '== round %s server %s (started in %ss, load %s, %s s into the run)\n' "$round" "$name" "$STARTUP_S" \
		"$(cut -d' ' -f1 /proc/loadavg)" "$(( $(date +%s) - RUN_START ))"
	# One warm-up per server start, over both message sizes and the handshake, so that the JIT
	# has compiled every path a window measures: each echo window opens its connections too, so
	# without the handshake's warm-up the 1,024-connection windows and the handshake window
	# measured servers whose compiler was still busy with their handshake code.
	client echo --conns 64 --size 16 --warmup 0 --duration "$WARMUP_16" > /dev/null
	client echo --conns 64 --size 4096 --warmup 0 --duration "$WARMUP_4K" > /dev/null
	client handshake --conns "$HANDSHAKE_LANES" --size 16 --warmup 0 --duration "$WARMUP_HS" > /dev/null
	local size conns line c0 c1 total
	for size in 16 4096; do
		for conns in 1 64 1024; do
			c0=$(cpu_ticks "$SERVER_PID")
			line=$(client echo --conns "$conns" --size "$size" --warmup "$RAMP" --duration "$WINDOW")
			c1=$(cpu_ticks "$SERVER_PID")
			# Server CPU per message holds up better than msg/s when other processes share CPU 0.
			total=$(field total "$line")
			if [ -n "$total" ] && [ "$total" -gt 0 ]; then
				record "$name" "$round" "cpumsg_${size}_${conns}" \
					"$(awk "BEGIN { printf \"%.2f\", ($c1 - $c0) / $CLK_TCK * 1e6 / $total }")"
			fi
			printf '  echo %5sB x %4s: %s\n' "$size" "$conns" "${line#RESULT }"
			record "$name" "$round" "msgs_${size}_${conns}" "$(field rate "$line")"
			record "$name" "$round" "p50_${size}_${conns}" "$(field p50_us "$line")"
			record "$name" "$round" "p99_${size}_${conns}" "$(field p99_us "$line")"
			record "$name" "$round" "p999_${size}_${conns}" "$(field p999_us "$line")"
			record "$name" "$round" "clientcpu_${size}_${conns}" "$(field client_cpu "$line")"
			record "$name" "$round" "unserved_${size}_${conns}" "$(field unserved "$line")"
		done
	done
	line=$(client handshake --conns "$HANDSHAKE_LANES" --size 16 --warmup "$RAMP" --duration "$WINDOW")
	printf '  handshakes: %s\n' "${line#RESULT }"
	record "$name" "$round" handshakes "$(field rate "$line")"

	local heap0 heap1 rss0 rss1
	heap0=$(live_heap "$SERVER_PID" "$OUT/histo-$name-$round-before.txt")
	rss0=$(rss_kb "$SERVER_PID")
	open_idle "$OUT/idle-$name-$round.txt" "$IDLE_CONNS"
	sleep "$SETTLE"
	heap1=$(live_heap "$SERVER_PID" "$OUT/histo-$name-$round-after.txt")
	rss1=$(rss_kb "$SERVER_PID")
	if [ "$name" = A ]; then
		# Right after the histogram's full collection, so no leftover collection lands in the window.
		idle_cpu ka_cpu_off "$round"
	fi
	close_idle
	if [ "$OPENED" -gt 0 ]; then
		record "$name" "$round" heap_idle $(((heap1 - heap0) / OPENED))
		record "$name" "$round" rss_idle $(((rss1 - rss0) * 1024 / OPENED))
	fi
	record "$name" "$round" idle_opened "$OPENED"
	printf '  idle: %s connections, heap %s -> %s bytes, RSS %s -> %s kB\n' "$OPENED" "$heap0" "$heap1" "$rss0" "$rss1"
	stop_server
}

# Server CPU over CPU_WINDOW (or the seconds given) while the idle client holds its connections,
# in % of one core; records it only if the pings the client saw match what the metric claims.
idle_cpu() {
	local metric=$1 round=$2 seconds=${3:-$CPU_WINDOW}
	local pings0 c0 c1 t0 t1 pings pct
	pings0=$(ping_count)
	c0=$(cpu_ticks "$SERVER_PID"); t0=$(date +%s%N)
	sleep "$seconds"
	c1=$(cpu_ticks "$SERVER_PID"); t1=$(date +%s%N)
	pings=$(( $(ping_count) - pings0 ))
	pct=$(awk "BEGIN { printf \"%.2f\", 100 * ($c1 - $c0) / $CLK_TCK / (($t1 - $t0) / 1e9) }")
	local rate
	rate=$(awk "BEGIN { printf \"%.0f\", $pings / (($t1 - $t0) / 1e9) }")
	printf '  idle CPU (%s): %s %% of one core, %s pings/s reached the client\n' "$metric" "$pct" "$rate"
	if [ "$metric" = ka_cpu_off ] && [ "$pings" -gt 0 ]; then
		echo "  (not recorded: a ping sweep fell into the keep-alive-off window)" >&2
		return
	fi
	record A "$round" "$metric" "$pct"
	record A "$round" "${metric/cpu/pings}" "$rate"
}

# Pings the idle client has answered so far; it reports them once a second with --progress.
ping_count() {
	awk '/^idle: / { n += $2 } END { print n + 0 }' "$IDLE_ERR"
}

# CPU of server A holding idle connections with a ping every second; the keep-alive-off
# baseline comes from the suite's own idle phase.
keepalive() {
	local round=$1
	settle_time_wait
	start_server A --websocket.keep-alive-interval=1s
	printf '== keep-alive 1 s, round %s (%s s into the run)\n' "$round" "$(( $(date +%s) - RUN_START ))"
	open_idle "$OUT/keepalive-$round.txt" "$IDLE_CONNS"
	# A full collection first, so that garbage from opening the connections is not billed to pings.
	taskset -c 1 "$JCMD" "$SERVER_PID" GC.run > /dev/null
	# Warm-up with the pings going: the JIT compiles the ping and pong paths only once they run,
	# and its compilations would otherwise fill the window (recorded apart, as ka_cpu_warmup).
	idle_cpu ka_cpu_warmup "$round" "$KA_WARMUP"
	idle_cpu ka_cpu_1s "$round" "$KA_WINDOW"
	close_idle
	stop_server
	floor "$round"
}

# The suite's handshakes leave tens of thousands of sockets in TIME_WAIT for a minute; they share
# the kernel's connection table with the idle connections and slow the lookup of every ping and
# pong; so do the idle connections each measurement closes. Waits (at most 70 s) until few are left.
settle_time_wait() {
	local _
	for _ in $(seq 1 70); do
		[ "$(ss -Htan state time-wait | wc -l)" -lt 1000 ] && return 0
		sleep 1
	done
	echo "  ($(ss -Htan state time-wait | wc -l) sockets still in TIME_WAIT)" >&2
}

# The floor of the method: a C program writing one ping per connection per second, with and
# without a 10-byte answer per ping to read back (it pins itself: writer CPU 0, peers CPU 1).
floor() {
	local round=$1 line mode
	for mode in answer silent; do
		settle_time_wait
		line=$("$FLOOR" --port $((PORT + 5000)) --conns "$IDLE_CONNS" --seconds "$KA_WINDOW" \
			$([ "$mode" = answer ] && echo --answer) 2>> "$OUT/client.err" | grep '^RESULT' || true)
		printf '  keep-alive floor (C epoll, %s): %s\n' "$mode" "${line#RESULT }"
		record F "$round" "floor_${mode}" "$(field cpu_pct "$line")"
	done
}

for round in $(seq 1 "$ROUNDS"); do
	for name in $SERVERS; do
		suite "$name" "$round"
	done
done
if [ "$KEEPALIVE" = 1 ] && [[ " $SERVERS " == *" A "* ]]; then
	for round in $(seq 1 "$ROUNDS"); do
		keepalive "$round"
	done
fi

{
	echo "load at end: $(cut -d' ' -f1-3 /proc/loadavg)"
	echo "benchmark time: $(( $(date +%s) - RUN_START )) s"
} >> "$OUT/machine.txt"
"$JAVA" -cp "$B_CP" dev.wsboot.benchmarks.BenchmarkReport "$OUT" | tee "$OUT/report.md"
