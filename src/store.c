/* store.c — the store stage's front: picks the engine for a URI, computes the
 * engine-independent parts (content hash, near-duplicate sketch, parsed search), and
 * forwards each call through the engine's table (store_engine.h). */
#include "store.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

#include "sphere.h"
#include "store_engine.h"
#include "util/buf.h"
#include "util/hash.h"
#include "util/limits.h"
#include "util/minhash.h"

/* Search terms per query: enough for any query a person types, and a bound
 * on the expression the engine has to evaluate. */
#define SR_MAX_QUERY_TERMS 64

struct sr_store {
	const sr_store_engine *eng;
	void *impl;
};

static const sr_store_engine *const engines[] = {&sr_store_pg_engine, &sr_store_sqlite_engine};

int sr_store_open(const char *uri, int flags, sr_store **out, sr_error *err)
{
	sr_error local;
	if (!err)
		err = &local;
	*out = NULL;
	if (!uri || !*uri)
		return sr_error_set(err, SR_ESTORE, NULL, 0, -1, "no database given");
	const sr_store_engine *eng = NULL;
	for (size_t i = 0; i < sizeof engines / sizeof engines[0] && !eng; i++)
		if (engines[i]->accepts(uri))
			eng = engines[i];
	if (!eng)
		return sr_error_set(err, SR_ESTORE, uri, 0, -1, "no store engine for this address");
	sr_store *s = calloc(1, sizeof *s);
	if (!s)
		return sr_error_set(err, SR_ENOMEM, uri, 0, -1, "out of memory");
	s->eng = eng;
	int rc = eng->open(uri, flags, &s->impl, err);
	if (rc < 0) {
		free(s);
		return rc;
	}
	*out = s;
	return 0;
}

void sr_store_close(sr_store *s)
{
	if (!s)
		return;
	s->eng->close(s->impl);
	free(s);
}

int sr_store_begin(sr_store *s, sr_error *err)
{
	sr_error local;
	if (!err)
		err = &local;
	return s->eng->begin(s->impl, err);
}

int sr_store_commit(sr_store *s, sr_error *err)
{
	sr_error local;
	if (!err)
		err = &local;
	return s->eng->commit(s->impl, err);
}

int sr_store_rollback(sr_store *s)
{
	return s->eng->rollback(s->impl);
}

/* ---- content hash and near-duplicate sketch ---- */

/* The text a document is recognised by: Unicode compatibility composition
 * (NFKC), case folding, default-ignorable code points and control characters
 * dropped, typographic variants of dashes and quotes lumped to ASCII
 * (utf8proc's LUMP), and every run of white space turned into one space,
 * trimmed. Two scrapes of one article that differ only in such things hash
 * alike.
 *
 * ASCII is the common case and needs none of utf8proc's tables, so runs of
 * ASCII are lower-cased here and only the stretches around non-ASCII bytes go
 * through utf8proc — each starting one character early, so a combining mark
 * still composes with an ASCII base ("e" + U+0301). No ASCII character
 * composes with what precedes it, so ending a stretch at ASCII is safe.
 * Bytes that are not valid UTF-8 (which read never lets through) are kept
 * as they are. */
#define NORM_OPTIONS                                                                                 \
	(UTF8PROC_STABLE | UTF8PROC_COMPOSE | UTF8PROC_COMPAT | UTF8PROC_CASEFOLD | UTF8PROC_IGNORE | \
	 UTF8PROC_STRIPCC | UTF8PROC_LUMP)

typedef struct norm {
	char *p; /* the normalised text */
	size_t len, cap, limit;
	int space; /* white space seen since the last byte written */
	utf8proc_int32_t *cp; /* code points of one non-ASCII stretch */
	size_t cp_cap;
} norm;

/* -1 past the limit (the text is the problem), -2 out of memory. */
static int norm_grow(norm *n, size_t more)
{
	if (more > n->limit - n->len)
		return -1;
	size_t cap = n->cap ? n->cap : 4096;
	while (cap < n->len + more)
		cap *= 2;
	char *p = realloc(n->p, cap);
	if (!p)
		return -2;
	n->p = p;
	n->cap = cap;
	return 0;
}

/* One byte of normalised text, room for two more bytes made: white space
 * collapses, ASCII controls go. */
static inline void put_byte(norm *n, unsigned char c)
{
	if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f') {
		n->space = 1;
		return;
	}
	if (c < 0x20 || c == 0x7f)
		return;
	if (n->space && n->len > 0 && n->p[n->len - 1] != '\x1f')
		n->p[n->len++] = ' ';
	n->space = 0;
	n->p[n->len++] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
}

static int norm_byte(norm *n, unsigned char c)
{
	int rc;
	if (n->len + 2 > n->cap && (rc = norm_grow(n, 2)) < 0)
		return rc;
	put_byte(n, c);
	return 0;
}

static int norm_stretch(norm *n, const char *s, size_t len)
{
	utf8proc_ssize_t got = -1;
	for (int tries = 0; tries < 2; tries++) {
		got = utf8proc_decompose((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)len, n->cp,
					 (utf8proc_ssize_t)n->cp_cap, NORM_OPTIONS);
		if (got < 0 || (size_t)got <= n->cp_cap)
			break;
		/* +1: reencode writes a terminating NUL after the UTF-8. */
		if ((size_t)got > n->limit)
			return -1;
		utf8proc_int32_t *cp = realloc(n->cp, ((size_t)got + 1) * sizeof *cp);
		if (!cp)
			return -2;
		n->cp = cp;
		n->cp_cap = (size_t)got;
		got = -1;
	}
	if (got >= 0)
		got = utf8proc_reencode(n->cp, got, NORM_OPTIONS);
	const unsigned char *u = got >= 0 ? (const unsigned char *)n->cp : (const unsigned char *)s;
	size_t ulen = got >= 0 ? (size_t)got : len;
	int rc = 0;
	for (size_t i = 0; i < ulen && rc == 0; i++)
		rc = norm_byte(n, u[i]);
	return rc;
}

