/* store_sqlite.c — the SQLite engine of the store: one file, WAL, FTS5.
 *
 * Schema and its reasons are in docs/store.md. In short: documents hold every
 * sr_doc field plus content_hash (UNIQUE, for idempotent ingest), the
 * near-duplicate sketch and dup_of; citations hang off documents;
 * documents_fts is an FTS5 index with external content (the text lives once,
 * in documents, and snippet() can still read it); nd_bands lets a
 * near-duplicate's candidates be found by one index lookup per band key
 * instead of a scan. events hold the coded events of documents stored as new,
 * codings which documents were coded with which dictionaries
 * (docs/events.md).
 *
 * Every statement is prepared once per handle and kept (SQLITE_PREPARE_PERSISTENT);
 * values are always bound, never spliced into SQL. The schema is versioned in
 * PRAGMA user_version and brought up to date by the ordered steps in
 * migrations[], all in one transaction. */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "store_engine.h"
#include "store_sqlite_rank.h"
#include "util/buf.h"
#include "util/limits.h"
#include "util/minhash.h"

/* "sitr" — marks the file as ours, so we never migrate someone else's database. */
#define SQ_APPLICATION_ID 0x73697472

/* How long a writer waits for another writer (a concurrent ingest, a
 * checkpoint) before giving up with "database is locked". An ingest batch
 * holds the lock about a second; the optimize after a bulk ingest about 1.4 s
 * per 100,000 documents stored (a store of millions would need more). */
#define SQ_BUSY_MS 10000

/* ---- schema ---- */

/* Each step takes the schema from version i to i + 1. Steps are never edited
 * once released: a change is a new step. Column order in documents matters for
 * speed: the small columns a search filter reads come before body, so those
 * reads stay on the row's first page. */
static const char *const migrations[] = {
	/* 1: the first schema */
	"CREATE TABLE documents (\n"
	"  id             INTEGER PRIMARY KEY,\n"
	"  content_hash   BLOB NOT NULL UNIQUE,\n"
	"  dup_of         INTEGER REFERENCES documents(id),\n"
	"  added_at       TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),\n"
	"  date           TEXT,\n"
	"  date_basis     TEXT,\n"
	"  publication    TEXT,\n"
	"  section        TEXT,\n"
	"  period_start   TEXT,\n"
	"  period_end     TEXT,\n"
	"  trend          TEXT,\n"
	"  trend_assessed TEXT,\n"
	"  volume         INTEGER,\n"
	"  issue          INTEGER,\n"
	"  language       TEXT NOT NULL,\n"
	"  file           TEXT,\n"
	"  line           INTEGER,\n"
	"  ext_id         TEXT,\n"
	"  url            TEXT,\n"
	"  title          TEXT,\n"
	"  byline         TEXT,\n"
	"  body           TEXT NOT NULL\n"
	");\n"
	/* Every index is a b-tree write per document: only what a query uses.
	 * The analysis stages read by date. */
	"CREATE INDEX documents_date ON documents(date);\n"
	"CREATE INDEX documents_dup_of ON documents(dup_of) WHERE dup_of IS NOT NULL;\n"
	"CREATE TABLE citations (\n"
	"  doc_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,\n"
	"  ord    INTEGER NOT NULL,\n"
	"  name   TEXT,\n"
	"  date   TEXT,\n"
	"  PRIMARY KEY (doc_id, ord)\n"
	") WITHOUT ROWID;\n"
	/* The near-duplicate candidate index: one row per band key of each
	 * comparable document. One b-tree, no foreign key (a check per row);
	 * documents are never deleted. */
	"CREATE TABLE nd_bands (\n"
	"  key    INTEGER NOT NULL,\n"
	"  doc_id INTEGER NOT NULL,\n"
	"  PRIMARY KEY (key, doc_id)\n"
	") WITHOUT ROWID;\n"
	/* Each comparable document's sketch and root original, apart from the
	 * wide rows (bodies) so that checking a candidate reads a small b-tree
	 * that stays in cache. */
	"CREATE TABLE nd_docs (\n"
	"  doc_id INTEGER PRIMARY KEY,\n"
	"  root   INTEGER NOT NULL,\n"
	"  sketch BLOB NOT NULL\n"
	");\n"
	"CREATE VIRTUAL TABLE documents_fts USING fts5(\n"
	"  title, body, content='documents', content_rowid='id',\n"
	"  tokenize='porter unicode61 remove_diacritics 2'\n"
	");\n"
	/* The title is short and says what the article is about: a match there
	 * weighs ten times one in the body. Stored as the table's default rank. */
	"INSERT INTO documents_fts(documents_fts, rank) VALUES ('rank', 'bm25(10.0, 1.0)');\n"
	/* FTS5 keeps new terms in memory until this many bytes, then writes
	 * a segment: with the default (1 MB) a batch of ingest wrote several
	 * small segments that were merged again at once. */
	"INSERT INTO documents_fts(documents_fts, rank) VALUES ('hashsize', 16777216);\n"
	/* Merge 16 segments of a level at a time instead of 4: each posting is
	 * rewritten half as often while a big ingest grows the index (a bulk
	 * ingest ends with an optimize, see sr_store_optimize). */
	"INSERT INTO documents_fts(documents_fts, rank) VALUES ('automerge', 16);\n"
	/* Inserts reach the index from insert_doc (ST_INSERT_FTS), not from a
	 * trigger: a statement that fires a trigger keeps a statement journal,
	 * a copy of every page it touches, for each document. Deletes and
	 * updates (never done by sitrep itself) are kept in step here. */
	"CREATE TRIGGER documents_fts_ad AFTER DELETE ON documents BEGIN\n"
	"  INSERT INTO documents_fts(documents_fts, rowid, title, body)\n"
	"    VALUES ('delete', old.id, old.title, old.body);\n"
	"END;\n"
	"CREATE TRIGGER documents_fts_au AFTER UPDATE OF title, body ON documents BEGIN\n"
	"  INSERT INTO documents_fts(documents_fts, rowid, title, body)\n"
	"    VALUES ('delete', old.id, old.title, old.body);\n"
	"  INSERT INTO documents_fts(rowid, title, body) VALUES (new.id, new.title, new.body);\n"
	"END;\n"
	"PRAGMA application_id = 1936290930;\n",

	/* 2: coded events. One row per event of a document stored as new
	 * (near-duplicates and duplicates add none: an event counts once).
	 * source_party/target_party are the dyad keys, kept beside the codes
	 * because a dictionary may give a party that is not the code's first
	 * letters. Columns the filters and the sort read come first; the
	 * evidence text last. */
	"CREATE TABLE events (\n"
	"  id           INTEGER PRIMARY KEY,\n"
	"  doc_id       INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,\n"
	"  sentence     INTEGER NOT NULL,\n"
	"  date         TEXT,\n"
	"  source_party TEXT,\n"
	"  target_party TEXT,\n"
	"  source       TEXT,\n"
	"  target       TEXT,\n"
	"  cameo        TEXT NOT NULL,\n"
	"  root         TEXT,\n"
	"  quad         INTEGER,\n"
	"  goldstein    REAL,\n"
	"  plover       TEXT,\n"
	"  flags        INTEGER NOT NULL DEFAULT 0,\n"
	"  span_start   INTEGER NOT NULL,\n"
	"  span_end     INTEGER NOT NULL,\n"
	"  source_name  TEXT,\n"
	"  target_name  TEXT,\n"
	"  text         TEXT\n"
	");\n"
	/* The listing order (date, document, sentence) is this index's order,
	 * so a listing with a limit reads no more rows than it prints; date
	 * ranges use it too. A dyad is two lookups in events_dyad (a → b, b →
	 * a), dated ranges within them. events_doc serves the cascade from
	 * documents. An actor prefix (either side) has no index of its own: it
	 * scans in date order, which is quick for the common actors of a
	 * corpus and stops at the limit. */
	"CREATE INDEX events_date ON events(date, doc_id, sentence);\n"
	"CREATE INDEX events_doc ON events(doc_id);\n"
	"CREATE INDEX events_dyad ON events(source_party, target_party, date);\n"
	/* Which documents were coded, with which dictionaries, giving how many
	 * events: a document coded with no event has a row here and none in
	 * events; one stored without coding (ingest --no-code, or before
	 * schema 2) has neither, so a later run can tell what to code. */
	"CREATE TABLE codings (\n"
	"  doc_id   INTEGER PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE,\n"
	"  dict     TEXT,\n"
	"  events   INTEGER NOT NULL,\n"
	"  coded_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))\n"
	");\n",

	/* 3: the live intake's memory. A feed's validators (ETag,
	 * Last-Modified) for the next conditional GET, and every item taken
	 * from it: an item row is written in the same transaction as the
	 * article it brought, so after a crash an item is either stored and
	 * marked or neither, and a restart takes up exactly what was missing. */
	"CREATE TABLE feeds (\n"
	"  url           TEXT PRIMARY KEY,\n"
	"  etag          TEXT,\n"
	"  last_modified TEXT,\n"
	"  fetched_at    TEXT,\n"
	"  status        INTEGER,\n"
	"  failures      INTEGER NOT NULL DEFAULT 0\n"
	");\n"
	"CREATE TABLE feed_items (\n"
	"  feed_url TEXT NOT NULL,\n"
	"  item_id  TEXT NOT NULL,\n"
	"  link     TEXT,\n"
	"  doc_id   INTEGER REFERENCES documents(id) ON DELETE SET NULL,\n"
	"  seen_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),\n"
	"  PRIMARY KEY (feed_url, item_id)\n"
	") WITHOUT ROWID;\n",
};
enum { SQ_SCHEMA_VERSION = (int)(sizeof migrations / sizeof migrations[0]) };

/* ST_INSERT_BAND spells out one parameter per band. */
_Static_assert(SR_MINHASH_BANDS == 12, "the band statements need one parameter per band");

/* ---- statements ---- */

