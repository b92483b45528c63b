#!/usr/bin/env bash
# Single-server checks behind the reading in docs/BENCHMARKS.md, outside the main run:
#
#   benchmarks/profile.sh keepalive-timeline [A args...]  CPU of A each second, 10,000 idle
#                                                         connections, pings every second
#   benchmarks/profile.sh keepalive-perf [A args...]      perf profile of that steady state
#   benchmarks/profile.sh handshake-perf A|B|D|E|J|K        perf profile of the handshake loop
#   benchmarks/profile.sh echo1 A|B                       3 x 3 s of 16 B echo on 1 connection
#   benchmarks/profile.sh echo-perf A|B|D|E|J|K [conns] [size]  perf profile of echo (default
#                                                         64 x 16 B); D and E are Netty (NIO, epoll)
#   benchmarks/profile.sh layers A|B|D|E|J|K [conns] [size]  server CPU per echoed message by layer
#                                                         (kernel, system call entry, Java by
#                                                         package, JVM), from a flat perf profile
#                                                         (default 1,024 x 16 B)
#   benchmarks/profile.sh jfr A|B|D|E|J|K [echo|handshake] [conns] [size]  echo (default 1,024 x
#                                                         16 B) or the handshake loop under JDK
#                                                         Flight Recorder, sampling every
#                                                         millisecond: Java frames with what the
#                                                         JIT inlined, which perf's map of compiled
#                                                         code folds together; the hottest methods,
#                                                         and the recording in target/profile
#   benchmarks/profile.sh idle-heap [A args...]           heap per idle connection of A and the
#                                                         classes it goes to, after the main run's
#                                                         warm-up (10,000 connections, no pings);
#                                                         IDLE_SERVER=J measures A's app on Jetty
#   benchmarks/profile.sh idle-stack [A args...]          the stack an idle connection's thread is
#                                                         parked on (its frames are the StackChunk
#                                                         that idle-heap reports); IDLE_SERVER=J too
#   benchmarks/profile.sh handshakes A|B|D|E|J|K [args]  handshakes/s, three runs after a warm-up
#   benchmarks/profile.sh switches A|J [conns] [size]     context switches and CPU of each server
#                                                         thread in a 2 s echo window (default
#                                                         1 x 16 B)
#   benchmarks/profile.sh syscalls A|B|D|E|J|K [conns] [size]  system calls of each kind per echoed
#                                                         message in a 3 s echo window (default
#                                                         1,024 x 16 B), with the window's msg/s
#   benchmarks/profile.sh compare OLD.jar NEW.jar [N]     two builds of the sample app, alternated N
#                                                         times (default 3): echo msg/s, p99, server
#                                                         CPU and context switches per message,
#                                                         connections unserved in the window;
#                                                         COMPARE_SERVER=J runs both on Jetty,
#                                                         COMPARE_SPECS="1 16 1 4096" sets the
#                                                         windows (connections, size pairs),
#                                                         COMPARE_JVM_OLD / COMPARE_JVM_NEW add
#                                                         JVM options to one side
#   benchmarks/profile.sh paired OLD.jar NEW.jar [starts] [pairs]  two builds served at once
#                                                         (either may be a server letter, e.g. E)
#                                                         (ports 18700, 18701, both on CPU 0) and
#                                                         measured in alternating windows (default
#                                                         2 starts x 8 pairs of 1,024 x 16 B;
#                                                         COMPARE_SPECS, COMPARE_JVM_OLD/NEW as
#                                                         for compare): the median ratio per pair,
#                                                         and each side's median p99
#   benchmarks/profile.sh rate A|B|D|E|J|K [conns] [msgs/s] echo at a fixed rate per connection
#                                                         (default 1,024 x 10/s, 16 B), after a
#                                                         warm-up: msg/s, p50, p99, max, server CPU
#                                                         per message, three 5 s windows;
#                                                         RATE_JAR (or SERVER_JAR)=other.jar for
#                                                         another build of A
#   benchmarks/profile.sh scale [A args...]               100,000 idle connections to A (SCALE_CONNS),
#                                                         from 127.0.0.2-9: heap, RSS and keep-alive
#                                                         CPU at that count (pings every 10 s)
#
# Extra JVM options go in EXTRA_JVM (e.g. EXTRA_JVM=-Djdk.pollerMode=1), extra client options in
# CLIENT_ARGS (e.g. CLIENT_ARGS=--no-pong); SERVER_JAR=other.jar runs server A from another build
# of the sample app. Needs what benchmarks/run.sh builds (run it, or
# `./mvnw -pl sample-app,benchmarks -am package -DskipTests` and the gcc line below); the perf
# modes need Debian's linux-perf. perf reports go to benchmarks/target/profile/. Server on CPU 0,
# client on CPU 1, 127.0.0.1 only; every loop is bounded.
set -euo pipefail

