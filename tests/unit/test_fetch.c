/* test_fetch.c — the fetcher against a small HTTP/1.1 server run in this
 * process on 127.0.0.1: conditional GET, retries and backoff (on a fake
 * clock), no retry on 4xx, redirects and loops, timeouts, the body cap on a
 * 1 GB stream, Retry-After and the per-host delay. */
#include "testutil.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "feed.h"
#include "fetch.h"

/* ---- the server ---- */

#define MAX_CONNS 512
#define MAX_PATHS 64

typedef struct server {
	int lfd, port;
	pthread_t accept_th;
	pthread_mutex_t mu;
	pthread_t conns[MAX_CONNS];
	int nconns;
	struct {
		char path[256];
		int hits;
	} paths[MAX_PATHS];
	int npaths;
	char last_inm[256], last_ims[256], last_ua[256];
	long long sent_huge, sent_nolen; /* bytes of body each big stream wrote */
	int stop;
} server;

static server srv;

static const char feed_xml[] =
	"<?xml version=\"1.0\"?>\n<rss version=\"2.0\"><channel><title>Local</title>"
	"<link>/</link>\n<item><title>One</title><link>/a/1</link>"
	"<pubDate>Mon, 18 Mar 2019 10:30:00 +0300</pubDate></item>\n</channel></rss>\n";

static int hit(const char *path)
{
	pthread_mutex_lock(&srv.mu);
	int n = 0;
	for (int i = 0; i < srv.npaths; i++)
		if (strcmp(srv.paths[i].path, path) == 0) {
			n = ++srv.paths[i].hits;
			goto done;
		}
	if (srv.npaths < MAX_PATHS) {
		snprintf(srv.paths[srv.npaths].path, sizeof srv.paths[0].path, "%s", path);
		srv.paths[srv.npaths++].hits = n = 1;
	}
done:
	pthread_mutex_unlock(&srv.mu);
	return n;
}

static int hits(const char *path)
{
	pthread_mutex_lock(&srv.mu);
	int n = 0;
	for (int i = 0; i < srv.npaths; i++)
		if (strcmp(srv.paths[i].path, path) == 0)
			n = srv.paths[i].hits;
	pthread_mutex_unlock(&srv.mu);
	return n;
}

static int send_all(int fd, const char *p, size_t len)
{
	while (len) {
		ssize_t w = send(fd, p, len, MSG_NOSIGNAL);
		if (w <= 0)
			return -1;
		p += w;
		len -= (size_t)w;
	}
	return 0;
}

static void respond(int fd, int status, const char *extra_headers, const char *body)
{
	char head[1024];
	size_t blen = body ? strlen(body) : 0;
	snprintf(head, sizeof head,
		 "HTTP/1.1 %d X\r\nContent-Length: %zu\r\nConnection: close\r\n%s\r\n", status,
		 blen, extra_headers ? extra_headers : "");
	if (send_all(fd, head, strlen(head)) == 0 && blen)
		send_all(fd, body, blen);
}

static void header_of(const char *req, const char *name, char *out, size_t size)
{
	out[0] = '\0';
	size_t nl = strlen(name);
	for (const char *p = strstr(req, "\r\n"); p; p = strstr(p + 2, "\r\n")) {
		if (strncasecmp(p + 2, name, nl) == 0 && p[2 + nl] == ':') {
			const char *v = p + 3 + nl;
			while (*v == ' ')
				v++;
			size_t n = strcspn(v, "\r\n");
			if (n >= size)
				n = size - 1;
			memcpy(out, v, n);
			out[n] = '\0';
			return;
		}
	}
}

static void stream(int fd, const char *head, long long max, int delay_ms, size_t chunk,
		   long long *sent_out)
{
	static char block[65536];
	long long sent = 0;
	if (send_all(fd, head, strlen(head)) == 0) {
		while (sent < max && !srv.stop) {
			if (send_all(fd, block, chunk) < 0)
				break;
			sent += (long long)chunk;
			if (delay_ms) {
				struct timespec ts = {0, delay_ms * 1000000L};
				nanosleep(&ts, NULL);
			}
		}
	}
	pthread_mutex_lock(&srv.mu);
	if (sent_out)
		*sent_out = sent;
	pthread_mutex_unlock(&srv.mu);
}

