/* store.h — the store stage: documents in, documents and search results out.
 *
 * One interface, engines behind a table of operations (store_engine.h): SQLite
 * (WAL, FTS5) now, PostgreSQL later. No other stage writes SQL.
 *
 * Ingest is idempotent: a document whose content hash is already stored is a
 * duplicate and changes nothing; one that shares most of its word shingles
 * with a stored document is kept but linked to that original and not counted
 * as new.
 * Writes happen inside transactions: a crash loses at most the open one. */
#ifndef SITREP_STORE_H
#define SITREP_STORE_H

#include <stddef.h>
#include <stdint.h>

#include "doc.h"
#include "util/error.h"
#include "util/hash.h"
#include "util/minhash.h"

typedef struct sr_store sr_store;

enum { SR_STORE_READONLY = 1 };

/* uri: a path (SQLite; created and migrated if new) or "postgresql://…".
 * Returns 0 and *out, or SR_ESTORE/SR_EIO with err filled. */
int sr_store_open(const char *uri, int flags, sr_store **out /* OUT */, sr_error *err);
void sr_store_close(sr_store *s); /* NULL is fine */

int sr_store_begin(sr_store *s, sr_error *err);
int sr_store_commit(sr_store *s, sr_error *err);
int sr_store_rollback(sr_store *s);

typedef enum {
	SR_PUT_ADDED = 1,
	SR_PUT_DUPLICATE = 2, /* same content hash: nothing written */
	SR_PUT_NEAR_DUP = 3,  /* stored, linked to dup_of */
} sr_put_kind;

typedef struct sr_put_result {
	sr_put_kind kind;
	int64_t id;     /* the stored (or existing) document's id */
	int64_t dup_of; /* for NEAR_DUP and DUPLICATE: the original's id */
} sr_put_result;

/* Store one document (inside an open transaction or on its own).
 * Returns 0 and *res; SR_EINPUT for a document that cannot be stored (no
 * text at all; nothing was written), the batch goes on; SR_ESTORE/SR_EIO/
 * SR_ENOMEM are fatal: an open transaction may then hold part of the
 * document and can only be rolled back (commit refuses it and rolls back). */
int sr_store_put_doc(sr_store *s, const sr_doc *d, sr_put_result *res /* OUT */, sr_error *err);

/* What a document is recognised by: the content hash (XXH3-128 of the
 * normalised title and body, see docs/store.md) and the MinHash sketch of the
 * normalised body's word shingles (util/minhash.h; sketch.shingles is 0 for a
 * body without words, which is never compared). */
typedef struct sr_store_key {
	unsigned char content_hash[SR_HASH_LEN];
	sr_minhash sketch;
} sr_store_key;

/* sr_store_put_doc in two steps, so the costly first one (normalising and
 * hashing the text; needs no store, safe on any thread) can run beside the
 * writer. Same returns as sr_store_put_doc. */
int sr_store_key_doc(const sr_doc *d, sr_store_key *key /* OUT */, sr_error *err);
int sr_store_put_keyed(sr_store *s, const sr_doc *d, const sr_store_key *key,
		       sr_put_result *res /* OUT */, sr_error *err);

/* Load a document by id into *out (sr_doc_init'ed by the callee). Returns 0,
 * SR_EINPUT if there is no such id, SR_ESTORE on failure. */
int sr_store_get_doc(sr_store *s, int64_t id, sr_doc *out /* OUT */, int64_t *dup_of /* OUT, may be NULL */,
		     sr_error *err);

typedef struct sr_search_query {
	const char *text;        /* user query: words, "phrases", OR, -not */
	sr_date from, to;        /* on the document date; 0 = open */
	const char *publication; /* exact match, NULL = any */
	const char *section;     /* exact match, NULL = any */
	size_t limit, offset;    /* limit 0 = 20 */
	int include_near_dups;   /* near-duplicates are hidden unless set */
} sr_search_query;

typedef struct sr_search_hit {
	int64_t id;
	double score; /* BM25, lower is better as SQLite reports it; we negate: higher is better */
	const char *title, *publication, *section, *file;
	sr_date date;
	const char *snippet; /* with the matched terms between \x02 and \x03 */
} sr_search_hit;

/* Calls fn for each hit, best first; fn's pointers are valid only during the
 * call. A non-zero return from fn stops the search. Returns 0, SR_EINPUT for a
 * query that cannot be parsed, SR_ESTORE. *total (may be NULL) gets the number
 * of matches before paging. */
typedef int (*sr_search_fn)(void *ud, const sr_search_hit *hit);
int sr_store_search(sr_store *s, const sr_search_query *q, sr_search_fn fn, void *ud,
		    size_t *total /* OUT */, sr_error *err);

typedef struct sr_store_stats {
	int64_t documents, near_duplicates, citations;
	sr_date first, last;
	int64_t by_publication_n;
} sr_store_stats;

int sr_store_stats_get(sr_store *s, sr_store_stats *out /* OUT */, sr_error *err);

/* Compact the full-text index into one segment (outside a transaction).
 * Searches read every segment of the index, so after a bulk ingest this
 * makes them markedly faster (at 100,000 documents: p95 30 -> 13 ms); it
 * rewrites the whole index (about 1.4 s at 100,000 documents), so callers
 * run it when they added a good share of the store, not after every batch. */
int sr_store_optimize(sr_store *s, sr_error *err);

/* Publications with their document counts, most first: fn(ud, name, count);
 * name is NULL for the documents whose publication is unknown. Near-duplicates
 * are not counted. */
int sr_store_publications(sr_store *s, int (*fn)(void *ud, const char *name, int64_t n), void *ud,
			  sr_error *err);

#endif
