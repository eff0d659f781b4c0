/* store.h — the store stage: documents and their coded events in; documents,
 * search results and event listings out.
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
#include "trend.h"
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

/* ---- coded events ---- */

/* One event of a document as the store keeps it (the code stage's sr_event
 * with its evidence text). Every pointer is borrowed for the call. Unknown
 * values: date 0, quad 0 (then goldstein is stored as unknown too), root
 * and plover NULL or "". */
typedef struct sr_store_event {
	int sentence;                      /* 0-based sentence index in the body */
	sr_date date;                      /* the event's date */
	const char *source, *source_name;  /* actor code ("BLRMIL"); NULL/"" none; name may be NULL */
	const char *target, *target_name;
	/* The dyad keys of source and target ("BLR"). NULL: derived from the
	 * code by sr_store_party(); a dictionary's own party overrides that. */
	const char *source_party, *target_party;
	const char *cameo;                 /* "062", "1712"; required */
	const char *root;                  /* "06" */
	int quad;                          /* 1..4, 0 unknown */
	double goldstein;                  /* meaningful when quad != 0 */
	const char *plover;                /* "COOPERATE" */
	const char *text;                  /* the evidence, text_len bytes (UTF-8); NULL none */
	size_t text_len;
	size_t start, end;                 /* the evidence's byte span in the body */
	unsigned flags;                    /* code.h's SR_EV_* bits, kept as they are */
} sr_store_event;

/* What coding a document gave: its events, and which dictionaries gave
 * them (a fingerprint, free text; may be NULL). n may be 0: the document was
 * coded and had no event. */
typedef struct sr_store_coding {
	const sr_store_event *ev;
	size_t n;
	const char *dict;
} sr_store_coding;

/* sr_store_put_keyed, and the document's events with it, in the same
 * transaction (the caller's, or its own): both are stored or neither. Only a
 * document stored as new (SR_PUT_ADDED) gets its events: a duplicate changes
 * nothing, and a near-duplicate is linked to its original, whose events
 * already count — an event is counted once however many copies report it.
 * coding NULL: not coded (as sr_store_put_keyed). An event that breaks the
 * rules above (no cameo, a span that ends before it starts, a code longer
 * than SR_STORE_CODE_MAX) refuses the whole document with SR_EINPUT before
 * anything is written. */
#define SR_STORE_CODE_MAX 64
int sr_store_put_coded(sr_store *s, const sr_doc *d, const sr_store_key *key,
		       const sr_store_coding *coding, sr_put_result *res /* OUT */, sr_error *err);

/* The party (dyad key) of an actor code when the dictionary gave none: the
 * first three characters ("BLRMIL" → "BLR"); for an intergovernmental
 * organisation coded the CAMEO way, IGO + region + organisation, the
 * organisation ("IGOWSTNAT" → "NAT", "IGOEUREEC" → "EEC", "IGOUNO" →
 * "UNO"). "" for an empty code. out has room for 4 bytes. */
void sr_store_party(const char *code, char out[4] /* OUT */);

/* Which events to list. Every filter is optional (NULL or 0 = any). */
typedef struct sr_event_query {
	/* A dyad: events between parties a and b, either way (a → b and b → a),
	 * or only a → b with directed. Both or neither. Matched exactly, in
	 * upper case. */
	const char *party_a, *party_b;
	int directed;
	const char *actor; /* an actor code prefix, source or target ("BLR", "RUSMIL") */
	const char *root;  /* CAMEO root, two digits ("06") */
	int quad;          /* 1..4 */
	sr_date from, to;  /* on the event date; either set leaves undated events out */
	int64_t doc_id;    /* one document's events */
	size_t limit, offset; /* limit 0: all */
} sr_event_query;

/* One listed event with what the reader needs of its document; pointers are
 * valid only during the callback. */
