/* fetch.h — polite HTTP(S) GETs for live intake (libcurl).
 *
 * One fetcher serves one thread: it keeps a libcurl easy handle (and with it
 * open connections) and the time of the last request to each host, so that
 * two requests to one host are at least host_delay_ms apart. A GET may be
 * conditional (the ETag and Last-Modified of the previous answer); a 304 is
 * "not modified", not an error. Only http and https, redirects followed by
 * hand (at most max_redirects, a loop named as such), bodies capped while
 * they arrive, connection errors, timeouts, 5xx and 429 retried with
 * exponential backoff and jitter, 4xx never. The clock and sleep are
 * functions in the options so tests can run the backoff on a fake clock.
 * docs/feeds.md describes the behaviour. */
#ifndef SITREP_FETCH_H
#define SITREP_FETCH_H

#include <stddef.h>

#include "util/buf.h"
#include "util/error.h"

/* The default body cap: feeds and article pages are far below it. */
#define SR_FETCH_MAX_BODY (8u * 1024u * 1024u)

typedef struct sr_fetch_opts {
	const char *user_agent; /* NULL: "sitrep/VERSION (+SITREP_CONTACT_URL)" */
	size_t max_body;        /* body cap in bytes (decoded); a larger body is an error */
	long connect_timeout_ms;
	long timeout_ms;        /* whole transfer, per try */
	long low_speed_bytes;   /* abort a try that moves fewer bytes per second ... */
	long low_speed_secs;    /* ... for this many seconds (0: no low-speed limit) */
	int max_redirects;      /* redirects followed per GET */
	int max_tries;          /* tries per request, the first included (>= 1) */
	long backoff_ms;        /* wait before the first retry, doubled for each next */
	long backoff_max_ms;    /* cap on one backoff wait */
	long retry_after_max_ms; /* a longer Retry-After gives up instead of waiting */
	long host_delay_ms;     /* at least this long between two requests to a host */
	/* Monotonic milliseconds and a sleep (NULL: the real clock and nanosleep).
	 * Backoff, Retry-After and the per-host delay use only these. */
	long long (*now_ms)(void *clock_ud);
	void (*sleep_ms)(void *clock_ud, long long ms);
	void *clock_ud;
	unsigned long jitter_seed; /* 0: seeded from the clock and pid */
	int allow_insecure_tls;    /* skip certificate checks (tests only) */
} sr_fetch_opts;

/* Defaults: SR_FETCH_MAX_BODY, connect 10 s, total 120 s, 100 B/s over 30 s,
 * 5 redirects, 4 tries, backoff 1 s doubling to at most 60 s, Retry-After up
 * to 120 s, 1 s between requests to one host. */
void sr_fetch_opts_init(sr_fetch_opts *o /* OUT */);

/* The validators of the previous answer; either may be NULL. */
typedef struct sr_fetch_cond {
	const char *etag;
	const char *last_modified;
} sr_fetch_cond;

/* One GET's answer (init/cleanup; sr_fetch_get resets it). Strings are owned,
 * NULL when the answer had none. */
typedef struct sr_fetch_result {
	long status;       /* final HTTP status; 0 when no answer came */
	int not_modified;  /* 304 to a conditional GET: body empty, keep the old */
	sr_buf body;       /* the final answer's body, NUL-terminated */
	char *etag;        /* for the next sr_fetch_cond */
	char *last_modified;
	char *final_url;   /* after redirects */
	char *content_type;
	int tries;         /* requests made for the final URL (1 = no retry) */
	int redirects;     /* redirects followed */
} sr_fetch_result;

void sr_fetch_result_init(sr_fetch_result *r);
void sr_fetch_result_cleanup(sr_fetch_result *r);

typedef struct sr_fetcher sr_fetcher;

/* NULL opts: the defaults. Returns NULL on no memory or when libcurl cannot
 * start. The options are copied (user_agent too). */
sr_fetcher *sr_fetcher_new(const sr_fetch_opts *opts);
void sr_fetcher_free(sr_fetcher *f);

/* GET url (http or https), conditional when cond has a validator.
 * Returns 0 for a 2xx answer (body in out) or a 304 (out->not_modified).
 * Otherwise err names the URL (err->file) and what went wrong:
 *   SR_EINPUT: not an http(s) URL, a 4xx (out->status), a body over the cap
 *     ("larger than N bytes"), a redirect loop or too many redirects, a
 *     redirect to another scheme — retrying would not help;
 *   SR_EIO: no connection, a timeout, a slow server, or 5xx/429 still after
 *     max_tries (out->status is the last answer's) or a Retry-After over
 *     retry_after_max_ms — worth trying again later;
 *   SR_ENOMEM. */
int sr_fetch_get(sr_fetcher *f, const char *url, const sr_fetch_cond *cond /* may be NULL */,
		 sr_fetch_result *out /* OUT */, sr_error *err /* OUT */);

#endif