enum {
	ST_BEGIN,
	ST_BEGIN_READ,
	ST_COMMIT,
	ST_ROLLBACK,
	ST_FIND_HASH,
	ST_BAND_CANDIDATES,
	ST_ND_DOC,
	ST_INSERT_ND_DOC,
	ST_GET_BODY,
	ST_INSERT_DOC,
	ST_INSERT_CITE,
	ST_INSERT_FTS,
	ST_INSERT_BAND,
	ST_GET_DOC,
	ST_GET_CITES,
	ST_SEARCH_SCAN,
	ST_SEARCH_SCAN_NF,
	ST_SEARCH_COUNT_NF,
	ST_SEARCH_RANK,
	ST_SEARCH_RANK_NF,
	ST_SEARCH_RANK_DESC_NF,
	ST_SEARCH_HIT,
	ST_DUP_IDS,
	ST_STATS,
	ST_STATS_CITES,
	ST_OPTIMIZE,
	ST_PUBLICATIONS,
	ST_INSERT_EVENT,
	ST_INSERT_CODING,
	ST_STATS_EVENTS,
	ST_SERIES,
	ST_SERIES_DIRECTED,
	ST_SERIES_PARTY,
	ST_SERIES_ALL,
	ST_SERIES_PARTY_DATES,
	ST_SERIES_ALL_DATES,
	ST_DOC_DATES,
	ST_DOC_IDS,
	ST_TOP_DYADS,
	ST_FEED_GET,
	ST_FEED_PUT,
	ST_ITEM_SEEN,
	ST_ITEM_MARK,
	ST_DATA_VERSION,
	ST_DOCS,
	ST_DOCS_COUNT,
	ST__COUNT
};

/* A search is two passes over FTS5's matches. The scan walks them newest
 * first, counting them and finding where ranking stops (SQ_RANK_CAP); the
 * rank pass scores the matches from there on with BM25 and store.c's caller
 * gets the best. Both passes share the filters: ?1 the MATCH expression,
 * ?2/?3 date range, ?4 publication, ?5 section, ?6 include near-duplicates;
 * a NULL parameter switches its filter off, so one prepared statement serves
 * every combination. FTS5 drives (MATCH is the selective part); the filter
 * columns come from the documents row. */
#define SQ_SEARCH_FROM_WHERE                                                                         \
	" FROM documents_fts f JOIN documents d ON d.id = f.rowid"                                   \
	" WHERE documents_fts MATCH ?1"                                                               \
	" AND (?2 IS NULL OR d.date >= ?2) AND (?3 IS NULL OR d.date <= ?3)"                        \
	" AND (?4 IS NULL OR d.publication = ?4) AND (?5 IS NULL OR d.section = ?5)"                \
	" AND (?6 OR d.dup_of IS NULL)"

/* The same without date, publication or section filters — the common case —
 * reads nothing per match but the index: near-duplicates are left out in C,
 * against the sorted ids of sq_store.dups (a set probe in SQL cost a third
 * of the whole search on a large result). */
#define SQ_SEARCH_FROM_WHERE_NOFILTER " FROM documents_fts f WHERE documents_fts MATCH ?1"

/* BM25 with a match in the title weighing ten times one in the body: the
 * title is short and says what the article is about. sitrep_bm25 is FTS5's
 * bm25() with ?10 the rows each phrase matches, counted beforehand, and the
 * rows' lengths cached (store_sqlite_rank.h): the same scores at a fraction
 * of the cost. */
#define SQ_BM25 "sitrep_bm25(documents_fts, ?10, 10.0, 1.0)"

/* Ranking computes BM25 for every match, about half a microsecond each; a query
 * matching most of a large store ("Belarus" in a Belarus corpus) would take
 * far longer than an interactive search should. So at most this many matches
 * are ranked: the most recently stored ones that pass the filters. Below it
 * (nearly every real query) the ranking is exact. */
#define SQ_RANK_CAP 3000
static const char *const stmt_sql[ST__COUNT] = {
	[ST_BEGIN] = "BEGIN IMMEDIATE",
	[ST_BEGIN_READ] = "BEGIN",
	[ST_COMMIT] = "COMMIT",
	[ST_ROLLBACK] = "ROLLBACK",
	[ST_FIND_HASH] = "SELECT id FROM documents WHERE content_hash = ?1",
	/* The documents sharing one band key (at most ?2, see SQ_STOP_KEY). */
	[ST_BAND_CANDIDATES] = "SELECT doc_id FROM nd_bands WHERE key = ?1 LIMIT ?2",
	[ST_ND_DOC] = "SELECT root, sketch FROM nd_docs WHERE doc_id = ?1",
	[ST_INSERT_ND_DOC] = "INSERT INTO nd_docs (doc_id, root, sketch) VALUES (?1, ?2, ?3)",
	[ST_GET_BODY] = "SELECT body FROM documents WHERE id = ?1",
	[ST_INSERT_DOC] = "INSERT INTO documents (content_hash, dup_of, date, date_basis,"
			  " publication, section, period_start, period_end, trend, trend_assessed,"
			  " volume, issue, language, file, line, ext_id, url, title, byline, body)"
			  " VALUES (?1, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15,"
			  " ?16, ?17, ?18, ?19, ?20, ?21)",
	[ST_INSERT_CITE] = "INSERT INTO citations (doc_id, ord, name, date) VALUES (?1, ?2, ?3, ?4)",
	[ST_INSERT_FTS] = "INSERT INTO documents_fts (rowid, title, body) VALUES (?1, ?2, ?3)",
	/* All band keys of a document in one statement (?13 the id). */
	[ST_INSERT_BAND] = "INSERT OR IGNORE INTO nd_bands (key, doc_id) VALUES (?1, ?13), (?2, ?13),"
			   " (?3, ?13), (?4, ?13), (?5, ?13), (?6, ?13), (?7, ?13), (?8, ?13), (?9, ?13),"
			   " (?10, ?13), (?11, ?13), (?12, ?13)",
	[ST_GET_DOC] = "SELECT file, line, ext_id, url, publication, title, byline, section,"
		       " period_start, period_end, date, date_basis, trend, trend_assessed,"
		       " volume, issue, language, body, dup_of FROM documents WHERE id = ?1",
	[ST_GET_CITES] = "SELECT name, date FROM citations WHERE doc_id = ?1 ORDER BY ord",
	/* Every match, newest first (the scan). */
	[ST_SEARCH_SCAN] = "SELECT f.rowid" SQ_SEARCH_FROM_WHERE " ORDER BY f.rowid DESC",
	[ST_SEARCH_SCAN_NF] = "SELECT f.rowid" SQ_SEARCH_FROM_WHERE_NOFILTER " ORDER BY f.rowid DESC",
	/* A one-phrase MATCH's count, computed on its first row. */
	[ST_SEARCH_COUNT_NF] = "SELECT sitrep_count(documents_fts)" SQ_SEARCH_FROM_WHERE_NOFILTER " LIMIT 1",
	/* The matches from ?9 on, scored (FTS5 starts its doclists at ?9). */
	[ST_SEARCH_RANK] = "SELECT f.rowid, " SQ_BM25 SQ_SEARCH_FROM_WHERE " AND f.rowid >= ?9",
	[ST_SEARCH_RANK_NF] = "SELECT f.rowid, " SQ_BM25 SQ_SEARCH_FROM_WHERE_NOFILTER " AND f.rowid >= ?9",
	/* Every match, newest first, scored (a lone phrase's ranking). */
	[ST_SEARCH_RANK_DESC_NF] = "SELECT f.rowid, " SQ_BM25 SQ_SEARCH_FROM_WHERE_NOFILTER " ORDER BY f.rowid DESC",
	/* One hit's fields and snippet (FTS5 finds one rowid's matches by seeking). */
	[ST_SEARCH_HIT] = "SELECT d.date, d.publication, d.section, d.title, d.file,"
			  " snippet(documents_fts, 1, char(2), char(3), '…', 24)"
			  " FROM documents_fts JOIN documents d ON d.id = documents_fts.rowid"
			  " WHERE documents_fts MATCH ?1 AND documents_fts.rowid = ?2",
	[ST_DUP_IDS] = "SELECT id FROM documents WHERE dup_of IS NOT NULL ORDER BY id",
	[ST_STATS] = "SELECT count(*), count(dup_of), min(date), max(date), count(DISTINCT publication)"
		     " FROM documents",
	[ST_STATS_CITES] = "SELECT count(*) FROM citations",
	[ST_OPTIMIZE] = "INSERT INTO documents_fts(documents_fts) VALUES ('optimize')",
	[ST_PUBLICATIONS] = "SELECT publication, count(*) FROM documents"
			    " WHERE dup_of IS NULL"
			    " GROUP BY publication ORDER BY 2 DESC, 1",
	[ST_INSERT_EVENT] = "INSERT INTO events (doc_id, sentence, date, source_party, target_party,"
			    " source, target, cameo, root, quad, goldstein, plover, flags, span_start,"
			    " span_end, source_name, target_name, text) VALUES (?1, ?2, ?3, ?4, ?5, ?6,"
			    " ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18)",
	[ST_INSERT_CODING] = "INSERT INTO codings (doc_id, dict, events) VALUES (?1, ?2, ?3)",
	[ST_STATS_EVENTS] = "SELECT (SELECT count(*) FROM events), (SELECT count(*) FROM codings)",
	/* The dated events of a series, in no order (store.c sorts what it
	 * keeps). A dyad: ?1, ?2 the parties, ?3..?4 the date range (always
	 * bound, so each direction is one range in events_dyad); both
	 * directions as a UNION ALL of the two ranges: an event between a
	 * party and itself (a = b) is still one row, since then the second arm
	 * is the first's and is left out by ?1 <> ?2. One party (?1) or all: a
	 * scan, which at a million events is cheaper than a sort. The codes
	 * come last so that a series without spheres never reads them. */
#define SERIES_COLS "SELECT id, date, quad, goldstein, cameo, plover, source, target, source_party," \
		    " target_party FROM events"
	[ST_SERIES] = SERIES_COLS
		      " WHERE source_party = ?1 AND target_party = ?2 AND date >= ?3 AND date <= ?4"
		      " UNION ALL " SERIES_COLS
		      " WHERE ?1 <> ?2 AND source_party = ?2 AND target_party = ?1"
		      " AND date >= ?3 AND date <= ?4",
	[ST_SERIES_DIRECTED] = SERIES_COLS
			       " WHERE source_party = ?1 AND target_party = ?2"
			       " AND date >= ?3 AND date <= ?4",
	[ST_SERIES_PARTY] = SERIES_COLS " NOT INDEXED WHERE (source_party = ?1 OR target_party = ?1)"
			    " AND date >= ?3 AND date <= ?4",
	[ST_SERIES_ALL] = SERIES_COLS " NOT INDEXED WHERE date >= ?3 AND date <= ?4",
	/* with a date bound: a range of events_date, worth it when the range
	 * is a small part of the table (a bulletin's weeks) */
	[ST_SERIES_PARTY_DATES] = SERIES_COLS " INDEXED BY events_date WHERE (source_party = ?1 OR"
				  " target_party = ?1) AND date >= ?3 AND date <= ?4",
	[ST_SERIES_ALL_DATES] = SERIES_COLS " INDEXED BY events_date WHERE date >= ?3 AND date <= ?4",
#undef SERIES_COLS
	[ST_DOC_DATES] = "SELECT coalesce(period_start, date) FROM documents WHERE dup_of IS NULL",
	/* both directions together: the pair in order, a <= b */
	/* A page of documents, newest first. The filters are optional here
	 * (?n IS NULL OR …): the listing reads documents_date in order and
	 * stops after a page, which a filter only makes read further. */
	[ST_DOCS] = "SELECT id, title, publication, section, file, url, date, trend, trend_assessed, language"
		    " FROM documents WHERE dup_of IS NULL AND (?1 IS NULL OR date >= ?1)"
		    " AND (?2 IS NULL OR date <= ?2) AND (?3 IS NULL OR publication = ?3)"
		    " AND (?4 IS NULL OR section = ?4)"
		    " ORDER BY date DESC, id DESC LIMIT ?5 OFFSET ?6", /* NULL sorts last descending */
	[ST_DOCS_COUNT] = "SELECT count(*) FROM documents WHERE dup_of IS NULL AND (?1 IS NULL OR date >= ?1)"
			  " AND (?2 IS NULL OR date <= ?2) AND (?3 IS NULL OR publication = ?3)"
			  " AND (?4 IS NULL OR section = ?4)",
	[ST_DATA_VERSION] = "PRAGMA data_version",
	[ST_FEED_GET] = "SELECT etag, last_modified, fetched_at, status, failures FROM feeds WHERE url = ?1",
	[ST_FEED_PUT] = "INSERT INTO feeds (url, etag, last_modified, fetched_at, status, failures)"
			" VALUES (?1, ?2, ?3, strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), ?4, ?5)"
			" ON CONFLICT(url) DO UPDATE SET etag = ?2, last_modified = ?3,"
			" fetched_at = excluded.fetched_at, status = ?4, failures = ?5",
	[ST_ITEM_SEEN] = "SELECT doc_id FROM feed_items WHERE feed_url = ?1 AND item_id = ?2",
	[ST_ITEM_MARK] = "INSERT OR IGNORE INTO feed_items (feed_url, item_id, link, doc_id)"
			 " VALUES (?1, ?2, ?3, ?4)",
	[ST_TOP_DYADS] = "SELECT min(source_party, target_party), max(source_party, target_party), count(*)"
			 " FROM events WHERE date >= ?1 AND date <= ?2 AND source_party <> ''"
			 " AND target_party <> '' GROUP BY 1, 2 ORDER BY 3 DESC, 1, 2 LIMIT ?3",
	/* a week's articles: by date through documents_date (a weekly period
	 * starts at most 6 days before the article's date), then exactly */
	[ST_DOC_IDS] = "SELECT id FROM documents WHERE dup_of IS NULL"
		       " AND ((period_start IS NULL AND date >= ?1 AND date <= ?2)"
		       " OR (period_start >= ?1 AND period_start <= ?2)) ORDER BY id",
};