static void *serve_conn(void *arg)
{
	int fd = (int)(intptr_t)arg;
	char req[8192];
	size_t n = 0;
	while (n < sizeof req - 1) {
		ssize_t r = recv(fd, req + n, sizeof req - 1 - n, 0);
		if (r <= 0)
			break;
		n += (size_t)r;
		req[n] = '\0';
		if (strstr(req, "\r\n\r\n"))
			break;
	}
	req[n] = '\0';
	char path[256] = "";
	sscanf(req, "GET %255s", path);
	int count = hit(path);
	pthread_mutex_lock(&srv.mu);
	header_of(req, "If-None-Match", srv.last_inm, sizeof srv.last_inm);
	header_of(req, "If-Modified-Since", srv.last_ims, sizeof srv.last_ims);
	header_of(req, "User-Agent", srv.last_ua, sizeof srv.last_ua);
	char inm[256];
	snprintf(inm, sizeof inm, "%s", srv.last_inm);
	char ua[256];
	snprintf(ua, sizeof ua, "%s", srv.last_ua);
	pthread_mutex_unlock(&srv.mu);

	char hdr[512];
	if (strcmp(path, "/feed") == 0) {
		const char *v = "ETag: \"v1\"\r\nLast-Modified: Mon, 18 Mar 2019 07:30:00 GMT\r\n"
				"Content-Type: application/rss+xml; charset=utf-8\r\n";
		if (strcmp(inm, "\"v1\"") == 0)
			respond(fd, 304, v, NULL);
		else
			respond(fd, 200, v, feed_xml);
	} else if (strcmp(path, "/ua") == 0) {
		respond(fd, 200, NULL, ua);
	} else if (strcmp(path, "/flaky") == 0) {
		respond(fd, count <= 2 ? 500 : 200, NULL, count <= 2 ? "down" : "up at last");
	} else if (strcmp(path, "/down") == 0 || strcmp(path, "/down2") == 0) {
		respond(fd, 500, NULL, "down");
	} else if (strcmp(path, "/missing") == 0) {
		respond(fd, 404, NULL, "no such page");
	} else if (strncmp(path, "/r/", 3) == 0) {
		int k = (int)strtol(path + 3, NULL, 10);
		if (k <= 0)
			snprintf(hdr, sizeof hdr, "Location: http://127.0.0.1:%d/feed\r\n", srv.port);
		else if (k % 2)
			snprintf(hdr, sizeof hdr, "Location: /r/%d\r\n", k - 1);
		else
			snprintf(hdr, sizeof hdr, "Location: http://127.0.0.1:%d/r/%d\r\n", srv.port,
				 k - 1);
		respond(fd, k % 3 == 0 ? 301 : 302, hdr, NULL);
	} else if (strcmp(path, "/loop/a") == 0) {
		respond(fd, 302, "Location: /loop/b\r\n", NULL);
	} else if (strcmp(path, "/loop/b") == 0) {
		respond(fd, 307, "Location: /loop/a\r\n", NULL);
	} else if (strcmp(path, "/tofile") == 0) {
		respond(fd, 302, "Location: file:///etc/passwd\r\n", NULL);
	} else if (strcmp(path, "/slow") == 0) {
		/* 5 bytes every 250 ms: 20 B/s, for 20 s at most */
		stream(fd, "HTTP/1.1 200 X\r\nContent-Length: 400\r\nConnection: close\r\n\r\n", 400, 250,
		       5, NULL);
	} else if (strcmp(path, "/stall") == 0) {
		const char *h = "HTTP/1.1 200 X\r\nContent-Length: 10\r\nConnection: close\r\n\r\n";
		send_all(fd, h, strlen(h));
		for (int i = 0; i < 100 && !srv.stop; i++) {
			struct timespec ts = {0, 50000000L};
			nanosleep(&ts, NULL);
		}
	} else if (strcmp(path, "/huge") == 0) {
		stream(fd, "HTTP/1.1 200 X\r\nContent-Length: 1073741824\r\nConnection: close\r\n\r\n",
		       1LL << 30, 0, 65536, &srv.sent_huge);
	} else if (strcmp(path, "/huge-nolen") == 0) {
		stream(fd, "HTTP/1.1 200 X\r\nConnection: close\r\n\r\n", 1LL << 30, 0, 65536,
		       &srv.sent_nolen);
	} else if (strcmp(path, "/busy") == 0) {
		if (count == 1)
			respond(fd, 429, "Retry-After: 2\r\n", "slow down");
		else
			respond(fd, 200, NULL, "served");
	} else if (strcmp(path, "/busy-long") == 0) {
		respond(fd, 503, "Retry-After: 3600\r\n", "maintenance");
	} else {
		respond(fd, 404, NULL, "unknown");
	}
	shutdown(fd, SHUT_WR);
	/* drain until the client closes, so it reads the whole answer */
	char sink[512];
	struct timeval tv = {1, 0};
	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
	while (recv(fd, sink, sizeof sink, 0) > 0)
		;
	close(fd);
	return NULL;
}

