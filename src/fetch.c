/* fetch.c — polite HTTP(S) GETs over libcurl (see fetch.h).
 *
 * Redirects are followed here, not by libcurl, so that each hop goes through
 * the same checks as the first request: the scheme (http/https only), the
 * per-host delay, the retry policy and the loop check. */
#include "fetch.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include <curl/curl.h>

#ifndef SITREP_VERSION
#define SITREP_VERSION "0.1.0"
#endif
/* Where a site's operator can read what this crawler is; set at build time
 * (-DSITREP_CONTACT_URL=...) to the project's page. */
#ifndef SITREP_CONTACT_URL
#define SITREP_CONTACT_URL "https://sitrep.invalid/crawler"
#endif

/* Hosts remembered for the per-host delay; the oldest is forgotten first. */
#define HOSTS_MAX 1024

typedef struct host_slot {
	char *name;
	long long last_ms;
} host_slot;

struct sr_fetcher {
	sr_fetch_opts o;
	char *ua;
	CURL *h;
	host_slot *hosts;
	size_t nhosts;
	unsigned long long rng;
	char errbuf[CURL_ERROR_SIZE];
	/* per try */
	sr_buf *body;
	int too_large;
	char *etag, *last_modified;
	long long retry_after_ms; /* -1: none */
};

/* ---- clock ---- */

