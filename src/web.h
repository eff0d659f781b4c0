/* web.h — the publish stage's server: the analyst's desk in a browser
 * (pages) and a JSON API, over a store opened read-only.
 *
 * libmicrohttpd with a pool of worker threads; each worker has its own
 * read-only store connection and coder (over the shared, frozen
 * dictionaries). Loopback by default; only GET and HEAD; request headers,
 * URL length and per-request store time bounded; every response carries
 * the security headers (docs/web.md). The server never writes to the
 * store. */
#ifndef SITREP_WEB_H
#define SITREP_WEB_H

#include "dict.h"
#include "sphere.h"
#include "util/error.h"

typedef struct sr_web sr_web;

typedef struct sr_web_opts {
	const char *db;          /* the store (path; opened read-only by each worker) */
	const char *bind;        /* address to listen on; NULL = "127.0.0.1" */
	unsigned short port;     /* 0 = any free port (see sr_web_port) */
	unsigned threads;        /* worker threads; 0 = 2 */
	const sr_dict *dict;     /* frozen; highlighting, names of codes */
	const sr_spheres *spheres;
	const char *focus;       /* the bulletin's party, or NULL */
	double request_seconds;  /* most store time per request; 0 = 5 s */
	int cache_mb;            /* the answer cache's size: 0 = 32 MiB, -1 = no cache */
} sr_web_opts;

/* Check the store opens, then listen. Returns 0 and *out, SR_EIO (cannot
 * bind, cannot open the store) or SR_EINPUT (a bad address) with err. */
int sr_web_start(const sr_web_opts *o, sr_web **out /* OUT */, sr_error *err);
unsigned short sr_web_port(const sr_web *w);
/* Serve an already connected stream socket fd as if it had been accepted
 * (socket activation, tests, fuzzing over a socketpair). The server owns
 * fd from here on and closes it, even on failure. Returns 0, or SR_EIO
 * with err when the server cannot take it (too many connections, out of
 * memory). */
int sr_web_add_connection(sr_web *w, int fd, sr_error *err);
/* Stop listening, finish the requests in flight, free everything. */
void sr_web_stop(sr_web *w);

#endif
