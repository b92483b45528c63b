/*
 * wsbench: a single-threaded, epoll-driven WebSocket load generator for loopback benchmarks.
 *
 * One process, one thread, level-triggered epoll and non-blocking sockets, so that the client
 * pinned to its own core stays far below saturation while the server under test is pinned to
 * the other one. It speaks just enough RFC 6455 for the benchmarks: an HTTP/1.1 upgrade, masked
 * client frames, unmasked server frames, pings answered with pongs and the close handshake.
 *
 * Modes (all connect to 127.0.0.1 only):
 *   echo      N connections, one message in flight each; every echo yields a round-trip time
 *             because the send time travels in the payload as 16 ASCII digits.
 *   handshake N lanes, each looping connect, upgrade, one echo, close.
 *   idle      N connections opened, "READY" printed, then held (pongs sent) until SIGTERM or the
 *             hold time passes.
 *
 * Results are printed as one line "RESULT key=value ..." on stdout.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/random.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define TS_DIGITS 16
#define MAX_EVENTS 1024

enum mode { MODE_ECHO, MODE_HANDSHAKE, MODE_IDLE };

enum state {
	ST_FREE,
	ST_CONNECTING,
	ST_UPGRADING,
	ST_OPEN,
	ST_CLOSING,
};

struct conn {
	int fd;
	enum state state;
	uint32_t rng;
	int want_out;      /* EPOLLOUT registered */
	int in_flight;     /* an echo is outstanding */
	uint64_t msg_ts;   /* send time parsed from the first fragment of the current message */
	size_t msg_len;    /* bytes of the current message seen so far */
	uint64_t in_window; /* echoes completed in the measured window */
	uint64_t sent_at;   /* when the message in flight was queued */
	uint64_t next_send; /* with --rate: when the next message is due */
	uint8_t *in;
	size_t in_len, in_cap;
	uint8_t *out;
	size_t out_off, out_len, out_cap;
};

static struct {
	enum mode mode;
	int port;
	int conns;
	size_t size;
	int binary;
	double warmup, duration, hold;
	int max_connecting;
	int progress;
	int no_pong;
	int name_unserved;
	/* Messages per second per connection; 0 = the next one as soon as the echo is back. */
	double rate;
	/* Source addresses 127.0.0.2 .. 127.0.0.(1 + sources), spread round-robin; 0 = the kernel's
	 * choice. One source address has about 28,000 ephemeral ports. */
	int sources;
} cfg = { .port = 8080, .conns = 1, .size = 16, .warmup = 1, .duration = 5, .hold = 600, .max_connecting = 64 };

static int ep;
static struct conn *conns;
static uint64_t t_origin;
static uint8_t *payload_template;
static volatile sig_atomic_t stop_requested;

/* Counters; "window" ones count only between the end of the warm-up and the end of the run. */
static uint64_t window_start_ns, window_end_ns;
static uint64_t completed_in_window, completed_total, errors, pings_received, opened, connecting_now;
static uint64_t cycles_in_window, cycles_total;
static uint32_t *rtts;
static size_t rtt_count, rtt_cap;

static uint64_t now_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static void die(const char *what)
{
	fprintf(stderr, "wsbench: %s: %s\n", what, strerror(errno));
	exit(2);
}

static uint32_t xorshift(uint32_t *s)
{
	uint32_t x = *s;
	x ^= x << 13;
	x ^= x >> 17;
	x ^= x << 5;
	return *s = x;
}

static void ensure(uint8_t **buf, size_t *cap, size_t need)
{
	if (*cap >= need) {
		return;
	}
	size_t n = *cap ? *cap : 256;
	while (n < need) {
		n *= 2;
	}
	uint8_t *p = realloc(*buf, n);
	if (!p) {
		die("realloc");
	}
	*buf = p;
	*cap = n;
}