static void *accept_loop(void *arg)
{
	(void)arg;
	for (;;) {
		int fd = accept(srv.lfd, NULL, NULL);
		if (fd < 0)
			break;
		pthread_mutex_lock(&srv.mu);
		int stop = srv.stop || srv.nconns >= MAX_CONNS;
		pthread_mutex_unlock(&srv.mu);
		if (stop) {
			close(fd);
			if (srv.stop)
				break;
			continue;
		}
		pthread_t th;
		if (pthread_create(&th, NULL, serve_conn, (void *)(intptr_t)fd) != 0) {
			close(fd);
			continue;
		}
		pthread_mutex_lock(&srv.mu);
		srv.conns[srv.nconns++] = th;
		pthread_mutex_unlock(&srv.mu);
	}
	return NULL;
}

static int server_start(void **state)
{
	memset(&srv, 0, sizeof srv);
	pthread_mutex_init(&srv.mu, NULL);
	srv.lfd = socket(AF_INET, SOCK_STREAM, 0);
	if (srv.lfd < 0)
		return -1;
	int one = 1;
	setsockopt(srv.lfd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
	struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = 0};
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	socklen_t al = sizeof a;
	if (bind(srv.lfd, (struct sockaddr *)&a, sizeof a) != 0 || listen(srv.lfd, 64) != 0 ||
	    getsockname(srv.lfd, (struct sockaddr *)&a, &al) != 0)
		return -1;
	srv.port = ntohs(a.sin_port);
	return pthread_create(&srv.accept_th, NULL, accept_loop, NULL) == 0 ? 0 : -1;
}

static int server_stop(void **state)
{
	pthread_mutex_lock(&srv.mu);
	srv.stop = 1;
	pthread_mutex_unlock(&srv.mu);
	shutdown(srv.lfd, SHUT_RDWR);
	close(srv.lfd);
	pthread_join(srv.accept_th, NULL);
	for (int i = 0; i < srv.nconns; i++)
		pthread_join(srv.conns[i], NULL);
	pthread_mutex_destroy(&srv.mu);
	return 0;
}

static const char *url_of(const char *path)
{
	static char u[8][256];
	static int k;
	k = (k + 1) % 8;
	snprintf(u[k], sizeof u[k], "http://127.0.0.1:%d%s", srv.port, path);
	return u[k];
}

/* ---- a fake clock: sleeping moves it and is recorded ---- */

typedef struct fake_clock {
	long long now;
	long long sleeps[64];
	int nsleeps;
} fake_clock;

static long long fake_now(void *ud)
{
	return ((fake_clock *)ud)->now;
}

static void fake_sleep(void *ud, long long ms)
{
	fake_clock *c = ud;
	if (c->nsleeps < 64)
		c->sleeps[c->nsleeps++] = ms;
	c->now += ms;
}

static sr_fetcher *fake_fetcher(fake_clock *c, int tries, long host_delay)
{
	sr_fetch_opts o;
	sr_fetch_opts_init(&o);
	o.now_ms = fake_now;
	o.sleep_ms = fake_sleep;
	o.clock_ud = c;
	o.max_tries = tries;
	o.backoff_ms = 100;
	o.host_delay_ms = host_delay;
	o.connect_timeout_ms = 2000;
	o.timeout_ms = 20000;
	o.jitter_seed = 42;
	sr_fetcher *f = sr_fetcher_new(&o);
	assert_non_null(f);
	return f;
}

static void assert_contains(const char *s, const char *part)
{
	if (!s || !strstr(s, part))
		fail_msg("'%s' lacks '%s'", s ? s : "(null)", part);
}

/* ---- tests ---- */

