/* fuzz_web.c — libFuzzer target: the HTTP server (web.h) on arbitrary
 * requests. Each input is sent as the raw bytes of a client's side of a
 * connection (over a socketpair handed to sr_web_add_connection), so MHD's
 * request parsing, the routing and every page and API handler see it; the
 * answer is read back and checked.
 *
 * Once per process: a small store in a temporary directory (a few
 * documents with coded events, written here), the bundled dictionaries and
 * sphere mapping, and a server on a free loopback port with one worker.
 *
 * What an answer must satisfy (else abort, so libFuzzer keeps the input):
 * - anything that comes back starts with "HTTP/1.";
 * - an answer with a body made by our handlers (not one of MHD's own
 *   error answers, which have no Content-Type) carries the Content-Security-Policy and
 *   X-Content-Type-Options: nosniff headers;
 * - no 500 (a store failure on a request we made up is a bug: bad input
 *   is a 4xx);
 * - no file contents ("root:x:") and no SQLite error text, unless the
 *   request itself carried that text (pages echo the query). */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <linux/sockios.h> /* SIOCOUTQ */
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "dict.h"
#include "doc.h"
#include "sphere.h"
#include "store.h"
#include "web.h"

enum {
	REQ_MAX = 64 * 1024,
	ANSWER_MAX = 4 << 20, /* more than any page of this store */
	WAIT_MS = 2000,
};

static sr_web *fuzz_web;
static sr_dict *fuzz_dict;
static sr_spheres *fuzz_spheres;
static char fuzz_dir[64];
static char fuzz_db[128];

static void cleanup(void)
{
	sr_web_stop(fuzz_web);
	sr_spheres_free(fuzz_spheres);
	sr_dict_free(fuzz_dict);
	static const char *const ext[] = {"", "-wal", "-shm", "-journal"};
	char p[160];
	for (size_t i = 0; i < sizeof ext / sizeof *ext; i++) {
		snprintf(p, sizeof p, "%s%s", fuzz_db, ext[i]);
		unlink(p);
	}
	rmdir(fuzz_dir);
}

/* An event whose evidence is the first occurrence of `span` in body. */
static sr_store_event event_at(const char *body, const char *span, sr_date date, const char *src,
			       const char *src_name, const char *tgt, const char *tgt_name, const char *cameo,
			       int quad, double goldstein, const char *plover)
{
	const char *at = strstr(body, span);
	if (!at)
		abort();
	sr_store_event e = {
		.date = date,
		.source = src,
		.source_name = src_name,
		.target = tgt,
		.target_name = tgt_name,
		.cameo = cameo,
		.root = NULL,
		.quad = quad,
		.goldstein = goldstein,
		.plover = plover,
		.text = at,
		.text_len = strlen(span),
		.start = (size_t)(at - body),
		.end = (size_t)(at - body) + strlen(span),
	};
	return e;
}

static void put(sr_store *s, const char *title, const char *publication, sr_date date, const char *body,
		const sr_store_event *ev, size_t n)
{
	sr_doc d;
	sr_doc_init(&d);
	sr_error err;
	sr_error_clear(&err);
	if (sr_doc_set(&d.title, title, strlen(title)) < 0 ||
	    sr_doc_set(&d.publication, publication, strlen(publication)) < 0 ||
	    sr_doc_set(&d.body, body, strlen(body)) < 0)
		abort();
	d.body_len = strlen(body);
	d.date = date;
	memcpy(d.language, "en", 3);
	sr_store_key key;
	sr_put_result res;
	sr_store_coding c = {.ev = ev, .n = n, .dict = "fuzz"};
	if (sr_store_key_doc(&d, &key, &err) < 0 || sr_store_put_coded(s, &d, &key, &c, &res, &err) < 0) {
		fprintf(stderr, "fuzz_web: cannot store a document: %s\n", err.msg);
		abort();
	}
	sr_doc_cleanup(&d);
}