static void set_out_interest(struct conn *c, int want)
{
	if (c->want_out == want) {
		return;
	}
	struct epoll_event ev = { .events = EPOLLIN | (want ? EPOLLOUT : 0), .data.ptr = c };
	if (epoll_ctl(ep, EPOLL_CTL_MOD, c->fd, &ev) < 0) {
		die("epoll_ctl mod");
	}
	c->want_out = want;
}

static void conn_release(struct conn *c)
{
	if (c->fd >= 0) {
		close(c->fd); /* also removes it from the epoll set */
	}
	if (c->state == ST_CONNECTING || c->state == ST_UPGRADING) {
		connecting_now--;
	}
	c->fd = -1;
	c->state = ST_FREE;
	c->in_len = 0;
	c->out_len = c->out_off = 0;
	c->want_out = 0;
	c->in_flight = 0;
}

/* The close handshake finished; in handshake mode that ends one lane's cycle. */
static void close_completed(struct conn *c)
{
	opened--;
	conn_release(c);
	if (cfg.mode == MODE_HANDSHAKE) {
		uint64_t t = now_ns();
		cycles_total++;
		if (t >= window_start_ns && t < window_end_ns) {
			cycles_in_window++;
		}
	}
}

static void conn_fail(struct conn *c)
{
	errors++;
	if (c->state == ST_OPEN || c->state == ST_CLOSING) {
		opened--;
	}
	conn_release(c);
}

/* Writes what is queued; returns -1 if the connection failed. */
static int flush_out(struct conn *c)
{
	while (c->out_off < c->out_len) {
		ssize_t n = write(c->fd, c->out + c->out_off, c->out_len - c->out_off);
		if (n < 0) {
			if (errno == EAGAIN) {
				set_out_interest(c, 1);
				return 0;
			}
			if (errno == EINTR) {
				continue;
			}
			return -1;
		}
		c->out_off += (size_t)n;
	}
	c->out_off = c->out_len = 0;
	set_out_interest(c, 0);
	return 0;
}

/* Appends one masked client frame, as RFC 6455 section 5.3 requires of every client frame. */
static void queue_frame(struct conn *c, int opcode, const uint8_t *data, size_t len, int stamp)
{
	size_t hdr = 2 + (len >= 126 ? (len > 65535 ? 8 : 2) : 0) + 4;
	ensure(&c->out, &c->out_cap, c->out_len + hdr + len);
	uint8_t *p = c->out + c->out_len;
	p[0] = 0x80 | (uint8_t)opcode;
	if (len < 126) {
		p[1] = 0x80 | (uint8_t)len;
		p += 2;
	}
	else if (len <= 65535) {
		p[1] = 0x80 | 126;
		p[2] = (uint8_t)(len >> 8);
		p[3] = (uint8_t)len;
		p += 4;
	}
	else {
		p[1] = 0x80 | 127;
		for (int i = 0; i < 8; i++) {
			p[2 + i] = (uint8_t)((uint64_t)len >> (56 - 8 * i));
		}
		p += 10;
	}
	uint32_t key = xorshift(&c->rng);
	uint8_t mask[4];
	memcpy(mask, &key, 4);
	memcpy(p, mask, 4);
	p += 4;
	memcpy(p, data, len);
	if (stamp) {
		/* Nanoseconds since start as 16 decimal digits: enough for 115 days, and fits the 16-byte message. */
		uint64_t t = now_ns() - t_origin;
		for (int i = TS_DIGITS - 1; i >= 0; i--) {
			p[i] = (uint8_t)('0' + t % 10);
			t /= 10;
		}
	}
	uint64_t mask8;
	memcpy(&mask8, mask, 4);
	memcpy((uint8_t *)&mask8 + 4, mask, 4);
	size_t i = 0;
	for (; i + 8 <= len; i += 8) {
		uint64_t w;
		memcpy(&w, p + i, 8);
		w ^= mask8;
		memcpy(p + i, &w, 8);
	}
	for (; i < len; i++) {
		p[i] ^= mask[i & 3];
	}
	c->out_len += hdr + len;
}

