/* web_server.c — the server's core (web.h): libmicrohttpd with a thread
 * pool, routing, per-worker store and coder, limits, security headers,
 * static assets compiled in, and the helpers handlers share (web_int.h).
 *
 * Limits, and why:
 * - only GET and HEAD: the server never writes, so no request has a body;
 *   one that sends one is refused (413) before it is read;
 * - the request's headers fit in MHD's per-connection memory (32 KiB), the
 *   URL in SR_WEB_URL_MAX bytes (414 past it);
 * - an idle connection is closed after 15 s, and each request's store work
 *   stops after request_seconds (sr_store_deadline; a 503 then);
 * - at most SR_WEB_CONNECTIONS connections at once.
 *
 * Two kinds of threads. MHD's pool (o.threads) reads requests, answers
 * what needs no computing — cached answers, assets, refusals — and sends
 * every response. A request that must be computed is suspended and handed
 * to the compute pool (as many threads), which works it out with its own
 * store and coder and resumes the connection. So a slow search never holds
 * up the cached answers queued behind it on the same connection thread:
 * those stay as quick as a hash lookup however busy the store is.
 *
 * Answers are cached by URL (pages and API alike, status 200 only): the
 * store changes only when an ingest commits, which every worker notices
 * through sr_store_generation before it answers; then the whole cache is
 * dropped. Analysts ask for the same dashboard, bulletins and searches
 * again and again; a cached answer costs a hash lookup and a copy. */
#include "web.h"

#include <arpa/inet.h>
#include <errno.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdint.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "dict_default.h" /* sr_dict_file: the type of the embedded assets */
#include "util/html.h"
#include "util/jsonesc.h"
#include "web_int.h"

#include "web_static.inc"

enum {
	SR_WEB_URL_MAX = 2048,
	SR_WEB_CONNECTIONS = 512,
	SR_WEB_TIMEOUT_S = 15,
	SR_WEB_CONN_MEMORY = 32 * 1024,
	SR_WEB_MAX_CTX = 64, /* worker contexts: one per thread, a few spare */
};

/* ---- the answer cache ---- */

enum {
	CACHE_SLOTS = 1 << 14,               /* open addressing, at most half full */
	CACHE_ENTRY_MAX = 1 << 20,           /* bigger answers are not kept */
};
#define CACHE_BYTES_DEFAULT ((size_t)32 << 20) /* then it is emptied and starts again */

typedef struct cache_entry {
	uint64_t hash; /* 0 = empty slot */
	char *url;
	const char *type; /* static strings only */
	char *body;
	size_t len;
} cache_entry;

typedef struct answer_cache {
	pthread_mutex_t mu;
	cache_entry *e;  /* CACHE_SLOTS */
	size_t n, bytes;
	int64_t seen; /* times it was emptied because the store changed */
	size_t max_bytes;
} answer_cache;

struct sr_web {
	struct MHD_Daemon *d;
	answer_cache cache;
	sr_web_opts o;
	char db[4096];
	pthread_key_t key;
	int key_made;
	/* every worker context made, to free at stop */
	pthread_mutex_t mu;
	sr_web_ctx *ctxs[SR_WEB_MAX_CTX];
	size_t nctx;
	/* the compute pool: requests to work out, first in first out */
	pthread_mutex_t pool_mu;
	pthread_cond_t pool_cv;
	struct job *head, *tail;
	int stopping, pool_made;
	pthread_t pool[SR_WEB_MAX_CTX];
	unsigned npool;
};

static uint64_t url_hash(const char *u)
{
	uint64_t h = 1469598103934665603ull;
	for (; *u; u++)
		h = (h ^ (unsigned char)*u) * 1099511628211ull;
	return h | 1;
}

static void cache_clear_locked(answer_cache *c)
{
	for (size_t i = 0; i < CACHE_SLOTS; i++)
		if (c->e[i].hash) {
			free(c->e[i].url);
			free(c->e[i].body);
			c->e[i] = (cache_entry){0};
		}
	c->n = 0;
	c->bytes = 0;
}