static void test_conditional(void **state)
{
	fake_clock c = {0};
	sr_fetcher *f = fake_fetcher(&c, 1, 0);
	sr_fetch_result r;
	sr_fetch_result_init(&r);
	sr_error e;
	assert_int_equal(sr_fetch_get(f, url_of("/feed"), NULL, &r, &e), 0);
	assert_int_equal(r.status, 200);
	assert_int_equal(r.not_modified, 0);
	assert_int_equal(r.tries, 1);
	assert_int_equal(r.redirects, 0);
	assert_int_equal(r.body.len, strlen(feed_xml));
	assert_memory_equal(r.body.p, feed_xml, r.body.len);
	assert_string_equal(r.etag, "\"v1\"");
	assert_string_equal(r.last_modified, "Mon, 18 Mar 2019 07:30:00 GMT");
	assert_string_equal(r.content_type, "application/rss+xml; charset=utf-8");
	assert_string_equal(r.final_url, url_of("/feed"));
	assert_string_equal(srv.last_inm, "");

	/* the body is a feed whose relative links resolve against the final URL */
	sr_feed *feed = NULL;
	assert_int_equal(sr_feed_parse(r.body.p, r.body.len, r.final_url, NULL, &feed, &e), 0);
	assert_int_equal(sr_feed_count(feed), 1);
	assert_string_equal(sr_feed_item_at(feed, 0)->link, url_of("/a/1"));
	sr_feed_free(feed);

	/* again, with the validators: 304, no body */
	char *etag = strdup(r.etag), *lm = strdup(r.last_modified);
	sr_fetch_cond cond = {etag, lm};
	assert_int_equal(sr_fetch_get(f, url_of("/feed"), &cond, &r, &e), 0);
	assert_int_equal(r.status, 304);
	assert_int_equal(r.not_modified, 1);
	assert_int_equal(r.body.len, 0);
	assert_string_equal(srv.last_inm, "\"v1\"");
	assert_string_equal(srv.last_ims, "Mon, 18 Mar 2019 07:30:00 GMT");

	/* a stale validator: the full answer */
	sr_fetch_cond old = {"\"v0\"", NULL};
	assert_int_equal(sr_fetch_get(f, url_of("/feed"), &old, &r, &e), 0);
	assert_int_equal(r.status, 200);
	assert_int_equal(r.not_modified, 0);
	assert_int_equal(r.body.len, strlen(feed_xml));
	assert_string_equal(srv.last_inm, "\"v0\"");
	assert_string_equal(srv.last_ims, "");
	free(etag);
	free(lm);

	/* the User-Agent names sitrep and where to read about it */
	assert_int_equal(sr_fetch_get(f, url_of("/ua"), NULL, &r, &e), 0);
	assert_true(strncmp(r.body.p, "sitrep/", 7) == 0);
	assert_contains(r.body.p, "(+https://");
	sr_fetch_result_cleanup(&r);
	sr_fetcher_free(f);
	assert_int_equal(c.nsleeps, 0);
}

static void test_retry_then_ok(void **state)
{
	fake_clock c = {0};
	sr_fetcher *f = fake_fetcher(&c, 4, 0);
	sr_fetch_result r;
	sr_fetch_result_init(&r);
	sr_error e;
	assert_int_equal(sr_fetch_get(f, url_of("/flaky"), NULL, &r, &e), 0);
	assert_int_equal(r.status, 200);
	assert_int_equal(r.tries, 3);
	assert_string_equal(r.body.p, "up at last");
	assert_int_equal(hits("/flaky"), 3);
	/* two backoff waits: 100 then 200 ms, each plus up to a quarter of jitter */
	assert_int_equal(c.nsleeps, 2);
	assert_in_range(c.sleeps[0], 100, 125);
	assert_in_range(c.sleeps[1], 200, 250);
	sr_fetch_result_cleanup(&r);
	sr_fetcher_free(f);
}