static int send_echo(struct conn *c)
{
	queue_frame(c, cfg.binary ? 2 : 1, payload_template, cfg.size, 1);
	c->in_flight = 1;
	c->sent_at = now_ns();
	return flush_out(c);
}

static int send_close(struct conn *c)
{
	static const uint8_t normal[2] = { 0x03, 0xe8 };
	queue_frame(c, 8, normal, 2, 0);
	c->state = ST_CLOSING;
	return flush_out(c);
}

static const char b64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

static int send_upgrade(struct conn *c)
{
	uint8_t raw[18] = { 0 };
	for (int i = 0; i < 16; i += 4) {
		uint32_t r = xorshift(&c->rng);
		memcpy(raw + i, &r, 4);
	}
	char key[25];
	int k = 0;
	for (int i = 0; i < 18 && k < 24; i += 3) {
		uint32_t v = ((uint32_t)raw[i] << 16) | ((uint32_t)raw[i + 1] << 8) | raw[i + 2];
		key[k++] = b64[(v >> 18) & 63];
		key[k++] = b64[(v >> 12) & 63];
		key[k++] = b64[(v >> 6) & 63];
		key[k++] = b64[v & 63];
	}
	key[22] = key[23] = '='; /* 16 bytes encode to 22 characters and two pads */
	key[24] = 0;
	char req[256];
	int n = snprintf(req, sizeof req,
			"GET /ws HTTP/1.1\r\nHost: 127.0.0.1:%d\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
			"Sec-WebSocket-Key: %s\r\nSec-WebSocket-Version: 13\r\n\r\n",
			cfg.port, key);
	ensure(&c->out, &c->out_cap, c->out_len + (size_t)n);
	memcpy(c->out + c->out_len, req, (size_t)n);
	c->out_len += (size_t)n;
	c->state = ST_UPGRADING;
	return flush_out(c);
}

static void start_connect(struct conn *c)
{
	int fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd < 0) {
		die("socket");
	}
	int one = 1;
	setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
	struct sockaddr_in addr = { .sin_family = AF_INET, .sin_port = htons((uint16_t)cfg.port) };
	addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (cfg.sources > 0) {
		static unsigned next_source;
		struct sockaddr_in local = { .sin_family = AF_INET, .sin_port = 0 };
		local.sin_addr.s_addr = htonl(INADDR_LOOPBACK + 1 + (next_source++ % (unsigned)cfg.sources));
		if (bind(fd, (struct sockaddr *)&local, sizeof local) < 0) {
			die("bind to a source address");
		}
	}
	c->fd = fd;
	c->state = ST_CONNECTING;
	c->in_len = c->out_len = c->out_off = 0;
	c->in_flight = 0;
	connecting_now++;
	struct epoll_event ev = { .events = EPOLLIN | EPOLLOUT, .data.ptr = c };
	c->want_out = 1;
	if (epoll_ctl(ep, EPOLL_CTL_ADD, fd, &ev) < 0) {
		die("epoll_ctl add");
	}
	if (connect(fd, (struct sockaddr *)&addr, sizeof addr) < 0 && errno != EINPROGRESS) {
		conn_fail(c);
	}
}

static void record_rtt(uint64_t rtt_ns)
{
	if (rtt_count == rtt_cap) {
		size_t n = rtt_cap ? rtt_cap * 2 : 1 << 20;
		uint32_t *p = realloc(rtts, n * sizeof *p);
		if (!p) {
			die("realloc rtts");
		}
		rtts = p;
		rtt_cap = n;
	}
	rtts[rtt_count++] = rtt_ns > UINT32_MAX ? UINT32_MAX : (uint32_t)rtt_ns;
}