source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
CLIENT=$BENCH/target/wsbench
[ -x "$CLIENT" ] || gcc -O2 -Wall -Wextra -o "$CLIENT" "$BENCH/src/main/c/wsbench.c"
find_servers
A_JAR=${SERVER_JAR:-$A_JAR}
OUT=$BENCH/target/profile
mkdir -p "$OUT"
ulimit -n 65536 2>/dev/null || true
PORT=18700
CONNS=10000
SERVER_PID=
CLIENT_PID=
# The first server of the paired mode, which runs two at once.
OTHER_PID=
SERVER_LOG=$OUT/server.log
# The same flags as the main run. The modes that sample stacks with perf (*-perf) add frame
# pointers, so that perf can walk Java stacks; the others leave them out, because with them the
# JVM resumes every virtual thread on its slow path (HotSpot's Thaw::can_thaw_fast), which the
# main run does not pay.
JVM_FLAGS=(-Xms2g -Xmx2g -XX:+UseSerialGC -Xss1m)
case "${1:-}" in
	*-perf) JVM_FLAGS+=(-XX:+UnlockDiagnosticVMOptions -XX:+PreserveFramePointer) ;;
esac
read -r -a EXTRA <<< "${EXTRA_JVM:-}"
BASE_EXTRA=("${EXTRA[@]}")
read -r -a CLIENT_EXTRA <<< "${CLIENT_ARGS:-}"

cleanup() {
	[ -n "$CLIENT_PID" ] && kill -TERM "$CLIENT_PID" 2>/dev/null || true
	local pid
	for pid in $SERVER_PID $OTHER_PID; do
		kill -KILL "$pid" 2>/dev/null || true
		wait "$pid" 2>/dev/null || true
	done
}
trap cleanup EXIT

# start NAME [args...]: starts server A, B, J or K on CPU 0 and waits for its port.
start() {
	local name=$1; shift
	if ss -ltnH "sport = :$PORT" | grep -q LISTEN; then
		echo "port $PORT is taken; is an earlier server still running?" >&2
		exit 1
	fi
	case "$name" in
		A) taskset -c 0 "$JAVA" "${JVM_FLAGS[@]}" "${EXTRA[@]}" -jar "$A_JAR" --server.port=$PORT \
			--server.address=127.0.0.1 --server.tomcat.max-connections=20000 "$@" > "$SERVER_LOG" 2>&1 & ;;
		B) taskset -c 0 "$JAVA" "${JVM_FLAGS[@]}" "${EXTRA[@]}" -cp "$B_CP" dev.wsboot.benchmarks.SpringHandlerServer \
			--server.port=$PORT --server.address=127.0.0.1 --server.tomcat.max-connections=20000 "$@" > "$SERVER_LOG" 2>&1 & ;;
		J) taskset -c 0 "$JAVA" "${JVM_FLAGS[@]}" "${EXTRA[@]}" -cp "$J_CP" "$J_MAIN" --server.port=$PORT \
			--server.address=127.0.0.1 "$@" > "$SERVER_LOG" 2>&1 & ;;
		K) taskset -c 0 "$JAVA" "${JVM_FLAGS[@]}" "${EXTRA[@]}" -cp "$K_CP" dev.wsboot.benchmarks.SpringHandlerServer \
			--server.port=$PORT --server.address=127.0.0.1 "$@" > "$SERVER_LOG" 2>&1 & ;;
		D|E) taskset -c 0 "$JAVA" "${JVM_FLAGS[@]}" "${EXTRA[@]}" -cp "$B_CP" dev.wsboot.benchmarks.NettyEchoServer \
			--server.port=$PORT $([ "$name" = E ] && echo --transport=epoll) "$@" > "$SERVER_LOG" 2>&1 & ;;
		*) echo "server must be A, B, D, E, J or K" >&2; exit 2 ;;
	esac
	SERVER_PID=$!
	await_port "$PORT" "$SERVER_PID" && return 0
	echo "server $name did not start; see $SERVER_LOG" >&2
	exit 1
}

# warm_up: the main run's warm-up (run.sh): echo of 16 B and 4 KB on 64 connections, then
# handshakes on 16 lanes. Without the handshakes, the JIT compiles the upgrade path while a
# 1,024-connection window opens its connections and goes on compiling into the measured
# seconds: on the server's one core, the JIT took up to 41 % of the samples in such windows.
warm_up() {
	taskset -c 1 "$CLIENT" echo --conns 64 --size 16 --warmup 0 --duration 6 --port "$PORT" > /dev/null 2>&1
	taskset -c 1 "$CLIENT" echo --conns 64 --size 4096 --warmup 0 --duration 4 --port "$PORT" > /dev/null 2>&1
	taskset -c 1 "$CLIENT" handshake --conns 16 --size 16 --warmup 0 --duration 4 --port "$PORT" > /dev/null 2>&1
}

# start_measured_echo CONNS SIZE SECONDS FILE: warms the server up (warm_up, then CONNS x SIZE)
# and starts echo of CONNS x SIZE for SECONDS in the background (CLIENT_PID), its RESULT line
# going to FILE; its first half second is left out of the result.
start_measured_echo() {
	warm_up
	taskset -c 1 "$CLIENT" echo --conns "$1" --size "$2" --warmup 0 --duration 4 --port "$PORT" > /dev/null 2>&1
	taskset -c 1 "$CLIENT" echo --conns "$1" --size "$2" --warmup 0.5 --duration "$3" --port "$PORT" > "$4" 2> /dev/null &
	CLIENT_PID=$!
}