static void test_give_up(void **state)
{
	fake_clock c = {0};
	sr_fetcher *f = fake_fetcher(&c, 4, 0);
	sr_fetch_result r;
	sr_fetch_result_init(&r);
	sr_error e;
	sr_error_clear(&e);
	assert_int_equal(sr_fetch_get(f, url_of("/down"), NULL, &r, &e), SR_EIO);
	assert_int_equal(r.status, 500);
	assert_int_equal(r.tries, 4);
	assert_int_equal(hits("/down"), 4);
	assert_string_equal(e.file, url_of("/down"));
	assert_contains(e.msg, "HTTP 500");
	assert_contains(e.msg, "4 tries");
	assert_int_equal(c.nsleeps, 3);
	assert_in_range(c.sleeps[0], 100, 125);
	assert_in_range(c.sleeps[1], 200, 250);
	assert_in_range(c.sleeps[2], 400, 500);
	long long total1 = c.sleeps[0] + c.sleeps[1] + c.sleeps[2];
	sr_fetch_result_cleanup(&r);
	sr_fetcher_free(f);

	/* jitter: another seed waits differently */
	fake_clock c2 = {0};
	sr_fetch_opts o;
	sr_fetch_opts_init(&o);
	o.now_ms = fake_now;
	o.sleep_ms = fake_sleep;
	o.clock_ud = &c2;
	o.backoff_ms = 100;
	o.host_delay_ms = 0;
	o.jitter_seed = 7;
	f = sr_fetcher_new(&o);
	sr_fetch_result_init(&r);
	assert_int_equal(sr_fetch_get(f, url_of("/down2"), NULL, &r, &e), SR_EIO);
	assert_int_equal(c2.nsleeps, 3);
	assert_true(c2.sleeps[0] + c2.sleeps[1] + c2.sleeps[2] != total1);
	sr_fetch_result_cleanup(&r);
	sr_fetcher_free(f);
}

static void test_no_retry_on_4xx(void **state)
{
	fake_clock c = {0};
	sr_fetcher *f = fake_fetcher(&c, 4, 0);
	sr_fetch_result r;
	sr_fetch_result_init(&r);
	sr_error e;
	assert_int_equal(sr_fetch_get(f, url_of("/missing"), NULL, &r, &e), SR_EINPUT);
	assert_int_equal(r.status, 404);
	assert_int_equal(r.tries, 1);
	assert_int_equal(hits("/missing"), 1);
	assert_int_equal(c.nsleeps, 0);
	assert_contains(e.msg, "HTTP 404");
	assert_string_equal(e.file, url_of("/missing"));
	sr_fetch_result_cleanup(&r);
	sr_fetcher_free(f);
}

static void test_redirects(void **state)
{
	fake_clock c = {0};
	sr_fetcher *f = fake_fetcher(&c, 1, 0);
	sr_fetch_result r;
	sr_fetch_result_init(&r);
	sr_error e;
	assert_int_equal(sr_fetch_get(f, url_of("/r/2"), NULL, &r, &e), 0);
	assert_int_equal(r.redirects, 3); /* /r/2 → /r/1 → /r/0 → /feed */
	assert_int_equal(r.status, 200);
	assert_string_equal(r.final_url, url_of("/feed"));
	assert_int_equal(r.body.len, strlen(feed_xml));

	/* five are followed, six are too many */
	assert_int_equal(sr_fetch_get(f, url_of("/r/4"), NULL, &r, &e), 0);
	assert_int_equal(r.redirects, 5);
	assert_int_equal(sr_fetch_get(f, url_of("/r/5"), NULL, &r, &e), SR_EINPUT);
	assert_contains(e.msg, "more than 5 redirects");
	assert_int_equal(r.body.len, 0);

	assert_int_equal(sr_fetch_get(f, url_of("/loop/a"), NULL, &r, &e), SR_EINPUT);
	assert_contains(e.msg, "redirect loop");
	char want[512];
	snprintf(want, sizeof want, "%s -> %s -> %s", url_of("/loop/a"), url_of("/loop/b"),
		 url_of("/loop/a"));
	assert_contains(e.msg, want);
	assert_int_equal(hits("/loop/a"), 1);

	assert_int_equal(sr_fetch_get(f, url_of("/tofile"), NULL, &r, &e), SR_EINPUT);
	assert_contains(e.msg, "not http or https");
	assert_contains(e.msg, "file:///etc/passwd");

	/* only http and https, checked before any request */
	assert_int_equal(sr_fetch_get(f, "file:///etc/passwd", NULL, &r, &e), SR_EINPUT);
	assert_string_equal(e.file, "file:///etc/passwd");
	assert_int_equal(sr_fetch_get(f, "ftp://127.0.0.1/x", NULL, &r, &e), SR_EINPUT);
	assert_int_equal(sr_fetch_get(f, "/relative/path", NULL, &r, &e), SR_EINPUT);
	assert_int_equal(r.status, 0);
	sr_fetch_result_cleanup(&r);
	sr_fetcher_free(f);
}

