/* web_int.h — what the server's parts share: the request a handler gets,
 * the response it fills, the route tables, and the page frame. Internal
 * to the web stage (web_server.c, web_pages.c, web_api.c). */
#ifndef SITREP_WEB_INT_H
#define SITREP_WEB_INT_H

#include <stddef.h>
#include <stdint.h>

#include "code.h"
#include "dict.h"
#include "sphere.h"
#include "store.h"
#include "util/buf.h"
#include "util/date.h"

struct MHD_Connection;

/* A worker thread's own resources, made on its first request. */
typedef struct sr_web_ctx {
	sr_store *store;   /* read-only */
	sr_coder *coder;   /* over the shared dictionaries */
	const sr_dict *dict;
	const sr_spheres *spheres;
	const char *focus; /* NULL: every event */
} sr_web_ctx;

typedef struct sr_web_req {
	const char *method;  /* "GET" or "HEAD" */
	const char *path;    /* as requested, without the query: "/article/12" */
	const char *rest;    /* the path after the route's prefix ("12"); "" for exact routes */
	struct MHD_Connection *conn;
	sr_web_ctx *ctx;
	/* The query's arguments as name, value pairs (args[2i], args[2i+1]),
	 * copied from the connection: a request may be computed on another
	 * thread than the connection's (sr_web_arg reads these). */
	const char *const *args;
	size_t nargs;
} sr_web_req;

/* The largest page or API answer; past it the handler gets SR_ENOMEM. */
#define SR_WEB_BODY_MAX ((size_t)16 << 20)

typedef struct sr_web_resp {
	int status;        /* HTTP status, 200 unless set */
	const char *type;  /* Content-Type, a string literal; NULL = "text/html; charset=utf-8" */
	sr_buf body;       /* initialised by the server with SR_WEB_BODY_MAX */
	char location[256]; /* for a redirect (3xx): a path on this server */
} sr_web_resp;

/* A handler fills resp and returns 0; or returns an HTTP status (400, 404,
 * 500, …) after sr_web_fail, which has written the error page or JSON.
 * It never writes to the store. A 200 answer is cached by URL until the
 * store changes (web_server.c), so it must depend only on the URL and the
 * store. */
typedef int (*sr_web_handler)(const sr_web_req *r, sr_web_resp *resp);

typedef struct sr_web_route {
	const char *path; /* "/": exactly that; "/article/": that prefix, rest in r->rest */
	sr_web_handler fn;
} sr_web_route;

/* The route tables of web_pages.c and web_api.c (terminated by {NULL, NULL}). */
extern const sr_web_route sr_web_page_routes[];
extern const sr_web_route sr_web_api_routes[];

/* ---- query arguments (web_server.c) ---- */

/* The value of ?name=… (decoded by libmicrohttpd), or NULL if absent. A
 * value longer than SR_WEB_ARG_MAX bytes counts as absent. */
#define SR_WEB_ARG_MAX 1024
const char *sr_web_arg(const sr_web_req *r, const char *name);
/* An integer argument within [lo, hi]; absent or empty: def. Returns 0, or
 * -1 when present but malformed or out of range (a 400). */
int sr_web_arg_long(const sr_web_req *r, const char *name, long lo, long hi, long def, long *out);
/* A date argument YYYY-MM-DD; absent or empty: 0. -1 when malformed. */
int sr_web_arg_date(const sr_web_req *r, const char *name, sr_date *out);

/* ---- responses (web_server.c) ---- */

/* An error: for /api/ paths a JSON object {"error": {"status", "message"}},
 * else an HTML page in the frame. Returns status, for `return
 * sr_web_fail(...)`. */
int sr_web_fail(const sr_web_req *r, sr_web_resp *resp, int status, const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 4, 5)))
#endif
	;

/* ---- the page frame (web_pages.c) ---- */

/* The top of every page: doctype, head (title escaped, /static/sitrep.css,
 * /static/sitrep.js deferred), the navigation with `nav` marked current
 * ("dashboard", "search", "events", "timeline", "bulletins"; NULL none),
 * and the search box holding `query` (NULL: empty). */
int sr_page_begin(sr_buf *b, const char *title, const char *nav, const char *query);
int sr_page_end(sr_buf *b);

#endif