/* A whole echoed message arrived: account for it and decide what the connection does next. */
static int message_done(struct conn *c)
{
	uint64_t t = now_ns();
	c->in_flight = 0;
	if (c->msg_len != cfg.size) {
		fprintf(stderr, "wsbench: echo of %zu bytes, sent %zu\n", c->msg_len, cfg.size);
		return -1;
	}
	if (cfg.mode == MODE_HANDSHAKE) {
		return send_close(c);
	}
	completed_total++;
	if (t >= window_start_ns && t < window_end_ns) {
		completed_in_window++;
		c->in_window++;
		record_rtt(t - t_origin - c->msg_ts);
	}
	if (t >= window_end_ns || stop_requested) {
		return 0;
	}
	if (cfg.rate > 0) {
		/* On a fixed schedule; a late echo moves the next message, never bunches messages. */
		c->next_send += (uint64_t)(1e9 / cfg.rate);
		if (c->next_send < t) {
			c->next_send = t;
		}
		return 0;
	}
	return send_echo(c);
}

/* With --rate: sends each connection's message that has come due; returns the ms to the next. */
static int send_due(uint64_t t)
{
	uint64_t next = t + 10000000;
	for (int i = 0; i < cfg.conns; i++) {
		struct conn *c = &conns[i];
		if (c->state != ST_OPEN || c->in_flight) {
			continue;
		}
		if (c->next_send <= t) {
			if (send_echo(c) < 0) {
				conn_fail(c);
			}
		}
		else if (c->next_send < next) {
			next = c->next_send;
		}
	}
	return (int)((next - t + 999999) / 1000000);
}

static uint64_t parse_ts(const uint8_t *p, size_t len)
{
	uint64_t v = 0;
	for (size_t i = 0; i < TS_DIGITS && i < len; i++) {
		v = v * 10 + (uint64_t)(p[i] - '0');
	}
	return v;
}

/* Handles the frames in the input buffer; returns -1 on failure, 1 once the connection is done. */
static int process_frames(struct conn *c)
{
	size_t off = 0;
	int rc = 0;
	while (rc == 0 && c->in_len - off >= 2) {
		uint8_t *f = c->in + off;
		int fin = f[0] & 0x80;
		int op = f[0] & 0x0f;
		if (f[1] & 0x80) {
			fprintf(stderr, "wsbench: server frame is masked\n");
			return -1;
		}
		size_t hdr = 2;
		uint64_t len = f[1] & 0x7f;
		if (len == 126) {
			if (c->in_len - off < 4) {
				break;
			}
			len = ((uint64_t)f[2] << 8) | f[3];
			hdr = 4;
		}
		else if (len == 127) {
			if (c->in_len - off < 10) {
				break;
			}
			len = 0;
			for (int i = 0; i < 8; i++) {
				len = (len << 8) | f[2 + i];
			}
			hdr = 10;
		}
		if (c->in_len - off < hdr + len) {
			ensure(&c->in, &c->in_cap, hdr + len + 4096);
			break;
		}
		uint8_t *data = f + hdr;
		off += hdr + len;
		switch (op) {
		case 0x1:
		case 0x2:
			c->msg_ts = parse_ts(data, len);
			c->msg_len = 0;
			/* fall through */
		case 0x0:
			c->msg_len += len;
			if (fin) {
				rc = message_done(c);
			}
			break;
		case 0x9:
			pings_received++;
			if (!cfg.no_pong) {
				queue_frame(c, 0xA, data, len, 0);
				rc = flush_out(c);
			}
			break;
		case 0xA:
			break;
		case 0x8:
			if (c->state != ST_CLOSING) {
				/* The server closed first: echo its close, as the protocol asks, then count it. */
				queue_frame(c, 0x8, data, len < 2 ? len : 2, 0);
				flush_out(c);
				fprintf(stderr, "wsbench: server closed the connection (code %d)\n",
						len >= 2 ? (data[0] << 8 | data[1]) : 1005);
				return -1;
			}
			return 1;
		default:
			fprintf(stderr, "wsbench: unexpected opcode %d\n", op);
			return -1;
		}
	}
	if (off > 0) {
		memmove(c->in, c->in + off, c->in_len - off);
		c->in_len -= off;
	}
	return rc;
}