/* A copy of the cached answer for url into out; 1 if found. */
static int cache_get(answer_cache *c, const char *url, sr_web_resp *out)
{
	if (!c->e)
		return 0;
	uint64_t h = url_hash(url);
	int found = 0;
	pthread_mutex_lock(&c->mu);
	for (size_t i = h & (CACHE_SLOTS - 1); c->e[i].hash; i = (i + 1) & (CACHE_SLOTS - 1))
		if (c->e[i].hash == h && !strcmp(c->e[i].url, url)) {
			found = sr_buf_append(&out->body, c->e[i].body, c->e[i].len) == 0;
			out->type = c->e[i].type;
			out->status = 200;
			break;
		}
	pthread_mutex_unlock(&c->mu);
	return found;
}

static void cache_put(answer_cache *c, const char *url, const char *type, const sr_buf *body)
{
	if (!c->e || body->len > CACHE_ENTRY_MAX)
		return;
	char *u = sr_strndup(url, strlen(url)), *b = malloc(body->len ? body->len : 1);
	if (!u || !b) {
		free(u);
		free(b);
		return;
	}
	memcpy(b, body->p ? body->p : "", body->len);
	uint64_t h = url_hash(url);
	pthread_mutex_lock(&c->mu);
	if (c->n + 1 > CACHE_SLOTS / 2 || c->bytes + body->len > c->max_bytes)
		cache_clear_locked(c);
	size_t i = h & (CACHE_SLOTS - 1);
	for (; c->e[i].hash; i = (i + 1) & (CACHE_SLOTS - 1))
		if (c->e[i].hash == h && !strcmp(c->e[i].url, url))
			break;
	if (c->e[i].hash) { /* another worker made it meanwhile */
		pthread_mutex_unlock(&c->mu);
		free(u);
		free(b);
		return;
	}
	c->e[i] = (cache_entry){h, u, type, b, body->len};
	c->n++;
	c->bytes += body->len;
	pthread_mutex_unlock(&c->mu);
}

/* Has the store changed since the cache was filled? Then empty it. */
static void cache_check(answer_cache *c, sr_store *s, int64_t *last)
{
	if (!c->e)
		return;
	/* data_version is per connection: this worker's own number moves when
	 * someone else commits, and any move means new data */
	int64_t g = sr_store_generation(s);
	if (g == *last)
		return;
	*last = g;
	pthread_mutex_lock(&c->mu);
	c->seen++;
	cache_clear_locked(c);
	pthread_mutex_unlock(&c->mu);
}

/* ---- worker contexts ---- */

/* A worker's context and what only the server sees of it. */
typedef struct worker {
	sr_web_ctx ctx; /* first: a context is its worker */
	int64_t generation; /* the store's, when this worker last looked */
} worker;

static void ctx_free(sr_web_ctx *c)
{
	if (!c)
		return;
	sr_coder_free(c->coder);
	sr_store_close(c->store);
	free((worker *)c);
}

/* This worker thread's context, made on its first request. */
static sr_web_ctx *ctx_get(sr_web *w, sr_error *err)
{
	sr_web_ctx *c = pthread_getspecific(w->key);
	if (c)
		return c;
	worker *wk = calloc(1, sizeof *wk);
	c = wk ? &wk->ctx : NULL;
	if (!c) {
		sr_error_set(err, SR_ENOMEM, NULL, 0, -1, "out of memory");
		return NULL;
	}
	c->dict = w->o.dict;
	c->spheres = w->o.spheres;
	c->focus = w->o.focus;
	if (sr_store_open(w->db, SR_STORE_READONLY, &c->store, err) < 0 ||
	    (w->o.dict && !(c->coder = sr_coder_create(w->o.dict)))) {
		if (!c->store || err->code == SR_OK)
			sr_error_set(err, SR_ENOMEM, NULL, 0, -1, "out of memory");
		ctx_free(c);
		return NULL;
	}
	pthread_mutex_lock(&w->mu);
	int kept = w->nctx < SR_WEB_MAX_CTX;
	if (kept)
		w->ctxs[w->nctx++] = c;
	pthread_mutex_unlock(&w->mu);
	if (!kept) { /* more threads than ever planned: serve, but do not keep */
		ctx_free(c);
		sr_error_set(err, SR_ENOMEM, NULL, 0, -1, "too many worker threads");
		return NULL;
	}
	wk->generation = sr_store_generation(c->store);
	pthread_setspecific(w->key, c);
	return c;
}

/* ---- helpers for handlers (web_int.h) ---- */

