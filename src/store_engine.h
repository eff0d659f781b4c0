/* store_engine.h — what a store engine implements, and what store.c hands it.
 *
 * store.c owns everything that must not differ between engines: the content
 * hash and near-duplicate sketch of a document (so a document is a duplicate in SQLite
 * exactly when it would be in PostgreSQL) and the parsing of the user's search
 * text. An engine owns its connection, its schema and its SQL.
 *
 * Every operation gets the engine's own handle (void *, made by open) and
 * reports failure in err with a negative sr_status; see store.h for the
 * contract of each call. */
#ifndef SITREP_STORE_ENGINE_H
#define SITREP_STORE_ENGINE_H

#include <stddef.h>
#include <stdint.h>

#include "store.h"
#include "util/buf.h"
#include "util/hash.h"
#include "util/minhash.h"

/* Near-duplicates: the rule (containment and Jaccard thresholds on the
 * MinHash sketch) and the band keys that find candidates are in
 * util/minhash.h, shared by every engine, so a document is a near-duplicate
 * in SQLite exactly when it would be in PostgreSQL. An engine stores each
 * comparable document's band keys, looks up the documents sharing any key
 * with a new one, prunes them on the sketch (sr_minhash_candidate) and
 * confirms the rest with sr_store_near_dup_check. */

/* Are two bodies near-duplicates (sr_near_dup_rule on their exact shingle
 * sets, after the key's normalisation)? 1 or 0 with *jaccard, or SR_ENOMEM. */
int sr_store_near_dup_check(const char *body_a, const char *body_b, double *jaccard /* OUT */,
			    sr_error *err);

/* A parsed search: terms grouped into clauses. Every positive clause must
 * match (AND); the terms of one clause are alternatives (OR); a negated
 * clause (one term) must not match. Term text is the user's words, unquoted;
 * the engine quotes it in its own syntax, so no user byte is ever an operator. */
typedef struct sr_qterm {
	char *text;  /* one word or a phrase's words (owned) */
	int prefix;  /* the last word is a prefix ("word*") */
	int clause;  /* index of the clause it belongs to */
	int negated; /* the whole clause is excluded */
} sr_qterm;

typedef struct sr_qexpr {
	sr_qterm *terms; /* in clause order */
	size_t nterms;
	int nclauses;
} sr_qexpr;

/* One event as a series needs it (sr_store_series buckets them); the
 * strings are for the sphere rules and valid during the callback. */
typedef struct sr_series_row {
	int64_t id;
	sr_date date;
	int quad;         /* 0 unknown */
	double goldstein; /* meaningful when quad != 0 */
	const char *cameo, *plover, *source, *target, *source_party, *target_party;
} sr_series_row;
typedef int (*sr_series_row_fn)(void *ud, const sr_series_row *row);