typedef struct sr_event_row {
	int64_t id, doc_id;
	sr_store_event ev; /* parties filled in */
	const char *file, *ext_id, *url, *title, *publication;
	long line; /* JSONL line, 0 if none */
	sr_date doc_date;
} sr_event_row;

/* Calls fn for each event in order of date (undated first), document,
 * sentence; a non-zero return stops. Returns 0, SR_EINPUT for a query that
 * makes no sense (one party of a dyad, a malformed root, from after to),
 * SR_ESTORE. */
typedef int (*sr_event_row_fn)(void *ud, const sr_event_row *row);
int sr_store_events(sr_store *s, const sr_event_query *q, sr_event_row_fn fn, void *ud,
		    sr_error *err);

/* ---- event series (trend) ---- */

typedef enum {
	SR_SERIES_WEEK = 0,  /* ISO weeks, Monday to Sunday: "2019-W12" */
	SR_SERIES_MONTH = 1, /* calendar months: "2019-03" */
} sr_series_by;

/* Events over time: a dyad's (both directions unless directed), one
 * party's (as source or target), or all of them; optionally only one
 * sphere's (sphere.h). from/to (0 = open) bound the event date, inclusive.
 * Undated events are never in a series. */
typedef struct sr_series_query {
	const char *party_a, *party_b; /* a dyad: both, or neither */
	int directed;
	const char *party;             /* instead of a dyad: one party, either side */
	const struct sr_spheres *spheres; /* NULL: every event; else only those */
	int sphere;                    /* of the sphere with this index */
	sr_series_by by;
	sr_date from, to;
} sr_series_query;

enum { SR_SERIES_TOP = 3 };

/* One period of the series. Events with an unknown quad class count in
 * events only (their Goldstein score is unknown too). */
typedef struct sr_series_bucket {
	char period[16];        /* "2019-W12" or "2019-03" */
	sr_date start, end;     /* the period's first and last day */
	int64_t events;
	int64_t quad[4];        /* quad classes 1..4 */
	int64_t cooperation;    /* quad 1 + 2 */
	int64_t conflict;       /* quad 3 + 4 */
	int64_t scored;         /* events with a Goldstein score */
	double goldstein_sum;   /* over the scored events */
	double goldstein_mean;  /* sum / scored; meaningless when scored is 0 */
	/* The events that weigh most: highest |Goldstein| first, ties by date
	 * then id; ntop <= SR_SERIES_TOP, only scored events. */
	int64_t top[SR_SERIES_TOP];
	size_t ntop;
	/* Articles the store holds for the period, whatever their events (by
	 * their week period when they state one, else by their date): what
	 * tells a quiet period from one nobody reported on. */
	int64_t documents;
	/* The period against the ones before it (trend.h): label, confidence,
	 * and the change in cooperation against conflict behind it. */
	sr_trend_judgement trend;
} sr_series_bucket;

/* Calls fn for each period in order, from the first period holding an event
 * to the last, the empty ones between included (all zeros), so the series
 * can be charted as it is; none at all when no event matches. A non-zero
 * return from fn stops. Memory grows with the events matched (24 bytes
 * each). Returns 0, SR_EINPUT for a query that makes no sense (one party of
 * a dyad, a malformed party, a sphere not in spheres, an unknown grouping,
 * from after to), SR_ESTORE. */
typedef int (*sr_series_fn)(void *ud, const sr_series_bucket *b);
int sr_store_series(sr_store *s, const sr_series_query *q, sr_series_fn fn, void *ud, sr_error *err);

/* sr_store_series for every sphere of q->spheres at once (q->sphere is not
 * used): one pass over the events, then fn(ud, sphere, bucket) for each
 * sphere's periods in turn, sphere 0 first; a sphere without events has
 * none. The way to read many spheres' series: one scan, not one each. */
typedef int (*sr_series_sphere_fn)(void *ud, int sphere, const sr_series_bucket *b);
int sr_store_series_spheres(sr_store *s, const sr_series_query *q, sr_series_sphere_fn fn, void *ud,
			    sr_error *err);