static void make_store(void)
{
	sr_store *s = NULL;
	sr_error err;
	sr_error_clear(&err);
	if (sr_store_open(fuzz_db, 0, &s, &err) < 0) {
		fprintf(stderr, "fuzz_web: %s\n", err.msg);
		abort();
	}
	const char *b1 = "Minsk hosted talks on Tuesday. Alexander Lukashenka met the Russian defence minister "
			 "to discuss the Union Shield exercise planned for the autumn.\n\n"
			 "Both sides agreed to extend joint air patrols along the western border.";
	sr_store_event e1[] = {
		event_at(b1, "Lukashenka met the Russian defence minister", 20240319, "BLRGOV",
			 "Alexander Lukashenka", "RUSMIL", "Russian defence ministry", "040", 1, 1.0, "CONSULT"),
		event_at(b1, "agreed to extend joint air patrols", 20240319, "BLR", "Belarus", "RUS", "Russia",
			 "057", 2, 8.0, "AGREE"),
	};
	put(s, "Minsk and Moscow discuss Union Shield", "Belarus Weekly", 20240319, b1, e1, 2);

	const char *b2 = "Vilnius protested after a border incident near Hrodna.\n\n"
			 "Lithuania accused Belarus of pushing migrants across the frontier; Minsk rejected "
			 "the accusation and warned of retaliation.";
	sr_store_event e2[] = {
		event_at(b2, "Lithuania accused Belarus", 20240321, "LTU", "Lithuania", "BLR", "Belarus", "112", 3,
			 -2.0, "ACCUSE"),
		event_at(b2, "warned of retaliation", 20240321, "BLR", "Belarus", "LTU", "Lithuania", "138", 3,
			 -7.0, "THREATEN"),
	};
	put(s, "Border incident strains Lithuania ties", "Baltic Review", 20240321, b2, e2, 2);

	const char *b3 = "The parliament in Minsk approved the budget without debate. No foreign actor was "
			 "mentioned in the session.";
	put(s, "Budget passes", "Belarus Weekly", 20240104, b3, NULL, 0);
	sr_store_close(s);
}

static void start(void)
{
	signal(SIGPIPE, SIG_IGN); /* a server that closes early must not kill us */
	snprintf(fuzz_dir, sizeof fuzz_dir, "/tmp/sitrep-fuzz-web-XXXXXX");
	if (!mkdtemp(fuzz_dir))
		abort();
	snprintf(fuzz_db, sizeof fuzz_db, "%s/sitrep.db", fuzz_dir);
	make_store();
	sr_error err;
	sr_error_clear(&err);
	fuzz_dict = sr_dict_create();
	if (!fuzz_dict || sr_dict_load_default(fuzz_dict, &err) < 0 || sr_dict_finish(fuzz_dict, &err) < 0 ||
	    sr_spheres_default(&fuzz_spheres, &err) < 0) {
		fprintf(stderr, "fuzz_web: %s\n", err.msg);
		abort();
	}
	sr_web_opts o = {
		.db = fuzz_db,
		.port = 0,
		.threads = 1,
		.dict = fuzz_dict,
		.spheres = fuzz_spheres,
		.request_seconds = 1.0,
		.cache_mb = 0,
	};
	if (sr_web_start(&o, &fuzz_web, &err) < 0) {
		fprintf(stderr, "fuzz_web: %s\n", err.msg);
		abort();
	}
	atexit(cleanup);
}

static long now_ms(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (long)t.tv_sec * 1000 + t.tv_nsec / 1000000;
}

/* Send req on fd and read the answer until EOF or the deadline, both at
 * once (the server may answer, and close, before it read everything). */
static size_t exchange(int fd, const uint8_t *req, size_t n, char *ans, size_t cap)
{
	size_t sent = 0, got = 0;
	int wr_open = 1;
	long end = now_ms() + WAIT_MS;
	for (;;) {
		long left = end - now_ms();
		if (left <= 0)
			break;
		/* All sent: half-close only once the server has read it all.
		 * MHD polls edge-triggered; data and EOF arriving together are one
		 * edge, it reads the data and would see the EOF only at its
		 * 15 s idle timeout. An EOF after the read is an edge of its own. */
		int drained = 0;
		if (wr_open && sent == n) {
			int q = 0;
			drained = ioctl(fd, SIOCOUTQ, &q) != 0 || q == 0;
			if (drained) {
				shutdown(fd, SHUT_WR);
				wr_open = 0;
			}
		}
		struct pollfd p = {.fd = fd, .events = (short)(POLLIN | (wr_open && sent < n ? POLLOUT : 0))};
		int r = poll(&p, 1, wr_open && sent == n ? 1 : (int)left);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0 || (r == 0 && !(wr_open && sent == n)))
			break;
		if (wr_open && (p.revents & (POLLOUT | POLLERR | POLLHUP))) {
			ssize_t w = send(fd, req + sent, n - sent, MSG_NOSIGNAL | MSG_DONTWAIT);
			if (w > 0)
				sent += (size_t)w;
			if (w < 0 && errno != EAGAIN && errno != EINTR)
				sent = n; /* the server stopped reading */
		}
		if (p.revents & (POLLIN | POLLHUP | POLLERR)) {
			ssize_t k = recv(fd, ans + got, cap - 1 - got, MSG_DONTWAIT);
			if (k > 0) {
				got += (size_t)k;
				if (got == cap - 1)
					break;
			} else if (k == 0 || (errno != EAGAIN && errno != EINTR)) {
				break;
			}
		}
	}
	ans[got] = '\0';
	return got;
}