static long long real_now_ms(void *ud)
{
	(void)ud;
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void real_sleep_ms(void *ud, long long ms)
{
	(void)ud;
	if (ms <= 0)
		return;
	struct timespec ts = {.tv_sec = (time_t)(ms / 1000), .tv_nsec = (long)(ms % 1000) * 1000000L};
	while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
		;
}

static long long now_ms(const sr_fetcher *f)
{
	return f->o.now_ms(f->o.clock_ud);
}

static void sleep_ms(const sr_fetcher *f, long long ms)
{
	if (ms > 0)
		f->o.sleep_ms(f->o.clock_ud, ms);
}

static unsigned long long next_rand(sr_fetcher *f)
{
	/* splitmix64: enough for jitter, reproducible from a seed */
	unsigned long long z = (f->rng += 0x9E3779B97F4A7C15ULL);
	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
	return z ^ (z >> 31);
}

/* ---- options ---- */

void sr_fetch_opts_init(sr_fetch_opts *o)
{
	memset(o, 0, sizeof *o);
	o->max_body = SR_FETCH_MAX_BODY;
	o->connect_timeout_ms = 10000;
	o->timeout_ms = 120000;
	o->low_speed_bytes = 100;
	o->low_speed_secs = 30;
	o->max_redirects = 5;
	o->max_tries = 4;
	o->backoff_ms = 1000;
	o->backoff_max_ms = 60000;
	o->retry_after_max_ms = 120000;
	o->host_delay_ms = 1000;
}

void sr_fetch_result_init(sr_fetch_result *r)
{
	memset(r, 0, sizeof *r);
	sr_buf_init(&r->body, 0);
}

void sr_fetch_result_cleanup(sr_fetch_result *r)
{
	sr_buf_cleanup(&r->body);
	free(r->etag);
	free(r->last_modified);
	free(r->final_url);
	free(r->content_type);
	memset(r, 0, sizeof *r);
}

/* ---- libcurl callbacks ---- */

static size_t on_body(char *p, size_t size, size_t n, void *ud)
{
	sr_fetcher *f = ud;
	size_t len = size * n;
	if (sr_buf_append(f->body, p, len) < 0) {
		/* past the cap (or out of memory): returning short aborts the
		 * transfer, so a huge body never reaches memory */
		f->too_large = f->body->len + len > f->body->limit;
		return 0;
	}
	return len;
}

static char *header_value(const char *line, size_t len, const char *name)
{
	size_t nl = strlen(name);
	if (len <= nl || strncasecmp(line, name, nl) != 0 || line[nl] != ':')
		return NULL;
	const char *v = line + nl + 1, *end = line + len;
	while (v < end && (*v == ' ' || *v == '\t'))
		v++;
	while (end > v && (end[-1] == '\r' || end[-1] == '\n' || end[-1] == ' ' || end[-1] == '\t'))
		end--;
	return sr_strndup(v, (size_t)(end - v));
}

static long long parse_retry_after(const char *v)
{
	if (!v || !*v)
		return -1;
	char *end;
	if (*v >= '0' && *v <= '9') {
		long long s = strtoll(v, &end, 10);
		if (*end || s < 0 || s > 1000000000LL)
			return -1;
		return s * 1000;
	}
	time_t t = curl_getdate(v, NULL);
	if (t == -1)
		return -1;
	long long d = (long long)(t - time(NULL));
	return d < 0 ? 0 : d * 1000;
}

static size_t on_header(char *p, size_t size, size_t n, void *ud)
{
	sr_fetcher *f = ud;
	size_t len = size * n;
	if (len >= 5 && strncmp(p, "HTTP/", 5) == 0) {
		/* a new response (an interim 1xx before the real one) */
		free(f->etag);
		free(f->last_modified);
		f->etag = f->last_modified = NULL;
		f->retry_after_ms = -1;
		return len;
	}
	char *v;
	if ((v = header_value(p, len, "ETag"))) {
		free(f->etag);
		f->etag = v;
	} else if ((v = header_value(p, len, "Last-Modified"))) {
		free(f->last_modified);
		f->last_modified = v;
	} else if ((v = header_value(p, len, "Retry-After"))) {
		f->retry_after_ms = parse_retry_after(v);
		free(v);
	}
	return len;
}

/* ---- fetcher ---- */

sr_fetcher *sr_fetcher_new(const sr_fetch_opts *opts)
{
	sr_fetcher *f = calloc(1, sizeof *f);
	if (!f)
		return NULL;
	if (opts)
		f->o = *opts;
	else
		sr_fetch_opts_init(&f->o);
	if (!f->o.now_ms)
		f->o.now_ms = real_now_ms;
	if (!f->o.sleep_ms)
		f->o.sleep_ms = real_sleep_ms;
	if (f->o.max_tries < 1)
		f->o.max_tries = 1;
	if (f->o.max_redirects < 0)
		f->o.max_redirects = 0;
	f->rng = f->o.jitter_seed ? f->o.jitter_seed
				  : (unsigned long long)real_now_ms(NULL) ^
					    ((unsigned long long)getpid() << 32);
	if (f->o.user_agent) {
		f->ua = strdup(f->o.user_agent);
	} else {
		sr_buf b;
		sr_buf_init(&b, 1024);
		if (sr_buf_printf(&b, "sitrep/%s (+%s)", SITREP_VERSION, SITREP_CONTACT_URL) == 0)
			f->ua = sr_buf_detach(&b, NULL);
		sr_buf_cleanup(&b);
	}
	f->o.user_agent = f->ua;
	f->h = curl_easy_init();
	if (!f->ua || !f->h) {
		sr_fetcher_free(f);
		return NULL;
	}
	CURL *h = f->h;
	int bad = 0;
	bad |= curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L) != CURLE_OK;
#if LIBCURL_VERSION_NUM >= 0x075500
	bad |= curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https") != CURLE_OK;
	bad |= curl_easy_setopt(h, CURLOPT_REDIR_PROTOCOLS_STR, "http,https") != CURLE_OK;
#else
	bad |= curl_easy_setopt(h, CURLOPT_PROTOCOLS, (long)(CURLPROTO_HTTP | CURLPROTO_HTTPS)) !=
	       CURLE_OK;
	bad |= curl_easy_setopt(h, CURLOPT_REDIR_PROTOCOLS,
				(long)(CURLPROTO_HTTP | CURLPROTO_HTTPS)) != CURLE_OK;
#endif
	bad |= curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 0L) != CURLE_OK;
	bad |= curl_easy_setopt(h, CURLOPT_USERAGENT, f->ua) != CURLE_OK;
	bad |= curl_easy_setopt(h, CURLOPT_ACCEPT_ENCODING, "") != CURLE_OK;
	bad |= curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS, f->o.connect_timeout_ms) != CURLE_OK;
	bad |= curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, f->o.timeout_ms) != CURLE_OK;
	if (f->o.low_speed_secs > 0) {
		bad |= curl_easy_setopt(h, CURLOPT_LOW_SPEED_LIMIT, f->o.low_speed_bytes) != CURLE_OK;
		bad |= curl_easy_setopt(h, CURLOPT_LOW_SPEED_TIME, f->o.low_speed_secs) != CURLE_OK;
	}
	bad |= curl_easy_setopt(h, CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)f->o.max_body) != CURLE_OK;
	bad |= curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, on_body) != CURLE_OK;
	bad |= curl_easy_setopt(h, CURLOPT_WRITEDATA, f) != CURLE_OK;
	bad |= curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, on_header) != CURLE_OK;
	bad |= curl_easy_setopt(h, CURLOPT_HEADERDATA, f) != CURLE_OK;
	bad |= curl_easy_setopt(h, CURLOPT_ERRORBUFFER, f->errbuf) != CURLE_OK;
	if (f->o.allow_insecure_tls) {
		bad |= curl_easy_setopt(h, CURLOPT_SSL_VERIFYPEER, 0L) != CURLE_OK;
		bad |= curl_easy_setopt(h, CURLOPT_SSL_VERIFYHOST, 0L) != CURLE_OK;
	}
	if (bad) {
		sr_fetcher_free(f);
		return NULL;
	}
	return f;
}