static int norm_text(norm *n, const char *s)
{
	if (!s)
		return 0;
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0;
	while (u[i]) {
		int rc;
		if (u[i] < 0x80 && u[i + 1] < 0x80) { /* u[i + 1] may be the NUL: fine */
			/* A run of ASCII, room made for it at once (each byte writes
			 * at most two); byte by byte only where that would pass the
			 * limit, so the limit falls where it always did. */
			size_t k = i;
			while (u[k] && u[k] < 0x80 && u[k + 1] < 0x80)
				k++;
			if (n->len + 2 * (k - i) <= n->cap || norm_grow(n, 2 * (k - i)) == 0) {
				for (; i < k; i++)
					put_byte(n, u[i]);
			} else {
				for (; i < k; i++)
					if ((rc = norm_byte(n, u[i])) < 0)
						return rc;
			}
			continue;
		}
		size_t j = i + (u[i] < 0x80); /* the ASCII base of what follows */
		while (u[j] >= 0x80)
			j++;
		if ((rc = norm_stretch(n, s + i, j - i)) < 0)
			return rc;
		i = j;
	}
	return 0;
}

static int make_key(const sr_doc *d, sr_store_key *key, sr_error *err)
{
	/* NFKC can expand text; three times the article bound is far beyond
	 * any real article and still bounds memory. */
	norm n = {.limit = 3 * (size_t)SR_MAX_DOC_BYTES};
	size_t body_at = 0;
	int rc = norm_text(&n, d->title);
	/* \x1f keeps title "a b" + body "c" apart from "a" + "b c". */
	if (rc == 0 && n.len + 1 > n.cap)
		rc = norm_grow(&n, 1);
	if (rc == 0) {
		n.p[n.len++] = '\x1f';
		n.space = 0;
		body_at = n.len;
		rc = norm_text(&n, d->body);
	}
	if (rc < 0) {
		free(n.p);
		free(n.cp);
		return rc == -1 ? sr_error_set(err, SR_EINPUT, d->file, d->line, -1,
					       "text grows past %zu bytes when normalised", n.limit)
				: sr_error_set(err, SR_ENOMEM, d->file, d->line, -1,
					       "out of memory hashing the document");
	}
	sr_hash128(n.p, n.len, key->content_hash);
	rc = sr_minhash_text(n.p + body_at, n.len - body_at, &key->sketch);
	free(n.p);
	free(n.cp);
	return rc < 0 ? sr_error_set(err, SR_ENOMEM, d->file, d->line, -1,
				     "out of memory sketching the document")
		      : 0;
}

/* The body alone, normalised as for the key: 0, -1 too long, -2 out of memory. */
static int norm_body(const char *body, norm *n)
{
	memset(n, 0, sizeof *n);
	n->limit = 3 * (size_t)SR_MAX_DOC_BYTES;
	return norm_text(n, body);
}

int sr_store_near_dup_check(const char *body_a, const char *body_b, double *jaccard, sr_error *err)
{
	*jaccard = 0;
	norm a, b;
	int rc = norm_body(body_a, &a);
	if (rc == 0)
		rc = norm_body(body_b, &b);
	else
		memset(&b, 0, sizeof b);
	double contain = 0;
	if (rc == 0 && sr_shingle_similarity(a.p ? a.p : "", a.len, b.p ? b.p : "", b.len, jaccard,
					     &contain) < 0)
		rc = -2;
	free(a.p);
	free(a.cp);
	free(b.p);
	free(b.cp);
	if (rc == -1) /* a stored body grew past the bound: it cannot be compared */
		return 0;
	if (rc < 0)
		return sr_error_set(err, SR_ENOMEM, NULL, 0, -1, "out of memory comparing documents");
	return sr_near_dup_rule(*jaccard, contain);
}

int sr_store_key_doc(const sr_doc *d, sr_store_key *key, sr_error *err)
{
	sr_error local;
	if (!err)
		err = &local;
	memset(key, 0, sizeof *key);
	if ((!d->body || !*d->body) && (!d->title || !*d->title))
		return sr_error_set(err, SR_EINPUT, d->file, d->line, -1,
				    "document has neither title nor text");
	return make_key(d, key, err);
}

int sr_store_put_keyed(sr_store *s, const sr_doc *d, const sr_store_key *key, sr_put_result *res,
		       sr_error *err)
{
	return sr_store_put_coded(s, d, key, NULL, res, err);
}

/* ---- events ---- */

void sr_store_party(const char *code, char out[4])
{
	size_t n = code ? strlen(code) : 0, at = 0;
	if (n >= 3 && !memcmp(code, "IGO", 3))
		at = n >= 9 ? 6 : n >= 6 ? 3 : 0;
	size_t k = n - at < 3 ? n - at : 3;
	memcpy(out, code ? code + at : "", k);
	out[k] = '\0';
}

static int bad_event(const sr_doc *d, size_t i, sr_error *err, const char *why)
{
	return sr_error_set(err, SR_EINPUT, d->file, d->line, -1, "event %zu of the document: %s", i + 1,
			    why);
}

static int code_fits(const char *c)
{
	return !c || strlen(c) <= SR_STORE_CODE_MAX;
}

unsigned sr_event_query_mask(const sr_event_query *q)
{
	return (q->party_a ? EVQ_DYAD : 0u) | (q->party_a && q->directed ? EVQ_DIRECTED : 0u) |
	       (q->actor ? EVQ_ACTOR : 0u) | (q->root ? EVQ_ROOT : 0u) | (q->quad ? EVQ_QUAD : 0u) |
	       (q->from ? EVQ_FROM : 0u) | (q->to ? EVQ_TO : 0u) | (q->doc_id ? EVQ_DOC : 0u);
}

/* A filter that is off is absent, not "?n IS NULL OR …", so the engine can
 * pick the index that serves the filters present. '#' stands for the
 * engine's parameter sign. The order is that of events_date (undated
 * first, as NULLS FIRST says for PostgreSQL; it is SQLite's own). */