/* ---- the event listing ----
 *
 * One statement per combination of filters (sr_event_sql), made when first
 * used and kept for the handle's life. */

#define SQ_EVENT_COLUMNS                                                                            \
	"SELECT e.id, e.doc_id, e.sentence, e.date, e.source_party, e.target_party, e.source,"     \
	" e.target, e.cameo, e.root, e.quad, e.goldstein, e.plover, e.flags, e.span_start,"         \
	" e.span_end, e.source_name, e.target_name, e.text, d.file, d.line, d.ext_id, d.url,"       \
	" d.title, d.publication, d.date FROM events e JOIN documents d ON d.id = e.doc_id WHERE 1"


typedef struct sq_store {
	sqlite3 *db;
	double deadline; /* CLOCK_MONOTONIC seconds after which queries stop; 0 none */
	sqlite3_stmt *st[ST__COUNT];
	sqlite3_stmt *evq[EVQ__COMBINATIONS]; /* event listings, made when first used */
	int readonly;
	/* A put failed inside the caller's transaction, which may hold half a
	 * document: it can only be rolled back. */
	int failed;
	/* The ids of near-duplicates, sorted, as of dups_key (data_version and
	 * this handle's own changes); what the unfiltered search leaves out. */
	int64_t *dups;
	size_t ndups;
	int64_t dups_key[2];
	int dups_valid;
	sq_rank *rank; /* sitrep_bm25's state */
	char path[512];
} sq_store;

/* ---- errors ---- */

static int sq_fail(sq_store *s, sr_error *err, int rc, const char *what)
{
	int prim = rc & 0xff;
	sr_status code = (prim == SQLITE_IOERR || prim == SQLITE_FULL || prim == SQLITE_CANTOPEN ||
			  prim == SQLITE_READONLY || prim == SQLITE_PERM)
				 ? SR_EIO
				 : prim == SQLITE_NOMEM ? SR_ENOMEM : SR_ESTORE;
	const char *msg = s->db ? sqlite3_errmsg(s->db) : sqlite3_errstr(rc);
	if (prim == SQLITE_NOTADB)
		msg = "not an SQLite database";
	return sr_error_set(err, code, s->path, 0, -1, "%s: %s", what, msg);
}

/* ---- statement cache ---- */

static sqlite3_stmt *stmt(sq_store *s, int id, sr_error *err)
{
	if (!s->st[id]) {
		int rc = sqlite3_prepare_v3(s->db, stmt_sql[id], -1, SQLITE_PREPARE_PERSISTENT,
					    &s->st[id], NULL);
		if (rc != SQLITE_OK) {
			sq_fail(s, err, rc, "preparing a statement");
			return NULL;
		}
	}
	return s->st[id];
}

/* Make a used statement ready for its next use (and drop its read lock). */
static void done(sqlite3_stmt *st)
{
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
}

/* Run a statement that returns no rows (or whose rows do not matter). */
static int exec_stmt(sq_store *s, int id, const char *what, sr_error *err)
{
	sqlite3_stmt *st = stmt(s, id, err);
	if (!st)
		return err ? err->code : SR_ESTORE;
	int rc = sqlite3_step(st);
	done(st);
	if (rc != SQLITE_DONE && rc != SQLITE_ROW)
		return sq_fail(s, err, rc, what);
	return 0;
}

/* ---- binding and reading values ---- */

static int bind_text(sqlite3_stmt *st, int i, const char *v)
{
	return v ? sqlite3_bind_text(st, i, v, -1, SQLITE_STATIC) : sqlite3_bind_null(st, i);
}

static int bind_date(sqlite3_stmt *st, int i, sr_date d)
{
	char buf[11];
	sr_date_format(d, buf);
	return buf[0] ? sqlite3_bind_text(st, i, buf, -1, SQLITE_TRANSIENT) : sqlite3_bind_null(st, i);
}

/* Unknown numbers (< 0 in sr_doc, 0 for a line) are stored as NULL. */
static int bind_int_or_null(sqlite3_stmt *st, int i, long v, long unknown_below)
{
	return v < unknown_below ? sqlite3_bind_null(st, i) : sqlite3_bind_int64(st, i, v);
}

static sr_date col_date(sqlite3_stmt *st, int i)
{
	const char *t = (const char *)sqlite3_column_text(st, i);
	return t ? sr_date_parse_iso(t, strlen(t)) : 0;
}

static int col_set(sqlite3_stmt *st, int i, char **field)
{
	const char *t = (const char *)sqlite3_column_text(st, i);
	if (!t)
		return 0;
	return sr_doc_set(field, t, (size_t)sqlite3_column_bytes(st, i));
}

/* ---- open, migrate, close ---- */

static int sq_accepts(const char *uri)
{
	return strstr(uri, "://") == NULL; /* a file path */
}

static int exec_sql(sq_store *s, const char *sql, const char *what, sr_error *err)
{
	int rc = sqlite3_exec(s->db, sql, NULL, NULL, NULL);
	return rc == SQLITE_OK ? 0 : sq_fail(s, err, rc, what);
}

/* One integer from a constant query (a PRAGMA); -1 and err on failure. */
static int64_t query_int(sq_store *s, const char *sql, sr_error *err)
{
	sqlite3_stmt *st;
	int rc = sqlite3_prepare_v2(s->db, sql, -1, &st, NULL);
	if (rc != SQLITE_OK) {
		sq_fail(s, err, rc, "reading the schema");
		return -1;
	}
	int64_t v = -1;
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		v = sqlite3_column_int64(st, 0);
	else
		sq_fail(s, err, rc, "reading the schema");
	sqlite3_finalize(st);
	return v;
}

/* Is this file ours (or empty), and at which schema version? */
static int check_schema(sq_store *s, int64_t *version, sr_error *err)
{
	int64_t app = query_int(s, "PRAGMA application_id", err);
	if (app < 0)
		return err->code;
	int64_t v = query_int(s, "PRAGMA user_version", err);
	if (v < 0)
		return err->code;
	int64_t ntables = query_int(s, "SELECT count(*) FROM sqlite_schema", err);
	if (ntables < 0)
		return err->code;
	if ((app != 0 && app != SQ_APPLICATION_ID) || (v == 0 && ntables > 0))
		return sr_error_set(err, SR_ESTORE, s->path, 0, -1,
				    "not a sitrep database (it has other content); refusing to change it");
	if (v > SQ_SCHEMA_VERSION)
		return sr_error_set(err, SR_ESTORE, s->path, 0, -1,
				    "database schema version %lld is newer than this sitrep knows (%d);"
				    " use a newer sitrep",
				    (long long)v, SQ_SCHEMA_VERSION);
	*version = v;
	return 0;
}

/* Bring the schema to SQ_SCHEMA_VERSION in one write transaction. The
 * version is read again under the write lock: another process may have
 * migrated while we waited. */
static int migrate(sq_store *s, sr_error *err)
{
	int rc = exec_sql(s, "BEGIN IMMEDIATE", "starting the schema migration", err);
	if (rc < 0)
		return rc;
	int64_t v;
	rc = check_schema(s, &v, err);
	for (int64_t i = v; rc == 0 && i < SQ_SCHEMA_VERSION; i++)
		rc = exec_sql(s, migrations[i], "migrating the schema", err);
	if (rc == 0 && v < SQ_SCHEMA_VERSION) {
		/* A PRAGMA takes no parameters; the number is ours, not input. */
		char sql[64];
		snprintf(sql, sizeof sql, "PRAGMA user_version = %d", SQ_SCHEMA_VERSION);
		rc = exec_sql(s, sql, "migrating the schema", err);
	}
	if (rc == 0)
		rc = exec_sql(s, "COMMIT", "committing the schema migration", err);
	if (rc < 0)
		sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
	return rc;
}