# side_options 0|1: the JVM options of the old (0) or new (1) side of compare and paired:
# EXTRA_JVM, then COMPARE_JVM_OLD or COMPARE_JVM_NEW (options for one side only, e.g. the same
# jar twice with and without a flag).
side_options() {
	local side side_flags
	[ "$1" = 0 ] && side=${COMPARE_JVM_OLD:-} || side=${COMPARE_JVM_NEW:-}
	read -r -a side_flags <<< "$side"
	EXTRA=("${BASE_EXTRA[@]}" "${side_flags[@]}")
}

# Opens CONNS idle connections that answer pings; returns once all are open.
open_idle() {
	taskset -c 1 "$CLIENT" idle --conns "$CONNS" --hold 300 "${CLIENT_EXTRA[@]}" --port "$PORT" > "$OUT/idle.txt" 2>/dev/null &
	CLIENT_PID=$!
	for _ in $(seq 1 1800); do
		grep -q '^READY' "$OUT/idle.txt" && return 0
		kill -0 "$CLIENT_PID" 2>/dev/null || break
		sleep 0.1
	done
	echo "the idle connections did not open" >&2
	exit 1
}

# perf NAME: samples the server for 4 s and prints the heaviest frames, callers included.
profile() {
	local data=$OUT/$1.perf
	taskset -c 1 perf record -e cpu-clock -F 1999 -g -p "$SERVER_PID" -o "$data" -- sleep 4 2> /dev/null
	taskset -c 1 "$JCMD" "$SERVER_PID" Compiler.perfmap > /dev/null
	perf report -i "$data" --children --sort sym --stdio -g none 2> /dev/null | grep -v '^#' | grep -v '^$' \
		| head -${PROFILE_LINES:-80} | tee "$OUT/$1.txt"
}

mode=${1:-}
[ $# -gt 0 ] && shift
case "$mode" in
	keepalive-timeline|keepalive-perf)
		start A --websocket.keep-alive-interval=1s "$@"
		open_idle
		taskset -c 1 "$JCMD" "$SERVER_PID" GC.run > /dev/null
		if [ "$mode" = keepalive-timeline ]; then
			line=""
			for _ in $(seq 1 20); do
				c0=$(cpu_ticks "$SERVER_PID"); sleep 1; c1=$(cpu_ticks "$SERVER_PID")
				line="$line $(( (c1 - c0) * 100 / $(getconf CLK_TCK) ))"
			done
			echo "server CPU, % of one core, each second after opening $CONNS connections:$line"
		else
			# The steady state: after the JIT has compiled the ping and pong paths.
			sleep 15
			profile keepalive
		fi
		;;
	handshake-perf)
		start "${1:-A}"
		taskset -c 1 "$CLIENT" handshake --conns 16 --size 16 --warmup 0 --duration 8 --port "$PORT" > /dev/null 2>&1
		taskset -c 1 "$CLIENT" handshake --conns 16 --size 16 --warmup 0 --duration 6 --port "$PORT" > /dev/null 2>&1 &
		CLIENT_PID=$!
		sleep 1
		profile handshake
		wait "$CLIENT_PID" || true
		CLIENT_PID=
		;;
	echo-perf)
		start "${1:-A}"
		conns=${2:-64}; size=${3:-16}
		warm_up
		taskset -c 1 "$CLIENT" echo --conns "$conns" --size "$size" --warmup 0 --duration 8 --port "$PORT" > /dev/null 2>&1
		taskset -c 1 "$CLIENT" echo --conns "$conns" --size "$size" --warmup 0 --duration 6 --port "$PORT" > /dev/null 2>&1 &
		CLIENT_PID=$!
		sleep 1
		profile echo
		wait "$CLIENT_PID" || true
		CLIENT_PID=
		;;
	layers)
		# Where an echoed message's CPU goes, layer by layer: a flat perf profile (no stacks, so
		# no frame pointers) of the server's core during a measured echo window.
		start "${1:-A}"
		start_measured_echo "${2:-1024}" "${3:-16}" 6 "$OUT/layers.txt"
		sleep 1
		c0=$(cpu_ticks "$SERVER_PID")
		taskset -c 1 perf record -e cpu-clock -F 1999 -p "$SERVER_PID" -o "$OUT/layers-${1:-A}.perf" -- sleep 4 > /dev/null 2>&1
		c1=$(cpu_ticks "$SERVER_PID")
		taskset -c 1 "$JCMD" "$SERVER_PID" Compiler.perfmap > /dev/null
		wait "$CLIENT_PID" || true
		CLIENT_PID=
		rate=$(sed -n 's/.*rate=\([0-9]*\).*/\1/p' "$OUT/layers.txt")
		[ "${rate:-0}" -gt 0 ] || { echo "the echo window failed" >&2; exit 1; }
		us=$(awk -v cpu=$((c1 - c0)) -v hz="$(getconf CLK_TCK)" -v rate="$rate" 'BEGIN { printf "%.2f", cpu * 1e6 / hz / (rate * 4) }')
		echo "${1:-A} ${2:-1024} x ${3:-16} B: $rate msg/s, server CPU $us us per message; by layer:"
		perf report -i "$OUT/layers-${1:-A}.perf" --no-children --sort dso,sym --stdio 2> /dev/null | grep -v '^#' \
			| python3 -c '