const char *sr_web_arg(const sr_web_req *r, const char *name)
{
	const char *v = NULL;
	if (r->args) {
		for (size_t i = 0; i < r->nargs && !v; i++)
			if (!strcmp(r->args[2 * i], name))
				v = r->args[2 * i + 1];
	} else {
		v = MHD_lookup_connection_value(r->conn, MHD_GET_ARGUMENT_KIND, name);
	}
	if (v && strlen(v) > SR_WEB_ARG_MAX)
		return NULL;
	return v;
}

int sr_web_arg_long(const sr_web_req *r, const char *name, long lo, long hi, long def, long *out)
{
	const char *v = sr_web_arg(r, name);
	*out = def;
	if (!v || !*v)
		return 0;
	/* digits with an optional minus, nothing else: strtol alone would take
	 * leading spaces and a plus, and saturate on overflow */
	if (!((*v >= '0' && *v <= '9') || (*v == '-' && v[1] >= '0' && v[1] <= '9')))
		return -1;
	char *end;
	errno = 0;
	long x = strtol(v, &end, 10);
	if (*end || errno == ERANGE || x < lo || x > hi)
		return -1;
	*out = x;
	return 0;
}

int sr_web_arg_date(const sr_web_req *r, const char *name, sr_date *out)
{
	const char *v = sr_web_arg(r, name);
	*out = 0;
	if (!v || !*v)
		return 0;
	sr_date d = sr_date_parse_iso(v, strlen(v));
	if (!d)
		return -1;
	*out = d;
	return 0;
}

static int is_api(const char *path)
{
	return !strncmp(path, "/api/", 5);
}

static const char *status_text(int status)
{
	switch (status) {
	case 400: return "Bad request";
	case 404: return "Not found";
	case 405: return "Method not allowed";
	case 413: return "Request too large";
	case 414: return "URL too long";
	case 500: return "Internal error";
	case 503: return "Busy or too slow";
	default: return "Error";
	}
}