/* Switch to WAL; ":memory:" databases stay "memory", which is fine. */
static int set_wal(sq_store *s, sr_error *err)
{
	sqlite3_stmt *st;
	int rc = sqlite3_prepare_v2(s->db, "PRAGMA journal_mode = WAL", -1, &st, NULL);
	if (rc == SQLITE_OK)
		rc = sqlite3_step(st);
	if (rc != SQLITE_ROW) {
		sqlite3_finalize(st);
		return sq_fail(s, err, rc, "switching to WAL mode");
	}
	const char *mode = (const char *)sqlite3_column_text(st, 0);
	int ok = mode && (!strcmp(mode, "wal") || !strcmp(mode, "memory"));
	if (!ok)
		sr_error_set(err, SR_ESTORE, s->path, 0, -1, "cannot switch to WAL mode (got %s)",
			     mode ? mode : "nothing");
	sqlite3_finalize(st);
	return ok ? 0 : SR_ESTORE;
}

static void sq_close(void *impl)
{
	sq_store *s = impl;
	if (!s)
		return;
	for (int i = 0; i < ST__COUNT; i++)
		sqlite3_finalize(s->st[i]);
	for (int i = 0; i < EVQ__COMBINATIONS; i++)
		sqlite3_finalize(s->evq[i]);
	if (s->db && !sqlite3_get_autocommit(s->db))
		sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
	sqlite3_close(s->db);
	sq_rank_free(s->rank);
	free(s->dups);
	free(s);
}

static int sq_open(const char *uri, int flags, void **impl, sr_error *err)
{
	*impl = NULL;
	sq_store *s = calloc(1, sizeof *s);
	if (!s)
		return sr_error_set(err, SR_ENOMEM, uri, 0, -1, "out of memory");
	snprintf(s->path, sizeof s->path, "%s", uri);
	s->readonly = (flags & SR_STORE_READONLY) != 0;
	int oflags = (s->readonly ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE) |
		     SQLITE_OPEN_NOMUTEX;
	int rc = sqlite3_open_v2(uri, &s->db, oflags, NULL);
	if (rc != SQLITE_OK) {
		rc = sq_fail(s, err, rc, s->readonly ? "cannot open database (is there one?)"
						      : "cannot open database");
		sq_close(s);
		return rc;
	}
	sqlite3_extended_result_codes(s->db, 1);
	sqlite3_busy_timeout(s->db, SQ_BUSY_MS);

	int64_t v = 0;
	rc = exec_sql(s, "PRAGMA foreign_keys = ON", "configuring the database", err);
	if (rc == 0)
		rc = check_schema(s, &v, err);
	if (rc == 0 && s->readonly && v < SQ_SCHEMA_VERSION)
		rc = sr_error_set(err, SR_ESTORE, uri, 0, -1,
				  v == 0 ? "no sitrep database here (ingest some documents first)"
					 : "database schema is older than this sitrep's; "
					   "run an ingest once to upgrade it");
	if (rc == 0 && !s->readonly) {
		/* WAL: readers never block the writer and a commit is one append.
		 * synchronous=NORMAL syncs the WAL at checkpoints, not at every
		 * commit: a process crash (kill -9) loses nothing committed, since
		 * the WAL is in the OS's hands; a power cut may lose the last
		 * commits but never corrupts — and ingest is idempotent, so a
		 * re-run restores them. */
		rc = set_wal(s, err);
		if (rc == 0)
			rc = exec_sql(s, "PRAGMA synchronous = NORMAL", "configuring the database", err);
		if (rc == 0 && v < SQ_SCHEMA_VERSION)
			rc = migrate(s, err);
	}
	/* 64 MB of page cache: the b-trees every put searches at random (the
	 * content hash, the band keys) stay in memory up to a few hundred
	 * thousand documents. A writer checkpoints every 16 MB of WAL instead
	 * of every 4 MB: pages written again and again during an ingest (index
	 * interiors, FTS5 segments) are copied into the database less often. */
	if (rc == 0)
		rc = exec_sql(s, "PRAGMA cache_size = -65536; PRAGMA temp_store = MEMORY",
			      "configuring the database", err);
	if (rc == 0 && !s->readonly)
		rc = exec_sql(s, "PRAGMA wal_autocheckpoint = 4096", "configuring the database", err);
	if (rc == 0) {
		int r = sq_rank_new(s->db, &s->rank);
		if (r != SQLITE_OK)
			rc = sr_error_set(err, r == SQLITE_NOMEM ? SR_ENOMEM : SR_ESTORE, s->path, 0, -1,
					  "setting up search ranking: %s (is FTS5 built in?)", sqlite3_errstr(r));
	}
	if (rc < 0) {
		sq_close(s);
		return rc;
	}
	*impl = s;
	return 0;
}

/* ---- transactions ---- */

static int sq_begin(void *impl, sr_error *err)
{
	sq_store *s = impl;
	if (!sqlite3_get_autocommit(s->db))
		return sr_error_set(err, SR_ESTORE, s->path, 0, -1, "a transaction is already open");
	s->failed = 0;
	/* IMMEDIATE takes the write lock now, where busy_timeout can wait for
	 * it; a deferred transaction that later needs to write could fail at
	 * once with SQLITE_BUSY when another writer got in between. */
	return exec_stmt(s, s->readonly ? ST_BEGIN_READ : ST_BEGIN, "starting a transaction", err);
}

static int sq_commit(void *impl, sr_error *err)
{
	sq_store *s = impl;
	int failed = s->failed;
	s->failed = 0;
	if (sqlite3_get_autocommit(s->db))
		return sr_error_set(err, SR_ESTORE, s->path, 0, -1, "no transaction to commit");
	if (failed) {
		exec_stmt(s, ST_ROLLBACK, "rolling back", NULL);
		return sr_error_set(err, SR_ESTORE, s->path, 0, -1,
				    "a document failed half-way: the transaction was rolled back");
	}
	int rc = exec_stmt(s, ST_COMMIT, "committing", err);
	if (rc < 0 && !sqlite3_get_autocommit(s->db))
		exec_stmt(s, ST_ROLLBACK, "rolling back", NULL);
	return rc;
}

static int sq_rollback(void *impl)
{
	sq_store *s = impl;
	s->failed = 0;
	if (sqlite3_get_autocommit(s->db))
		return 0;
	return exec_stmt(s, ST_ROLLBACK, "rolling back", NULL);
}

/* ---- put ---- */

/* A band key shared by more than this many documents is a "stop key": what
 * those documents share is boilerplate (a standard footer that holds the
 * minima of many short items), not a copy, and checking every one of them
 * would make each put cost more as the store grows. A real copy shares most
 * of its bands with its original (12·J^3 of them on average: 4 at J = 0.7),
 * so skipping a crowded band rarely loses it. */
#define SQ_STOP_KEY 16

static int cmp_id(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
	return x < y ? -1 : x > y;
}

/* One candidate: pruned on its sketch, then confirmed on the exact shingle
 * sets of both bodies. 1 and *jaccard, *root if it is a near-duplicate. */