/* Articles (near-duplicates left out) per period, by their stated week
 * period or else their date: fn(ud, date) once per article with a date,
 * in no particular order. */
int sr_store_doc_dates(sr_store *s, int (*fn)(void *ud, sr_date d), void *ud, sr_error *err);

/* The ids of the articles (near-duplicates left out) whose stated week
 * period starts, or else whose date falls, within [from, to]: fn(ud, id)
 * for each in id order; a non-zero return stops. */
int sr_store_doc_ids(sr_store *s, sr_date from, sr_date to, int (*fn)(void *ud, int64_t id), void *ud,
		     sr_error *err);

/* A page of the stored articles (near-duplicates left out), newest first
 * (by date, undated last, then id). Filters as for search; NULL/0 = any. */
typedef struct sr_doc_query {
	sr_date from, to;
	const char *publication, *section;
	size_t limit, offset; /* limit 0 = 20 */
} sr_doc_query;

typedef struct sr_doc_row {
	int64_t id;
	const char *title, *publication, *section, *file, *url; /* may be NULL */
	sr_date date;
	sr_trend trend, trend_assessed;
	const char *language;
} sr_doc_row;

/* fn for each row (pointers valid during the call; non-zero stops);
 * *total (may be NULL) gets the count before paging. */
int sr_store_documents(sr_store *s, const sr_doc_query *q, int (*fn)(void *ud, const sr_doc_row *row),
		       void *ud, size_t *total /* OUT */, sr_error *err);

/* The dyads with most events dated within [from, to] (0 = open), most
 * first: fn(ud, party_a, party_b, events) with a <= b (both directions
 * counted together); at most k. */
int sr_store_top_dyads(sr_store *s, sr_date from, sr_date to, size_t k,
		       int (*fn)(void *ud, const char *a, const char *b, int64_t events), void *ud,
		       sr_error *err);

/* A number that changes whenever another connection (an ingest) commits
 * to the store: what a reader caching answers compares. 0 on failure. */
int64_t sr_store_generation(sr_store *s);

/* Bound the store time of what follows: a query still running after
 * seconds (from now) stops with SR_ESTORE "interrupted". 0 lifts it. A
 * server sets it per request. */
void sr_store_deadline(sr_store *s, double seconds);

/* ---- feeds: the live intake's memory ---- */

/* What the store remembers of a feed: the validators of its last answer
 * (for a conditional GET), when it was fetched, the HTTP status, and how
 * many fetches in a row failed. Strings are "" when unknown. */
typedef struct sr_feed_state {
	char etag[256];
	char last_modified[64];
	char fetched_at[24]; /* "2026-11-23T16:50:00Z" (read only) */
	int status;
	int failures;
} sr_feed_state;

/* 1 and *out filled if the feed is known, 0 if not, or a negative sr_status. */
int sr_store_feed_get(sr_store *s, const char *url, sr_feed_state *out /* OUT */, sr_error *err);
/* Record a fetch of the feed (fetched_at is now). */
int sr_store_feed_put(sr_store *s, const char *url, const sr_feed_state *f, sr_error *err);
/* Was item_id of the feed taken already? 1 (and *doc_id: the article it
 * brought, 0 if none was stored), 0 if not, or a negative sr_status. */
int sr_store_item_seen(sr_store *s, const char *feed_url, const char *item_id, int64_t *doc_id /* OUT */,
		       sr_error *err);
/* Mark the item as taken, with the article it brought (doc_id 0: none, e.g.
 * its page could not be read). Call it in the transaction that stored the
 * article, so that both are kept or neither. Marking twice changes nothing. */
int sr_store_item_mark(sr_store *s, const char *feed_url, const char *item_id, const char *link,
		       int64_t doc_id, sr_error *err);

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
	int64_t events, coded; /* events stored; documents coded (with or without events) */
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
