/* store_sqlite_rank.c — sitrep_bm25(), FTS5's bm25() with its phrase counts
 * handed in and its row lengths cached (see store_sqlite_rank.h).
 *
 * The score must be bm25()'s to the last bit — a page ranked by one is the
 * page ranked by the other, and tests compare the two — so the arithmetic
 * below is bm25()'s formula step for step: k1 = 1.2, b = 0.75, a phrase's
 * IDF log((N - n + 0.5) / (n + 0.5)) floored at 1e-6, its frequency the sum
 * of the column weights of its instances in the row, the score negated. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "store_sqlite_rank.h"
#include "util/hash.h"

/* Phrase counts remembered per connection (slots; emptied when full). A
 * count is a walk over the phrase's doclist: the words an analyst searches
 * for come back, and each word of a query of several is counted apart. */
#define RANK_PHRASES 1024

/* Lengths are cached for row ids below this: 2 bytes each, so at most 32 MB
 * a connection; rows beyond it (or longer than 65,534 tokens) are read from
 * %_docsize each time, as bm25() does. */
#define RANK_MAX_IDS ((size_t)1 << 24)

struct sq_rank {
	const int64_t *skip; /* sorted ids sitrep_count leaves out */
	size_t nskip;
	int64_t rows; /* sitrep_count's last count, near-duplicates included */
	int64_t *counted; /* the last ranking's phrase counts (-1 none), ncounted */
	int ncounted;
	struct phrase_rows {
		char *key; /* the phrase as the MATCH expression spells it; NULL empty */
		uint64_t hash;
		int64_t rows;
	} phrases[RANK_PHRASES];
	size_t nphrases;
	uint16_t *len; /* len[id]: the row's tokens + 1; 0 not known yet */
	size_t nlen;
	int64_t version[2];
	int synced;
};

/* What one query's scoring needs, made on its first row. */
typedef struct rank_query {
	int nphrase, ncol;
	double avgdl;
	double *idf, *freq, *weight;
} rank_query;

static fts5_api *fts5_api_of(sqlite3 *db)
{
	fts5_api *api = NULL;
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(db, "SELECT fts5(?1)", -1, &st, NULL) != SQLITE_OK)
		return NULL;
	sqlite3_bind_pointer(st, 1, (void *)&api, "fts5_api_ptr", NULL);
	sqlite3_step(st);
	sqlite3_finalize(st);
	return api;
}

typedef struct half_count {
	int64_t n, rows; /* matches so far; rows in the table */
} half_count;

/* A phrase in half the rows or more has bm25()'s floor IDF, 1e-6, however
 * many more it is in (log((N - n + 0.5) / (n + 0.5)) <= 0 exactly when
 * 2n >= N): counting stops there. "region" in the bench store is in 56% of
 * the articles. */
static int count_to_half(const Fts5ExtensionApi *api, Fts5Context *fts, void *ud)
{
	(void)api;
	(void)fts;
	half_count *h = ud;
	return 2 * ++h->n >= h->rows ? SQLITE_DONE : SQLITE_OK; /* DONE: stop, no error */
}

static int query_new(sq_rank *r, const Fts5ExtensionApi *api, Fts5Context *fts, sqlite3_value *counts,
		     int nval, sqlite3_value **weights, rank_query **out)
{
	*out = NULL;
	int np = api->xPhraseCount(fts), nc = api->xColumnCount(fts);
	if (np > r->ncounted) { /* sq_rank_sync set the others to -1 */
		int64_t *p = realloc(r->counted, (size_t)np * sizeof *p);
		if (!p)
			return SQLITE_NOMEM;
		for (int i = r->ncounted; i < np; i++)
			p[i] = -1;
		r->counted = p;
		r->ncounted = np;
	}
	rank_query *q = sqlite3_malloc64(sizeof *q + ((size_t)np * 2 + (size_t)nc) * sizeof(double));
	if (!q)
		return SQLITE_NOMEM;
	q->nphrase = np;
	q->ncol = nc;
	q->idf = (double *)(void *)(q + 1);
	q->freq = q->idf + np;
	q->weight = q->freq + np;
	for (int c = 0; c < nc; c++)
		q->weight[c] = nval > c ? sqlite3_value_double(weights[c]) : 1.0;

	sqlite3_int64 nrow = 0, ntok = 0;
	int rc = api->xRowCount(fts, &nrow);
	if (rc == SQLITE_OK)
		rc = api->xColumnTotalSize(fts, -1, &ntok);
	if (rc == SQLITE_OK)
		q->avgdl = (double)ntok / (double)nrow;
	/* COUNTS has one count per phrase, or it is not trusted: should FTS5
	 * have numbered the phrases otherwise than the caller, a count could
	 * land on the wrong phrase. */
	const unsigned char *blob = counts ? sqlite3_value_blob(counts) : NULL;
	int aligned = blob && sqlite3_value_bytes(counts) == np * (int)sizeof(int64_t);
	for (int i = 0; rc == SQLITE_OK && i < np; i++) {
		int64_t nhit = -1;
		if (aligned)
			memcpy(&nhit, blob + (size_t)i * sizeof nhit, sizeof nhit);
		if (nhit < 0) {
			half_count h = {0, nrow};
			rc = api->xQueryPhrase(fts, i, &h, count_to_half);
			nhit = h.n;
			if (aligned)
				r->counted[i] = nhit;
		}
		/* N - n is an integer in bm25() too */
		double idf = log(((double)(nrow - nhit) + 0.5) / ((double)nhit + 0.5));
		q->idf[i] = idf <= 0.0 ? 1e-6 : idf;
	}
	if (rc != SQLITE_OK) {
		sqlite3_free(q);
		return rc;
	}
	*out = q;
	return SQLITE_OK;
}