static void connection_opened(struct conn *c)
{
	connecting_now--;
	opened++;
	c->state = ST_OPEN;
	if (cfg.mode == MODE_HANDSHAKE && send_echo(c) < 0) {
		conn_fail(c);
	}
}

/* Reads once; the level-triggered set brings the connection back if more is waiting. */
static void on_readable(struct conn *c)
{
	ensure(&c->in, &c->in_cap, c->in_len + 4096);
	ssize_t n = read(c->fd, c->in + c->in_len, c->in_cap - c->in_len);
	if (n < 0) {
		if (errno == EAGAIN || errno == EINTR) {
			return;
		}
		conn_fail(c);
		return;
	}
	if (n == 0) {
		if (c->state == ST_CLOSING) {
			close_completed(c);
		}
		else {
			fprintf(stderr, "wsbench: server closed the socket in state %d\n", c->state);
			conn_fail(c);
		}
		return;
	}
	c->in_len += (size_t)n;
	if (c->state == ST_UPGRADING) {
		uint8_t *end = memmem(c->in, c->in_len, "\r\n\r\n", 4);
		if (!end) {
			return;
		}
		if (c->in_len < 12 || memcmp(c->in, "HTTP/1.1 101", 12) != 0) {
			fprintf(stderr, "wsbench: upgrade refused: %.*s\n", (int)(end - c->in), c->in);
			conn_fail(c);
			return;
		}
		size_t consumed = (size_t)(end - c->in) + 4;
		memmove(c->in, c->in + consumed, c->in_len - consumed);
		c->in_len -= consumed;
		connection_opened(c);
		if (c->state != ST_OPEN) {
			return;
		}
	}
	if (c->state == ST_OPEN || c->state == ST_CLOSING) {
		int rc = process_frames(c);
		if (rc < 0) {
			conn_fail(c);
		}
		else if (rc > 0) {
			/* The close handshake is complete; the server closes TCP, we need not wait for it. */
			close_completed(c);
		}
	}
}

static void on_writable(struct conn *c)
{
	if (c->state == ST_CONNECTING) {
		int err = 0;
		socklen_t len = sizeof err;
		getsockopt(c->fd, SOL_SOCKET, SO_ERROR, &err, &len);
		if (err != 0) {
			errno = err;
			fprintf(stderr, "wsbench: connect: %s\n", strerror(err));
			conn_fail(c);
			return;
		}
		if (send_upgrade(c) < 0) {
			conn_fail(c);
		}
		return;
	}
	if (flush_out(c) < 0) {
		conn_fail(c);
	}
}

static void poll_once(int timeout_ms)
{
	struct epoll_event events[MAX_EVENTS];
	int n = epoll_wait(ep, events, MAX_EVENTS, timeout_ms);
	if (n < 0) {
		if (errno == EINTR) {
			return;
		}
		die("epoll_wait");
	}
	for (int i = 0; i < n; i++) {
		struct conn *c = events[i].data.ptr;
		if (c->state == ST_FREE) {
			continue;
		}
		if (events[i].events & (EPOLLOUT | EPOLLERR | EPOLLHUP)) {
			on_writable(c);
		}
		if (c->state != ST_FREE && (events[i].events & (EPOLLIN | EPOLLERR | EPOLLHUP))) {
			on_readable(c);
		}
	}
}

/* Opens every connection, keeping at most max_connecting handshakes in progress at once. */
static int open_all(double timeout_s)
{
	uint64_t deadline = now_ns() + (uint64_t)(timeout_s * 1e9);
	int next = 0;
	while ((int)opened < cfg.conns && now_ns() < deadline && !stop_requested) {
		while (next < cfg.conns && (int)connecting_now < cfg.max_connecting) {
			start_connect(&conns[next++]);
		}
		if (next == cfg.conns && connecting_now == 0) {
			break;
		}
		poll_once(100);
	}
	return (int)opened;
}

static int cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
	return (x > y) - (x < y);
}

static double percentile_us(double p)
{
	if (rtt_count == 0) {
		return 0;
	}
	size_t i = (size_t)(p * (double)(rtt_count - 1) + 0.5);
	return rtts[i] / 1000.0;
}