void sr_fetcher_free(sr_fetcher *f)
{
	if (!f)
		return;
	if (f->h)
		curl_easy_cleanup(f->h);
	for (size_t i = 0; i < f->nhosts; i++)
		free(f->hosts[i].name);
	free(f->hosts);
	free(f->etag);
	free(f->last_modified);
	free(f->ua);
	free(f);
}

/* The URL's scheme and host, checked: 0, or -1 when it is not an absolute
 * http(s) URL with a host. *host is owned by the caller. */
static int url_host(const char *url, char **host)
{
	*host = NULL;
	CURLU *u = curl_url();
	if (!u)
		return -1;
	char *scheme = NULL, *h = NULL;
	int rc = -1;
	if (curl_url_set(u, CURLUPART_URL, url, 0) == CURLUE_OK &&
	    curl_url_get(u, CURLUPART_SCHEME, &scheme, 0) == CURLUE_OK &&
	    (strcasecmp(scheme, "http") == 0 || strcasecmp(scheme, "https") == 0) &&
	    curl_url_get(u, CURLUPART_HOST, &h, 0) == CURLUE_OK && h[0]) {
		*host = strdup(h);
		rc = *host ? 0 : -1;
	}
	curl_free(scheme);
	curl_free(h);
	curl_url_cleanup(u);
	return rc;
}

static host_slot *host_find(sr_fetcher *f, const char *host)
{
	for (size_t i = 0; i < f->nhosts; i++)
		if (strcasecmp(f->hosts[i].name, host) == 0)
			return &f->hosts[i];
	return NULL;
}

/* Wait until host may be asked again. */
static void host_wait(sr_fetcher *f, const char *host)
{
	host_slot *s = host_find(f, host);
	if (!s || f->o.host_delay_ms <= 0)
		return;
	long long since = now_ms(f) - s->last_ms;
	if (since < f->o.host_delay_ms)
		sleep_ms(f, f->o.host_delay_ms - since);
}

/* Note that a request to host has just ended. */
static void host_mark(sr_fetcher *f, const char *host)
{
	long long t = now_ms(f);
	host_slot *s = host_find(f, host);
	if (s) {
		s->last_ms = t;
		return;
	}
	if (!f->hosts) {
		f->hosts = calloc(HOSTS_MAX, sizeof *f->hosts);
		if (!f->hosts)
			return; /* no memory: politeness degrades, fetching goes on */
	}
	char *name = strdup(host);
	if (!name)
		return;
	if (f->nhosts < HOSTS_MAX) {
		s = &f->hosts[f->nhosts++];
	} else {
		s = &f->hosts[0];
		for (size_t i = 1; i < f->nhosts; i++)
			if (f->hosts[i].last_ms < s->last_ms)
				s = &f->hosts[i];
		free(s->name);
	}
	s->name = name;
	s->last_ms = t;
}