static int check_candidate(sq_store *s, const sr_doc *d, const sr_minhash *sk, int64_t id,
			   double *jaccard, int64_t *root, sr_error *err)
{
	sqlite3_stmt *st = stmt(s, ST_ND_DOC, err);
	if (!st)
		return err->code;
	sqlite3_bind_int64(st, 1, id);
	int rc = sqlite3_step(st);
	uint16_t slot[SR_MINHASH_K];
	int ok = rc == SQLITE_ROW && sqlite3_column_bytes(st, 1) == (int)sizeof slot;
	if (ok) {
		*root = sqlite3_column_int64(st, 0);
		memcpy(slot, sqlite3_column_blob(st, 1), sizeof slot);
	}
	done(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return sq_fail(s, err, rc, "looking for near-duplicates");
	if (!ok || !sr_minhash_candidate(sk->slot, slot))
		return 0;

	if (!(st = stmt(s, ST_GET_BODY, err)))
		return err->code;
	sqlite3_bind_int64(st, 1, id);
	rc = sqlite3_step(st);
	int yes = 0;
	if (rc == SQLITE_ROW)
		yes = sr_store_near_dup_check(d->body, (const char *)sqlite3_column_text(st, 0), jaccard, err);
	done(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return sq_fail(s, err, rc, "looking for near-duplicates");
	return yes;
}

/* The stored document this one is a near-duplicate of: candidates share a
 * band key (stop keys skipped), are pruned on their sketch and confirmed on
 * the exact shingle sets of both bodies (a body is read only for the few that
 * pass). Returns 0 and *orig (0 if none) — the root original, so copies of
 * copies all point at the first one. The most similar confirmed candidate
 * wins; ties go to the oldest (lowest id). */
static int find_near_dup(sq_store *s, const sr_doc *d, const sr_minhash *sk, int64_t *orig,
			 sr_error *err)
{
	*orig = 0;
	int64_t ids[SR_MINHASH_BANDS * SQ_STOP_KEY];
	size_t n = 0;
	sqlite3_stmt *st = stmt(s, ST_BAND_CANDIDATES, err);
	if (!st)
		return err->code;
	for (int i = 0; i < SR_MINHASH_BANDS; i++) {
		size_t first = n;
		int rc;
		sqlite3_bind_int64(st, 1, sk->band[i]);
		sqlite3_bind_int(st, 2, SQ_STOP_KEY + 1);
		while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
			if (n - first == SQ_STOP_KEY) { /* a stop key: forget its documents */
				n = first;
				rc = SQLITE_DONE;
				break;
			}
			ids[n++] = sqlite3_column_int64(st, 0);
		}
		done(st);
		if (rc != SQLITE_DONE)
			return sq_fail(s, err, rc, "looking for near-duplicates");
	}
	qsort(ids, n, sizeof *ids, cmp_id);
	double best = -1;
	for (size_t i = 0; i < n; i++) {
		if (i > 0 && ids[i] == ids[i - 1])
			continue;
		double j = 0;
		int64_t root = 0;
		int yes = check_candidate(s, d, sk, ids[i], &j, &root, err);
		if (yes < 0)
			return yes;
		if (yes && j > best) { /* ids ascend: a tie keeps the oldest */
			best = j;
			*orig = root;
		}
	}
	return 0;
}

static int insert_doc(sq_store *s, const sr_doc *d, const sr_store_key *key, int64_t dup_of,
		      int64_t *id, sr_error *err)
{
	sqlite3_stmt *st = stmt(s, ST_INSERT_DOC, err);
	if (!st)
		return err->code;
	char lang[sizeof d->language];
	memcpy(lang, d->language, sizeof lang);
	lang[sizeof lang - 1] = '\0';
	sqlite3_bind_blob(st, 1, key->content_hash, sizeof key->content_hash, SQLITE_STATIC);
	bind_int_or_null(st, 3, dup_of, 1);
	bind_date(st, 4, d->date);
	bind_text(st, 5, sr_basis_name(d->date_basis));
	bind_text(st, 6, d->publication);
	bind_text(st, 7, d->section);
	bind_date(st, 8, d->period_start);
	bind_date(st, 9, d->period_end);
	bind_text(st, 10, sr_trend_name(d->trend));
	bind_text(st, 11, sr_trend_name(d->trend_assessed));
	bind_int_or_null(st, 12, d->volume, 0);
	bind_int_or_null(st, 13, d->issue, 0);
	sqlite3_bind_text(st, 14, lang[0] ? lang : "und", -1, SQLITE_TRANSIENT);
	bind_text(st, 15, d->file);
	bind_int_or_null(st, 16, d->line, 1);
	bind_text(st, 17, d->id);
	bind_text(st, 18, d->url);
	bind_text(st, 19, d->title);
	bind_text(st, 20, d->byline);
	sqlite3_bind_text(st, 21, d->body ? d->body : "", -1, SQLITE_STATIC);
	int rc = sqlite3_step(st);
	done(st);
	if (rc != SQLITE_DONE)
		return sq_fail(s, err, rc, "storing a document");
	*id = sqlite3_last_insert_rowid(s->db);

	if (!(st = stmt(s, ST_INSERT_FTS, err)))
		return err->code;
	sqlite3_bind_int64(st, 1, *id);
	bind_text(st, 2, d->title);
	sqlite3_bind_text(st, 3, d->body ? d->body : "", -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	done(st);
	if (rc != SQLITE_DONE)
		return sq_fail(s, err, rc, "indexing a document");

	for (size_t i = 0; i < d->ncites; i++) {
		if (!(st = stmt(s, ST_INSERT_CITE, err)))
			return err->code;
		sqlite3_bind_int64(st, 1, *id);
		sqlite3_bind_int64(st, 2, (sqlite3_int64)i);
		bind_text(st, 3, d->cites[i].name);
		bind_date(st, 4, d->cites[i].date);
		rc = sqlite3_step(st);
		done(st);
		if (rc != SQLITE_DONE)
			return sq_fail(s, err, rc, "storing a citation");
	}
	if (!key->sketch.shingles)
		return 0;
	if (!(st = stmt(s, ST_INSERT_ND_DOC, err)))
		return err->code;
	sqlite3_bind_int64(st, 1, *id);
	sqlite3_bind_int64(st, 2, dup_of ? dup_of : *id);
	sqlite3_bind_blob(st, 3, key->sketch.slot, sizeof key->sketch.slot, SQLITE_STATIC);
	rc = sqlite3_step(st);
	done(st);
	if (rc != SQLITE_DONE)
		return sq_fail(s, err, rc, "storing the near-duplicate sketch");
	if (!(st = stmt(s, ST_INSERT_BAND, err)))
		return err->code;
	for (int i = 0; i < SR_MINHASH_BANDS; i++)
		sqlite3_bind_int64(st, i + 1, key->sketch.band[i]);
	sqlite3_bind_int64(st, SR_MINHASH_BANDS + 1, *id);
	rc = sqlite3_step(st);
	done(st);
	return rc == SQLITE_DONE ? 0 : sq_fail(s, err, rc, "storing the near-duplicate keys");
}

/* A document's events and its codings row; the caller has the transaction. */
static int insert_events(sq_store *s, int64_t doc_id, const sr_store_coding *c, sr_error *err)
{
	sqlite3_stmt *st;
	int rc;
	for (size_t i = 0; i < c->n; i++) {
		const sr_store_event *e = &c->ev[i];
		if (!(st = stmt(s, ST_INSERT_EVENT, err)))
			return err->code;
		sqlite3_bind_int64(st, 1, doc_id);
		sqlite3_bind_int(st, 2, e->sentence);
		bind_date(st, 3, e->date);
		bind_text(st, 4, e->source_party && *e->source_party ? e->source_party : NULL);
		bind_text(st, 5, e->target_party && *e->target_party ? e->target_party : NULL);
		bind_text(st, 6, e->source && *e->source ? e->source : NULL);
		bind_text(st, 7, e->target && *e->target ? e->target : NULL);
		bind_text(st, 8, e->cameo);
		bind_text(st, 9, e->root && *e->root ? e->root : NULL);
		bind_int_or_null(st, 10, e->quad, 1);
		if (e->quad)
			sqlite3_bind_double(st, 11, e->goldstein);
		bind_text(st, 12, e->plover && *e->plover ? e->plover : NULL);
		sqlite3_bind_int64(st, 13, (sqlite3_int64)e->flags);
		sqlite3_bind_int64(st, 14, (sqlite3_int64)e->start);
		sqlite3_bind_int64(st, 15, (sqlite3_int64)e->end);
		bind_text(st, 16, e->source_name);
		bind_text(st, 17, e->target_name);
		if (e->text)
			sqlite3_bind_text64(st, 18, e->text, e->text_len, SQLITE_STATIC, SQLITE_UTF8);
		rc = sqlite3_step(st);
		done(st);
		if (rc != SQLITE_DONE)
			return sq_fail(s, err, rc, "storing an event");
	}
	if (!(st = stmt(s, ST_INSERT_CODING, err)))
		return err->code;
	sqlite3_bind_int64(st, 1, doc_id);
	bind_text(st, 2, c->dict);
	sqlite3_bind_int64(st, 3, (sqlite3_int64)c->n);
	rc = sqlite3_step(st);
	done(st);
	return rc == SQLITE_DONE ? 0 : sq_fail(s, err, rc, "storing a document's coding");
}

/* Look up, then insert; the caller has the transaction. */
static int put_in_txn(sq_store *s, const sr_doc *d, const sr_store_key *key,
		      const sr_store_coding *coding, sr_put_result *res, sr_error *err)
{
	sqlite3_stmt *st = stmt(s, ST_FIND_HASH, err);
	if (!st)
		return err->code;
	sqlite3_bind_blob(st, 1, key->content_hash, sizeof key->content_hash, SQLITE_STATIC);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		res->kind = SR_PUT_DUPLICATE;
		res->id = res->dup_of = sqlite3_column_int64(st, 0);
		done(st);
		return 0;
	}
	done(st);
	if (rc != SQLITE_DONE)
		return sq_fail(s, err, rc, "looking up the content hash");

	int64_t orig = 0;
	if (key->sketch.shingles && (rc = find_near_dup(s, d, &key->sketch, &orig, err)) < 0)
		return rc;
	if ((rc = insert_doc(s, d, key, orig, &res->id, err)) < 0)
		return rc;
	if (coding && !orig && (rc = insert_events(s, res->id, coding, err)) < 0)
		return rc;
	res->kind = orig ? SR_PUT_NEAR_DUP : SR_PUT_ADDED;
	res->dup_of = orig;
	return 0;
}

/* On its own a document gets its own write transaction. Inside the
 * caller's, a failure half-way (only fatal errors: I/O, out of memory, a
 * corrupt file — an unstorable document is refused before anything is
 * written) marks the transaction failed, so that it can only be rolled back:
 * a batch is never committed with half a document in it. (A savepoint per
 * document would do the same at the price of a copy of every page each
 * document touches.) */
static int sq_put(void *impl, const sr_doc *d, const sr_store_key *key,
		  const sr_store_coding *coding, sr_put_result *res, sr_error *err)
{
	sq_store *s = impl;
	if (s->readonly)
		return sr_error_set(err, SR_ESTORE, s->path, 0, -1, "database is open read-only");
	if (s->failed)
		return sr_error_set(err, SR_ESTORE, s->path, 0, -1,
				    "an earlier failure in this transaction: roll it back");
	int own = sqlite3_get_autocommit(s->db);
	int rc = own ? exec_stmt(s, ST_BEGIN, "starting a transaction", err) : 0;
	if (rc < 0)
		return rc;
	rc = put_in_txn(s, d, key, coding, res, err);
	if (rc == 0 && own)
		rc = exec_stmt(s, ST_COMMIT, "committing", err);
	if (rc == 0)
		return 0;
	if (own) {
		if (!sqlite3_get_autocommit(s->db))
			exec_stmt(s, ST_ROLLBACK, "rolling back", NULL);
	} else if (!sqlite3_get_autocommit(s->db)) {
		s->failed = 1;
	}
	memset(res, 0, sizeof *res);
	return rc;
}

/* ---- get ---- */

static int sq_get(void *impl, int64_t id, sr_doc *out, int64_t *dup_of, sr_error *err)
{
	sq_store *s = impl;
	sr_doc_init(out);
	*dup_of = 0;
	sqlite3_stmt *st = stmt(s, ST_GET_DOC, err);
	if (!st)
		return err->code;
	sqlite3_bind_int64(st, 1, id);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_DONE) {
		done(st);
		return sr_error_set(err, SR_EINPUT, s->path, 0, -1, "no document with id %lld", (long long)id);
	}
	if (rc != SQLITE_ROW) {
		done(st);
		return sq_fail(s, err, rc, "reading a document");
	}
	int bad = 0;
	bad |= col_set(st, 0, &out->file);
	out->line = sqlite3_column_type(st, 1) == SQLITE_NULL ? 0 : (long)sqlite3_column_int64(st, 1);
	bad |= col_set(st, 2, &out->id);
	bad |= col_set(st, 3, &out->url);
	bad |= col_set(st, 4, &out->publication);
	bad |= col_set(st, 5, &out->title);
	bad |= col_set(st, 6, &out->byline);
	bad |= col_set(st, 7, &out->section);
	out->period_start = col_date(st, 8);
	out->period_end = col_date(st, 9);
	out->date = col_date(st, 10);
	out->date_basis = sr_basis_parse((const char *)sqlite3_column_text(st, 11));
	out->trend = sr_trend_parse((const char *)sqlite3_column_text(st, 12));
	out->trend_assessed = sr_trend_parse((const char *)sqlite3_column_text(st, 13));
	out->volume = sqlite3_column_type(st, 14) == SQLITE_NULL ? -1 : sqlite3_column_int(st, 14);
	out->issue = sqlite3_column_type(st, 15) == SQLITE_NULL ? -1 : sqlite3_column_int(st, 15);
	const char *lang = (const char *)sqlite3_column_text(st, 16);
	snprintf(out->language, sizeof out->language, "%s", lang ? lang : "und");
	bad |= col_set(st, 17, &out->body);
	out->body_len = out->body ? (size_t)sqlite3_column_bytes(st, 17) : 0;
	*dup_of = sqlite3_column_type(st, 18) == SQLITE_NULL ? 0 : sqlite3_column_int64(st, 18);
	done(st);
	if (bad)
		return sr_error_set(err, SR_ENOMEM, s->path, 0, -1, "out of memory reading a document");

	if (!(st = stmt(s, ST_GET_CITES, err)))
		return err->code;
	sqlite3_bind_int64(st, 1, id);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *name = (const char *)sqlite3_column_text(st, 0);
		size_t n = name ? (size_t)sqlite3_column_bytes(st, 0) : 0;
		if (sr_doc_add_cite(out, name, n, col_date(st, 1)) < 0) {
			done(st);
			return sr_error_set(err, SR_ENOMEM, s->path, 0, -1, "out of memory reading citations");
		}
	}
	done(st);
	return rc == SQLITE_DONE ? 0 : sq_fail(s, err, rc, "reading citations");
}