static double cpu_seconds(void)
{
	struct rusage ru;
	getrusage(RUSAGE_SELF, &ru);
	return (double)ru.ru_utime.tv_sec + ru.ru_utime.tv_usec / 1e6 + (double)ru.ru_stime.tv_sec
			+ ru.ru_stime.tv_usec / 1e6;
}

/* Sends close frames and waits a bounded time for the replies, so servers see clean closes. */
static void close_all(double timeout_s)
{
	for (int i = 0; i < cfg.conns; i++) {
		struct conn *c = &conns[i];
		if (c->state == ST_OPEN) {
			if (send_close(c) < 0) {
				conn_fail(c);
			}
		}
		else if (c->state != ST_FREE && c->state != ST_CLOSING) {
			conn_release(c);
		}
	}
	uint64_t deadline = now_ns() + (uint64_t)(timeout_s * 1e9);
	while (opened > 0 && now_ns() < deadline) {
		poll_once(50);
	}
	for (int i = 0; i < cfg.conns; i++) {
		if (conns[i].state != ST_FREE) {
			conn_release(&conns[i]);
		}
	}
}

static void drain_in_flight(double timeout_s)
{
	uint64_t deadline = now_ns() + (uint64_t)(timeout_s * 1e9);
	for (;;) {
		int pending = 0;
		for (int i = 0; i < cfg.conns; i++) {
			pending += conns[i].state == ST_OPEN && conns[i].in_flight;
		}
		if (!pending || now_ns() >= deadline) {
			return;
		}
		poll_once(50);
	}
}

/* Prints, on stderr, each connection that completed no echo in the window, with its local port
 * (for ss and the server's thread dump) and where its message is: still in the client's output
 * buffer, partly echoed, or wholly with the server. */
static void name_unserved(void)
{
	uint64_t t = now_ns();
	for (int i = 0; i < cfg.conns; i++) {
		struct conn *c = &conns[i];
		if (c->in_window != 0) {
			continue;
		}
		struct sockaddr_in local;
		socklen_t len = sizeof local;
		int port = getsockname(c->fd, (struct sockaddr *)&local, &len) == 0 ? ntohs(local.sin_port) : -1;
		fprintf(stderr, "UNSERVED conn=%d port=%d state=%d in_flight=%d unsent=%zu echoed=%zu "
				"buffered=%zu since_send_ms=%.0f\n", i, port, (int)c->state, c->in_flight, c->out_len - c->out_off,
				c->msg_len, c->in_len, c->in_flight ? (double)(t - c->sent_at) / 1e6 : -1.0);
	}
}