static double seconds_since(const struct timespec *t0)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)(t.tv_sec - t0->tv_sec) + (double)(t.tv_nsec - t0->tv_nsec) / 1e9;
}

static void test_timeouts(void **state)
{
	sr_fetch_opts o;
	sr_fetch_opts_init(&o);
	o.max_tries = 1;
	o.host_delay_ms = 0;
	o.low_speed_bytes = 1000;
	o.low_speed_secs = 1;
	sr_fetcher *f = sr_fetcher_new(&o);
	sr_fetch_result r;
	sr_fetch_result_init(&r);
	sr_error e;
	struct timespec t0;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	/* 20 B/s against a floor of 1000 B/s over 1 s: aborted after about 1 s,
	 * where the whole body would take 20 s */
	assert_int_equal(sr_fetch_get(f, url_of("/slow"), NULL, &r, &e), SR_EIO);
	double took = seconds_since(&t0);
	assert_true(took < 5.0);
	assert_true(took > 0.5);
	assert_contains(e.msg, "too slow");
	assert_string_equal(e.file, url_of("/slow"));
	sr_fetcher_free(f);

	/* a total timeout: the server sends headers, then nothing */
	o.low_speed_secs = 0;
	o.timeout_ms = 700;
	f = sr_fetcher_new(&o);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	assert_int_equal(sr_fetch_get(f, url_of("/stall"), NULL, &r, &e), SR_EIO);
	took = seconds_since(&t0);
	assert_true(took < 3.0);
	assert_contains(e.msg, "timed out");
	sr_fetch_result_cleanup(&r);
	sr_fetcher_free(f);
}

static void test_body_cap(void **state)
{
	fake_clock c = {0};
	sr_fetcher *f = fake_fetcher(&c, 4, 0);
	sr_fetch_result r;
	sr_fetch_result_init(&r);
	sr_error e;
	/* a declared 1 GB: refused on its Content-Length, not retried */
	assert_int_equal(sr_fetch_get(f, url_of("/huge"), NULL, &r, &e), SR_EINPUT);
	assert_contains(e.msg, "larger than 8388608 bytes");
	assert_int_equal(hits("/huge"), 1);
	assert_int_equal(r.body.len, 0);

	/* an undeclared length: cut off in the write callback at the cap */
	assert_int_equal(sr_fetch_get(f, url_of("/huge-nolen"), NULL, &r, &e), SR_EINPUT);
	assert_contains(e.msg, "larger than 8388608 bytes");
	assert_int_equal(hits("/huge-nolen"), 1);
	assert_int_equal(r.body.len, 0);
	assert_true(r.body.cap <= SR_FETCH_MAX_BODY + 1); /* memory stayed at the cap */
	/* the server stopped soon after the cap: far less than the 1 GB */
	for (int i = 0; i < 250; i++) { /* wait for its thread to notice */
		pthread_mutex_lock(&srv.mu);
		long long sent = srv.sent_nolen;
		pthread_mutex_unlock(&srv.mu);
		if (sent)
			break;
		struct timespec ts = {0, 20000000L};
		nanosleep(&ts, NULL);
	}
	pthread_mutex_lock(&srv.mu);
	long long sent = srv.sent_nolen;
	pthread_mutex_unlock(&srv.mu);
	assert_true(sent >= (long long)SR_FETCH_MAX_BODY);
	assert_true(sent < 64LL << 20);
	assert_int_equal(c.nsleeps, 0);
	sr_fetcher_free(f);

	/* a small cap on an ordinary answer */
	sr_fetch_opts o;
	sr_fetch_opts_init(&o);
	o.max_body = 100;
	o.host_delay_ms = 0;
	f = sr_fetcher_new(&o);
	assert_int_equal(sr_fetch_get(f, url_of("/feed"), NULL, &r, &e), SR_EINPUT);
	assert_contains(e.msg, "larger than 100 bytes");
	o.max_body = strlen(feed_xml);
	sr_fetcher_free(f);
	f = sr_fetcher_new(&o);
	assert_int_equal(sr_fetch_get(f, url_of("/feed"), NULL, &r, &e), 0);
	assert_int_equal(r.body.len, strlen(feed_xml));
	sr_fetch_result_cleanup(&r);
	sr_fetcher_free(f);
}