int sr_event_sql(sr_buf *b, const char *columns, unsigned mask, char mark)
{
	static const struct {
		unsigned bit;
		const char *sql;
	} part[] = {
		{EVQ_DYAD, " AND ((e.source_party = #1 AND e.target_party = #2)"
			   " OR (e.source_party = #2 AND e.target_party = #1))"},
		{EVQ_DIRECTED, " AND e.source_party = #1 AND e.target_party = #2"},
		{EVQ_ACTOR, " AND ((e.source >= #3 AND e.source < #4) OR (e.target >= #3 AND e.target < #4))"},
		{EVQ_ROOT, " AND e.root = #5"},
		{EVQ_QUAD, " AND e.quad = #6"},
		{EVQ_FROM, " AND e.date >= #7"},
		{EVQ_TO, " AND e.date <= #8"},
		{EVQ_DOC, " AND e.doc_id = #11"},
		{0, " ORDER BY e.date NULLS FIRST, e.doc_id, e.sentence, e.id LIMIT #9 OFFSET #10"},
	};
	int rc = sr_buf_puts(b, columns);
	for (size_t i = 0; i < sizeof part / sizeof part[0]; i++) {
		unsigned bit = part[i].bit;
		/* a directed dyad has its own fragment, an undirected one the first */
		if (bit && (!(mask & bit) || (bit == EVQ_DYAD && (mask & EVQ_DIRECTED))))
			continue;
		for (const char *c = part[i].sql; *c; c++)
			rc |= sr_buf_putc(b, *c == '#' ? mark : *c);
	}
	return rc;
}

/* The events as the engine gets them: checked, parties filled in. *parties
 * holds the derived ones (4 bytes per side per event); free both. */
static int check_events(const sr_doc *d, const sr_store_coding *c, sr_store_event **out,
			char **parties, sr_error *err)
{
	*out = NULL;
	*parties = NULL;
	if (c->n == 0)
		return 0;
	if (!c->ev || c->n > SIZE_MAX / sizeof **out / 2)
		return sr_error_set(err, SR_EINPUT, d->file, d->line, -1, "events missing");
	sr_store_event *ev = malloc(c->n * sizeof *ev);
	char *p = malloc(c->n * 8);
	if (!ev || !p) {
		free(ev);
		free(p);
		return sr_error_set(err, SR_ENOMEM, d->file, d->line, -1, "out of memory");
	}
	size_t body_len = d->body ? d->body_len : 0;
	for (size_t i = 0; i < c->n; i++) {
		const sr_store_event *e = &c->ev[i];
		const char *why = NULL;
		if (!e->cameo || !*e->cameo)
			why = "no CAMEO code";
		else if (!code_fits(e->cameo) || !code_fits(e->root) || !code_fits(e->source) ||
			 !code_fits(e->target) || !code_fits(e->source_party) ||
			 !code_fits(e->target_party) || !code_fits(e->plover))
			why = "a code is too long";
		else if (e->start > e->end || e->end > body_len)
			why = "the evidence span is not inside the text";
		else if (e->sentence < 0)
			why = "negative sentence index";
		else if (e->quad < 0 || e->quad > 4)
			why = "quad class out of 0..4";
		else if (e->date && !sr_date_valid(e->date))
			why = "not a real date";
		if (why) {
			free(ev);
			free(p);
			return bad_event(d, i, err, why);
		}
		ev[i] = *e;
		if (!e->source_party || !*e->source_party) {
			sr_store_party(e->source, p + 8 * i);
			ev[i].source_party = p + 8 * i;
		}
		if (!e->target_party || !*e->target_party) {
			sr_store_party(e->target, p + 8 * i + 4);
			ev[i].target_party = p + 8 * i + 4;
		}
	}
	*out = ev;
	*parties = p;
	return 0;
}

int sr_store_put_coded(sr_store *s, const sr_doc *d, const sr_store_key *key,
		       const sr_store_coding *coding, sr_put_result *res, sr_error *err)
{
	sr_error local;
	if (!err)
		err = &local;
	memset(res, 0, sizeof *res);
	if (!coding)
		return s->eng->put(s->impl, d, key, NULL, res, err);
	sr_store_event *ev;
	char *parties;
	int rc = check_events(d, coding, &ev, &parties, err);
	if (rc < 0)
		return rc;
	sr_store_coding checked = {.ev = ev, .n = coding->n, .dict = coding->dict};
	rc = s->eng->put(s->impl, d, key, &checked, res, err);
	free(ev);
	free(parties);
	return rc;
}

/* A code or party from the user: ASCII letters and digits, upper-cased
 * into out (SR_STORE_CODE_MAX + 1 bytes). 0, or -1 if it is not one. */