/* ---- search ---- */

/* The FTS5 expression for a parsed query. Each term becomes an FTS5 string
 * ("..." with inner quotes doubled), which FTS5 only tokenizes — it never
 * reads operators inside one — so no user text acts as syntax. Clauses are
 * parenthesised: (a OR b) AND (c) NOT (d). Each term is one FTS5 phrase;
 * phrase[k] (e->nterms of them) gets where the k-th, in FTS5's numbering
 * (left to right), is spelled in b: its offset and length. */
static int render_match(const sr_qexpr *e, sr_buf *b, size_t (*phrase)[2] /* OUT */)
{
	size_t np = 0;
	int rc = 0, first = 1;
	for (int pass = 0; pass < 2; pass++) { /* positive clauses, then excluded ones */
		for (int c = 0; c < e->nclauses; c++) {
			size_t k = 0;
			while (k < e->nterms && e->terms[k].clause != c)
				k++;
			if (k == e->nterms || e->terms[k].negated != pass)
				continue;
			rc |= sr_buf_puts(b, first ? "(" : pass ? " NOT (" : " AND (");
			first = 0;
			for (int alt = 0; k < e->nterms && e->terms[k].clause == c; k++, alt++) {
				if (alt)
					rc |= sr_buf_puts(b, " OR ");
				phrase[np][0] = b->len;
				rc |= sr_buf_putc(b, '"');
				for (const char *p = e->terms[k].text; *p; p++)
					rc |= *p == '"' ? sr_buf_puts(b, "\"\"") : sr_buf_putc(b, *p);
				rc |= sr_buf_putc(b, '"');
				if (e->terms[k].prefix)
					rc |= sr_buf_putc(b, '*');
				phrase[np][1] = b->len - phrase[np][0];
				np++;
			}
			rc |= sr_buf_putc(b, ')');
		}
	}
	return rc;
}

static void bind_filters(sqlite3_stmt *st, const char *match, const sr_search_query *q)
{
	sqlite3_bind_text(st, 1, match, -1, SQLITE_STATIC);
	if (q->from)
		bind_date(st, 2, q->from);
	if (q->to)
		bind_date(st, 3, q->to);
	bind_text(st, 4, q->publication);
	bind_text(st, 5, q->section);
	sqlite3_bind_int(st, 6, q->include_near_dups != 0);
}

typedef struct page_hit {
	int64_t id;
	double score;
} page_hit;

/* Best first; equal scores newest first, so a page is the same every time. */
static int page_hit_cmp(const void *a, const void *b)
{
	const page_hit *x = a, *y = b;
	if (x->score != y->score)
		return x->score > y->score ? -1 : 1;
	return x->id > y->id ? -1 : x->id < y->id;
}

/* Offers h to the heap v[0..*n) of at most cap hits whose top v[0] is the
 * worst it holds: taken while there is room, else in place of the worst
 * when better. */
static void heap_offer(page_hit *v, size_t *n, size_t cap, page_hit h)
{
	size_t i;
	if (*n < cap) {
		for (i = (*n)++; i > 0 && page_hit_cmp(&v[(i - 1) / 2], &h) < 0; i = (i - 1) / 2)
			v[i] = v[(i - 1) / 2];
		v[i] = h;
		return;
	}
	if (cap == 0 || page_hit_cmp(&h, &v[0]) >= 0)
		return;
	for (i = 0;;) {
		size_t c = 2 * i + 1;
		if (c >= cap)
			break;
		if (c + 1 < cap && page_hit_cmp(&v[c], &v[c + 1]) < 0)
			c++; /* the worse child */
		if (page_hit_cmp(&v[c], &h) <= 0)
			break;
		v[i] = v[c];
		i = c;
	}
	v[i] = h;
}

/* The store's version as this handle sees it: PRAGMA data_version (which
 * moves when another connection commits) and this handle's own changes. */
static int store_version(sq_store *s, int64_t key[2] /* OUT */, sr_error *err)
{
	sqlite3_stmt *st = stmt(s, ST_DATA_VERSION, err);
	if (!st)
		return err->code;
	int r = sqlite3_step(st);
	key[0] = r == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
	key[1] = sqlite3_total_changes64(s->db);
	done(st);
	return r == SQLITE_ROW ? 0 : sq_fail(s, err, r, "reading the store's version");
}

/* Brings s->dups up to date: reloaded only when someone, this handle
 * included, has committed since it was read (key, from store_version). */
static int dups_refresh(sq_store *s, const int64_t key[2], sr_error *err)
{
	if (s->dups_valid && key[0] == s->dups_key[0] && key[1] == s->dups_key[1])
		return 0;
	sqlite3_stmt *st = stmt(s, ST_DUP_IDS, err);
	if (!st)
		return err->code;
	int r;
	sr_buf ids;
	sr_buf_init(&ids, SIZE_MAX / 2);
	int oom = 0;
	while (!oom && (r = sqlite3_step(st)) == SQLITE_ROW) {
		int64_t id = sqlite3_column_int64(st, 0);
		oom = sr_buf_append(&ids, &id, sizeof id) < 0;
	}
	done(st);
	if (oom || (r != SQLITE_DONE && r != SQLITE_ROW)) {
		sr_buf_cleanup(&ids);
		return oom ? sr_error_set(err, SR_ENOMEM, NULL, 0, -1, "out of memory")
			   : sq_fail(s, err, r, "reading the near-duplicates");
	}
	size_t bytes = 0;
	int64_t *sorted = (int64_t *)(void *)sr_buf_detach(&ids, &bytes);
	if (!sorted)
		return sr_error_set(err, SR_ENOMEM, NULL, 0, -1, "out of memory");
	free(s->dups);
	s->dups = sorted;
	s->ndups = bytes / sizeof *sorted;
	s->dups_key[0] = key[0];
	s->dups_key[1] = key[1];
	s->dups_valid = 1;
	return 0;
}

static int is_dup(const sq_store *s, int64_t id)
{
	size_t i = sq_lower_bound(s->dups, s->ndups, id);
	return i < s->ndups && s->dups[i] == id;
}

/* Binds the MATCH expression and, on the filtered statements, the filters. */
static void bind_search(sqlite3_stmt *st, int filtered, const char *match, const sr_search_query *q)
{
	if (filtered)
		bind_filters(st, match, q);
	else
		sqlite3_bind_text(st, 1, match, -1, SQLITE_STATIC);
}

/* match: the FTS5 expression; phrase: where each of its nphrase phrases is
 * spelled in it (render_match). */
static int sq_search_run(sq_store *s, const char *match, const size_t (*phrase)[2], size_t nphrase,
			 const sr_search_query *q, sr_search_fn fn, void *ud, size_t *total,
			 sr_error *err)
{
	size_t limit = q->limit ? q->limit : 20;
	int filtered = q->from || q->to || q->publication || q->section;
	int skip_dups = !filtered && !q->include_near_dups;
	int64_t version[2];
	if (store_version(s, version, err) != 0 || (skip_dups && dups_refresh(s, version, err) != 0))
		return err->code;
	sq_rank_sync(s->rank, version);

	/* The count, and where ranking stops: at the cap-th newest match. A
	 * query of one phrase without filters is counted by sitrep_count (a
	 * walk over its doclist, near-duplicates left out, for a fraction of
	 * what stepping through the matches in SQL costs), and its ranking
	 * walks the newest matches down to the cap. Any other is scanned:
	 * every match stepped through, newest first, counted, and the cap-th
	 * one's id is where ranking starts (the scan stops there when no count
	 * is asked for). */
	size_t cap = q->offset + limit > SQ_RANK_CAP ? q->offset + limit : SQ_RANK_CAP;
	size_t seen = 0;
	int64_t lowest = 0, lone_rows = -1; /* lone: the phrase's matches, near-duplicates included */
	int lone = nphrase == 1 && !filtered;
	sqlite3_stmt *st = stmt(s, lone ? ST_SEARCH_COUNT_NF : filtered ? ST_SEARCH_SCAN : ST_SEARCH_SCAN_NF, err);
	if (!st)
		return err->code;
	bind_search(st, filtered, match, q);
	int r;
	if (lone) {
		sq_rank_skip(s->rank, skip_dups ? s->dups : NULL, skip_dups ? s->ndups : 0);
		if ((r = sqlite3_step(st)) == SQLITE_ROW) {
			seen = (size_t)sqlite3_column_int64(st, 0);
			lone_rows = sq_rank_rows(s->rank);
		} else {
			lone_rows = 0;
		}
		sq_rank_skip(s->rank, NULL, 0);
	} else {
		while ((r = sqlite3_step(st)) == SQLITE_ROW) {
			int64_t id = sqlite3_column_int64(st, 0);
			if (skip_dups && is_dup(s, id))
				continue;
			if (++seen == cap) {
				lowest = id;
				if (!total)
					break;
			}
		}
	}
	done(st);
	if (r != SQLITE_ROW && r != SQLITE_DONE)
		return sq_fail(s, err, r, total ? "counting search results" : "searching");
	if (total)
		*total = seen;
	if (seen <= q->offset)
		return 0;

	/* The rank pass: the newest matches down to the cap, scored; the page is the
	 * best of them after offset. Only the best offset + limit are kept, in
	 * a heap with the worst of them on top, and sorted at the end: a page
	 * of 20 needs no order among the other 2,980 (3% of a search's
	 * instructions went to sorting them). */
	size_t want = seen < cap ? seen : cap, scored = 0;
	size_t keep = want < q->offset + limit ? want : q->offset + limit;
	page_hit *hits = malloc(keep * sizeof *hits);
	/* Each phrase's matches, as far as known (sitrep_bm25's COUNTS). */
	int64_t *rows = malloc((nphrase + 1) * sizeof *rows);
	if (!hits || !rows) {
		free(hits);
		free(rows);
		return sr_error_set(err, SR_ENOMEM, NULL, 0, -1, "out of memory");
	}
	for (size_t i = 0; i < nphrase; i++)
		rows[i] = lone ? lone_rows : sq_rank_phrase_rows(s->rank, match + phrase[i][0], phrase[i][1]);
	size_t n = 0;
	if ((st = stmt(s, lone ? ST_SEARCH_RANK_DESC_NF : filtered ? ST_SEARCH_RANK : ST_SEARCH_RANK_NF, err)) ==
	    NULL) {
		free(hits);
		free(rows);
		return err->code;
	}
	bind_search(st, filtered, match, q);
	if (!lone)
		sqlite3_bind_int64(st, 9, lowest);
	sqlite3_bind_blob(st, 10, rows, (int)(nphrase * sizeof *rows), SQLITE_STATIC);
	while (scored < want && (r = sqlite3_step(st)) == SQLITE_ROW) {
		int64_t id = sqlite3_column_int64(st, 0);
		if (skip_dups && is_dup(s, id))
			continue;
		scored++;
		page_hit h = {id, -sqlite3_column_double(st, 1)}; /* FTS5: lower is better */
		heap_offer(hits, &n, keep, h);
	}
	done(st);
	/* What was counted is remembered for the next searches. */
	for (size_t i = 0; i < nphrase; i++) {
		int64_t c = rows[i] >= 0 ? rows[i] : sq_rank_counted(s->rank, (int)i);
		sq_rank_remember(s->rank, match + phrase[i][0], phrase[i][1], c);
	}
	free(rows);
	if (r != SQLITE_ROW && r != SQLITE_DONE) {
		free(hits);
		return sq_fail(s, err, r, "searching");
	}
	qsort(hits, n, sizeof *hits, page_hit_cmp);

	int rc = 0;
	for (size_t i = q->offset; i < n && i < q->offset + limit; i++) {
		if ((st = stmt(s, ST_SEARCH_HIT, err)) == NULL) {
			rc = err->code;
			break;
		}
		sqlite3_bind_text(st, 1, match, -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 2, hits[i].id);
		r = sqlite3_step(st);
		int stop = 0;
		if (r == SQLITE_ROW) {
			sr_search_hit h = {
				.id = hits[i].id,
				.score = hits[i].score,
				.date = col_date(st, 0),
				.publication = (const char *)sqlite3_column_text(st, 1),
				.section = (const char *)sqlite3_column_text(st, 2),
				.title = (const char *)sqlite3_column_text(st, 3),
				.file = (const char *)sqlite3_column_text(st, 4),
				.snippet = (const char *)sqlite3_column_text(st, 5),
			};
			stop = fn(ud, &h);
		} else if (r != SQLITE_DONE) {
			rc = sq_fail(s, err, r, "reading a search hit");
		}
		done(st);
		if (stop || rc)
			break;
	}
	free(hits);
	return rc;
}