import collections, re, sys
us = float(sys.argv[1])
layers = collections.Counter()
for line in sys.stdin:
    m = re.match(r"\s*([\d.]+)%\s+(.+?)\s+\[(.)\]\s+(.*)", line)
    if not m:
        continue
    share, dso, sym = float(m.group(1)), m.group(2), m.group(4).strip()
    name = re.sub(r"^\S+ (?=\S+\()", "", sym).split("(")[0]
    if "kernel" in dso:
        entry = re.search(r"^(vfs_|fdget|rw_verify_area|security_file|sock_(read|write)_iter|__sys_|ksys_|__x64_sys|do_syscall_64|entry_SYSCALL|syscall_)", sym)
        layer = "kernel: system call entry, file layer" if entry else "kernel: TCP, wake-ups, epoll"
    elif "JIT" in dso:
        for prefix, label in (("dev.wsboot.server.socket", "wsboot I/O"), ("dev.wsboot.server.direct", "wsboot I/O"),
                ("dev.wsboot.server.frame", "wsboot I/O"), ("dev.wsboot", "wsboot handlers, connection, metrics"),
                ("org.springframework", "Spring"), ("io.micrometer", "Micrometer"), ("io.netty", "Netty"),
                ("java.util.concurrent", "scheduler, virtual threads"), ("java.lang.VirtualThread", "scheduler, virtual threads"),
                ("jdk.internal.vm", "scheduler, virtual threads"), ("sun.nio", "JDK NIO"), ("java.nio", "JDK NIO")):
            if name.startswith(prefix):
                layer = "Java: " + label
                break
        else:
            layer = "Java: other"
    elif "libjvm" in dso:
        layer = "JVM runtime (libjvm)"
    else:
        layer = "native: other (libc, vdso, JNI)"
    layers[layer] += share
for layer, share in layers.most_common():
    print(f"{share * us / 100:6.2f} us {share:5.1f} %  {layer}")
