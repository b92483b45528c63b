/*
 * The floor of what keep-alive costs on this machine, whatever the server: a plain C program
 * that holds N loopback TCP connections and, once a second, writes a 10-byte ping frame to each
 * (the size of wsboot's pings) and reads back whatever answers arrive, with level-triggered
 * epoll. A child process on CPU 1 holds the other ends and, with --answer, answers each ping
 * with 10 bytes, as a WebSocket client answers with a pong. Prints the CPU of the writing side
 * (CPU 0) over the measured seconds:
 *
 *   RESULT mode=floor ok=1 conns=N answer=0|1 cpu_pct=P us_per_conn=U
 *
 * Connects to 127.0.0.1 only; every loop is bounded in count and time.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static void pin(int cpu) {
	cpu_set_t set;
	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	sched_setaffinity(0, sizeof set, &set);
}

static double now(void) {
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec + t.tv_nsec / 1e9;
}

static double cpu_seconds(void) {
	struct rusage r;
	getrusage(RUSAGE_SELF, &r);
	return r.ru_utime.tv_sec + r.ru_utime.tv_usec / 1e6 + r.ru_stime.tv_sec + r.ru_stime.tv_usec / 1e6;
}

static void drain(int epoll, double until, int answer) {
	struct epoll_event events[512];
	char buffer[512];
	while (now() < until) {
		int ready = epoll_wait(epoll, events, 512, 10);
		for (int i = 0; i < ready; i++) {
			ssize_t n;
			while ((n = read(events[i].data.fd, buffer, sizeof buffer)) > 0) {
				if (answer) {
					for (ssize_t k = 0; k + 10 <= n; k += 10) {
						if (write(events[i].data.fd, buffer, 10) < 0) {
							break;
						}
					}
				}
			}
		}
	}
}

static int watch(int epoll, int fd) {
	int one = 1;
	setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
	fcntl(fd, F_SETFL, O_NONBLOCK);
	struct epoll_event event = { .events = EPOLLIN, .data.fd = fd };
	return epoll_ctl(epoll, EPOLL_CTL_ADD, fd, &event);
}

int main(int argc, char **argv) {
	int conns = 10000, port = 0, seconds = 4, answer = 0;
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--conns") && i + 1 < argc) conns = atoi(argv[++i]);
		else if (!strcmp(argv[i], "--port") && i + 1 < argc) port = atoi(argv[++i]);
		else if (!strcmp(argv[i], "--seconds") && i + 1 < argc) seconds = atoi(argv[++i]);
		else if (!strcmp(argv[i], "--answer")) answer = 1;
		else { fprintf(stderr, "usage: keepalive-floor --port P [--conns N] [--seconds S] [--answer]\n"); return 2; }
	}
	if (port <= 0 || conns <= 0 || conns > 100000 || seconds <= 0 || seconds > 60) {
		fprintf(stderr, "keepalive-floor: need --port, 1..100000 connections and 1..60 seconds\n");
		return 2;
	}
	int one = 1;
	int listener = socket(AF_INET, SOCK_STREAM, 0);
	setsockopt(listener, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
	struct sockaddr_in address = { .sin_family = AF_INET, .sin_port = htons(port) };
	address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (bind(listener, (struct sockaddr *) &address, sizeof address) || listen(listener, 4096)) {
		perror("keepalive-floor: listen");
		return 1;
	}
	pid_t child = fork();
	if (child == 0) {
		pin(1);
		int epoll = epoll_create1(0);
		for (int i = 0; i < conns; i++) {
			int fd = socket(AF_INET, SOCK_STREAM, 0);
			if (fd < 0 || connect(fd, (struct sockaddr *) &address, sizeof address) || watch(epoll, fd)) {
				perror("keepalive-floor: connect");
				_exit(1);
			}
		}
		drain(epoll, now() + seconds + 30, answer);
		_exit(0);
	}
	pin(0);
	int epoll = epoll_create1(0);
	int *fds = calloc(conns, sizeof(int));
	for (int i = 0; i < conns; i++) {
		fds[i] = accept(listener, NULL, NULL);
		if (fds[i] < 0 || watch(epoll, fds[i])) {
			perror("keepalive-floor: accept");
			kill(child, SIGKILL);
			return 1;
		}
	}
	/* A WebSocket ping with an 8-byte payload, as wsboot sends them. */
	const char ping[10] = { (char) 0x89, 8, 1, 2, 3, 4, 5, 6, 7, 8 };
	drain(epoll, now() + 1, 0);
	double cpu0 = cpu_seconds(), t0 = now();
	for (int second = 0; second < seconds; second++) {
		double start = now();
		for (int i = 0; i < conns; i++) {
			if (write(fds[i], ping, sizeof ping) != sizeof ping) {
				fprintf(stderr, "keepalive-floor: short write\n");
			}
		}
		drain(epoll, start + 1, 0);
	}
	double cpu1 = cpu_seconds(), t1 = now();
	kill(child, SIGKILL);
	waitpid(child, NULL, 0);
	printf("RESULT mode=floor ok=1 conns=%d answer=%d cpu_pct=%.2f us_per_conn=%.2f\n", conns, answer,
			100 * (cpu1 - cpu0) / (t1 - t0), 1e6 * (cpu1 - cpu0) / ((double) seconds * conns));
	return 0;
}
