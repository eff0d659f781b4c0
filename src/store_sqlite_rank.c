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

/* Lengths are cached for row ids below this: 2 bytes each, so at most 32 MB
 * a connection; rows beyond it (or longer than 65,534 tokens) are read from
 * %_docsize each time, as bm25() does. */
#define RANK_MAX_IDS ((size_t)1 << 24)

struct sq_rank {
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

static int count_row(const Fts5ExtensionApi *api, Fts5Context *fts, void *ud)
{
	(void)api;
	(void)fts;
	(*(int64_t *)ud)++;
	return SQLITE_OK;
}

static int query_new(const Fts5ExtensionApi *api, Fts5Context *fts, sqlite3_value *counts, int nval,
		     sqlite3_value **weights, rank_query **out)
{
	*out = NULL;
	int np = api->xPhraseCount(fts), nc = api->xColumnCount(fts);
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
	const unsigned char *blob = counts ? sqlite3_value_blob(counts) : NULL;
	int nblob = blob ? sqlite3_value_bytes(counts) / (int)sizeof(int64_t) : 0;
	for (int i = 0; rc == SQLITE_OK && i < np; i++) {
		int64_t nhit = -1;
		if (i < nblob)
			memcpy(&nhit, blob + (size_t)i * sizeof nhit, sizeof nhit);
		if (nhit < 0) {
			nhit = 0;
			rc = api->xQueryPhrase(fts, i, &nhit, count_row);
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
		rc = query_new(api, fts, nval > 0 ? val[0] : NULL, nval - 1, val + 1, &q);
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
	if (rc != SQLITE_OK) {
		sq_rank_free(r);
		return rc;
	}
	*out = r;
	return SQLITE_OK;
}

void sq_rank_free(sq_rank *r)
{
	if (!r)
		return;
	free(r->len);
	free(r);
}

void sq_rank_sync(sq_rank *r, const int64_t version[2])
{
	if (r->synced && r->version[0] == version[0] && r->version[1] == version[1])
		return;
	/* Any commit may have changed a row (sitrep only adds, but the
	 * database is open to others): nothing cached is trusted after one. */
	if (r->len)
		memset(r->len, 0, r->nlen * sizeof *r->len);
	r->version[0] = version[0];
	r->version[1] = version[1];
	r->synced = 1;
}