' "$us"
		;;
	jfr)
		start "${1:-A}"
		workload=${2:-echo}
		[ "$workload" = handshake ] && conns=${3:-16} || conns=${3:-1024}
		size=${4:-16}
		warm_up
		taskset -c 1 "$CLIENT" "$workload" --conns "$conns" --size "$size" --warmup 0 --duration 8 --port "$PORT" > /dev/null 2>&1
		taskset -c 1 "$CLIENT" "$workload" --conns "$conns" --size "$size" --warmup 0 --duration 7 --port "$PORT" > /dev/null 2>&1 &
		CLIENT_PID=$!
		sleep 1
		rm -f "$OUT/$workload.jfr"
		"$JAVA_HOME/bin/jfr" configure --input none +jdk.ExecutionSample#enabled=true "+jdk.ExecutionSample#period=1 ms" \
			--output "$OUT/sampling.jfc" > /dev/null
		taskset -c 1 "$JCMD" "$SERVER_PID" JFR.start name="$workload" settings="$OUT/sampling.jfc" duration=5s \
			filename="$OUT/$workload.jfr" > /dev/null
		wait "$CLIENT_PID" || true
		CLIENT_PID=
		for _ in $(seq 1 50); do [ -s "$OUT/$workload.jfr" ] && break; sleep 0.2; done
		"$JAVA_HOME/bin/jfr" view --width 200 hot-methods "$OUT/$workload.jfr" | head -${PROFILE_LINES:-40} | tee "$OUT/$workload-jfr.txt"
		;;
	switches)
		# Context switches and CPU ticks of each server thread in a 2 s echo window: which thread
		# sleeps and is woken per message (carriers, the JDK's master poller, its timer thread).
		start "${1:-A}" --websocket.keep-alive-interval=2m
		start_measured_echo "${2:-1}" "${3:-16}" 4 "$OUT/switches.txt"
		sleep 1.5
		# One process reads every thread's counters, so that the snapshot is quick and on CPU 1.
		snapshot() {
			taskset -c 1 awk 'FILENAME ~ /status$/ && /^Name:/ { name = $2 }
				FILENAME ~ /status$/ && /ctxt_switches/ { n += $2 }
				FILENAME ~ /stat$/ { split(FILENAME, p, "/"); sub(/.*\) /, ""); print p[5], n, $12 + $13, name; n = 0 }' \
				$(for t in /proc/"$SERVER_PID"/task/*; do echo "$t/status $t/stat"; done) 2> /dev/null | sort
		}
		snapshot > "$OUT/switches-0.txt"
		sleep 2
		snapshot > "$OUT/switches-1.txt"
		wait "$CLIENT_PID" || true
		CLIENT_PID=
		sed -n 's/^RESULT.*\(rate=[0-9]*\).*\(p99_us=[0-9.]*\).*/\1 \2/p' "$OUT/switches.txt"
		join "$OUT/switches-0.txt" "$OUT/switches-1.txt" | awk '$5 - $2 > 50 || $6 - $3 > 5 {
			printf "%-24s %7d switches %4d CPU ticks\n", $4, $5 - $2, $6 - $3 }'
		;;
	syscalls)
		# What each echoed message costs in system calls: reads that find nothing, epoll waits,
		# futex wake-ups between threads.
		start "${1:-A}" --websocket.keep-alive-interval=2m
		conns=${2:-1024}; size=${3:-16}
		start_measured_echo "$conns" "$size" 5 "$OUT/syscalls.txt"
		sleep 1
		c0=$(cpu_ticks "$SERVER_PID")
		taskset -c 1 perf stat -e "$(printf 'syscalls:sys_enter_%s,' read write readv writev recvfrom sendto epoll_wait epoll_pwait epoll_ctl futex sched_yield poll ppoll | sed 's/,$//')" -p "$SERVER_PID" -- sleep 3 2> "$OUT/syscalls-perf.txt" || true
		c1=$(cpu_ticks "$SERVER_PID")
		wait "$CLIENT_PID" || true
		CLIENT_PID=
		rate=$(sed -n 's/.*rate=\([0-9]*\).*/\1/p' "$OUT/syscalls.txt")
		[ "${rate:-0}" -gt 0 ] || { echo "the client failed; see $OUT/server.log" >&2; exit 1; }
		echo "${1:-A} $conns x $size B: $rate msg/s, CPU $(awk "BEGIN { printf \"%.1f\", ($c1 - $c0) * 1e6 / $(getconf CLK_TCK) / ($rate * 3) }") us/msg"
		awk -v m=$((rate * 3)) '/syscalls:sys_enter_/ { gsub(",", "", $1); if ($1 / m >= 0.005) {
			sub("syscalls:sys_enter_", "", $2); printf "%8.3f %s\n", $1 / m, $2 } }' "$OUT/syscalls-perf.txt" | sort -k1,1nr
		;;
	handshakes)
		# Handshakes/s of one server, as the main run measures them, three times after a warm-up;
		# arguments after the server's name go to the application (e.g. a property to compare).
		start "${1:-A}" "${@:2}"
		taskset -c 1 "$CLIENT" handshake --conns 16 --size 16 --warmup 0 --duration 6 --port "$PORT" > /dev/null 2>&1
		for _ in 1 2 3; do
			taskset -c 1 "$CLIENT" handshake --conns 16 --size 16 --warmup 0.5 --duration 3 --port "$PORT" 2> /dev/null \
				| grep '^RESULT' || echo "the client failed; see $OUT/server.log" >&2
		done
		;;
	echo1)
		start "${1:-A}"
		taskset -c 1 "$CLIENT" echo --conns 64 --size 16 --warmup 0 --duration 6 --port "$PORT" > /dev/null 2>&1
		taskset -c 1 "$CLIENT" echo --conns 1 --size 16 --warmup 0 --duration 4 --port "$PORT" > /dev/null 2>&1
		for _ in 1 2 3; do
			taskset -c 1 "$CLIENT" echo --conns 1 --size 16 --warmup 0.5 --duration 3 --port "$PORT" 2> /dev/null | grep '^RESULT' \
				|| echo "the client failed; see $OUT/server.log" >&2
		done
		;;
	rate)
		# Connections that each send a few messages a second, as most of a large deployment's do:
		# every message wakes its connection's thread (or Netty's event loop) from a wait.
		# RATE_JAR: SERVER_JAR's older name, kept for the commands in docs/BENCHMARKS.md.
		A_JAR=${RATE_JAR:-$A_JAR}
		start "${1:-A}"
		conns=${2:-1024}; per_conn=${3:-10}
		taskset -c 1 "$CLIENT" echo --conns 64 --size 16 --warmup 0 --duration 6 --port "$PORT" > /dev/null 2>&1
		# Each window's first 2 s are left out: right after 1,024 handshakes young collections
		# (and perhaps the handshakes' own remaining work) hold the first messages up.
		taskset -c 1 "$CLIENT" echo --conns "$conns" --size 16 --warmup 0 --duration 4 --port "$PORT" > /dev/null 2>&1
		for _ in 1 2 3; do
			taskset -c 1 "$CLIENT" echo --conns "$conns" --size 16 --warmup 2 --duration 5 --rate "$per_conn" \
				--port "$PORT" > "$OUT/rate.txt" 2> /dev/null &
			CLIENT_PID=$!
			sleep 2.5
			c0=$(cpu_ticks "$SERVER_PID")
			sleep 4
			c1=$(cpu_ticks "$SERVER_PID")
			wait "$CLIENT_PID" || true
			CLIENT_PID=
			awk -v cpu=$((c1 - c0)) -v hz="$(getconf CLK_TCK)" -v name="${1:-A}" '/^RESULT/ {
				for (i = 2; i <= NF; i++) { split($i, kv, "="); f[kv[1]] = kv[2] }
				printf "%s %4d x %3d/s  %6d msg/s  p50 %7.0f us  p99 %7.0f us  max %7.0f us  CPU %5.1f us/msg\n",
					name, f["conns"], f["rate_per_conn"], f["rate"], f["p50_us"], f["p99_us"], f["max_us"],
					(f["rate"] > 0) ? cpu * 1e6 / hz / (f["rate"] * 4) : 0 }' "$OUT/rate.txt"
		done
		;;
	compare)
		# Back-to-back rounds are the only fair comparison on a host whose speed drifts.
		[ $# -ge 2 ] || { echo "usage: profile.sh compare OLD.jar NEW.jar [rounds]" >&2; exit 2; }
		# COMPARE_SERVER=J runs both builds on Jetty; COMPARE_SPECS lists "connections size" pairs.
		jars=("$1" "$2")
		server=${COMPARE_SERVER:-A}
		read -r -a specs <<< "${COMPARE_SPECS:-64 16 1024 16 64 4096 1024 4096}"
		if [ "$server" = J ]; then
			for which in 0 1; do
				rm -rf "$OUT/compare-exploded-$which" && mkdir -p "$OUT/compare-exploded-$which"
				(cd "$OUT/compare-exploded-$which" && "$JAVA_HOME/bin/jar" xf "${jars[$which]}")
			done
		fi
		for round in $(seq 1 "${3:-3}"); do
			# Old first in odd rounds, new first in even ones, so that the host's drift within a
			# round favours neither: with the same jar on both sides and a JVM flag on one, the
			# side that always ran first came out ahead by a fifth, and swapping the order all
			# but undid it (docs/BENCHMARKS.md, fourteenth session).
			order="0 1"
			[ $((round % 2)) = 0 ] && order="1 0"
			for which in $order; do
				A_JAR=${jars[$which]}
				side_options "$which"
				if [ "$server" = J ]; then
					exploded=$OUT/compare-exploded-$which
					J_CP="$exploded/BOOT-INF/classes:$(without_tomcat "$exploded"/BOOT-INF/lib/*.jar):$BENCH/target/lib-jetty/*"
				fi
				start "$server" --websocket.keep-alive-interval=2m
				warm_up
				for ((k = 0; k + 1 < ${#specs[@]}; k += 2)); do
					conns=${specs[$k]}; size=${specs[$((k + 1))]}
					taskset -c 1 "$CLIENT" echo --conns "$conns" --size "$size" --warmup 0.5 --duration 4 --port "$PORT" \
						> "$OUT/compare.txt" 2> /dev/null &
					CLIENT_PID=$!
					sleep 1
					c0=$(cpu_ticks "$SERVER_PID")
					taskset -c 1 perf stat -e context-switches -p "$SERVER_PID" -- sleep 3 2> "$OUT/compare-perf.txt" || true
					c1=$(cpu_ticks "$SERVER_PID")
					wait "$CLIENT_PID" || true
					CLIENT_PID=
					rate=$(sed -n 's/.*rate=\([0-9]*\).*/\1/p' "$OUT/compare.txt")
					p99=$(sed -n 's/.*p99_us=\([0-9.]*\).*/\1/p' "$OUT/compare.txt")
					unserved=$(sed -n 's/.*unserved=\([0-9]*\).*/\1/p' "$OUT/compare.txt")
					switches=$(awk '/context-switches/ { gsub(",", "", $1); print $1 }' "$OUT/compare-perf.txt")
					awk -v r="$round" -v j="$(basename "$A_JAR")" -v n="$which" -v c="$conns" -v s="$size" -v rate="${rate:-0}" \
						-v p99="${p99:-0}" -v u="${unserved:-0}" -v cpu=$((c1 - c0)) -v hz="$(getconf CLK_TCK)" -v cs="${switches:-0}" 'BEGIN {
						m = (rate > 0) ? rate * 3 : 1
						printf "round %d %s %-22s %4d x %4d B  %7d msg/s  p99 %8.0f us  CPU %5.1f us/msg  %.2f switches/msg  unserved %d\n",
							r, (n == 0) ? "old" : "new", j, c, s, rate, p99, cpu * 1e6 / hz / m, cs / m, u }'
				done
				kill -KILL "$SERVER_PID" 2> /dev/null || true
				wait "$SERVER_PID" 2> /dev/null || true
				SERVER_PID=
				while ss -ltnH "sport = :$PORT" | grep -q LISTEN; do sleep 0.2; done
			done
		done
		;;
	paired)
		# Two builds served at once, both on CPU 0 and warmed up, and measured in windows that
		# take turns: the host's drift, which swings a 1,024-connection window by a third from one
		# minute to the next, then falls on both sides of each pair alike, where compare's rounds
		# are a minute apart per side. Each start also gets its own JIT's luck, so there are
		# several starts.
		# Either side may be a comparison server's letter instead of a jar: `paired E new.jar`
		# reads wsboot against Netty on epoll with the same pairing.
		[ $# -ge 2 ] || { echo "usage: profile.sh paired OLD.jar|B|D|E|J|K NEW.jar|B|D|E|J|K [starts] [pairs]" >&2; exit 2; }
		jars=("$1" "$2")
		read -r -a specs <<< "${COMPARE_SPECS:-1024 16}"
		base_port=$PORT
		: > "$OUT/paired.tsv"
		for round in $(seq 1 "${3:-2}"); do
			for which in 0 1; do
				side_options "$which"
				PORT=$((base_port + which)) SERVER_LOG=$OUT/server-$which.log
				case "${jars[$which]}" in
					B|D|E|J|K) start "${jars[$which]}" ;;
					*) A_JAR=${jars[$which]}; start A --websocket.keep-alive-interval=2m ;;
				esac
				pids[$which]=$SERVER_PID
				[ "$which" = 0 ] && OTHER_PID=$SERVER_PID
			done
			for which in 0 1; do PORT=$((base_port + which)) warm_up; done
			for ((k = 0; k + 1 < ${#specs[@]}; k += 2)); do
				conns=${specs[$k]}; size=${specs[$((k + 1))]}
				for which in 0 1; do
					taskset -c 1 "$CLIENT" echo --conns "$conns" --size "$size" --warmup 0 --duration 3 \
						--port $((base_port + which)) > /dev/null 2>&1
				done
				for pair in $(seq 1 "${4:-8}"); do
					order="0 1"
					[ $((pair % 2)) = 0 ] && order="1 0"
					for which in $order; do
						pid=${pids[$which]}
						taskset -c 1 "$CLIENT" echo --conns "$conns" --size "$size" --warmup 0.5 --duration 2.5 \
							--port $((base_port + which)) > "$OUT/paired.txt" 2> /dev/null &
						CLIENT_PID=$!
						sleep 0.8
						c0=$(cpu_ticks "$pid")
						sleep 2
						c1=$(cpu_ticks "$pid")
						wait "$CLIENT_PID" || true
						CLIENT_PID=
						rate=$(sed -n 's/.*rate=\([0-9]*\).*/\1/p' "$OUT/paired.txt")
						p99=$(sed -n 's/.*p99_us=\([0-9.]*\).*/\1/p' "$OUT/paired.txt")
						printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$round" "$pair" "$which" "$conns" "$size" "${rate:-0}" \
							"$(awk -v t=$((c1 - c0)) -v hz="$(getconf CLK_TCK)" -v r="${rate:-0}" 'BEGIN {
								printf "%.2f", (r > 0) ? t * 1e6 / hz / (r * 2) : 0 }')" "${p99:-0}" >> "$OUT/paired.tsv"
					done
				done
			done
			for pid in "${pids[@]}"; do kill -KILL "$pid" 2> /dev/null || true; wait "$pid" 2> /dev/null || true; done
			SERVER_PID= OTHER_PID=
			for port in "$base_port" $((base_port + 1)); do
				while ss -ltnH "sport = :$port" | grep -q LISTEN; do sleep 0.2; done
			done
		done
		# Per pair, new over old; the median of those ratios and how many pairs new won.
		python3 - "$OUT/paired.tsv" "$(basename "$1")" "$(basename "$2")" <<'PY'
import collections, statistics, sys
rows = [line.split("\t") for line in open(sys.argv[1]).read().split("\n") if line]
cells = collections.defaultdict(dict)
for start, pair, which, conns, size, rate, cpu, p99 in rows:
    cells[(conns, size)].setdefault((start, pair), {})[which] = (float(rate), float(cpu), float(p99))
print(f"old {sys.argv[2]}, new {sys.argv[3]}: per pair of windows, new / old")
for (conns, size), pairs in cells.items():
    full = [p for p in pairs.values() if len(p) == 2 and p["0"][0] > 0 and p["1"][0] > 0]
    rates = [p["1"][0] / p["0"][0] for p in full]
    cpus = [p["1"][1] / p["0"][1] for p in full]
    print(f"{conns:>5} x {size:>4} B: {len(full)} pairs; msg/s old median {statistics.median(p['0'][0] for p in full):,.0f}, "
          f"new {statistics.median(p['1'][0] for p in full):,.0f}; ratio median {statistics.median(rates):.3f} "
          f"(new ahead in {sum(r > 1 for r in rates)}); CPU/msg ratio median {statistics.median(cpus):.3f} "
          f"(new cheaper in {sum(c < 1 for c in cpus)}); p99 median old {statistics.median(p['0'][2] for p in full):,.0f} us, "
          f"new {statistics.median(p['1'][2] for p in full):,.0f} (new lower in {sum(p['1'][2] < p['0'][2] for p in full)})")
PY
		;;
	scale)
		# 100,000 connections need more than one source address's ~28,000 ports, more open files
		# than the default limit, and a heap above the main run's 2 GB.
		CONNS=${SCALE_CONNS:-100000}
		if ! ulimit -n $((CONNS + 1000)) 2>/dev/null; then
			echo "cannot raise the open-file limit to $((CONNS + 1000)) (hard limit $(ulimit -Hn); raising it" \
				"needs CAP_SYS_RESOURCE): run as root on a host, or set SCALE_CONNS below $(( $(ulimit -Hn) - 1000 ))" >&2
			exit 2
		fi
		JVM_FLAGS+=(-Xms6g -Xmx6g)
		taskset -c 0 "$JAVA" "${JVM_FLAGS[@]}" "${EXTRA[@]}" -jar "$A_JAR" --server.port=$PORT \
			--server.address=127.0.0.1 --server.tomcat.max-connections=$((CONNS + 1000)) \
			--server.tomcat.accept-count=1000 --websocket.keep-alive-interval=10s "$@" > "$OUT/server.log" 2>&1 &
		SERVER_PID=$!
		await_port "$PORT" "$SERVER_PID" || { echo "A did not start; see $OUT/server.log" >&2; exit 1; }
		taskset -c 1 "$JCMD" "$SERVER_PID" GC.class_histogram > "$OUT/scale-before.txt"
		heap0=$(awk '/^Total/ { print $3 }' "$OUT/scale-before.txt")
		rss0=$(awk '/^VmRSS:/ { print $2 }' "/proc/$SERVER_PID/status")
		t0=$(date +%s)
		CLIENT_EXTRA+=(--sources 8 --max-connecting 256)
		open_idle
		opened=$(sed -n 's/^READY open=//p' "$OUT/idle.txt")
		echo "opened ${opened:-0} of $CONNS connections in $(( $(date +%s) - t0 )) s"
		[ "${opened:-0}" -gt 0 ] || exit 1
		taskset -c 1 "$JCMD" "$SERVER_PID" GC.class_histogram > "$OUT/scale-after.txt"
		heap1=$(awk '/^Total/ { print $3 }' "$OUT/scale-after.txt")
		rss1=$(awk '/^VmRSS:/ { print $2 }' "/proc/$SERVER_PID/status")
		echo "heap per connection: $(( (heap1 - heap0) / opened )) B; RSS per connection: $(( (rss1 - rss0) * 1024 / opened )) B; RSS $(( rss1 / 1024 )) MB"
		# Two keep-alive sweeps after a warm-up sweep.
		sleep 12
		c0=$(cpu_ticks "$SERVER_PID"); sleep 20; c1=$(cpu_ticks "$SERVER_PID")
		echo "server CPU with pings every 10 s to $opened connections: $(awk "BEGIN { printf \"%.1f\", ($c1 - $c0) * 100 / $(getconf CLK_TCK) / 20 }") % of one core"
		kill -0 "$CLIENT_PID" && echo "all connections still held by the client"
		;;
	idle-heap)
		start "${IDLE_SERVER:-A}" --websocket.keep-alive-interval=2m "$@"
		# The main run's warm-up: echo on both sizes and the handshake loop compile the paths
		# whose frames every idle connection's parked thread keeps.
		warm_up
		taskset -c 1 "$JCMD" "$SERVER_PID" GC.class_histogram > "$OUT/idle-before.txt"
		open_idle
		sleep 2
		taskset -c 1 "$JCMD" "$SERVER_PID" GC.class_histogram > "$OUT/idle-after.txt"
		opened=$(sed -n 's/^READY open=//p' "$OUT/idle.txt")
		[ "${opened:-0}" -gt 0 ] || { echo "no connection opened" >&2; exit 1; }
		heap0=$(awk '/^Total/ { print $3 }' "$OUT/idle-before.txt")
		heap1=$(awk '/^Total/ { print $3 }' "$OUT/idle-after.txt")
		echo "heap per idle connection: $(( (heap1 - heap0) / opened )) B over $opened connections; by class:"
		# Bytes and instances per connection by class, largest first.
		awk -v n="$opened" 'FNR == 1 { file++ }
			/^ *[0-9]+:/ { bytes[file, $4] = $3; count[file, $4] = $2; names[$4] = 1 }
			END {
				for (c in names) {
					d = bytes[2, c] - bytes[1, c]
					if (d / n >= (ENVIRON["MIN_BYTES"] ? ENVIRON["MIN_BYTES"] : 40)) printf "%8.0f B %6.2f x %s\n", d / n, (count[2, c] - count[1, c]) / n, c
				}
			}' "$OUT/idle-before.txt" "$OUT/idle-after.txt" | sort -k1,1nr | head -${TOP:-25}
		;;
	idle-stack)
		start "${IDLE_SERVER:-A}" --websocket.keep-alive-interval=2m "$@"
		taskset -c 1 "$CLIENT" echo --conns 64 --size 16 --warmup 0 --duration 6 --port "$PORT" > /dev/null 2>&1
		CONNS=16 open_idle
		rm -f "$OUT/idle-threads.json"
		taskset -c 1 "$JCMD" "$SERVER_PID" Thread.dump_to_file -format=json "$OUT/idle-threads.json" > /dev/null
		# The virtual thread with the most frames, top first.
		python3 - "$OUT/idle-threads.json" <<'PY'
import json, sys
threads = [t for c in json.load(open(sys.argv[1]))["threadDump"]["threadContainers"] for t in c["threads"]]
parked = [t for t in threads if t.get("virtual") and t["stack"]]
deepest = max(parked, key=lambda t: len(t["stack"]))
print(f"{len(parked)} virtual threads; the deepest has {len(deepest['stack'])} frames:")
print("\n".join("  " + frame for frame in deepest["stack"]))
PY
		;;
	*)
		# The header's list of modes.
		sed -n '2,/^# Extra JVM options/p' "$0" | sed '$d' | sed 's/^# \{0,1\}//'
		exit 2
		;;
esac