static int retryable_curl(CURLcode c)
{
	switch (c) {
	case CURLE_COULDNT_CONNECT:
	case CURLE_OPERATION_TIMEDOUT:
	case CURLE_RECV_ERROR:
	case CURLE_SEND_ERROR:
	case CURLE_GOT_NOTHING:
	case CURLE_PARTIAL_FILE:
	case CURLE_HTTP2:
	case CURLE_HTTP2_STREAM:
		return 1;
	default:
		return 0;
	}
}

static long long backoff_wait(sr_fetcher *f, int try)
{
	long long w = f->o.backoff_ms;
	for (int i = 1; i < try && w < f->o.backoff_max_ms; i++)
		w *= 2;
	if (w > f->o.backoff_max_ms)
		w = f->o.backoff_max_ms;
	if (w < 0)
		w = 0;
	/* jitter: up to a quarter more, so that many fetchers that failed
	 * together do not come back together */
	if (w >= 4)
		w += (long long)(next_rand(f) % (unsigned long long)(w / 4 + 1));
	return w;
}

/* Append "A → B → …" (the hops so far) to msg. */
static void hops_text(sr_buf *b, char *const *hops, size_t n, const char *last)
{
	for (size_t i = 0; i < n; i++)
		sr_buf_printf(b, "%s -> ", hops[i]);
	sr_buf_puts(b, last);
}

static int is_redirect(long s)
{
	return s == 301 || s == 302 || s == 303 || s == 307 || s == 308;
}