static int sq_search(void *impl, const sr_qexpr *e, const sr_search_query *q, sr_search_fn fn,
		     void *ud, size_t *total, sr_error *err)
{
	sq_store *s = impl;
	sr_buf m;
	/* Quoting at most doubles the query; parentheses and operators add a
	 * few bytes per term. */
	sr_buf_init(&m, 2 * (size_t)SR_MAX_QUERY + 16 * (e->nterms + 1));
	size_t(*phrase)[2] = malloc((e->nterms + 1) * sizeof *phrase);
	if (!phrase || render_match(e, &m, phrase) < 0) {
		free(phrase);
		sr_buf_cleanup(&m);
		return sr_error_set(err, SR_ENOMEM, NULL, 0, -1, "out of memory");
	}
	/* The passes see one snapshot, unless the caller holds one already. */
	int own_txn = sqlite3_get_autocommit(s->db);
	int rc = own_txn ? exec_stmt(s, ST_BEGIN_READ, "starting a search", err) : 0;
	if (rc == 0) {
		rc = sq_search_run(s, m.p, (const size_t(*)[2])phrase, e->nterms, q, fn, ud, total, err);
		if (own_txn) {
			sr_error ignored = {0};
			int c = exec_stmt(s, ST_COMMIT, "ending a search", rc ? &ignored : err);
			rc = rc ? rc : c;
		}
	}
	free(phrase);
	sr_buf_cleanup(&m);
	return rc;
}

/* ---- events ---- */

static sqlite3_stmt *event_stmt(sq_store *s, unsigned mask, sr_error *err)
{
	if (s->evq[mask])
		return s->evq[mask];
	sr_buf b;
	sr_buf_init(&b, 4096);
	int bad = sr_event_sql(&b, SQ_EVENT_COLUMNS, mask, '?');
	if (bad) {
		sr_buf_cleanup(&b);
		sr_error_set(err, SR_ENOMEM, NULL, 0, -1, "out of memory");
		return NULL;
	}
	int rc = sqlite3_prepare_v3(s->db, b.p, -1, SQLITE_PREPARE_PERSISTENT, &s->evq[mask], NULL);
	sr_buf_cleanup(&b);
	if (rc != SQLITE_OK) {
		sq_fail(s, err, rc, "preparing the event listing");
		return NULL;
	}
	return s->evq[mask];
}

static const char *col_text(sqlite3_stmt *st, int i)
{
	return (const char *)sqlite3_column_text(st, i);
}

static int sq_events(void *impl, const sr_event_query *q, sr_event_row_fn fn, void *ud, sr_error *err)
{
	sq_store *s = impl;
	sqlite3_stmt *st = event_stmt(s, sr_event_query_mask(q), err);
	if (!st)
		return err->code;
	/* The codes after every code starting with the prefix: its last byte
	 * plus one (store.c lets only ASCII letters and digits through). */
	char upper[SR_STORE_CODE_MAX + 1];
	if (q->actor) {
		size_t n = strlen(q->actor);
		memcpy(upper, q->actor, n + 1);
		upper[n - 1]++;
		sqlite3_bind_text(st, 3, q->actor, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 4, upper, -1, SQLITE_STATIC);
	}
	if (q->party_a) {
		sqlite3_bind_text(st, 1, q->party_a, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 2, q->party_b, -1, SQLITE_STATIC);
	}
	if (q->root)
		sqlite3_bind_text(st, 5, q->root, -1, SQLITE_STATIC);
	if (q->quad)
		sqlite3_bind_int(st, 6, q->quad);
	if (q->from)
		bind_date(st, 7, q->from);
	if (q->to)
		bind_date(st, 8, q->to);
	sqlite3_bind_int64(st, 9, q->limit ? (sqlite3_int64)q->limit : -1);
	sqlite3_bind_int64(st, 10, (sqlite3_int64)q->offset);
	if (q->doc_id)
		sqlite3_bind_int64(st, 11, q->doc_id);
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		sr_event_row r = {
			.id = sqlite3_column_int64(st, 0),
			.doc_id = sqlite3_column_int64(st, 1),
			.ev =
				{
					.sentence = sqlite3_column_int(st, 2),
					.date = col_date(st, 3),
					.source_party = col_text(st, 4),
					.target_party = col_text(st, 5),
					.source = col_text(st, 6),
					.target = col_text(st, 7),
					.cameo = col_text(st, 8),
					.root = col_text(st, 9),
					.quad = sqlite3_column_int(st, 10),
					.goldstein = sqlite3_column_double(st, 11),
					.plover = col_text(st, 12),
					.flags = (unsigned)sqlite3_column_int64(st, 13),
					.start = (size_t)sqlite3_column_int64(st, 14),
					.end = (size_t)sqlite3_column_int64(st, 15),
					.source_name = col_text(st, 16),
					.target_name = col_text(st, 17),
					.text = col_text(st, 18),
				},
			.file = col_text(st, 19),
			.line = (long)sqlite3_column_int64(st, 20),
			.ext_id = col_text(st, 21),
			.url = col_text(st, 22),
			.title = col_text(st, 23),
			.publication = col_text(st, 24),
			.doc_date = col_date(st, 25),
		};
		r.ev.text_len = r.ev.text ? (size_t)sqlite3_column_bytes(st, 18) : 0;
		if (fn(ud, &r) != 0) {
			rc = SQLITE_DONE;
			break;
		}
	}
	done(st);
	return rc == SQLITE_DONE ? 0 : sq_fail(s, err, rc, "listing events");
}

/* ---- event series ---- */

static int sq_series(void *impl, const sr_series_query *q, int want_codes, sr_series_row_fn fn,
		     void *ud, sr_error *err)
{
	sq_store *s = impl;
	int bounded = q->from || q->to;
	int which = q->party_a ? (q->directed ? ST_SERIES_DIRECTED : ST_SERIES)
		    : q->party ? (bounded ? ST_SERIES_PARTY_DATES : ST_SERIES_PARTY)
			       : (bounded ? ST_SERIES_ALL_DATES : ST_SERIES_ALL);
	sqlite3_stmt *st = stmt(s, which, err);
	if (!st)
		return err->code;
	if (q->party_a) {
		sqlite3_bind_text(st, 1, q->party_a, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 2, q->party_b, -1, SQLITE_STATIC);
	} else if (q->party) {
		sqlite3_bind_text(st, 1, q->party, -1, SQLITE_STATIC);
	}
	/* Open bounds as the widest dates: every stored date (text,
	 * YYYY-MM-DD) lies between them, NULL (undated) never does. */
	bind_date(st, 3, q->from ? q->from : 10101);
	bind_date(st, 4, q->to ? q->to : 99991231);
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		sr_series_row r = {
			.id = sqlite3_column_int64(st, 0),
			.date = col_date(st, 1),
			.quad = sqlite3_column_type(st, 2) == SQLITE_NULL ? 0 : sqlite3_column_int(st, 2),
			.goldstein = sqlite3_column_double(st, 3),
		};
		if (want_codes) {
			r.cameo = (const char *)sqlite3_column_text(st, 4);
			r.plover = (const char *)sqlite3_column_text(st, 5);
			r.source = (const char *)sqlite3_column_text(st, 6);
			r.target = (const char *)sqlite3_column_text(st, 7);
			r.source_party = (const char *)sqlite3_column_text(st, 8);
			r.target_party = (const char *)sqlite3_column_text(st, 9);
		}
		if (fn(ud, &r) != 0) {
			rc = SQLITE_DONE;
			break;
		}
	}
	done(st);
	return rc == SQLITE_DONE ? 0 : sq_fail(s, err, rc, "reading the event series");
}