static int user_code(const char *in, char *out)
{
	size_t n = strlen(in);
	if (n == 0 || n > SR_STORE_CODE_MAX)
		return -1;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)in[i];
		if (c >= 'a' && c <= 'z')
			c = (unsigned char)(c - 'a' + 'A');
		else if (!((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')))
			return -1;
		out[i] = (char)c;
	}
	out[n] = '\0';
	return 0;
}

int sr_store_events(sr_store *s, const sr_event_query *q, sr_event_row_fn fn, void *ud, sr_error *err)
{
	sr_error local;
	if (!err)
		err = &local;
	char a[SR_STORE_CODE_MAX + 1], b[SR_STORE_CODE_MAX + 1], actor[SR_STORE_CODE_MAX + 1];
	sr_event_query n = *q;
	if (!q->party_a != !q->party_b)
		return sr_error_set(err, SR_EINPUT, NULL, 0, -1, "a dyad needs two parties");
	if (q->party_a) {
		if (user_code(q->party_a, a) < 0 || user_code(q->party_b, b) < 0)
			return sr_error_set(err, SR_EINPUT, NULL, 0, -1,
					    "a party is a code of letters and digits (BLR, RUS, NAT)");
		n.party_a = a;
		n.party_b = b;
	} else {
		n.directed = 0;
	}
	if (q->actor) {
		if (user_code(q->actor, actor) < 0)
			return sr_error_set(err, SR_EINPUT, NULL, 0, -1,
					    "an actor is a code of letters and digits (BLR, RUSMIL)");
		n.actor = actor;
	}
	if (q->root && (strlen(q->root) != 2 || q->root[0] < '0' || q->root[0] > '9' ||
			q->root[1] < '0' || q->root[1] > '9'))
		return sr_error_set(err, SR_EINPUT, NULL, 0, -1, "a CAMEO root is two digits (01 .. 20)");
	if (q->quad < 0 || q->quad > 4)
		return sr_error_set(err, SR_EINPUT, NULL, 0, -1, "a quad class is 1 .. 4");
	if ((q->from && !sr_date_valid(q->from)) || (q->to && !sr_date_valid(q->to)))
		return sr_error_set(err, SR_EINPUT, NULL, 0, -1, "not a real date");
	if (q->from && q->to && q->from > q->to)
		return sr_error_set(err, SR_EINPUT, NULL, 0, -1, "the date range ends before it starts");
	if (q->limit > INT64_MAX || q->offset > INT64_MAX)
		return sr_error_set(err, SR_EINPUT, NULL, 0, -1, "limit or offset too large");
	return s->eng->events(s->impl, &n, fn, ud, err);
}

/* ---- event series ----
 *
 * Bucketing happens here, not in the engine, so a week or a month is the
 * same period whatever engine holds the events. The engine streams the
 * matching events in any order (no sort in SQL: an index range or a scan);
 * each is reduced to 24 bytes — its period, id, quad and score — and
 * sorted here, which is far cheaper than sorting whole rows. A period is
 * known by a number that steps by one period: the day number of its Monday
 * (weeks, step 7) or year * 12 + month - 1 (months, step 1). */

typedef struct series_ev {
	int32_t key;  /* a day number or a month number: far within 32 bits */
	sr_date date; /* ties of weight go to the earlier event */
	int64_t id;
	float goldstein;
	uint32_t spheres; /* the event's spheres (all bits when none asked) */
	signed char quad;
} series_ev;

/* The spheres of the events' code combinations, remembered: a store has
 * few distinct (cameo, plover, source, target, parties) tuples, and the
 * rules cost far more than a hash. Open addressing; when full, new tuples
 * are classified without being remembered. */
enum { SPHERE_MEMO_SLOTS = 1 << 14, SPHERE_MEMO_KEY = 6 * (SR_STORE_CODE_MAX + 1) };
typedef struct sphere_memo {
	uint64_t hash[SPHERE_MEMO_SLOTS]; /* 0 = empty */
	uint32_t mask[SPHERE_MEMO_SLOTS];
	uint32_t key[SPHERE_MEMO_SLOTS];  /* offset of the key in keys */
	sr_buf keys;
	size_t used;
} sphere_memo;

typedef struct series_state {
	const sr_series_query *q;
	int all_spheres; /* keep every sphere's events, marked (q->sphere unused) */
	sphere_memo *memo;
	series_ev *ev;
	size_t n, cap;
	int oom;
	/* articles per period: sorted keys with counts */
	long *dkey;
	size_t nd, dcap;
} series_state;

static long series_key(sr_series_by by, sr_date d)
{
	if (by == SR_SERIES_MONTH)
		return (long)(d / 10000) * 12 + (d / 100 % 100) - 1;
	return sr_date_to_days(d) - (sr_date_weekday(d) - 1);
}

static long series_step(sr_series_by by)
{
	return by == SR_SERIES_MONTH ? 1 : 7;
}

/* An empty bucket for the period numbered key. */
static void series_open(sr_series_by by, long key, sr_series_bucket *b)
{
	memset(b, 0, sizeof *b);
	if (by == SR_SERIES_MONTH) {
		int y = (int)(key / 12), m = (int)(key % 12) + 1;
		snprintf(b->period, sizeof b->period, "%04d-%02d", y, m);
		b->start = sr_date_make(y, m, 1);
		b->end = sr_date_make(y, m, sr_days_in_month(y, m));
	} else {
		int y, w;
		b->start = sr_date_from_days(key);
		b->end = sr_date_from_days(key + 6);
		sr_date_isoweek(b->start, &y, &w);
		snprintf(b->period, sizeof b->period, "%04d-W%02d", y, w);
	}
}

/* The event's spheres through the memo. */
static uint32_t spheres_of(series_state *st, const sr_series_row *r)
{
	const char *f[6] = {r->cameo, r->plover, r->source, r->target, r->source_party, r->target_party};
	char key[SPHERE_MEMO_KEY];
	size_t n = 0;
	for (int i = 0; i < 6; i++) {
		size_t l = f[i] ? strnlen(f[i], SR_STORE_CODE_MAX) : 0;
		memcpy(key + n, f[i] ? f[i] : "", l);
		n += l;
		key[n++] = '\x1f';
	}
	sr_sphere_event e = {r->cameo, r->plover, r->source, r->target, r->source_party, r->target_party};
	sphere_memo *m = st->memo;
	if (!m)
		return (uint32_t)sr_spheres_of_event(st->q->spheres, &e);
	uint64_t h = sr_hash64(key, n, 0x5eed) | 1;
	size_t i = (size_t)h & (SPHERE_MEMO_SLOTS - 1);
	for (; m->hash[i]; i = (i + 1) & (SPHERE_MEMO_SLOTS - 1))
		if (m->hash[i] == h && !memcmp(m->keys.p + m->key[i], key, n) && m->keys.p[m->key[i] + n] == '\0')
			return m->mask[i];
	uint32_t mask = (uint32_t)sr_spheres_of_event(st->q->spheres, &e);
	size_t at = m->keys.len;
	/* at most half full keeps probes short */
	if (m->used < SPHERE_MEMO_SLOTS / 2 && sr_buf_append(&m->keys, key, n) == 0 &&
	    sr_buf_putc(&m->keys, '\0') == 0) {
		m->hash[i] = h, m->mask[i] = mask, m->key[i] = (uint32_t)at;
		m->used++;
	}
	return mask;
}

static int series_row(void *ud, const sr_series_row *r)
{
	series_state *st = ud;
	if (!sr_date_valid(r->date))
		return 0; /* undated (or unreadable) events are in no period */
	const sr_series_query *q = st->q;
	uint32_t mask = UINT32_MAX;
	if (q->spheres) {
		mask = spheres_of(st, r);
		if (st->all_spheres ? !mask : !(mask >> q->sphere & 1))
			return 0;
	}
	if (st->n == st->cap) {
		size_t cap = st->cap ? 2 * st->cap : 4096;
		series_ev *p = realloc(st->ev, cap * sizeof *p);
		if (!p)
			return st->oom = 1;
		st->ev = p, st->cap = cap;
	}
	int scored = r->quad >= 1 && r->quad <= 4;
	st->ev[st->n++] = (series_ev){(int32_t)series_key(q->by, r->date), r->date, r->id,
				      scored ? (float)r->goldstein : 0.0f, mask,
				      (signed char)(scored ? r->quad : 0)};
	return 0;
}

static int doc_date(void *ud, sr_date d)
{
	series_state *st = ud;
	if (!sr_date_valid(d))
		return 0;
	if (st->nd == st->dcap) {
		size_t cap = st->dcap ? 2 * st->dcap : 1024;
		long *p = realloc(st->dkey, cap * sizeof *p);
		if (!p)
			return st->oom = 1;
		st->dkey = p, st->dcap = cap;
	}
	st->dkey[st->nd++] = series_key(st->q->by, d);
	return 0;
}

static int cmp_ev(const void *a, const void *b)
{
	const series_ev *x = a, *y = b;
	if (x->key != y->key)
		return x->key < y->key ? -1 : 1;
	if (x->date != y->date)
		return x->date < y->date ? -1 : 1;
	return (x->id > y->id) - (x->id < y->id);
}

static int cmp_long(const void *a, const void *b)
{
	long x = *(const long *)a, y = *(const long *)b;
	return (x > y) - (x < y);
}

/* Articles in period key: dkey is sorted; *pos walks forward with key. */
static int64_t docs_in(const series_state *st, size_t *pos, long key)
{
	while (*pos < st->nd && st->dkey[*pos] < key)
		(*pos)++;
	size_t i = *pos;
	while (i < st->nd && st->dkey[i] == key)
		i++;
	return (int64_t)(i - *pos);
}

static void bucket_add(sr_series_bucket *b, double *top_abs, const series_ev *e)
{
	b->events++;
	if (e->quad < 1)
		return;
	b->quad[e->quad - 1]++;
	if (e->quad <= 2)
		b->cooperation++;
	else
		b->conflict++;
	b->scored++;
	b->goldstein_sum += e->goldstein;
	/* Keep the heaviest SR_SERIES_TOP, heaviest first; events come in date
	 * and id order within the period, so a tie keeps the earlier one ahead. */
	double a = fabs(e->goldstein);
	size_t i = b->ntop;
	if (i == SR_SERIES_TOP) {
		if (!(a > top_abs[SR_SERIES_TOP - 1]))
			return;
		i--;
	} else {
		b->ntop++;
	}
	while (i > 0 && a > top_abs[i - 1]) {
		top_abs[i] = top_abs[i - 1];
		b->top[i] = b->top[i - 1];
		i--;
	}
	top_abs[i] = a;
	b->top[i] = e->id;
}

/* Walk the periods from the first event's to the last's, judging each
 * against the covered periods before it (trend.h) — those before the first
 * event included, so a dyad's first events are weighed against the quiet
 * weeks before them. */
/* fn for one sphere's series (bit), or for the query's own (bit -1). */
typedef struct series_out {
	sr_series_fn fn;
	sr_series_sphere_fn sphere_fn;
	void *ud;
	int bit;
} series_out;

static int series_emit_all(series_state *st, const series_out *out)
{
	uint32_t want = out->bit < 0 ? UINT32_MAX : (uint32_t)1 << out->bit;
	size_t i = 0, end = st->n;
	while (i < end && !(st->ev[i].spheres & want))
		i++;
	while (end > i && !(st->ev[end - 1].spheres & want))
		end--;
	if (i == end)
		return 0; /* no event of this sphere */
	sr_series_by by = st->q->by;
	long step = series_step(by);
	/* The baseline: the latest SR_TREND_WINDOW periods with articles, none
	 * older than HORIZON periods (a comparison with a year-old week says
	 * nothing about this one). A ring of them with their keys. */
	const long horizon = 4L * SR_TREND_WINDOW * step;
	sr_trend_period hist[SR_TREND_WINDOW];
	long hkey[SR_TREND_WINDOW];
	size_t nh = 0, head = 0;
	size_t dpos = 0;
	long first = st->ev[i].key, last = st->ev[end - 1].key;
	/* coverage before the first event: quiet periods with articles */
	{
		size_t lo = 0;
		while (lo < st->nd && st->dkey[lo] < first - horizon)
			lo++;
		dpos = lo;
		for (long key = st->nd > lo ? st->dkey[lo] : first; key < first; key += step) {
			int64_t docs = docs_in(st, &dpos, key);
			if (!docs)
				continue;
			hist[(head + nh) % SR_TREND_WINDOW] = (sr_trend_period){0, 0, 0, docs};
			hkey[(head + nh) % SR_TREND_WINDOW] = key;
			if (nh < SR_TREND_WINDOW)
				nh++;
			else
				head = (head + 1) % SR_TREND_WINDOW;
		}
	}
	for (long key = first; key <= last; key += step) {
		sr_series_bucket b;
		double top_abs[SR_SERIES_TOP] = {0};
		series_open(by, key, &b);
		sr_trend_period cur = {0};
		for (; i < end && st->ev[i].key == key; i++) {
			const series_ev *e = &st->ev[i];
			if (!(e->spheres & want))
				continue;
			bucket_add(&b, top_abs, e);
			if (e->quad >= 1) {
				cur.events++;
				if (e->goldstein > 0)
					cur.cooperation += e->goldstein;
				else
					cur.conflict -= e->goldstein;
			}
		}
		b.goldstein_mean = b.scored ? b.goldstein_sum / (double)b.scored : 0.0;
		b.documents = docs_in(st, &dpos, key);
		cur.documents = b.documents;
		sr_trend_period ordered[SR_TREND_WINDOW];
		size_t no = 0;
		for (size_t k = 0; k < nh; k++) {
			size_t at = (head + k) % SR_TREND_WINDOW;
			if (hkey[at] >= key - horizon)
				ordered[no++] = hist[at];
		}
		sr_trend_judge(ordered, no, &cur, &b.trend);
		if (out->bit < 0 ? out->fn(out->ud, &b) != 0 : out->sphere_fn(out->ud, out->bit, &b) != 0)
			return 1;
		if (cur.documents > 0) {
			hist[(head + nh) % SR_TREND_WINDOW] = cur;
			hkey[(head + nh) % SR_TREND_WINDOW] = key;
			if (nh < SR_TREND_WINDOW)
				nh++;
			else
				head = (head + 1) % SR_TREND_WINDOW;
		}
	}
	return 0;
}

static int series_run(sr_store *s, const sr_series_query *q, const series_out *out, sr_error *err)
{
	sr_error local;
	if (!err)
		err = &local;
	char a[SR_STORE_CODE_MAX + 1], b[SR_STORE_CODE_MAX + 1], one[SR_STORE_CODE_MAX + 1];
	if (!q->party_a != !q->party_b)
		return sr_error_set(err, SR_EINPUT, NULL, 0, -1, "a dyad needs two parties");
	if (q->party_a && q->party)
		return sr_error_set(err, SR_EINPUT, NULL, 0, -1, "a series is of a dyad or of one party, not both");
	if ((q->party_a && (user_code(q->party_a, a) < 0 || user_code(q->party_b, b) < 0)) ||
	    (q->party && user_code(q->party, one) < 0))
		return sr_error_set(err, SR_EINPUT, NULL, 0, -1,
				    "a party is a code of letters and digits (BLR, RUS, NAT)");
	if (q->directed && !q->party_a)
		return sr_error_set(err, SR_EINPUT, NULL, 0, -1, "only a dyad has a direction");
	if (q->spheres && out->bit < 0 && (q->sphere < 0 || (size_t)q->sphere >= sr_spheres_count(q->spheres)))
		return sr_error_set(err, SR_EINPUT, NULL, 0, -1, "no such sphere");
	if (q->by != SR_SERIES_WEEK && q->by != SR_SERIES_MONTH)
		return sr_error_set(err, SR_EINPUT, NULL, 0, -1, "a series is by week or by month");
	if ((q->from && !sr_date_valid(q->from)) || (q->to && !sr_date_valid(q->to)))
		return sr_error_set(err, SR_EINPUT, NULL, 0, -1, "not a real date");
	if (q->from && q->to && q->from > q->to)
		return sr_error_set(err, SR_EINPUT, NULL, 0, -1, "the date range ends before it starts");
	sr_series_query n = *q;
	if (q->party_a) {
		n.party_a = a;
		n.party_b = b;
	}
	if (q->party)
		n.party = one;
	series_state st = {.q = &n, .all_spheres = out->bit >= 0};
	if (q->spheres) {
		st.memo = calloc(1, sizeof *st.memo);
		if (st.memo)
			sr_buf_init(&st.memo->keys, (size_t)SPHERE_MEMO_SLOTS * SPHERE_MEMO_KEY);
	}
	int rc = s->eng->series(s->impl, &n, q->spheres != NULL, series_row, &st, err);
	if (rc == 0 && !st.oom && st.n)
		rc = s->eng->doc_dates(s->impl, doc_date, &st, err);
	if (rc == 0 && st.oom)
		rc = sr_error_set(err, SR_ENOMEM, NULL, 0, -1, "out of memory for the series");
	if (rc == 0 && st.n) {
		qsort(st.ev, st.n, sizeof *st.ev, cmp_ev);
		if (st.nd)
			qsort(st.dkey, st.nd, sizeof *st.dkey, cmp_long);
		if (out->bit < 0) {
			series_emit_all(&st, out);
		} else {
			size_t nsph = sr_spheres_count(q->spheres);
			for (size_t k = 0; k < nsph; k++) {
				series_out o = *out;
				o.bit = (int)k;
				if (series_emit_all(&st, &o))
					break;
			}
		}
	}
	if (st.memo)
		sr_buf_cleanup(&st.memo->keys);
	free(st.memo);
	free(st.ev);
	free(st.dkey);
	return rc;
}

int sr_store_series(sr_store *s, const sr_series_query *q, sr_series_fn fn, void *ud, sr_error *err)
{
	series_out out = {.fn = fn, .ud = ud, .bit = -1};
	return series_run(s, q, &out, err);
}

int sr_store_series_spheres(sr_store *s, const sr_series_query *q, sr_series_sphere_fn fn, void *ud,
			    sr_error *err)
{
	sr_error local;
	if (!err)
		err = &local;
	if (!q->spheres)
		return sr_error_set(err, SR_EINPUT, NULL, 0, -1, "a series by sphere needs a sphere mapping");
	series_out out = {.sphere_fn = fn, .ud = ud, .bit = 0};
	return series_run(s, q, &out, err);
}



int sr_store_doc_dates(sr_store *s, int (*fn)(void *ud, sr_date d), void *ud, sr_error *err)
{
	sr_error local;
	return s->eng->doc_dates(s->impl, fn, ud, err ? err : &local);
}

int sr_store_doc_ids(sr_store *s, sr_date from, sr_date to, int (*fn)(void *ud, int64_t id), void *ud,
		     sr_error *err)
{
	sr_error local;
	if (!err)
		err = &local;
	if (!sr_date_valid(from) || !sr_date_valid(to) || from > to)
		return sr_error_set(err, SR_EINPUT, NULL, 0, -1, "not a date range");
	return s->eng->doc_ids(s->impl, from, to, fn, ud, err);
}

int sr_store_documents(sr_store *s, const sr_doc_query *q, int (*fn)(void *ud, const sr_doc_row *row),
		       void *ud, size_t *total, sr_error *err)
{
	sr_error local;
	if (!err)
		err = &local;
	if ((q->from && !sr_date_valid(q->from)) || (q->to && !sr_date_valid(q->to)) ||
	    (q->from && q->to && q->from > q->to))
		return sr_error_set(err, SR_EINPUT, NULL, 0, -1, "not a date range");
	if (total)
		*total = 0;
	return s->eng->documents(s->impl, q, fn, ud, total, err);
}

int sr_store_top_dyads(sr_store *s, sr_date from, sr_date to, size_t k,
		       int (*fn)(void *ud, const char *a, const char *b, int64_t events), void *ud,
		       sr_error *err)
{
	sr_error local;
	if (!err)
		err = &local;
	if ((from && !sr_date_valid(from)) || (to && !sr_date_valid(to)))
		return sr_error_set(err, SR_EINPUT, NULL, 0, -1, "not a date");
	return k ? s->eng->top_dyads(s->impl, from, to, k, fn, ud, err) : 0;
}

int64_t sr_store_generation(sr_store *s)
{
	return s->eng->generation(s->impl);
}

void sr_store_deadline(sr_store *s, double seconds)
{
	s->eng->deadline(s->impl, seconds);
}

static int feed_args(const char *url, const char *item, sr_error *err)
{
	if (!url || !*url || strlen(url) > 4096 || (item && (!*item || strlen(item) > 4096)))
		return sr_error_set(err, SR_EINPUT, NULL, 0, -1, "a feed URL and an item id are 1 to 4096 bytes");
	return 0;
}

int sr_store_feed_get(sr_store *s, const char *url, sr_feed_state *out, sr_error *err)
{
	sr_error local;
	if (!err)
		err = &local;
	memset(out, 0, sizeof *out);
	int rc = feed_args(url, NULL, err);
	return rc < 0 ? rc : s->eng->feed_get(s->impl, url, out, err);
}

int sr_store_feed_put(sr_store *s, const char *url, const sr_feed_state *f, sr_error *err)
{
	sr_error local;
	if (!err)
		err = &local;
	int rc = feed_args(url, NULL, err);
	return rc < 0 ? rc : s->eng->feed_put(s->impl, url, f, err);
}

int sr_store_item_seen(sr_store *s, const char *feed_url, const char *item_id, int64_t *doc_id, sr_error *err)
{
	sr_error local;
	if (!err)
		err = &local;
	*doc_id = 0;
	int rc = feed_args(feed_url, item_id, err);
	return rc < 0 ? rc : s->eng->item_seen(s->impl, feed_url, item_id, doc_id, err);
}

int sr_store_item_mark(sr_store *s, const char *feed_url, const char *item_id, const char *link, int64_t doc_id,
		       sr_error *err)
{
	sr_error local;
	if (!err)
		err = &local;
	int rc = feed_args(feed_url, item_id, err);
	return rc < 0 ? rc : s->eng->item_mark(s->impl, feed_url, item_id, link, doc_id, err);
}

int sr_store_put_doc(sr_store *s, const sr_doc *d, sr_put_result *res, sr_error *err)
{
	sr_error local;
	if (!err)
		err = &local;
	memset(res, 0, sizeof *res);
	sr_store_key key;
	int rc = sr_store_key_doc(d, &key, err);
	return rc < 0 ? rc : sr_store_put_keyed(s, d, &key, res, err);
}

int sr_store_get_doc(sr_store *s, int64_t id, sr_doc *out, int64_t *dup_of, sr_error *err)
{
	sr_error local;
	if (!err)
		err = &local;
	int64_t dummy;
	return s->eng->get(s->impl, id, out, dup_of ? dup_of : &dummy, err);
}

int sr_store_stats_get(sr_store *s, sr_store_stats *out, sr_error *err)
{
	sr_error local;
	if (!err)
		err = &local;
	memset(out, 0, sizeof *out);
	return s->eng->stats(s->impl, out, err);
}

int sr_store_optimize(sr_store *s, sr_error *err)
{
	sr_error local;
	if (!err)
		err = &local;
	return s->eng->optimize(s->impl, err);
}

int sr_store_publications(sr_store *s, int (*fn)(void *ud, const char *name, int64_t n), void *ud,
			  sr_error *err)
{
	sr_error local;
	if (!err)
		err = &local;
	return s->eng->publications(s->impl, fn, ud, err);
}

/* ---- search text ---- */

/* Would the engine's tokenizer find a word in p[0..len)? Letters, digits and
 * private-use characters make tokens (as in FTS5's unicode61); a term of
 * punctuation alone ("*", "'", "«") would be an empty phrase that matches
 * nothing, so it is dropped instead. */
static int has_word(const char *p, size_t len)
{
	utf8proc_ssize_t i = 0;
	while ((size_t)i < len) {
		utf8proc_int32_t c;
		utf8proc_ssize_t n = utf8proc_iterate((const utf8proc_uint8_t *)p + i,
						      (utf8proc_ssize_t)len - i, &c);
		if (n <= 0)
			return 0;
		switch (utf8proc_category(c)) {
		case UTF8PROC_CATEGORY_LU: case UTF8PROC_CATEGORY_LL: case UTF8PROC_CATEGORY_LT:
		case UTF8PROC_CATEGORY_LM: case UTF8PROC_CATEGORY_LO: case UTF8PROC_CATEGORY_ND:
		case UTF8PROC_CATEGORY_NL: case UTF8PROC_CATEGORY_NO: case UTF8PROC_CATEGORY_CO:
			return 1;
		default:
			break;
		}
		i += n;
	}
	return 0;
}

static int is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

void sr_qexpr_cleanup(sr_qexpr *e)
{
	if (!e)
		return;
	for (size_t i = 0; i < e->nterms; i++)
		free(e->terms[i].text);
	free(e->terms);
	memset(e, 0, sizeof *e);
}

/* The query language, as people type it into search boxes:
 *   word            must occur (case and diacritics do not matter)
 *   word*           a word starting with "word"
 *   "some words"    the phrase (a missing closing quote ends it at the end)
 *   a OR b          either (binds tighter than the implicit AND)
 *   -word, -"a b"   must not occur; NOT word is the same
 *   AND             ignored: words are ANDed anyway
 * Anything else is just text: quotes, stars, parentheses and the engine's own
 * operators ("NEAR(", "col:") never reach the engine as syntax. A dangling OR
 * is ignored. Errors: no searchable word, only excluded words, too long, too
 * many terms, invalid UTF-8. */
int sr_qexpr_parse(const char *text, sr_qexpr *out, sr_error *err)
{
	memset(out, 0, sizeof *out);
	if (!text)
		text = "";
	size_t len = strlen(text);
	if (len > SR_MAX_QUERY)
		return sr_error_set(err, SR_EINPUT, NULL, 0, -1,
				    "search text is longer than %u bytes", (unsigned)SR_MAX_QUERY);
	for (utf8proc_ssize_t i = 0; (size_t)i < len;) {
		utf8proc_int32_t c;
		utf8proc_ssize_t n = utf8proc_iterate((const utf8proc_uint8_t *)text + i,
						      (utf8proc_ssize_t)len - i, &c);
		if (n <= 0)
			return sr_error_set(err, SR_EINPUT, NULL, 0, (long long)i,
					    "search text is not valid UTF-8");
		i += n;
	}
	sr_qterm *terms = calloc(SR_MAX_QUERY_TERMS, sizeof *terms);
	if (!terms)
		return sr_error_set(err, SR_ENOMEM, NULL, 0, -1, "out of memory");
	out->terms = terms;

	size_t i = 0;
	int negate_next = 0, or_pending = 0, last_positive = 0;
	while (i < len) {
		while (i < len && is_space(text[i]))
			i++;
		if (i == len)
			break;
		int neg = negate_next;
		negate_next = 0;
		if (text[i] == '-') {
			neg = 1;
			i++;
		}
		const char *p;
		size_t n;
		int phrase = 0, prefix = 0;
		if (i < len && text[i] == '"') {
			phrase = 1;
			p = text + ++i;
			while (i < len && text[i] != '"')
				i++;
			n = (size_t)(text + i - p);
			if (i < len)
				i++; /* the closing quote */
		} else {
			p = text + i;
			while (i < len && !is_space(text[i]) && text[i] != '"')
				i++;
			n = (size_t)(text + i - p);
		}
		while (i < len && text[i] == '*') {
			prefix = 1;
			i++;
		}
		while (n > 0 && p[n - 1] == '*') { /* "word*" read as a word */
			prefix = 1;
			n--;
		}
		if (!phrase && !neg && !prefix) {
			if (n == 2 && !memcmp(p, "OR", 2)) {
				or_pending = last_positive;
				continue;
			}
			if (n == 3 && !memcmp(p, "AND", 3))
				continue;
			if (n == 3 && !memcmp(p, "NOT", 3)) {
				negate_next = 1;
				or_pending = 0;
				continue;
			}
		}
		if (!has_word(p, n)) {
			continue; /* punctuation only: nothing to search for */
		}
		if (out->nterms == SR_MAX_QUERY_TERMS) {
			sr_qexpr_cleanup(out);
			return sr_error_set(err, SR_EINPUT, NULL, 0, -1,
					    "search has more than %d terms", SR_MAX_QUERY_TERMS);
		}
		sr_qterm *t = &out->terms[out->nterms];
		if (!(t->text = sr_strndup(p, n))) {
			sr_qexpr_cleanup(out);
			return sr_error_set(err, SR_ENOMEM, NULL, 0, -1, "out of memory");
		}
		t->prefix = prefix;
		t->negated = neg;
		if (!neg && or_pending) {
			t->clause = out->nclauses - 1; /* joins the previous term's clause */
		} else {
			t->clause = out->nclauses++;
		}
		or_pending = 0;
		last_positive = !neg;
		out->nterms++;
	}

	int positive = 0;
	for (size_t k = 0; k < out->nterms; k++)
		positive |= !out->terms[k].negated;
	if (!positive) {
		int any = out->nterms > 0;
		sr_qexpr_cleanup(out);
		return sr_error_set(err, SR_EINPUT, NULL, 0, -1,
				    any ? "search needs at least one word that is not excluded"
					: "search has no word to look for");
	}
	return 0;
}

int sr_store_search(sr_store *s, const sr_search_query *q, sr_search_fn fn, void *ud, size_t *total,
		    sr_error *err)
{
	sr_error local;
	if (!err)
		err = &local;
	if (total)
		*total = 0;
	if (q->limit > SR_MAX_RESULTS)
		return sr_error_set(err, SR_EINPUT, NULL, 0, -1, "at most %u results per page",
				    (unsigned)SR_MAX_RESULTS);
	if (q->from && q->to && q->from > q->to)
		return sr_error_set(err, SR_EINPUT, NULL, 0, -1, "the date range ends before it starts");
	sr_qexpr e;
	int rc = sr_qexpr_parse(q->text, &e, err);
	if (rc < 0)
		return rc;
	rc = s->eng->search(s->impl, &e, q, fn, ud, total, err);
	sr_qexpr_cleanup(&e);
	return rc;
}