/* The row's length in tokens, from the cache or read and cached. */
static int row_length(sq_rank *r, const Fts5ExtensionApi *api, Fts5Context *fts, double *d)
{
	sqlite3_int64 id = api->xRowid(fts);
	if (id > 0 && (size_t)id < r->nlen && r->len[id]) {
		*d = (double)(r->len[id] - 1);
		return SQLITE_OK;
	}
	int ntok = 0;
	int rc = api->xColumnSize(fts, -1, &ntok);
	if (rc != SQLITE_OK)
		return rc;
	*d = (double)ntok;
	if (id <= 0 || (size_t)id >= RANK_MAX_IDS || ntok < 0 || ntok >= UINT16_MAX)
		return SQLITE_OK;
	if ((size_t)id >= r->nlen) {
		size_t n = r->nlen ? r->nlen : 1024;
		while (n <= (size_t)id)
			n *= 2;
		if (n > RANK_MAX_IDS)
			n = RANK_MAX_IDS;
		uint16_t *p = realloc(r->len, n * sizeof *p);
		if (!p)
			return SQLITE_OK; /* not cached: the score is right all the same */
		memset(p + r->nlen, 0, (n - r->nlen) * sizeof *p);
		r->len = p;
		r->nlen = n;
	}
	r->len[id] = (uint16_t)(ntok + 1);
	return SQLITE_OK;
}

static void rank_fn(const Fts5ExtensionApi *api, Fts5Context *fts, sqlite3_context *ctx, int nval,
		    sqlite3_value **val)
{
	const double k1 = 1.2, b = 0.75;
	sq_rank *r = api->xUserData(fts);
	rank_query *q = api->xGetAuxdata(fts, 0);
	int rc = SQLITE_OK;
	if (!q) {
		rc = query_new(r, api, fts, nval > 0 ? val[0] : NULL, nval - 1, val + 1, &q);
		if (rc == SQLITE_OK && (rc = api->xSetAuxdata(fts, q, sqlite3_free)) != SQLITE_OK)
			q = NULL; /* freed by xSetAuxdata */
	}
	int ninst = 0;
	if (rc == SQLITE_OK) {
		memset(q->freq, 0, (size_t)q->nphrase * sizeof *q->freq);
		rc = api->xInstCount(fts, &ninst);
	}
	for (int i = 0; rc == SQLITE_OK && i < ninst; i++) {
		int ip, ic, io;
		rc = api->xInst(fts, i, &ip, &ic, &io);
		if (rc == SQLITE_OK)
			q->freq[ip] += ic < q->ncol ? q->weight[ic] : 1.0;
	}
	double d = 0;
	if (rc == SQLITE_OK)
		rc = row_length(r, api, fts, &d);
	if (rc != SQLITE_OK) {
		sqlite3_result_error_code(ctx, rc);
		return;
	}
	double score = 0.0;
	for (int i = 0; i < q->nphrase; i++)
		score += q->idf[i] * ((q->freq[i] * (k1 + 1.0)) / (q->freq[i] + k1 * (1 - b + b * d / q->avgdl)));
	sqlite3_result_double(ctx, -1.0 * score);
}

typedef struct count_state {
	sq_rank *r;
	int64_t all, kept;
	int64_t last; /* the previous row's id */
	size_t at;    /* skip[at] is the first skipped id >= last */
} count_state;

/* The rows come in ascending id order, as the skip list is sorted: one
 * cursor walks both. Should they not, the cursor is found again by
 * bisection. */