static void test_retry_after(void **state)
{
	fake_clock c = {0};
	sr_fetcher *f = fake_fetcher(&c, 4, 0);
	sr_fetch_result r;
	sr_fetch_result_init(&r);
	sr_error e;
	assert_int_equal(sr_fetch_get(f, url_of("/busy"), NULL, &r, &e), 0);
	assert_int_equal(r.tries, 2);
	assert_string_equal(r.body.p, "served");
	assert_int_equal(c.nsleeps, 1);
	assert_int_equal(c.sleeps[0], 2000); /* the server's Retry-After, not the backoff */

	/* an hour is longer than we wait: give up at once */
	c.nsleeps = 0;
	assert_int_equal(sr_fetch_get(f, url_of("/busy-long"), NULL, &r, &e), SR_EIO);
	assert_int_equal(r.status, 503);
	assert_int_equal(r.tries, 1);
	assert_int_equal(hits("/busy-long"), 1);
	assert_int_equal(c.nsleeps, 0);
	assert_contains(e.msg, "retry after 3600 s");
	sr_fetch_result_cleanup(&r);
	sr_fetcher_free(f);
}

static void test_host_delay(void **state)
{
	fake_clock c = {.now = 5000};
	sr_fetcher *f = fake_fetcher(&c, 1, 1000);
	sr_fetch_result r;
	sr_fetch_result_init(&r);
	sr_error e;
	assert_int_equal(sr_fetch_get(f, url_of("/feed"), NULL, &r, &e), 0);
	assert_int_equal(c.nsleeps, 0); /* first request to the host: no wait */
	assert_int_equal(sr_fetch_get(f, url_of("/ua"), NULL, &r, &e), 0);
	assert_int_equal(c.nsleeps, 1);
	assert_int_equal(c.sleeps[0], 1000);
	c.now += 400; /* time passes elsewhere: only the rest is waited */
	assert_int_equal(sr_fetch_get(f, url_of("/feed"), NULL, &r, &e), 0);
	assert_int_equal(c.nsleeps, 2);
	assert_int_equal(c.sleeps[1], 600);
	c.now += 5000;
	assert_int_equal(sr_fetch_get(f, url_of("/feed"), NULL, &r, &e), 0);
	assert_int_equal(c.nsleeps, 2);
	/* each redirect hop to the same host waits too (the first is free) */
	c.now += 5000;
	assert_int_equal(sr_fetch_get(f, url_of("/r/1"), NULL, &r, &e), 0);
	assert_int_equal(r.redirects, 2);
	assert_int_equal(c.nsleeps, 4);
	assert_int_equal(c.sleeps[2], 1000);
	assert_int_equal(c.sleeps[3], 1000);
	sr_fetch_result_cleanup(&r);
	sr_fetcher_free(f);
}

static void test_connection_refused(void **state)
{
	/* a port nobody listens on */
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = 0};
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	socklen_t al = sizeof a;
	assert_int_equal(bind(fd, (struct sockaddr *)&a, sizeof a), 0);
	assert_int_equal(getsockname(fd, (struct sockaddr *)&a, &al), 0);
	close(fd);
	char url[64];
	snprintf(url, sizeof url, "http://127.0.0.1:%d/x", ntohs(a.sin_port));

	fake_clock c = {0};
	sr_fetcher *f = fake_fetcher(&c, 3, 0);
	sr_fetch_result r;
	sr_fetch_result_init(&r);
	sr_error e;
	assert_int_equal(sr_fetch_get(f, url, NULL, &r, &e), SR_EIO);
	assert_int_equal(r.tries, 3);
	assert_int_equal(r.status, 0);
	assert_int_equal(c.nsleeps, 2);
	assert_in_range(c.sleeps[0], 100, 125);
	assert_in_range(c.sleeps[1], 200, 250);
	assert_string_equal(e.file, url);
	assert_contains(e.msg, "3 tries");
	sr_fetch_result_cleanup(&r);
	sr_fetcher_free(f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_conditional),	    cmocka_unit_test(test_retry_then_ok),
		cmocka_unit_test(test_give_up),	    cmocka_unit_test(test_no_retry_on_4xx),
		cmocka_unit_test(test_redirects),	    cmocka_unit_test(test_timeouts),
		cmocka_unit_test(test_body_cap),	    cmocka_unit_test(test_retry_after),
		cmocka_unit_test(test_host_delay),	    cmocka_unit_test(test_connection_refused),
	};
	return cmocka_run_group_tests(tests, server_start, server_stop);
}