int sr_web_fail(const sr_web_req *r, sr_web_resp *resp, int status, const char *fmt, ...)
{
	char msg[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	resp->status = status;
	sr_buf_reset(&resp->body);
	if (r && is_api(r->path)) {
		resp->type = "application/json; charset=utf-8";
		sr_buf_printf(&resp->body, "{\"error\":{\"status\":%d,\"message\":", status);
		sr_json_append_string(&resp->body, msg, strlen(msg));
		sr_buf_puts(&resp->body, "}}\n");
		return status;
	}
	resp->type = "text/html; charset=utf-8";
	char title[64];
	snprintf(title, sizeof title, "%d %s", status, status_text(status));
	sr_page_begin(&resp->body, title, NULL, NULL);
	sr_buf_puts(&resp->body, "<h1>");
	sr_html_esc(&resp->body, title);
	sr_buf_puts(&resp->body, "</h1>\n<p>");
	sr_html_esc(&resp->body, msg);
	sr_buf_puts(&resp->body, "</p>\n<p><a href=\"/\">Back to the dashboard</a></p>\n");
	sr_page_end(&resp->body);
	return status;
}

/* ---- responses ---- */

/* Every response: what the browser may load and run (only this server's
 * own assets; no inline script or style), no sniffing, no framing. */
static void secure(struct MHD_Response *m)
{
	MHD_add_response_header(m, "Content-Security-Policy",
				"default-src 'none'; style-src 'self'; script-src 'self'; img-src 'self' data:; "
				"connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'");
	MHD_add_response_header(m, "X-Content-Type-Options", "nosniff");
	MHD_add_response_header(m, "X-Frame-Options", "DENY");
	MHD_add_response_header(m, "Referrer-Policy", "no-referrer");
	MHD_add_response_header(m, "Cross-Origin-Resource-Policy", "same-origin");
}

static enum MHD_Result send_buf(struct MHD_Connection *conn, int status, const char *type, const char *p,
				size_t n, int copy, const char *location, const char *cache)
{
	struct MHD_Response *m = MHD_create_response_from_buffer(
		n, (void *)(uintptr_t)p, copy ? MHD_RESPMEM_MUST_COPY : MHD_RESPMEM_PERSISTENT);
	if (!m)
		return MHD_NO;
	secure(m);
	MHD_add_response_header(m, "Content-Type", type);
	MHD_add_response_header(m, "Cache-Control", cache ? cache : "no-store");
	if (location)
		MHD_add_response_header(m, "Location", location);
	enum MHD_Result rc = MHD_queue_response(conn, (unsigned)status, m);
	MHD_destroy_response(m);
	return rc;
}

static enum MHD_Result send_plain_error(struct MHD_Connection *conn, const char *path, int status)
{
	sr_web_req r = {.path = path ? path : "/", .conn = conn};
	sr_web_resp resp = {0};
	sr_buf_init(&resp.body, 64 * 1024);
	sr_web_fail(&r, &resp, status, "%s", status_text(status));
	enum MHD_Result rc =
		send_buf(conn, status, resp.type, resp.body.p ? resp.body.p : "", resp.body.len, 1, NULL, NULL);
	sr_buf_cleanup(&resp.body);
	return rc;
}

/* ---- static assets ---- */

static const char *asset_type(const char *name)
{
	const char *dot = strrchr(name, '.');
	if (dot && !strcmp(dot, ".css"))
		return "text/css; charset=utf-8";
	if (dot && !strcmp(dot, ".js"))
		return "text/javascript; charset=utf-8";
	if (dot && !strcmp(dot, ".svg"))
		return "image/svg+xml";
	return "application/octet-stream";
}

/* /static/NAME: only the names compiled in, compared whole; there is no
 * file system behind it, so no path can reach outside the set. */
static enum MHD_Result serve_asset(struct MHD_Connection *conn, const char *path)
{
	const char *name = path + strlen("/static/");
	for (size_t i = 0; i < sr_dict_data_count; i++) {
		const sr_dict_file *f = &sr_dict_data_files[i];
		const char *base = f->name ? strrchr(f->name, '/') : NULL;
		base = base ? base + 1 : f->name;
		if (base && !strcmp(base, name))
			return send_buf(conn, 200, asset_type(base), f->data, f->len, 0, NULL,
					"public, max-age=3600");
	}
	return send_plain_error(conn, path, 404);
}

/* ---- the cache key ---- */

typedef struct key_acc {
	char *p;
	size_t n, size;
	int over;
} key_acc;

static enum MHD_Result add_arg(void *cls, enum MHD_ValueKind kind, const char *k, const char *v)
{
	(void)kind;
	key_acc *a = cls;
	int n = snprintf(a->p + a->n, a->size - a->n, "\x1f%s=%s", k ? k : "", v ? v : "");
	if (n < 0 || (size_t)n >= a->size - a->n) {
		a->over = 1;
		return MHD_NO;
	}
	a->n += (size_t)n;
	return MHD_YES;
}

/* The path with its arguments, in the order given, as one string in buf;
 * NULL when it does not fit (then nothing is cached). */
static const char *full_query(struct MHD_Connection *conn, const char *url, char *buf, size_t size)
{
	key_acc a = {buf, 0, size, 0};
	int n = snprintf(buf, size, "%s", url);
	if (n < 0 || (size_t)n >= size)
		return NULL;
	a.n = (size_t)n;
	MHD_get_connection_values(conn, MHD_GET_ARGUMENT_KIND, add_arg, &a);
	return a.over ? NULL : buf;
}

/* ---- routing ---- */

static const sr_web_route *find_route(const sr_web_route *t, const char *path, const char **rest)
{
	for (; t && t->path; t++) {
		size_t n = strlen(t->path);
		if (t->path[n - 1] == '/' && n > 1) {
			if (!strncmp(path, t->path, n)) {
				*rest = path + n;
				return t;
			}
		} else if (!strcmp(path, t->path)) {
			*rest = "";
			return t;
		}
	}
	return NULL;
}

/* MHD calls this with the whole request line's URI, query included, before
 * anything else; what it returns is the request's first state. The state
 * holds the URI's length plus one, times four; the low bit says the request
 * was seen once. A request handed to the compute pool has its job as state
 * instead, tagged with bit 1 (a job is aligned: its low bits are free). */
enum { ST_SEEN = 1, ST_JOB = 2 };

static void *uri_seen(void *cls, const char *uri, struct MHD_Connection *conn)
{
	(void)cls;
	(void)conn;
	size_t n = uri ? strlen(uri) : 0;
	return (void *)(uintptr_t)(4 * (n < SIZE_MAX / 8 ? n : SIZE_MAX / 8) + 4);
}

/* ---- computing an answer ---- */

/* The handler's answer in resp, cached when it may be (key not NULL). */
static void compute(sr_web *w, const sr_web_route *rt, sr_web_req *r, const char *key, sr_web_resp *resp)
{
	sr_store_deadline(r->ctx->store, w->o.request_seconds > 0 ? w->o.request_seconds : 5.0);
	int rc = rt->fn(r, resp);
	sr_store_deadline(r->ctx->store, 0);
	if (rc < 0) /* an sr_status from below: the handler did not say more */
		sr_web_fail(r, resp, rc == SR_ENOMEM ? 503 : 500, "the request could not be served");
	else if (rc > 0 && resp->status != rc)
		sr_web_fail(r, resp, rc, "%s", status_text(rc));
	else if (rc == 0 && resp->status == 200 && !resp->location[0] && key)
		cache_put(&w->cache, key, resp->type ? resp->type : "text/html; charset=utf-8", &resp->body);
}

/* ---- the compute pool ---- */

/* A request to work out on a pool thread: everything it needs of its
 * connection is copied, so the connection (suspended meanwhile) is not
 * touched until it is resumed. */
typedef struct job {
	struct job *next;
	struct MHD_Connection *conn;
	const sr_web_route *rt;
	char method[8];
	char *path;  /* owned; rest points into it */
	const char *rest;
	char *key;   /* the cache key (owned), NULL: not cached */
	char **args; /* name, value pairs (owned) */
	size_t nargs, cap;
	int failed;  /* out of memory copying */
	sr_web_resp resp;
} job;

static void job_free(job *j)
{
	if (!j)
		return;
	for (size_t i = 0; i < 2 * j->nargs; i++)
		free(j->args[i]);
	free(j->args);
	free(j->path);
	free(j->key);
	sr_buf_cleanup(&j->resp.body);
	free(j);
}

static enum MHD_Result copy_arg(void *cls, enum MHD_ValueKind kind, const char *k, const char *v)
{
	(void)kind;
	job *j = cls;
	if (j->nargs == j->cap) {
		size_t cap = j->cap ? 2 * j->cap : 8;
		char **a = realloc(j->args, 2 * cap * sizeof *a);
		if (!a) {
			j->failed = 1;
			return MHD_NO;
		}
		j->args = a;
		j->cap = cap;
	}
	char *kk = sr_strndup(k ? k : "", k ? strlen(k) : 0), *vv = sr_strndup(v ? v : "", v ? strlen(v) : 0);
	if (!kk || !vv) {
		free(kk);
		free(vv);
		j->failed = 1;
		return MHD_NO;
	}
	j->args[2 * j->nargs] = kk;
	j->args[2 * j->nargs + 1] = vv;
	j->nargs++;
	return MHD_YES;
}

static job *job_make(struct MHD_Connection *conn, const sr_web_route *rt, const char *method, const char *url,
		     const char *rest, const char *key)
{
	job *j = calloc(1, sizeof *j);
	if (!j)
		return NULL;
	j->conn = conn;
	j->rt = rt;
	snprintf(j->method, sizeof j->method, "%s", method);
	j->path = sr_strndup(url, strlen(url));
	j->key = key ? sr_strndup(key, strlen(key)) : NULL;
	j->resp.status = 200;
	sr_buf_init(&j->resp.body, SR_WEB_BODY_MAX);
	if (!j->path || (key && !j->key)) {
		job_free(j);
		return NULL;
	}
	j->rest = j->path + (rest - url);
	MHD_get_connection_values(conn, MHD_GET_ARGUMENT_KIND, copy_arg, j);
	if (j->failed) {
		job_free(j);
		return NULL;
	}
	return j;
}

/* Work j out into j->resp, with this thread's context. */
static void run_job(sr_web *w, job *j)
{
	sr_error err;
	sr_error_clear(&err);
	sr_web_ctx *ctx = ctx_get(w, &err);
	sr_web_req r = {.method = j->method, .path = j->path, .rest = j->rest, .ctx = ctx,
			.args = (const char *const *)j->args, .nargs = j->nargs};
	if (!ctx) {
		sr_web_fail(&r, &j->resp, 503, "the server cannot open the store");
		return;
	}
	cache_check(&w->cache, ctx->store, &((worker *)ctx)->generation);
	/* the same address may have been worked out meanwhile, for another
	 * connection that asked at the same moment */
	if (!(j->key && cache_get(&w->cache, j->key, &j->resp)))
		compute(w, j->rt, &r, j->key, &j->resp);
}

static void *pool_main(void *arg)
{
	sr_web *w = arg;
	for (;;) {
		pthread_mutex_lock(&w->pool_mu);
		while (!w->head && !w->stopping)
			pthread_cond_wait(&w->pool_cv, &w->pool_mu);
		job *j = w->head;
		if (j) {
			w->head = j->next;
			if (!w->head)
				w->tail = NULL;
		}
		pthread_mutex_unlock(&w->pool_mu);
		if (!j) /* stopping, and nothing left to do */
			break;
		run_job(w, j);
		/* from here on the job is the connection's: freed when its
		 * request completes (on_completed) */
		MHD_resume_connection(j->conn);
	}
	return NULL;
}

/* Queue j; 0 if a pool thread will take it, -1 if the pool is stopping. */
static int pool_push(sr_web *w, job *j)
{
	pthread_mutex_lock(&w->pool_mu);
	int ok = !w->stopping && w->npool > 0;
	if (ok) {
		if (w->tail)
			w->tail->next = j;
		else
			w->head = j;
		w->tail = j;
		pthread_cond_signal(&w->pool_cv);
	}
	pthread_mutex_unlock(&w->pool_mu);
	return ok ? 0 : -1;
}

static void on_completed(void *cls, struct MHD_Connection *conn, void **state,
			 enum MHD_RequestTerminationCode toe)
{
	(void)cls;
	(void)conn;
	(void)toe;
	uintptr_t st = (uintptr_t)*state;
	if ((st & 3) == ST_JOB)
		job_free((job *)(st & ~(uintptr_t)3));
	*state = NULL;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn, const char *url, const char *method,
				  const char *version, const char *upload, size_t *upload_size, void **state)
{
	(void)version;
	(void)upload;
	sr_web *w = cls;
	uintptr_t st = (uintptr_t)*state;
	/* Resumed: the pool has worked the answer out. */
	if ((st & 3) == ST_JOB) {
		job *j = (job *)(st & ~(uintptr_t)3);
		const char *type = j->resp.type ? j->resp.type : "text/html; charset=utf-8";
		return send_buf(conn, j->resp.status, type, j->resp.body.p ? j->resp.body.p : "", j->resp.body.len,
				1, j->resp.location[0] ? j->resp.location : NULL, NULL);
	}
	/* The first call only announces the request. Refuse here what must be
	 * refused before a body is read; answer the rest on the second call. */
	if (!(st & ST_SEEN)) {
		*state = (void *)(st | ST_SEEN);
		size_t uri_len = st ? st / 4 - 1 : 0;
		if (strcmp(method, MHD_HTTP_METHOD_GET) && strcmp(method, MHD_HTTP_METHOD_HEAD))
			return send_plain_error(conn, url, 405);
		if (uri_len > SR_WEB_URL_MAX || (url && strlen(url) > SR_WEB_URL_MAX))
			return send_plain_error(conn, "/", 414);
		const char *cl = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_LENGTH);
		if (cl && strcmp(cl, "0"))
			return send_plain_error(conn, url, 413);
		/* a chunked body: refuse it now; once MHD is reading it, a queued
		 * answer is refused and the client only sees the connection close */
		if (MHD_lookup_connection_value(conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_TRANSFER_ENCODING))
			return send_plain_error(conn, url, 413);
		return MHD_YES;
	}
	if (*upload_size) { /* a body after all (chunked): never read */
		*upload_size = 0;
		return send_plain_error(conn, url, 413);
	}
	if (!url || url[0] != '/')
		return send_plain_error(conn, "/", 400);
	if (!strncmp(url, "/static/", 8))
		return serve_asset(conn, url);

	sr_error err;
	sr_error_clear(&err);
	sr_web_ctx *ctx = ctx_get(w, &err);
	if (!ctx)
		return send_plain_error(conn, url, 503);
	const char *rest = "";
	const sr_web_route *rt = find_route(is_api(url) ? sr_web_api_routes : sr_web_page_routes, url, &rest);
	sr_web_req r = {.method = method, .path = url, .rest = rest, .conn = conn, .ctx = ctx};
	sr_web_resp resp = {.status = 200};
	sr_buf_init(&resp.body, SR_WEB_BODY_MAX);
	/* the cache key: the path with its arguments as the client sent them */
	char key[SR_WEB_URL_MAX + 64];
	const char *q = full_query(conn, url, key, sizeof key);
	cache_check(&w->cache, ctx->store, &((worker *)ctx)->generation);
	if (!rt) {
		sr_web_fail(&r, &resp, 404, "no page at this address");
	} else if (q && cache_get(&w->cache, q, &resp)) {
		/* served from the cache */
	} else {
		/* to be worked out: on the compute pool, this connection
		 * suspended meanwhile; here only when the pool cannot take it */
		job *j = job_make(conn, rt, method, url, rest, q);
		if (j) {
			/* suspended before it is queued: a pool thread may resume
			 * it at once */
			*state = (void *)((uintptr_t)j | ST_JOB);
			MHD_suspend_connection(conn);
			if (pool_push(w, j) < 0) { /* stopping: work it out here */
				run_job(w, j);
				MHD_resume_connection(conn);
			}
			sr_buf_cleanup(&resp.body);
			return MHD_YES;
		}
		compute(w, rt, &r, q, &resp); /* out of memory for a job: here */
	}
	const char *type = resp.type ? resp.type : "text/html; charset=utf-8";
	enum MHD_Result ok = send_buf(conn, resp.status, type, resp.body.p ? resp.body.p : "", resp.body.len, 1,
				      resp.location[0] ? resp.location : NULL, NULL);
	sr_buf_cleanup(&resp.body);
	return ok;
}