static int count_kept(const Fts5ExtensionApi *api, Fts5Context *fts, void *ud)
{
	count_state *c = ud;
	const sq_rank *r = c->r;
	c->all++;
	if (!r->nskip) {
		c->kept++;
		return SQLITE_OK;
	}
	int64_t id = api->xRowid(fts);
	if (id < c->last)
		c->at = sq_lower_bound(r->skip, r->nskip, id);
	c->last = id;
	while (c->at < r->nskip && r->skip[c->at] < id)
		c->at++;
	if (c->at == r->nskip || r->skip[c->at] != id)
		c->kept++;
	return SQLITE_OK;
}

/* sitrep_count(documents_fts): the rows phrase 0 matches, less those in the
 * skip list; the count with them goes to r->rows. */
static void count_fn(const Fts5ExtensionApi *api, Fts5Context *fts, sqlite3_context *ctx, int nval,
		     sqlite3_value **val)
{
	(void)nval;
	(void)val;
	count_state c = {api->xUserData(fts), 0, 0, INT64_MIN, 0};
	int rc = api->xQueryPhrase(fts, 0, &c, count_kept);
	if (rc != SQLITE_OK) {
		sqlite3_result_error_code(ctx, rc);
		return;
	}
	c.r->rows = c.all;
	sqlite3_result_int64(ctx, c.kept);
}

int sq_rank_new(sqlite3 *db, sq_rank **out)
{
	*out = NULL;
	fts5_api *api = fts5_api_of(db);
	if (!api || api->iVersion < 2)
		return SQLITE_ERROR;
	sq_rank *r = calloc(1, sizeof *r);
	if (!r)
		return SQLITE_NOMEM;
	int rc = api->xCreateFunction(api, "sitrep_bm25", r, rank_fn, NULL);
	if (rc == SQLITE_OK)
		rc = api->xCreateFunction(api, "sitrep_count", r, count_fn, NULL);
	if (rc != SQLITE_OK) {
		sq_rank_free(r);
		return rc;
	}
	*out = r;
	return SQLITE_OK;
}

static void forget_phrases(sq_rank *r)
{
	for (size_t i = 0; i < RANK_PHRASES; i++) {
		free(r->phrases[i].key);
		r->phrases[i].key = NULL;
	}
	r->nphrases = 0;
}

void sq_rank_free(sq_rank *r)
{
	if (!r)
		return;
	forget_phrases(r);
	free(r->counted);
	free(r->len);
	free(r);
}

/* The slot of phrase p[0..n): its own, or the empty one where it would go. */
static struct phrase_rows *phrase_slot(sq_rank *r, const char *p, size_t n, uint64_t h)
{
	for (size_t i = h & (RANK_PHRASES - 1);; i = (i + 1) & (RANK_PHRASES - 1)) {
		struct phrase_rows *e = &r->phrases[i];
		if (!e->key || (e->hash == h && strncmp(e->key, p, n) == 0 && e->key[n] == 0))
			return e;
	}
}

int64_t sq_rank_phrase_rows(sq_rank *r, const char *phrase, size_t n)
{
	uint64_t h = sr_hash64(phrase, n, 0);
	const struct phrase_rows *e = phrase_slot(r, phrase, n, h);
	return e->key ? e->rows : -1;
}

int64_t sq_rank_counted(const sq_rank *r, int i)
{
	return i >= 0 && i < r->ncounted ? r->counted[i] : -1;
}

void sq_rank_remember(sq_rank *r, const char *phrase, size_t n, int64_t rows)
{
	if (rows < 0)
		return;
	uint64_t h = sr_hash64(phrase, n, 0);
	struct phrase_rows *e = phrase_slot(r, phrase, n, h);
	if (!e->key && 2 * (r->nphrases + 1) > RANK_PHRASES) { /* kept at most half full */
		forget_phrases(r);
		e = phrase_slot(r, phrase, n, h);
	}
	if (!e->key) {
		if ((e->key = malloc(n + 1)) == NULL)
			return; /* not remembered: counted again next time */
		memcpy(e->key, phrase, n);
		e->key[n] = 0;
		e->hash = h;
		r->nphrases++;
	}
	e->rows = rows;
}

void sq_rank_sync(sq_rank *r, const int64_t version[2])
{
	for (int i = 0; i < r->ncounted; i++)
		r->counted[i] = -1;
	if (r->synced && r->version[0] == version[0] && r->version[1] == version[1])
		return;
	/* Any commit may have changed a row (sitrep only adds, but the
	 * database is open to others): nothing cached is trusted after one. */
	if (r->len)
		memset(r->len, 0, r->nlen * sizeof *r->len);
	forget_phrases(r);
	r->version[0] = version[0];
	r->version[1] = version[1];
	r->synced = 1;
}

void sq_rank_skip(sq_rank *r, const int64_t *ids, size_t n)
{
	r->skip = ids;
	r->nskip = n;
}

int64_t sq_rank_rows(const sq_rank *r)
{
	return r->rows;
}
