/* store_sqlite_rank.h — BM25 for the SQLite engine's search, without the
 * per-match costs of FTS5's own bm25().
 *
 * FTS5's bm25() spends most of a ranking on two things: on its first row it
 * counts, for each phrase of the query, every row that phrase matches (a
 * walk over the whole doclist of a common word: 56,000 callbacks for
 * "region" in the 100,000-article bench store), and on every row it reads
 * the row's length from the %_docsize table (a b-tree seek, about 1.2 µs).
 * sitrep_bm25() computes the same score — the same formula, the same
 * operations in the same order, so the same double — with the lengths
 * cached per connection (each read once, then a load from an array; the
 * cache is dropped whenever the database changes) and a phrase's count
 * taken from the caller where it has one (a one-phrase search counts its
 * matches anyway).
 *
 * Only the SQLite engine (store_sqlite.c) uses this. */
#ifndef SITREP_STORE_SQLITE_RANK_H
#define SITREP_STORE_SQLITE_RANK_H

#include <sqlite3.h>
#include <stddef.h>
#include <stdint.h>

typedef struct sq_rank sq_rank;

/* The first index of the sorted v[0..n) whose value is >= x (n if none). */
static inline size_t sq_lower_bound(const int64_t *v, size_t n, int64_t x)
{
	size_t lo = 0, hi = n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (v[mid] < x)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* Registers sitrep_bm25 on db (the state lives until sq_rank_free, which
 * must come after db is closed). SQLITE_OK or an SQLite error code. Usage:
 *   sitrep_bm25(documents_fts, COUNTS, w_title, w_body)
 * COUNTS is a blob of one int64 per phrase of the MATCH expression, in its
 * order: the rows the phrase matches, or -1 to have them counted as bm25()
 * does. The score is bm25()'s: lower is better. */
int sq_rank_new(sqlite3 *db, sq_rank **out /* OUT */);
void sq_rank_free(sq_rank *r);

/* sitrep_count(documents_fts), on one row of a one-phrase MATCH: the rows
 * the phrase matches, less those whose ids are in the skip list — a walk
 * over the phrase's doclist that costs a fraction of stepping through the
 * matches in SQL. The count with them is then sq_rank_rows. */
void sq_rank_skip(sq_rank *r, const int64_t *ids /* sorted; borrowed */, size_t n);
int64_t sq_rank_rows(const sq_rank *r);

/* Phrase counts for COUNTS, remembered per connection until the database
 * changes: the phrase is spelled as in the MATCH expression ("word" or
 * "word"*), n bytes. sq_rank_phrase_rows is -1 for one not remembered;
 * sq_rank_counted(r, i) is what the last sitrep_bm25 counted for its i-th
 * phrase itself (-1 none) — after a ranking, the caller remembers those. */
int64_t sq_rank_phrase_rows(sq_rank *r, const char *phrase, size_t n);
int64_t sq_rank_counted(const sq_rank *r, int i);
void sq_rank_remember(sq_rank *r, const char *phrase, size_t n, int64_t rows);

/* At the start of each search: forgets what the last ranking counted, and
 * the cached lengths and phrase counts when version (PRAGMA data_version
 * with the connection's own sqlite3_total_changes64) differs from the last
 * one seen. */
void sq_rank_sync(sq_rank *r, const int64_t version[2]);

#endif