/* ---- start and stop ---- */

static void ctx_destroy(void *p)
{
	(void)p; /* contexts are kept in w->ctxs and freed at stop */
}

int sr_web_start(const sr_web_opts *o, sr_web **out, sr_error *err)
{
	*out = NULL;
	sr_web *w = calloc(1, sizeof *w);
	if (!w)
		return sr_error_set(err, SR_ENOMEM, NULL, 0, -1, "out of memory");
	w->o = *o;
	snprintf(w->db, sizeof w->db, "%s", o->db ? o->db : "sitrep.db");
	pthread_mutex_init(&w->mu, NULL);
	pthread_mutex_init(&w->cache.mu, NULL);
	w->cache.max_bytes = o->cache_mb == 0 ? CACHE_BYTES_DEFAULT : (size_t)o->cache_mb << 20;
	if (o->cache_mb >= 0) /* without the table: no cache */
		w->cache.e = calloc(CACHE_SLOTS, sizeof *w->cache.e);
	if (pthread_key_create(&w->key, ctx_destroy) != 0) {
		free(w);
		return sr_error_set(err, SR_ENOMEM, NULL, 0, -1, "no thread key");
	}
	w->key_made = 1;

	/* the store must open before we claim to serve it */
	sr_store *probe = NULL;
	int rc = sr_store_open(w->db, SR_STORE_READONLY, &probe, err);
	sr_store_close(probe);
	if (rc < 0) {
		sr_web_stop(w);
		return rc;
	}

	struct sockaddr_in sa;
	memset(&sa, 0, sizeof sa);
	sa.sin_family = AF_INET;
	sa.sin_port = htons(o->port);
	const char *bind = o->bind && *o->bind ? o->bind : "127.0.0.1";
	if (inet_pton(AF_INET, bind, &sa.sin_addr) != 1) {
		sr_web_stop(w);
		return sr_error_set(err, SR_EINPUT, NULL, 0, -1, "'%s' is not an IPv4 address", bind);
	}
	/* as many compute threads as connection threads, each with a context */
	unsigned threads = o->threads ? o->threads : 2;
	if (threads > (SR_WEB_MAX_CTX - 4) / 2)
		threads = (SR_WEB_MAX_CTX - 4) / 2;
	/* MHD_USE_ITC: a connection handed over by sr_web_add_connection wakes
	 * the polling thread at once instead of waiting for other traffic */
	pthread_mutex_init(&w->pool_mu, NULL);
	pthread_cond_init(&w->pool_cv, NULL);
	w->pool_made = 1;
	for (unsigned i = 0; i < threads; i++) {
		if (pthread_create(&w->pool[w->npool], NULL, pool_main, w) != 0)
			break;
		w->npool++;
	}
	if (!w->npool) {
		sr_web_stop(w);
		return sr_error_set(err, SR_ENOMEM, NULL, 0, -1, "cannot start the compute threads");
	}
	/* MHD_ALLOW_SUSPEND_RESUME: requests wait, suspended, for the pool */
	w->d = MHD_start_daemon(MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_USE_ITC | MHD_USE_ERROR_LOG |
					MHD_ALLOW_SUSPEND_RESUME,
				o->port, NULL,
				NULL, on_request, w, MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&sa,
				MHD_OPTION_THREAD_POOL_SIZE, threads, MHD_OPTION_CONNECTION_LIMIT,
				(unsigned)SR_WEB_CONNECTIONS, MHD_OPTION_CONNECTION_TIMEOUT,
				(unsigned)SR_WEB_TIMEOUT_S, MHD_OPTION_CONNECTION_MEMORY_LIMIT,
				(size_t)SR_WEB_CONN_MEMORY, MHD_OPTION_LISTENING_ADDRESS_REUSE, (unsigned)1,
				MHD_OPTION_URI_LOG_CALLBACK, uri_seen, (void *)NULL, MHD_OPTION_NOTIFY_COMPLETED,
				on_completed, (void *)NULL, MHD_OPTION_END);
	if (!w->d) {
		sr_web_stop(w);
		return sr_error_set(err, SR_EIO, NULL, 0, -1, "cannot listen on %s:%u (in use, or not allowed?)",
				    bind, (unsigned)o->port);
	}
	*out = w;
	return 0;
}