/* memmem, which C17 and POSIX lack */
static const char *find(const void *hay, size_t n, const char *needle)
{
	size_t k = strlen(needle);
	const char *h = hay;
	for (size_t i = 0; k && i + k <= n; i++)
		if (h[i] == needle[0] && !memcmp(h + i, needle, k))
			return h + i;
	return NULL;
}

static int hexval(uint8_t c)
{
	return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
}

/* The request with %XX and + decoded and control bytes dropped, so text
 * the request carried in a query is recognised when a page echoes it. */
static char *decoded(const uint8_t *req, size_t n)
{
	char *d = malloc(n + 1);
	if (!d)
		abort();
	size_t k = 0;
	for (size_t i = 0; i < n; i++) {
		int hi = i + 2 < n ? hexval(req[i + 1]) : -1, lo = i + 2 < n ? hexval(req[i + 2]) : -1;
		if (req[i] == '%' && hi >= 0 && lo >= 0) {
			if (hi * 16 + lo >= 0x20 && hi * 16 + lo != 0x7f)
				d[k++] = (char)(hi * 16 + lo);
			i += 2;
		} else if (req[i] >= 0x20 && req[i] != 0x7f) { /* pages drop control bytes when they echo */
			d[k++] = req[i] == '+' ? ' ' : (char)req[i];
		}
	}
	d[k] = '\0';
	return d;
}

static int carried(const uint8_t *req, size_t n, const char *dec, size_t dn, const char *needle)
{
	return find(req, n, needle) || find(dec, dn, needle);
}

static void fail(const char *why, const char *ans, size_t n)
{
	fprintf(stderr, "fuzz_web: %s\n--- answer (%zu bytes) ---\n%.*s\n---\n", why, n,
		(int)(n > 4000 ? 4000 : n), ans);
	abort();
}

/* A header line starting with `line` (case-insensitive) in the head. */
static int has_header(const char *head, size_t hlen, const char *line)
{
	size_t ln = strlen(line);
	for (size_t i = 0; i + ln <= hlen; i++)
		if ((i == 0 || head[i - 1] == '\n') && !strncasecmp(head + i, line, ln))
			return 1;
	return 0;
}

/* Check the answer: the leak rules over all of it (several answers when
 * requests were pipelined), the status and headers on the first one. */
static void check(const uint8_t *req, size_t rn, const char *ans, size_t n)
{
	if (n == 0)
		return;
	if (n < 12 || memcmp(ans, "HTTP/1.", 7))
		fail("the answer does not start with HTTP/1.", ans, n);
	char *dec = decoded(req, rn);
	size_t dn = strlen(dec);
	static const char *const leaks[] = {"root:x:", "SQL logic error", "no such table", "no such column",
					     "sqlite3_", "unrecognized token", "database disk image"};
	for (size_t i = 0; i < sizeof leaks / sizeof *leaks; i++)
		if (find(ans, n, leaks[i]) && !carried(req, rn, dec, dn, leaks[i]))
			fail(leaks[i], ans, n);
	free(dec);

	const char *end = find(ans, n, "\r\n\r\n");
	if (!end)
		return; /* cut off: the server gave up mid-answer */
	size_t hlen = (size_t)(end - ans) + 2;
	if (strtol(ans + 9, NULL, 10) == 500)
		fail("status 500", ans, n);
	/* a HEAD is answered without a body; else the bytes after the head */
	int head_req = rn >= 5 && !memcmp(req, "HEAD ", 5);
	size_t blen = head_req ? 0 : n - hlen - 2;
	/* MHD's own error answers (for requests it refuses before we see
	 * them) have no Content-Type; every answer of ours has one (send_buf) */
	int ours = has_header(ans, hlen, "Content-Type:");
	if (blen > 0 && ours &&
	    (!has_header(ans, hlen, "Content-Security-Policy:") ||
	     !has_header(ans, hlen, "X-Content-Type-Options: nosniff")))
		fail("an answer of ours without the security headers", ans, n);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (!fuzz_web)
		start();
	if (size > REQ_MAX)
		size = REQ_MAX;
	int sv[2];
	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) != 0)
		abort();
	sr_error err;
	sr_error_clear(&err);
	if (sr_web_add_connection(fuzz_web, sv[1], &err) < 0) {
		fprintf(stderr, "fuzz_web: %s\n", err.msg);
		abort();
	}
	static char ans[ANSWER_MAX];
	size_t n = exchange(sv[0], data, size, ans, sizeof ans);
	close(sv[0]);
	if (getenv("FUZZ_WEB_SHOW")) /* to see what the seeds get */
		fprintf(stderr, "fuzz_web: %zu bytes: %.*s\n", n, (int)(strcspn(ans, "\r\n")), ans);
	check(data, size, ans, n);
	return 0;
}