static int sq_doc_ids(void *impl, sr_date from, sr_date to, int (*fn)(void *ud, int64_t id), void *ud,
		      sr_error *err)
{
	sq_store *s = impl;
	sqlite3_stmt *st = stmt(s, ST_DOC_IDS, err);
	if (!st)
		return err->code;
	bind_date(st, 1, from);
	bind_date(st, 2, to);
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (fn(ud, sqlite3_column_int64(st, 0)) != 0) {
			rc = SQLITE_DONE;
			break;
		}
	}
	done(st);
	return rc == SQLITE_DONE ? 0 : sq_fail(s, err, rc, "listing the week's articles");
}

static int sq_doc_dates(void *impl, int (*fn)(void *ud, sr_date d), void *ud, sr_error *err)
{
	sq_store *s = impl;
	sqlite3_stmt *st = stmt(s, ST_DOC_DATES, err);
	if (!st)
		return err->code;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		sr_date d = col_date(st, 0);
		if (d && fn(ud, d) != 0) {
			rc = SQLITE_DONE;
			break;
		}
	}
	done(st);
	return rc == SQLITE_DONE ? 0 : sq_fail(s, err, rc, "reading the articles' dates");
}

/* ---- stats ---- */

static int sq_stats(void *impl, sr_store_stats *out, sr_error *err)
{
	sq_store *s = impl;
	sqlite3_stmt *st = stmt(s, ST_STATS, err);
	if (!st)
		return err->code;
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		out->documents = sqlite3_column_int64(st, 0);
		out->near_duplicates = sqlite3_column_int64(st, 1);
		out->first = col_date(st, 2);
		out->last = col_date(st, 3);
		out->by_publication_n = sqlite3_column_int64(st, 4);
	}
	done(st);
	if (rc != SQLITE_ROW)
		return sq_fail(s, err, rc, "counting documents");
	if (!(st = stmt(s, ST_STATS_CITES, err)))
		return err->code;
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		out->citations = sqlite3_column_int64(st, 0);
	done(st);
	if (rc != SQLITE_ROW)
		return sq_fail(s, err, rc, "counting citations");
	if (!(st = stmt(s, ST_STATS_EVENTS, err)))
		return err->code;
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		out->events = sqlite3_column_int64(st, 0);
		out->coded = sqlite3_column_int64(st, 1);
	}
	done(st);
	return rc == SQLITE_ROW ? 0 : sq_fail(s, err, rc, "counting events");
}

static int sq_optimize(void *impl, sr_error *err)
{
	sq_store *s = impl;
	if (s->readonly)
		return sr_error_set(err, SR_ESTORE, s->path, 0, -1, "database is open read-only");
	if (!sqlite3_get_autocommit(s->db))
		return sr_error_set(err, SR_ESTORE, s->path, 0, -1, "optimize inside a transaction");
	return exec_stmt(s, ST_OPTIMIZE, "optimizing the search index", err);
}

static int sq_publications(void *impl, int (*fn)(void *ud, const char *name, int64_t n), void *ud,
			   sr_error *err)
{
	sq_store *s = impl;
	sqlite3_stmt *st = stmt(s, ST_PUBLICATIONS, err);
	if (!st)
		return err->code;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		if (fn(ud, (const char *)sqlite3_column_text(st, 0), sqlite3_column_int64(st, 1)) != 0) {
			rc = SQLITE_DONE;
			break;
		}
	done(st);
	return rc == SQLITE_DONE ? 0 : sq_fail(s, err, rc, "listing publications");
}

static int sq_documents(void *impl, const sr_doc_query *q, int (*fn)(void *ud, const sr_doc_row *row),
			void *ud, size_t *total, sr_error *err)
{
	sq_store *s = impl;
	int rc;
	for (int pass = total ? 0 : 1; pass < 2; pass++) {
		sqlite3_stmt *st = stmt(s, pass ? ST_DOCS : ST_DOCS_COUNT, err);
		if (!st)
			return err->code;
		if (q->from)
			bind_date(st, 1, q->from);
		if (q->to)
			bind_date(st, 2, q->to);
		bind_text(st, 3, q->publication);
		bind_text(st, 4, q->section);
		if (pass) {
			sqlite3_bind_int64(st, 5, (sqlite3_int64)(q->limit ? q->limit : 20));
			sqlite3_bind_int64(st, 6, (sqlite3_int64)q->offset);
		}
		while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
			if (!pass) {
				*total = (size_t)sqlite3_column_int64(st, 0);
				continue;
			}
			sr_doc_row r = {
				.id = sqlite3_column_int64(st, 0),
				.title = col_text(st, 1),
				.publication = col_text(st, 2),
				.section = col_text(st, 3),
				.file = col_text(st, 4),
				.url = col_text(st, 5),
				.date = col_date(st, 6),
				.trend = sr_trend_parse(col_text(st, 7)),
				.trend_assessed = sr_trend_parse(col_text(st, 8)),
				.language = col_text(st, 9),
			};
			if (fn(ud, &r) != 0) {
				rc = SQLITE_DONE;
				break;
			}
		}
		done(st);
		if (rc != SQLITE_DONE)
			return sq_fail(s, err, rc, "listing documents");
	}
	return 0;
}

static int sq_top_dyads(void *impl, sr_date from, sr_date to, size_t k,
			int (*fn)(void *ud, const char *a, const char *b, int64_t events), void *ud, sr_error *err)
{
	sq_store *s = impl;
	sqlite3_stmt *st = stmt(s, ST_TOP_DYADS, err);
	if (!st)
		return err->code;
	bind_date(st, 1, from ? from : 10101);
	bind_date(st, 2, to ? to : 99991231);
	sqlite3_bind_int64(st, 3, (sqlite3_int64)k);
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		if (fn(ud, col_text(st, 0), col_text(st, 1), sqlite3_column_int64(st, 2)) != 0) {
			rc = SQLITE_DONE;
			break;
		}
	done(st);
	return rc == SQLITE_DONE ? 0 : sq_fail(s, err, rc, "counting dyads");
}

static double mono_now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* SQLite calls this every few thousand instructions: non-zero interrupts. */
static int past_deadline(void *ud)
{
	const sq_store *s = ud;
	return s->deadline > 0 && mono_now() > s->deadline;
}

static void sq_deadline(void *impl, double seconds)
{
	sq_store *s = impl;
	s->deadline = seconds > 0 ? mono_now() + seconds : 0;
	sqlite3_progress_handler(s->db, seconds > 0 ? 10000 : 0, seconds > 0 ? past_deadline : NULL, s);
}

/* PRAGMA data_version: changes when another connection commits. */
static int64_t sq_generation(void *impl)
{
	sq_store *s = impl;
	sqlite3_stmt *st = stmt(s, ST_DATA_VERSION, NULL);
	if (!st)
		return 0;
	int64_t v = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
	done(st);
	return v;
}

/* ---- the live intake's memory ---- */

static int sq_feed_get(void *impl, const char *url, sr_feed_state *out, sr_error *err)
{
	sq_store *s = impl;
	sqlite3_stmt *st = stmt(s, ST_FEED_GET, err);
	if (!st)
		return err->code;
	sqlite3_bind_text(st, 1, url, -1, SQLITE_STATIC);
	int rc = sqlite3_step(st), found = rc == SQLITE_ROW;
	if (found) {
		snprintf(out->etag, sizeof out->etag, "%s", col_text(st, 0) ? col_text(st, 0) : "");
		snprintf(out->last_modified, sizeof out->last_modified, "%s",
			 col_text(st, 1) ? col_text(st, 1) : "");
		snprintf(out->fetched_at, sizeof out->fetched_at, "%s", col_text(st, 2) ? col_text(st, 2) : "");
		out->status = sqlite3_column_int(st, 3);
		out->failures = sqlite3_column_int(st, 4);
	}
	done(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return sq_fail(s, err, rc, "reading a feed's state");
	return found ? 1 : 0;
}

static int sq_feed_put(void *impl, const char *url, const sr_feed_state *f, sr_error *err)
{
	sq_store *s = impl;
	sqlite3_stmt *st = stmt(s, ST_FEED_PUT, err);
	if (!st)
		return err->code;
	sqlite3_bind_text(st, 1, url, -1, SQLITE_STATIC);
	bind_text(st, 2, f->etag[0] ? f->etag : NULL);
	bind_text(st, 3, f->last_modified[0] ? f->last_modified : NULL);
	sqlite3_bind_int(st, 4, f->status);
	sqlite3_bind_int(st, 5, f->failures);
	int rc = sqlite3_step(st);
	done(st);
	return rc == SQLITE_DONE ? 0 : sq_fail(s, err, rc, "saving a feed's state");
}

static int sq_item_seen(void *impl, const char *feed, const char *item, int64_t *doc_id, sr_error *err)
{
	sq_store *s = impl;
	sqlite3_stmt *st = stmt(s, ST_ITEM_SEEN, err);
	if (!st)
		return err->code;
	sqlite3_bind_text(st, 1, feed, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, item, -1, SQLITE_STATIC);
	int rc = sqlite3_step(st), found = rc == SQLITE_ROW;
	if (found)
		*doc_id = sqlite3_column_type(st, 0) == SQLITE_NULL ? 0 : sqlite3_column_int64(st, 0);
	done(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return sq_fail(s, err, rc, "reading a feed item");
	return found ? 1 : 0;
}

static int sq_item_mark(void *impl, const char *feed, const char *item, const char *link, int64_t doc_id,
			sr_error *err)
{
	sq_store *s = impl;
	sqlite3_stmt *st = stmt(s, ST_ITEM_MARK, err);
	if (!st)
		return err->code;
	sqlite3_bind_text(st, 1, feed, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, item, -1, SQLITE_STATIC);
	bind_text(st, 3, link);
	if (doc_id > 0)
		sqlite3_bind_int64(st, 4, doc_id);
	else
		sqlite3_bind_null(st, 4);
	int rc = sqlite3_step(st);
	done(st);
	return rc == SQLITE_DONE ? 0 : sq_fail(s, err, rc, "marking a feed item");
}

const sr_store_engine sr_store_sqlite_engine = {
	.name = "sqlite",
	.accepts = sq_accepts,
	.open = sq_open,
	.close = sq_close,
	.begin = sq_begin,
	.commit = sq_commit,
	.rollback = sq_rollback,
	.put = sq_put,
	.get = sq_get,
	.search = sq_search,
	.events = sq_events,
	.series = sq_series,
	.doc_dates = sq_doc_dates,
	.doc_ids = sq_doc_ids,
	.documents = sq_documents,
	.top_dyads = sq_top_dyads,
	.deadline = sq_deadline,
	.generation = sq_generation,
	.feed_get = sq_feed_get,
	.feed_put = sq_feed_put,
	.item_seen = sq_item_seen,
	.item_mark = sq_item_mark,
	.stats = sq_stats,
	.optimize = sq_optimize,
	.publications = sq_publications,
};