unsigned short sr_web_port(const sr_web *w)
{
	const union MHD_DaemonInfo *i = MHD_get_daemon_info(w->d, MHD_DAEMON_INFO_BIND_PORT);
	return i ? i->port : 0;
}

int sr_web_add_connection(sr_web *w, int fd, sr_error *err)
{
	/* MHD wants the client's address: for its logs, per-address limits,
	 * and to know whether TCP options apply (AF_UNIX: they do not). A
	 * peer without a name (unnamed socketpair) still reports AF_UNIX; only
	 * when there is none at all is loopback assumed */
	struct sockaddr_storage ss;
	socklen_t len = sizeof ss;
	memset(&ss, 0, sizeof ss);
	if (getpeername(fd, (struct sockaddr *)&ss, &len) != 0 || len < sizeof(sa_family_t)) {
		struct sockaddr_in *in = (struct sockaddr_in *)&ss;
		memset(&ss, 0, sizeof ss);
		in->sin_family = AF_INET;
		in->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
		len = sizeof *in;
	}
	if (MHD_add_connection(w->d, fd, (const struct sockaddr *)&ss, len) != MHD_YES) /* fd is closed */
		return sr_error_set(err, SR_EIO, NULL, 0, -1, "the server cannot take the connection: %s",
				    strerror(errno));
	return 0;
}

void sr_web_stop(sr_web *w)
{
	if (!w)
		return;
	/* The pool first: its threads finish what is queued (resuming each
	 * connection), and from now on a request is worked out where it
	 * arrives; then no connection is left suspended when MHD stops. */
	if (w->pool_made) {
		pthread_mutex_lock(&w->pool_mu);
		w->stopping = 1;
		pthread_cond_broadcast(&w->pool_cv);
		pthread_mutex_unlock(&w->pool_mu);
		for (unsigned i = 0; i < w->npool; i++)
			pthread_join(w->pool[i], NULL);
		w->npool = 0;
	}
	if (w->d)
		MHD_stop_daemon(w->d);
	if (w->pool_made) {
		pthread_cond_destroy(&w->pool_cv);
		pthread_mutex_destroy(&w->pool_mu);
	}
	for (size_t i = 0; i < w->nctx; i++)
		ctx_free(w->ctxs[i]);
	if (w->key_made)
		pthread_key_delete(w->key);
	if (w->cache.e)
		cache_clear_locked(&w->cache);
	free(w->cache.e);
	pthread_mutex_destroy(&w->cache.mu);
	pthread_mutex_destroy(&w->mu);
	free(w);
}