static void run_echo(void)
{
	int n = open_all(60);
	if (n < cfg.conns) {
		fprintf(stderr, "wsbench: opened only %d of %d connections\n", n, cfg.conns);
		printf("RESULT mode=echo ok=0 opened=%d\n", n);
		exit(1);
	}
	uint64_t start = now_ns();
	window_start_ns = start + (uint64_t)(cfg.warmup * 1e9);
	window_end_ns = window_start_ns + (uint64_t)(cfg.duration * 1e9);
	for (int i = 0; i < cfg.conns; i++) {
		if (cfg.rate > 0) {
			/* Spread over one period, so that the connections do not send in step. */
			conns[i].next_send = start + (uint64_t)(1e9 / cfg.rate * i / cfg.conns);
		}
		else if (send_echo(&conns[i]) < 0) {
			conn_fail(&conns[i]);
		}
	}
	double cpu0 = 0;
	int cpu_marked = 0;
	while (!stop_requested) {
		uint64_t t = now_ns();
		if (!cpu_marked && t >= window_start_ns) {
			cpu0 = cpu_seconds();
			cpu_marked = 1;
		}
		if (t >= window_end_ns) {
			break;
		}
		poll_once(cfg.rate > 0 ? send_due(t) : 10);
		if (opened == 0) {
			break;
		}
	}
	double cpu = cpu_seconds() - cpu0;
	if (cfg.name_unserved) {
		/* Holds the connections longer, so that a thread dump can catch the server's side, and
		 * says how long the last answer took. */
		name_unserved();
		uint64_t t0 = now_ns();
		drain_in_flight(15);
		fprintf(stderr, "DRAINED after_ms=%.0f\n", (double)(now_ns() - t0) / 1e6);
	}
	drain_in_flight(2);
	close_all(3);
	qsort(rtts, rtt_count, sizeof *rtts, cmp_u32);
	/* A server can keep its rate up by serving some connections and leaving others waiting:
	 * the connections that completed no echo in the window say whether it did. */
	int unserved = 0;
	for (int i = 0; i < cfg.conns; i++) {
		unserved += conns[i].in_window == 0;
	}
	printf("RESULT mode=echo ok=%d conns=%d size=%zu rate=%.0f p50_us=%.1f p99_us=%.1f p999_us=%.1f "
			"max_us=%.1f client_cpu=%.2f total=%llu errors=%llu unserved=%d rate_per_conn=%g\n",
			errors == 0, cfg.conns, cfg.size, completed_in_window / cfg.duration, percentile_us(0.50),
			percentile_us(0.99), percentile_us(0.999), rtt_count ? rtts[rtt_count - 1] / 1000.0 : 0,
			cpu / cfg.duration, (unsigned long long)completed_total, (unsigned long long)errors, unserved, cfg.rate);
}

static void run_handshake(void)
{
	uint64_t start = now_ns();
	window_start_ns = start + (uint64_t)(cfg.warmup * 1e9);
	window_end_ns = window_start_ns + (uint64_t)(cfg.duration * 1e9);
	while (!stop_requested && now_ns() < window_end_ns) {
		for (int i = 0; i < cfg.conns; i++) {
			if (conns[i].state == ST_FREE) {
				start_connect(&conns[i]);
			}
		}
		poll_once(10);
	}
	close_all(2);
	printf("RESULT mode=handshake ok=%d lanes=%d rate=%.0f cycles=%llu errors=%llu\n", errors == 0, cfg.conns,
			cycles_in_window / cfg.duration, (unsigned long long)cycles_total, (unsigned long long)errors);
}

static void run_idle(void)
{
	/* Large counts open at the server's handshake rate: allow a second per 500 connections. */
	int n = open_all(cfg.conns > 60000 ? cfg.conns / 500.0 : 120);
	printf("READY open=%d\n", n);
	fflush(stdout);
	uint64_t start = now_ns();
	uint64_t end = start + (uint64_t)(cfg.hold * 1e9);
	/* Pings that arrived while connections were still opening are not part of the idle rate. */
	uint64_t pings_at_start = pings_received;
	uint64_t next_report = start + 1000000000u, pings_at_report = pings_received;
	while (!stop_requested && now_ns() < end) {
		poll_once(100);
		if (cfg.progress && now_ns() >= next_report) {
			/* Per-second counts show bursts that a total over the hold would hide. */
			fprintf(stderr, "idle: %llu pings in the last second, %llu open\n",
					(unsigned long long)(pings_received - pings_at_report), (unsigned long long)opened);
			pings_at_report = pings_received;
			next_report += 1000000000u;
		}
	}
	double secs = (double)(now_ns() - start) / 1e9;
	/* No close handshake: the caller stops the server right after, and 10,000 closes would only add noise. */
	printf("RESULT mode=idle ok=%d conns=%d opened=%d open_at_end=%llu pings=%llu ping_rate=%.0f errors=%llu\n",
			n == cfg.conns && errors == 0, cfg.conns, n, (unsigned long long)opened,
			(unsigned long long)(pings_received - pings_at_start), (pings_received - pings_at_start) / secs,
			(unsigned long long)errors);
}

static void on_signal(int sig)
{
	(void)sig;
	stop_requested = 1;
}