int sr_fetch_get(sr_fetcher *f, const char *url, const sr_fetch_cond *cond, sr_fetch_result *out,
		 sr_error *err)
{
	sr_fetch_result_cleanup(out);
	sr_fetch_result_init(out);
	sr_buf_init(&out->body, f->o.max_body);
	f->body = &out->body;

	int rc = 0;
	char *host = NULL, *cur = NULL;
	char **hops = NULL;
	size_t nhops = 0;
	struct curl_slist *hdrs = NULL;
	sr_buf msg;
	sr_buf_init(&msg, 4096);

	if (!url || url_host(url, &host) < 0) {
		rc = sr_error_set(err, SR_EINPUT, url, 0, -1, "not an http or https URL");
		goto out;
	}
	cur = strdup(url);
	hops = calloc((size_t)f->o.max_redirects + 1, sizeof *hops);
	if (!cur || !hops)
		goto nomem;

	if (cond && cond->etag && cond->etag[0]) {
		sr_buf_reset(&msg);
		if (sr_buf_printf(&msg, "If-None-Match: %s", cond->etag) < 0)
			goto nomem;
		struct curl_slist *l = curl_slist_append(hdrs, msg.p);
		if (!l)
			goto nomem;
		hdrs = l;
	}
	if (cond && cond->last_modified && cond->last_modified[0]) {
		sr_buf_reset(&msg);
		if (sr_buf_printf(&msg, "If-Modified-Since: %s", cond->last_modified) < 0)
			goto nomem;
		struct curl_slist *l = curl_slist_append(hdrs, msg.p);
		if (!l)
			goto nomem;
		hdrs = l;
	}
	curl_easy_setopt(f->h, CURLOPT_HTTPHEADER, hdrs);

	long status = 0;
	for (;;) {
		int try;
		for (try = 1;; try++) {
			host_wait(f, host);
			sr_buf_reset(&out->body);
			f->too_large = 0;
			free(f->etag);
			free(f->last_modified);
			f->etag = f->last_modified = NULL;
			f->retry_after_ms = -1;
			f->errbuf[0] = '\0';
			curl_easy_setopt(f->h, CURLOPT_URL, cur);
			CURLcode c = curl_easy_perform(f->h);
			host_mark(f, host);
			out->tries = try;
			status = 0;
			curl_easy_getinfo(f->h, CURLINFO_RESPONSE_CODE, &status);
			out->status = status;
			if (f->too_large || c == CURLE_FILESIZE_EXCEEDED) {
				rc = sr_error_set(err, SR_EINPUT, url, 0, -1,
						  "body of %s is larger than %zu bytes", cur,
						  f->o.max_body);
				goto out;
			}
			if (c != CURLE_OK) {
				if (retryable_curl(c) && try < f->o.max_tries) {
					sleep_ms(f, backoff_wait(f, try));
					continue;
				}
				rc = sr_error_set(err, SR_EIO, url, 0, -1, "%s: %s (%d tries)", cur,
						  f->errbuf[0] ? f->errbuf : curl_easy_strerror(c),
						  try);
				goto out;
			}
			if (status == 429 || status >= 500) {
				if (f->retry_after_ms > f->o.retry_after_max_ms) {
					rc = sr_error_set(err, SR_EIO, url, 0, -1,
							  "%s: HTTP %ld, asked to retry after %lld s "
							  "(longer than the %ld s waited at most)",
							  cur, status, f->retry_after_ms / 1000,
							  f->o.retry_after_max_ms / 1000);
					goto out;
				}
				if (try < f->o.max_tries) {
					sleep_ms(f, f->retry_after_ms >= 0 ? f->retry_after_ms
									   : backoff_wait(f, try));
					continue;
				}
			}
			break;
		}
		if (!is_redirect(status))
			break;
		char *loc = NULL;
		curl_easy_getinfo(f->h, CURLINFO_REDIRECT_URL, &loc);
		if (!loc) {
			rc = sr_error_set(err, SR_EINPUT, url, 0, -1, "%s: HTTP %ld without a Location",
					  cur, status);
			goto out;
		}
		char *next = strdup(loc), *next_host = NULL;
		if (!next)
			goto nomem;
		hops[nhops++] = cur;
		cur = next;
		if (url_host(cur, &next_host) < 0) {
			sr_buf_reset(&msg);
			hops_text(&msg, hops, nhops, cur);
			rc = sr_error_set(err, SR_EINPUT, url, 0, -1,
					  "redirect to a URL that is not http or https: %s",
					  msg.p ? msg.p : cur);
			goto out;
		}
		free(host);
		host = next_host;
		for (size_t i = 0; i < nhops; i++)
			if (strcmp(hops[i], cur) == 0) {
				sr_buf_reset(&msg);
				hops_text(&msg, hops, nhops, cur);
				rc = sr_error_set(err, SR_EINPUT, url, 0, -1, "redirect loop: %s",
						  msg.p ? msg.p : cur);
				goto out;
			}
		if (nhops > (size_t)f->o.max_redirects) {
			sr_buf_reset(&msg);
			hops_text(&msg, hops, nhops, cur);
			rc = sr_error_set(err, SR_EINPUT, url, 0, -1, "more than %d redirects: %s",
					  f->o.max_redirects, msg.p ? msg.p : cur);
			goto out;
		}
		out->redirects = (int)nhops;
	}

	char *ct = NULL;
	curl_easy_getinfo(f->h, CURLINFO_CONTENT_TYPE, &ct);
	if (ct && !(out->content_type = strdup(ct)))
		goto nomem;
	out->etag = f->etag;
	out->last_modified = f->last_modified;
	f->etag = f->last_modified = NULL;
	out->final_url = cur;
	cur = NULL;
	if (status == 304) {
		out->not_modified = 1;
	} else if (status >= 200 && status < 300) {
		/* the answer */
	} else if (status == 429 || status >= 500) {
		rc = sr_error_set(err, SR_EIO, url, 0, -1, "%s: HTTP %ld (%d tries)", out->final_url,
				  status, out->tries);
	} else {
		rc = sr_error_set(err, SR_EINPUT, url, 0, -1, "%s: HTTP %ld", out->final_url, status);
	}
	goto out;
nomem:
	rc = sr_error_set(err, SR_ENOMEM, url, 0, -1, "out of memory fetching");
out:
	curl_easy_setopt(f->h, CURLOPT_HTTPHEADER, NULL);
	curl_slist_free_all(hdrs);
	for (size_t i = 0; i < nhops; i++)
		free(hops[i]);
	free(hops);
	free(cur);
	free(host);
	sr_buf_cleanup(&msg);
	f->body = NULL;
	if (rc != 0 && rc != SR_ENOMEM) {
		/* a failed GET hands back no partial body */
		sr_buf_reset(&out->body);
	}
	return rc;
}