typedef struct sr_store_engine {
	const char *name;
	/* 1 if this engine serves uri (by its scheme), else 0. */
	int (*accepts)(const char *uri);
	int (*open)(const char *uri, int flags, void **impl /* OUT */, sr_error *err);
	void (*close)(void *impl);
	int (*begin)(void *impl, sr_error *err);
	int (*commit)(void *impl, sr_error *err);
	int (*rollback)(void *impl);
	/* coding: NULL, or checked by store.c (sr_store_put_coded) with every
	 * event's parties filled in. */
	int (*put)(void *impl, const sr_doc *d, const sr_store_key *key, const sr_store_coding *coding,
		   sr_put_result *res /* OUT */, sr_error *err);
	int (*get)(void *impl, int64_t id, sr_doc *out /* OUT */, int64_t *dup_of /* OUT */, sr_error *err);
	int (*search)(void *impl, const sr_qexpr *expr, const sr_search_query *q, sr_search_fn fn,
		      void *ud, size_t *total /* OUT */, sr_error *err);
	/* q checked by store.c: parties upper case, root two digits, actor a
	 * non-empty code prefix of at most SR_STORE_CODE_MAX bytes. */
	int (*events)(void *impl, const sr_event_query *q, sr_event_row_fn fn, void *ud, sr_error *err);
	/* The dated events of q's dyad, party or all (checked by store.c as
	 * for events) within q's dates, in any order: fn(ud, row) for each.
	 * want_codes: fill the row's strings (for spheres), else leave them NULL. */
	int (*series)(void *impl, const sr_series_query *q, int want_codes, sr_series_row_fn fn,
		      void *ud, sr_error *err);
	/* Each non-duplicate article's period start or else date (see
	 * sr_store_doc_dates). */
	int (*doc_dates)(void *impl, int (*fn)(void *ud, sr_date d), void *ud, sr_error *err);
	/* sr_store_doc_ids, from and to checked. */
	int (*doc_ids)(void *impl, sr_date from, sr_date to, int (*fn)(void *ud, int64_t id), void *ud,
		       sr_error *err);
	/* sr_store_documents, sr_store_top_dyads (k > 0), sr_store_deadline. */
	int (*documents)(void *impl, const sr_doc_query *q, int (*fn)(void *ud, const sr_doc_row *row),
			 void *ud, size_t *total, sr_error *err);
	int (*top_dyads)(void *impl, sr_date from, sr_date to, size_t k,
			 int (*fn)(void *ud, const char *a, const char *b, int64_t events), void *ud,
			 sr_error *err);
	void (*deadline)(void *impl, double seconds);
	int64_t (*generation)(void *impl);
	/* The live intake's memory (store.h, "feeds"). */
	int (*feed_get)(void *impl, const char *url, sr_feed_state *out, sr_error *err);
	int (*feed_put)(void *impl, const char *url, const sr_feed_state *f, sr_error *err);
	int (*item_seen)(void *impl, const char *feed, const char *item, int64_t *doc_id, sr_error *err);
	int (*item_mark)(void *impl, const char *feed, const char *item, const char *link, int64_t doc_id,
			 sr_error *err);
	int (*stats)(void *impl, sr_store_stats *out /* OUT */, sr_error *err);
	int (*optimize)(void *impl, sr_error *err);
	int (*publications)(void *impl, int (*fn)(void *ud, const char *name, int64_t n), void *ud,
			    sr_error *err);
} sr_store_engine;

/* The event listing, the same SQL on every engine but for how a
 * parameter is written. Which filters a query has (a mask of EVQ_*), and
 * its statement: columns (the engine's SELECT … WHERE true), a fragment per
 * filter present — never user text, every value a parameter numbered as
 * below — then the listing order, LIMIT and OFFSET. mark is the engine's
 * parameter sign: '?' gives ?1, '$' gives $1. 0, or -1 out of memory. */
enum {
	EVQ_DYAD = 1,     /* 1, 2 the parties, both ways */
	EVQ_DIRECTED = 2, /* with EVQ_DYAD: 1 → 2 only */
	EVQ_ACTOR = 4,    /* 3 ≤ source or target < 4: a code prefix as a range */
	EVQ_ROOT = 8,     /* 5 */
	EVQ_QUAD = 16,    /* 6 */
	EVQ_FROM = 32,    /* 7 */
	EVQ_TO = 64,      /* 8; 9 and 10 are LIMIT and OFFSET, always there */
	EVQ_DOC = 128,    /* 11 */
	EVQ__COMBINATIONS = 256,
};
unsigned sr_event_query_mask(const sr_event_query *q);
int sr_event_sql(sr_buf *b, const char *columns, unsigned mask, char mark);

extern const sr_store_engine sr_store_sqlite_engine;
extern const sr_store_engine sr_store_pg_engine;

/* Parse user search text (store.c). Returns 0 and *out (free with
 * sr_qexpr_cleanup), or SR_EINPUT with a message saying what is wrong. */
int sr_qexpr_parse(const char *text, sr_qexpr *out /* OUT */, sr_error *err);
void sr_qexpr_cleanup(sr_qexpr *e);

#endif