static void usage(void)
{
	fprintf(stderr, "usage: wsbench echo|handshake|idle --port P --conns N [--size BYTES] [--binary]\n"
					"       [--warmup S] [--duration S] [--hold S] [--max-connecting N] [--progress] [--no-pong] [--sources N]\n"
					"       [--name-unserved] [--rate MSGS_PER_S_PER_CONN]\n");
	exit(2);
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		usage();
	}
	if (!strcmp(argv[1], "echo")) {
		cfg.mode = MODE_ECHO;
	}
	else if (!strcmp(argv[1], "handshake")) {
		cfg.mode = MODE_HANDSHAKE;
	}
	else if (!strcmp(argv[1], "idle")) {
		cfg.mode = MODE_IDLE;
	}
	else {
		usage();
	}
	for (int i = 2; i < argc; i++) {
		const char *a = argv[i];
		const char *v = i + 1 < argc ? argv[i + 1] : NULL;
		if (!strcmp(a, "--binary")) {
			cfg.binary = 1;
			continue;
		}
		if (!strcmp(a, "--no-pong")) {
			/* Lets a profile split a server's keep-alive cost into sending pings and reading pongs. */
			cfg.no_pong = 1;
			continue;
		}
		if (!strcmp(a, "--name-unserved")) {
			/* Says, per unserved connection, which side holds its message (see name_unserved). */
			cfg.name_unserved = 1;
			continue;
		}
		if (!strcmp(a, "--progress")) {
			cfg.progress = 1;
			continue;
		}
		if (!v) {
			usage();
		}
		if (!strcmp(a, "--port")) {
			cfg.port = atoi(v);
		}
		else if (!strcmp(a, "--conns")) {
			cfg.conns = atoi(v);
		}
		else if (!strcmp(a, "--size")) {
			cfg.size = (size_t)atol(v);
		}
		else if (!strcmp(a, "--warmup")) {
			cfg.warmup = atof(v);
		}
		else if (!strcmp(a, "--duration")) {
			cfg.duration = atof(v);
		}
		else if (!strcmp(a, "--sources")) {
			cfg.sources = atoi(v);
		}
		else if (!strcmp(a, "--rate")) {
			cfg.rate = atof(v);
		}
		else if (!strcmp(a, "--hold")) {
			cfg.hold = atof(v);
		}
		else if (!strcmp(a, "--max-connecting")) {
			cfg.max_connecting = atoi(v);
		}
		else {
			usage();
		}
		i++;
	}
	if (cfg.conns < 1 || cfg.size < TS_DIGITS || cfg.port <= 0) {
		usage();
	}
	signal(SIGPIPE, SIG_IGN);
	struct sigaction sa = { .sa_handler = on_signal };
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	struct rlimit rl;
	if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < (rlim_t)cfg.conns + 64) {
		rl.rlim_cur = rl.rlim_max;
		setrlimit(RLIMIT_NOFILE, &rl);
	}
	t_origin = now_ns();
	ep = epoll_create1(EPOLL_CLOEXEC);
	if (ep < 0) {
		die("epoll_create1");
	}
	conns = calloc((size_t)cfg.conns, sizeof *conns);
	payload_template = malloc(cfg.size);
	if (!conns || !payload_template) {
		die("calloc");
	}
	for (size_t i = 0; i < cfg.size; i++) {
		payload_template[i] = (uint8_t)('a' + i % 26);
	}
	uint32_t seed;
	if (getrandom(&seed, sizeof seed, 0) != sizeof seed) {
		seed = (uint32_t)t_origin;
	}
	for (int i = 0; i < cfg.conns; i++) {
		conns[i].fd = -1;
		conns[i].rng = (seed ^ (uint32_t)(i * 2654435761u)) | 1;
	}
	switch (cfg.mode) {
	case MODE_ECHO:
		run_echo();
		break;
	case MODE_HANDSHAKE:
		run_handshake();
		break;
	case MODE_IDLE:
		run_idle();
		break;
	}
	return 0;
}
