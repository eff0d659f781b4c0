/* test_store.c — the store stage: schema and migration, round trips,
 * duplicates and near-duplicates, search (filters, paging, query syntax,
 * hostile input), transactions, re-opening, version checks; coded events
 * (stored once with their document, listed by dyad, actor, root, quad class
 * and date) and the migration that added them; series, reader queries,
 * the feeds' memory.
 *
 * The same tests run on both engines: built as test_store on SQLite, and
 * as test_store_pg (tests/unit/test_store_pg.c defines TEST_PG and includes
 * this file) on PostgreSQL, each test in a fresh schema of the database
 * $SITREP_TEST_PG names (tests/pg-cluster starts a throwaway one); without
 * it the PostgreSQL tests are counted as skipped. The few checks that look
 * inside the store with raw SQL say what each engine keeps where. */
#include "testutil.h"

#include <libpq-fe.h>
#include <sqlite3.h>
#include <unistd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "doc.h"
#include "sphere.h"
#include "store.h"
#include "util/buf.h"

#ifdef TEST_PG
enum { PG = 1 };
#else
enum { PG = 0 };
#endif

static void quiet(void *arg, const char *message)
{
	(void)arg;
	(void)message;
}

/* PostgreSQL: run sql on the test database (its own schema when given)
 * and return the first column of the first row as an integer, or -1. */
static long long pg_query(const char *uri, const char *sql)
{
	PGconn *c = PQconnectdb(uri);
	if (PQstatus(c) != CONNECTION_OK)
		fail_msg("connect %s: %s", uri, PQerrorMessage(c));
	PQsetNoticeProcessor(c, quiet, NULL);
	PGresult *r = PQexec(c, sql);
	ExecStatusType t = PQresultStatus(r);
	if (t != PGRES_TUPLES_OK && t != PGRES_COMMAND_OK)
		fail_msg("%s: %s", sql, PQerrorMessage(c));
	long long v = t == PGRES_TUPLES_OK && PQntuples(r) > 0 ? strtoll(PQgetvalue(r, 0, 0), NULL, 10) : -1;
	PQclear(r);
	PQfinish(c);
	return v;
}

/* At exit: the schemas this process made are dropped. */
static void drop_schemas(void)
{
	char sql[512];
	snprintf(sql, sizeof sql,
		 "DO $$DECLARE r record; BEGIN FOR r IN SELECT nspname FROM pg_namespace"
		 " WHERE nspname LIKE 't%ld\\_%%' LOOP EXECUTE format('DROP SCHEMA %%I CASCADE', r.nspname);"
		 " END LOOP; END$$",
		 (long)getpid());
	pg_query(getenv("SITREP_TEST_PG"), sql);
}

/* A fresh store: a database file in its own temporary directory, or on
 * PostgreSQL a new schema, addressed by its search_path. */
static const char *db_path(void)
{
	static char path[1024];
	if (PG) {
		static unsigned n;
		const char *base = getenv("SITREP_TEST_PG");
		if (n == 0)
			atexit(drop_schemas);
		char schema[64], sql[256];
		snprintf(schema, sizeof schema, "t%ld_%u", (long)getpid(), n++);
		snprintf(sql, sizeof sql, "DROP SCHEMA IF EXISTS %s CASCADE; CREATE SCHEMA %s", schema, schema);
		pg_query(base, sql);
		snprintf(path, sizeof path, "%s%soptions=-csearch_path%%3D%s", base, strchr(base, '?') ? "&" : "?",
			 schema);
		return path;
	}
	const char *dir = tu_tmpdir();
	assert_non_null(dir);
	snprintf(path, sizeof path, "%s/test.db", dir);
	return path;
}

/* Every test starts here: on PostgreSQL without a database to test on,
 * the test is skipped (and counted so). */
static void engine_ready(void)
{
	if (PG && !getenv("SITREP_TEST_PG"))
		skip();
}

static sr_store *open_store(const char *path)
{
	sr_store *s = NULL;
	sr_error err;
	sr_error_clear(&err);
	int rc = sr_store_open(path, 0, &s, &err);
	if (rc != 0)
		fail_msg("open %s: %s", path, err.msg);
	assert_non_null(s);
	return s;
}

static void set(char **field, const char *v)
{
	assert_int_equal(sr_doc_set(field, v, strlen(v)), 0);
}

/* A pseudo-text of n words that no other seed shares, so documents made
 * from different seeds are neither duplicates nor near-duplicates. */
static char *words(unsigned seed, size_t n)
{
	sr_buf b;
	sr_buf_init(&b, 1u << 24);
	uint32_t x = seed * 2654435761u + 7;
	for (size_t i = 0; i < n; i++) {
		x ^= x << 13, x ^= x >> 17, x ^= x << 5;
		assert_int_equal(sr_buf_printf(&b, "%sw%u", i ? " " : "", (unsigned)(x % 5000)), 0);
	}
	return sr_buf_detach(&b, NULL);
}

static void make_doc(sr_doc *d, const char *title, const char *body)
{
	sr_doc_init(d);
	if (title)
		set(&d->title, title);
	set(&d->body, body);
	d->body_len = strlen(body);
	set(&d->file, "test.txt");
}

static sr_put_result put(sr_store *s, const sr_doc *d)
{
	sr_put_result r;
	sr_error err;
	sr_error_clear(&err);
	int rc = sr_store_put_doc(s, d, &r, &err);
	if (rc != 0)
		fail_msg("put: %s", err.msg);
	return r;
}

static int64_t count_docs(sr_store *s)
{
	sr_store_stats st;
	sr_error err;
	assert_int_equal(sr_store_stats_get(s, &st, &err), 0);
	return st.documents;
}

/* Run a raw SQL query on the store (outside sitrep) and return one integer. */
static long long sql_int(const char *path, const char *sql)
{
	if (PG)
		return pg_query(path, sql);
	sqlite3 *db;
	assert_int_equal(sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE, NULL), SQLITE_OK);
	sqlite3_stmt *st;
	assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK);
	long long v = -1;
	if (sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	sqlite3_close(db);
	return v;
}

static void sql_exec(const char *path, const char *sql)
{
	if (PG) {
		pg_query(path, sql);
		return;
	}
	sqlite3 *db;
	assert_int_equal(sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL),
			 SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, sql, NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(db);
}

/* ---- search helpers ---- */

typedef struct hits {
	int64_t id[64];
	char snippet[64][512];
	double score[64];
	int n;
} hits;

static int collect(void *ud, const sr_search_hit *h)
{
	hits *hs = ud;
	if (hs->n < 64) {
		hs->id[hs->n] = h->id;
		hs->score[hs->n] = h->score;
		snprintf(hs->snippet[hs->n], sizeof hs->snippet[0], "%s", h->snippet ? h->snippet : "");
		hs->n++;
	}
	return 0;
}

/* Search; returns the status, hits in *hs, the total in *total. */
static int search(sr_store *s, const sr_search_query *q, hits *hs, size_t *total, sr_error *err)
{
	memset(hs, 0, sizeof *hs);
	sr_error_clear(err);
	return sr_store_search(s, q, collect, hs, total, err);
}

static int search_text(sr_store *s, const char *text, hits *hs)
{
	sr_search_query q = {.text = text, .limit = 64};
	sr_error err;
	size_t total = 0;
	int rc = search(s, &q, hs, &total, &err);
	if (rc == 0)
		assert_int_equal(total, (size_t)hs->n); /* all fit on one page here */
	else
		assert_int_equal(rc, SR_EINPUT); /* never a store failure */
	return rc;
}

static int has_id(const hits *hs, int64_t id)
{
	for (int i = 0; i < hs->n; i++)
		if (hs->id[i] == id)
			return 1;
	return 0;
}

/* ---- tests ---- */

static void test_open_migrates(void **state)
{
	engine_ready();
	const char *path = db_path();
	sr_store *s = open_store(path);
	assert_int_equal(count_docs(s), 0);
	sr_store_close(s);
	if (PG) {
		assert_true(sql_int(path, "SELECT version FROM sitrep_meta") >= 1);
		assert_int_equal(sql_int(path, "SELECT count(*) FROM pg_tables WHERE schemaname = current_schema()"
					       " AND tablename IN ('documents','citations','nd_bands','nd_docs')"),
				 4);
		/* search through a GIN index; events partitioned by month */
		assert_int_equal(sql_int(path, "SELECT count(*) FROM pg_indexes WHERE schemaname = current_schema()"
					       " AND indexname = 'documents_tsv' AND indexdef LIKE '%gin%'"),
				 1);
		assert_int_equal(sql_int(path, "SELECT count(*) FROM pg_partitioned_table p JOIN pg_class c"
					       " ON c.oid = p.partrelid WHERE c.relname = 'events'"
					       " AND c.relnamespace = current_schema()::regnamespace AND p.partstrat = 'r'"),
				 1);
		return;
	}
	assert_true(sql_int(path, "PRAGMA user_version") >= 1);
	assert_int_equal(sql_int(path, "SELECT count(*) FROM sqlite_schema WHERE name IN "
				       "('documents','citations','documents_fts','nd_bands')"),
			 4);
	/* WAL is a property of the file: it sticks. */
	sqlite3 *db;
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	sqlite3_stmt *st;
	assert_int_equal(sqlite3_prepare_v2(db, "PRAGMA journal_mode", -1, &st, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	assert_string_equal((const char *)sqlite3_column_text(st, 0), "wal");
	sqlite3_finalize(st);
	sqlite3_close(db);
}

static void test_roundtrip_every_field(void **state)
{
	engine_ready();
	sr_store *s = open_store(db_path());
	sr_doc d;
	make_doc(&d, "Exercises near the border", "First paragraph.\n\nSecond paragraph, with «quotes» and Лукашенко.");
	set(&d.file, "dir/in.jsonl");
	d.line = 17;
	set(&d.id, "ext-42");
	set(&d.url, "https://example.org/a?b=1");
	set(&d.publication, "Eurasia Daily Monitor");
	set(&d.byline, "A. Author");
	set(&d.section, "Security issues");
	d.period_start = 20190318;
	d.period_end = 20190324;
	d.date = 20190324;
	d.date_basis = SR_BASIS_PERIOD;
	d.trend = SR_TREND_WORSE;
	d.trend_assessed = SR_TREND_UNCHANGED;
	d.volume = 16;
	d.issue = 151;
	memcpy(d.language, "en", 3);
	assert_int_equal(sr_doc_add_cite(&d, "Interfax", 8, 20191025), 0);
	assert_int_equal(sr_doc_add_cite(&d, NULL, 0, 20191029), 0);
	assert_int_equal(sr_doc_add_cite(&d, "RT", 2, 0), 0);

	sr_put_result r = put(s, &d);
	assert_int_equal(r.kind, SR_PUT_ADDED);
	assert_true(r.id > 0);
	assert_int_equal(r.dup_of, 0);

	sr_doc g;
	int64_t dup_of = -5;
	sr_error err;
	assert_int_equal(sr_store_get_doc(s, r.id, &g, &dup_of, &err), 0);
	assert_int_equal(dup_of, 0);
	assert_string_equal(g.file, d.file);
	assert_int_equal(g.line, 17);
	assert_string_equal(g.id, "ext-42");
	assert_string_equal(g.url, d.url);
	assert_string_equal(g.publication, d.publication);
	assert_string_equal(g.title, d.title);
	assert_string_equal(g.byline, d.byline);
	assert_string_equal(g.section, d.section);
	assert_int_equal(g.period_start, 20190318);
	assert_int_equal(g.period_end, 20190324);
	assert_int_equal(g.date, 20190324);
	assert_int_equal(g.date_basis, SR_BASIS_PERIOD);
	assert_int_equal(g.trend, SR_TREND_WORSE);
	assert_int_equal(g.trend_assessed, SR_TREND_UNCHANGED);
	assert_int_equal(g.volume, 16);
	assert_int_equal(g.issue, 151);
	assert_string_equal(g.language, "en");
	assert_string_equal(g.body, d.body);
	assert_int_equal(g.body_len, strlen(d.body));
	assert_int_equal(g.ncites, 3);
	assert_string_equal(g.cites[0].name, "Interfax");
	assert_int_equal(g.cites[0].date, 20191025);
	assert_null(g.cites[1].name);
	assert_int_equal(g.cites[1].date, 20191029);
	assert_string_equal(g.cites[2].name, "RT");
	assert_int_equal(g.cites[2].date, 0);
	sr_doc_cleanup(&g);

	/* Unknowns come back as unknowns. */
	sr_doc u;
	make_doc(&u, NULL, "Only a body here, nothing else known about it at all.");
	free(u.file);
	u.file = NULL;
	sr_put_result ru = put(s, &u);
	assert_int_equal(sr_store_get_doc(s, ru.id, &g, NULL, &err), 0);
	assert_null(g.title);
	assert_null(g.url);
	assert_null(g.publication);
	assert_int_equal(g.date, 0);
	assert_int_equal(g.date_basis, SR_BASIS_NONE);
	assert_int_equal(g.trend, SR_TREND_NONE);
	assert_int_equal(g.volume, -1);
	assert_int_equal(g.issue, -1);
	assert_int_equal(g.line, 0);
	assert_string_equal(g.language, "und");
	assert_int_equal(g.ncites, 0);
	sr_doc_cleanup(&g);

	/* No such id: an input error, not a store failure. */
	assert_int_equal(sr_store_get_doc(s, 999999, &g, NULL, &err), SR_EINPUT);
	sr_doc_cleanup(&g);

	sr_doc_cleanup(&d);
	sr_doc_cleanup(&u);
	sr_store_close(s);
}

static void test_duplicate(void **state)
{
	engine_ready();
	sr_store *s = open_store(db_path());
	sr_doc a, b, c;
	make_doc(&a, "Minsk and Moscow", "The two capitals agreed on joint air defence.\n\nMore follows.");
	/* The same text with other white space, case and typography. */
	make_doc(&b, "MINSK  and Moscow", "The two capitals  agreed on JOINT air defence.\nMore\tfollows.");
	set(&b.url, "https://elsewhere.example/copy");
	/* The same body under another title is not the same content. */
	make_doc(&c, "Another title", "The two capitals agreed on joint air defence.\n\nMore follows.");

	sr_put_result ra = put(s, &a);
	assert_int_equal(ra.kind, SR_PUT_ADDED);
	sr_put_result again = put(s, &a);
	assert_int_equal(again.kind, SR_PUT_DUPLICATE);
	assert_int_equal(again.id, ra.id);
	assert_int_equal(again.dup_of, ra.id);
	sr_put_result rb = put(s, &b);
	assert_int_equal(rb.kind, SR_PUT_DUPLICATE);
	assert_int_equal(rb.id, ra.id);
	sr_put_result rc = put(s, &c);
	assert_int_not_equal(rc.kind, SR_PUT_DUPLICATE);
	assert_int_equal(count_docs(s), 2);

	/* Nothing to store at all is an input error. */
	sr_doc e;
	sr_doc_init(&e);
	sr_put_result re;
	sr_error err;
	assert_int_equal(sr_store_put_doc(s, &e, &re, &err), SR_EINPUT);

	sr_doc_cleanup(&a);
	sr_doc_cleanup(&b);
	sr_doc_cleanup(&c);
	sr_store_close(s);
}

static void test_near_duplicate(void **state)
{
	engine_ready();
	const char *path = db_path();
	sr_store *s = open_store(path);
	char *text = words(1, 1500);
	sr_doc a, b, c, other;
	make_doc(&a, "Original", text);
	/* A syndicated copy: new headline, the same article. */
	make_doc(&b, "Copy with its own headline", text);
	/* A copy of the copy with one word changed. */
	char *edited = strdup(text);
	assert_non_null(edited);
	char *w = strstr(edited + strlen(edited) / 3, " w");
	assert_non_null(w);
	w[1] = 'z';
	make_doc(&c, "Third version", edited);
	char *fresh = words(2, 1500);
	make_doc(&other, "Unrelated", fresh);

	sr_put_result ra = put(s, &a), rb = put(s, &b), rc = put(s, &c), ro = put(s, &other);
	assert_int_equal(ra.kind, SR_PUT_ADDED);
	assert_int_equal(rb.kind, SR_PUT_NEAR_DUP);
	assert_int_equal(rb.dup_of, ra.id);
	assert_int_not_equal(rb.id, ra.id);
	assert_int_equal(rc.kind, SR_PUT_NEAR_DUP);
	assert_int_equal(rc.dup_of, ra.id); /* the root, not the copy it is closest to */
	assert_int_equal(ro.kind, SR_PUT_ADDED);

	int64_t dup_of;
	sr_doc g;
	sr_error err;
	assert_int_equal(sr_store_get_doc(s, rb.id, &g, &dup_of, &err), 0);
	assert_int_equal(dup_of, ra.id);
	sr_doc_cleanup(&g);

	sr_store_stats st;
	assert_int_equal(sr_store_stats_get(s, &st, &err), 0);
	assert_int_equal(st.documents, 4);
	assert_int_equal(st.near_duplicates, 2);

	/* Search hides near-duplicates unless asked. */
	char first_word[16];
	snprintf(first_word, sizeof first_word, "%.*s", (int)strcspn(text, " "), text);
	hits hs;
	sr_search_query q = {.text = first_word};
	size_t total;
	assert_int_equal(search(s, &q, &hs, &total, &err), 0);
	assert_true(has_id(&hs, ra.id));
	assert_false(has_id(&hs, rb.id));
	q.include_near_dups = 1;
	assert_int_equal(search(s, &q, &hs, &total, &err), 0);
	assert_true(has_id(&hs, ra.id));
	assert_true(has_id(&hs, rb.id));
	assert_true(has_id(&hs, rc.id));

	free(text);
	free(edited);
	free(fresh);
	sr_doc_cleanup(&a);
	sr_doc_cleanup(&b);
	sr_doc_cleanup(&c);
	sr_doc_cleanup(&other);
	sr_store_close(s);
	assert_int_equal(sql_int(path, "SELECT count(*) FROM nd_bands"), 4 * SR_MINHASH_BANDS);
}

/* A made-up sentence of n words from a topic vocabulary of 300 words, so
 * that articles "on one topic" share their words but not their sentences. */
static void sentence(sr_buf *b, uint32_t *x, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		*x ^= *x << 13, *x ^= *x >> 17, *x ^= *x << 5;
		assert_int_equal(sr_buf_printf(b, "%s%c%u", i ? " " : "", i ? 't' : 'T', (unsigned)(*x % 300)), 0);
	}
	assert_int_equal(sr_buf_puts(b, ". "), 0);
}

/* An article: a boilerplate header, 15 sentences of 15 words (seed), the
 * sentence of `swap_seed` instead of the 8th when that is not 0, and a footer
 * of footer_words words (footer_seed). */
static char *article(uint32_t seed, uint32_t swap_seed, uint32_t footer_seed, size_t footer_words)
{
	sr_buf b;
	sr_buf_init(&b, 1u << 20);
	assert_int_equal(sr_buf_puts(&b, "Belarus Monitor. Home News Analysis Subscribe to our newsletter for"
					 " the weekly digest of security news from the region.\n\n"),
			 0);
	uint32_t x = seed * 2654435761u + 11, y = swap_seed * 2246822519u + 13;
	for (int i = 0; i < 15; i++) {
		if (i == 7 && swap_seed) {
			uint32_t skip = x;
			sentence(&b, &y, 15);
			sr_buf tmp;
			sr_buf_init(&tmp, 1u << 16);
			sentence(&tmp, &skip, 15); /* keep x where the original's would be */
			x = skip;
			sr_buf_cleanup(&tmp);
		} else {
			sentence(&b, &x, 15);
		}
	}
	uint32_t f = footer_seed * 3266489917u + 17;
	assert_int_equal(sr_buf_puts(&b, "\n\n"), 0);
	for (size_t i = 0; i < footer_words; i++) {
		f ^= f << 13, f ^= f >> 17, f ^= f << 5;
		assert_int_equal(sr_buf_printf(&b, "%sf%u", i ? " " : "", (unsigned)(f % 5000)), 0);
	}
	return sr_buf_detach(&b, NULL);
}

/* What the near-duplicate rule is for: a syndicated copy with one sentence
 * changed and another site's footer is linked; another article on the same
 * topic, from the same site (same header, same footer), is not. */
static void test_near_duplicate_edited_copy(void **state)
{
	engine_ready();
	const char *path = db_path();
	sr_store *s = open_store(path);
	char *orig = article(1, 0, 1, 20);
	char *copy = article(1, 99, 2, 25);   /* sentence 8 changed, other footer */
	char *other = article(2, 0, 1, 20);   /* same topic and boilerplate */
	char *other2 = article(3, 0, 1, 20);
	sr_doc a, b, c, d;
	make_doc(&a, "Air defence: Su-30SM and S-400", orig);
	make_doc(&b, "Belarus gets new air defence (mirror)", copy);
	make_doc(&c, "Another story on air defence", other);
	make_doc(&d, "A third story on air defence", other2);
	sr_put_result ra = put(s, &a), rc = put(s, &c), rb = put(s, &b), rd = put(s, &d);
	assert_int_equal(ra.kind, SR_PUT_ADDED);
	assert_int_equal(rc.kind, SR_PUT_ADDED);
	assert_int_equal(rb.kind, SR_PUT_NEAR_DUP);
	assert_int_equal(rb.dup_of, ra.id);
	assert_int_equal(rd.kind, SR_PUT_ADDED);
	free(orig);
	free(copy);
	free(other);
	free(other2);
	sr_doc_cleanup(&a);
	sr_doc_cleanup(&b);
	sr_doc_cleanup(&c);
	sr_doc_cleanup(&d);
	sr_store_close(s);
}

/* 30 documents: i = 0..29, dated 2019-01-(i+1), publication A for even i
 * and B for odd, section S1 for i < 10 and S2 otherwise. Every body has
 * "sanctions"; i % 3 == 0 also has "pipeline"; title of i has "topic<i>". */
static void fill_search_corpus(sr_store *s, int64_t ids[30])
{
	sr_error err;
	assert_int_equal(sr_store_begin(s, &err), 0);
	for (int i = 0; i < 30; i++) {
		char title[64], *filler = words(100 + (unsigned)i, 40);
		sr_buf body;
		sr_buf_init(&body, 1 << 20);
		snprintf(title, sizeof title, "Report topic%d", i);
		assert_int_equal(sr_buf_printf(&body, "%s new sanctions were discussed%s.\n\n%s",
					       i % 3 == 0 ? "Gas pipeline talks stalled;" : "Talks went on;",
					       i == 4 ? " in Лукашенко's residence" : "", filler),
				 0);
		sr_doc d;
		make_doc(&d, title, body.p);
		set(&d.publication, i % 2 ? "B" : "A");
		set(&d.section, i < 10 ? "S1" : "S2");
		d.date = sr_date_make(2019, 1, i + 1);
		ids[i] = put(s, &d).id;
		sr_doc_cleanup(&d);
		sr_buf_cleanup(&body);
		free(filler);
	}
	assert_int_equal(sr_store_commit(s, &err), 0);
}

static void test_search_filters_paging(void **state)
{
	engine_ready();
	sr_store *s = open_store(db_path());
	int64_t ids[30];
	fill_search_corpus(s, ids);
	hits hs;
	sr_error err;
	size_t total;

	sr_search_query q = {.text = "sanctions", .limit = 100};
	assert_int_equal(search(s, &q, &hs, &total, &err), 0);
	assert_int_equal(hs.n, 30);
	assert_int_equal(total, 30);
	for (int i = 1; i < hs.n; i++)
		assert_true(hs.score[i - 1] >= hs.score[i]); /* best first */

	/* Stemming: "sanction" finds "sanctions". */
	q.text = "sanction";
	assert_int_equal(search(s, &q, &hs, &total, &err), 0);
	assert_int_equal(total, 30);

	/* The title weighs more than the body. */
	q.text = "topic7 OR stalled";
	assert_int_equal(search(s, &q, &hs, &total, &err), 0);
	assert_int_equal(total, 11); /* topic7 + the ten pipeline docs */
	assert_int_equal(hs.id[0], ids[7]);

	/* Filters. */
	sr_search_query f = {.text = "sanctions", .publication = "A", .limit = 100};
	assert_int_equal(search(s, &f, &hs, &total, &err), 0);
	assert_int_equal(total, 15);
	f.section = "S1";
	assert_int_equal(search(s, &f, &hs, &total, &err), 0);
	assert_int_equal(total, 5); /* even i < 10 */
	f = (sr_search_query){.text = "sanctions", .from = 20190105, .to = 20190110, .limit = 100};
	assert_int_equal(search(s, &f, &hs, &total, &err), 0);
	assert_int_equal(total, 6);
	for (int i = 0; i < hs.n; i++) {
		int64_t k = hs.id[i] - ids[0]; /* ids are consecutive */
		assert_true(k >= 4 && k <= 9);
	}
	f.publication = "nonexistent";
	assert_int_equal(search(s, &f, &hs, &total, &err), 0);
	assert_int_equal(total, 0);
	assert_int_equal(hs.n, 0);
	f = (sr_search_query){.text = "sanctions", .from = 20190110, .to = 20190105};
	assert_int_equal(search(s, &f, &hs, &total, &err), SR_EINPUT);

	/* Paging: pages of 7 cover the ranking without overlap. */
	int64_t seen[30];
	int nseen = 0;
	hits all;
	q = (sr_search_query){.text = "sanctions", .limit = 100};
	assert_int_equal(search(s, &q, &all, &total, &err), 0);
	for (size_t off = 0; off < 35; off += 7) {
		q = (sr_search_query){.text = "sanctions", .limit = 7, .offset = off};
		assert_int_equal(search(s, &q, &hs, &total, &err), 0);
		assert_int_equal(total, 30);
		assert_int_equal(hs.n, off + 7 <= 30 ? 7 : (int)(30 - off));
		for (int i = 0; i < hs.n; i++) {
			assert_int_equal(hs.id[i], all.id[off + (size_t)i]);
			seen[nseen++] = hs.id[i];
		}
	}
	assert_int_equal(nseen, 30);
	for (int i = 0; i < nseen; i++)
		for (int j = i + 1; j < nseen; j++)
			assert_true(seen[i] != seen[j]);
	/* Default page size is 20; over the cap is refused. */
	q = (sr_search_query){.text = "sanctions"};
	assert_int_equal(search(s, &q, &hs, &total, &err), 0);
	assert_int_equal(hs.n, 20);
	q.limit = 100000;
	assert_int_equal(search(s, &q, &hs, &total, &err), SR_EINPUT);

	/* Snippets mark matches with \x02 … \x03. */
	q = (sr_search_query){.text = "pipeline", .limit = 1};
	assert_int_equal(search(s, &q, &hs, NULL, &err), 0);
	assert_int_equal(hs.n, 1);
	assert_non_null(strstr(hs.snippet[0], "\x02pipeline\x03"));

	/* Cyrillic, any case. */
	assert_int_equal(search_text(s, "лукашенко", &hs), 0);
	assert_int_equal(hs.n, 1);
	assert_int_equal(hs.id[0], ids[4]);
	sr_store_close(s);
}

#ifndef TEST_PG /* PostgreSQL ranks with ts_rank_cd: no bm25() to compare with */
/* FTS5's own bm25() of one stored row for an FTS5 MATCH expression, read by
 * a connection of its own: what SQLite's sitrep_bm25 must equal. */
static double fts5_bm25(const char *path, const char *match, int64_t id)
{
	sqlite3 *db;
	sqlite3_stmt *st;
	assert_int_equal(sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(db,
					    "SELECT bm25(documents_fts, 10.0, 1.0) FROM documents_fts"
					    " WHERE documents_fts MATCH ?1 AND rowid = ?2",
					    -1, &st, NULL),
			 SQLITE_OK);
	sqlite3_bind_text(st, 1, match, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, id);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	double v = -sqlite3_column_double(st, 0);
	sqlite3_finalize(st);
	sqlite3_close(db);
	return v;
}
#endif

/* Ranking stops at the 3,000 newest matches (SQ_RANK_CAP, PG_RANK_CAP):
 * counted without the near-duplicates the search hides, which neither take
 * a place in the ranking nor show. Two strong matches (the word in the
 * title) sit just inside and just outside the ranked 3,000, five strong
 * near-duplicates among the newest; on both statement paths, unfiltered
 * and filtered. */
static void test_search_rank_cap(void **state)
{
	engine_ready();
	char path[1024];
	snprintf(path, sizeof path, "%s", db_path());
	sr_store *s = open_store(path);
	sr_error err;
	enum { FILLERS = 2999, COPIES = 5 };
	int64_t outside = 0, inside = 0, filler_ids[FILLERS];
	assert_int_equal(sr_store_begin(s, &err), 0);
	for (int i = -2; i < FILLERS; i++) {
		char title[64], *body = words(5000 + (unsigned)(i + 2), 30), *text = NULL;
		sr_buf b;
		sr_buf_init(&b, 1 << 16);
		assert_int_equal(sr_buf_printf(&b, "kestrel %s", body), 0);
		text = sr_buf_detach(&b, NULL);
		snprintf(title, sizeof title, i < 0 ? "Kestrel dispatch %d" : "Note %d", i + 2);
		sr_doc d;
		make_doc(&d, title, text);
		set(&d.publication, "P");
		sr_put_result r = put(s, &d);
		assert_int_equal(r.kind, SR_PUT_ADDED);
		if (i == -2)
			outside = r.id;
		else if (i == -1)
			inside = r.id;
		else
			filler_ids[i] = r.id;
		sr_doc_cleanup(&d);
		free(body);
		free(text);
	}
	/* Copies of the newest fillers under strong headlines. */
	int64_t copies[COPIES];
	for (int k = 0; k < COPIES; k++) {
		int i = FILLERS - 1 - 3 * k;
		char *body = words(5000 + (unsigned)(i + 2), 30), *text = NULL;
		sr_buf b;
		sr_buf_init(&b, 1 << 16);
		assert_int_equal(sr_buf_printf(&b, "kestrel %s", body), 0);
		text = sr_buf_detach(&b, NULL);
		sr_doc d;
		make_doc(&d, "Kestrel kestrel kestrel", text);
		set(&d.publication, "P");
		sr_put_result r = put(s, &d);
		assert_int_equal(r.kind, SR_PUT_NEAR_DUP);
		assert_int_equal(r.dup_of, filler_ids[i]);
		copies[k] = r.id;
		sr_doc_cleanup(&d);
		free(body);
		free(text);
	}
	assert_int_equal(sr_store_commit(s, &err), 0);

	for (int filtered = 0; filtered < 2; filtered++) {
		hits hs;
		size_t total = 0;
		sr_search_query q = {.text = "kestrel", .limit = 20, .publication = filtered ? "P" : NULL};
		assert_int_equal(search(s, &q, &hs, &total, &err), 0);
		assert_int_equal(total, FILLERS + 2);
		assert_int_equal(hs.n, 20);
		assert_int_equal(hs.id[0], inside);
#ifndef TEST_PG
		/* Past the cap, the lone word is counted apart from the scan
		 * (sitrep_count), and its count feeds the scores. */
		for (int i = 0; i < hs.n; i++)
			assert_true(hs.score[i] == fts5_bm25(path, "(\"kestrel\")", hs.id[i]));
#endif
		assert_false(has_id(&hs, outside));
		for (int k = 0; k < COPIES; k++)
			assert_false(has_id(&hs, copies[k]));
		/* A page past the cap ranks as far as it reaches. */
		q.offset = FILLERS + 2 - 4;
		assert_int_equal(search(s, &q, &hs, &total, &err), 0);
		assert_int_equal(total, FILLERS + 2);
		assert_int_equal(hs.n, 4);
		assert_false(has_id(&hs, outside)); /* ranked now, so on the first page */
		q.offset = 0;
		/* Shown on request, the copies are ranked and lead. */
		q.include_near_dups = 1;
		q.limit = 20;
		assert_int_equal(search(s, &q, &hs, &total, &err), 0);
		assert_int_equal(total, FILLERS + 2 + COPIES);
		for (int k = 0; k < COPIES; k++)
			assert_true(has_id(&hs, copies[k]));
	}
	sr_store_close(s);
}

/* A near-duplicate stored after a handle has searched is hidden from that
 * handle's next search, whether it came through another handle or its own. */
static void test_search_hides_new_near_dups(void **state)
{
	engine_ready();
	const char *path = db_path();
	char saved[1024];
	snprintf(saved, sizeof saved, "%s", path);
	sr_store *s = open_store(saved), *other = open_store(saved);
	char *text = words(77, 300);
	sr_doc a, b, c;
	make_doc(&a, "Original", text);
	make_doc(&b, "First copy", text);
	make_doc(&c, "Second copy", text);
	sr_put_result ra = put(s, &a);
	hits hs;
	sr_error err;
	size_t total;
	char first_word[16];
	snprintf(first_word, sizeof first_word, "%.*s", (int)strcspn(text, " "), text);
	sr_search_query q = {.text = first_word};
	assert_int_equal(search(s, &q, &hs, &total, &err), 0);
	assert_int_equal(total, 1);
	assert_int_equal(hs.id[0], ra.id);

	sr_put_result rb = put(other, &b);
	assert_int_equal(rb.kind, SR_PUT_NEAR_DUP);
	assert_int_equal(search(s, &q, &hs, &total, &err), 0);
	assert_int_equal(total, 1);
	assert_false(has_id(&hs, rb.id));

	sr_put_result rc = put(s, &c);
	assert_int_equal(rc.kind, SR_PUT_NEAR_DUP);
	assert_int_equal(search(s, &q, &hs, &total, &err), 0);
	assert_int_equal(total, 1);
	assert_false(has_id(&hs, rc.id));
	q.include_near_dups = 1;
	assert_int_equal(search(s, &q, &hs, &total, &err), 0);
	assert_int_equal(total, 3);

	sr_doc_cleanup(&a);
	sr_doc_cleanup(&b);
	sr_doc_cleanup(&c);
	free(text);
	sr_store_close(other);
	sr_store_close(s);
}

#ifndef TEST_PG /* PostgreSQL ranks with ts_rank_cd: no bm25() to compare with */
/* Every hit's score is bm25()'s to the last bit, for each shape of query
 * (one word, whose count the scan supplies; AND, OR, NOT, a phrase, a
 * prefix; filtered; near-duplicates shown) — and still after another
 * connection rewrote a matching document (its length changed: a length
 * remembered from the first search would now be wrong) and after this
 * handle added documents. */
static void test_search_scores_are_bm25(void **state)
{
	engine_ready();
	const char *path = db_path();
	char saved[1024];
	snprintf(saved, sizeof saved, "%s", path);
	sr_store *s = open_store(saved);
	int64_t ids[30];
	fill_search_corpus(s, ids);
	static const struct {
		const char *query, *match, *publication;
		int near_dups;
	} cases[] = {
		{"sanctions", "(\"sanctions\")", NULL, 0},
		{"sanctions", "(\"sanctions\")", NULL, 1},
		{"sanctions", "(\"sanctions\")", "A", 0},
		{"sanctions pipeline", "(\"sanctions\") AND (\"pipeline\")", NULL, 0},
		{"topic7 OR stalled", "(\"topic7\" OR \"stalled\")", NULL, 0},
		{"sanctions -pipeline", "(\"sanctions\") NOT (\"pipeline\")", NULL, 0},
		{"\"gas pipeline\"", "(\"gas pipeline\")", NULL, 0},
		{"sanct*", "(\"sanct\"*)", NULL, 0},
	};
	for (int round = 0; round < 3; round++) {
		if (round == 1) {
			/* Another connection makes ids[3] four times as long. */
			char sql[256];
			snprintf(sql, sizeof sql,
				 "UPDATE documents SET body = body || ' ' || body || ' ' || body || ' ' || body"
				 " WHERE id = %lld",
				 (long long)ids[3]);
			sql_exec(saved, sql);
		} else if (round == 2) {
			for (int i = 0; i < 5; i++) {
				char *text = words(900 + (unsigned)i, 20 + 40 * (size_t)i), title[32];
				sr_buf b;
				sr_buf_init(&b, 1 << 20);
				assert_int_equal(sr_buf_printf(&b, "sanctions pipeline %s", text), 0);
				snprintf(title, sizeof title, "Later %d", i);
				sr_doc d;
				make_doc(&d, title, b.p);
				assert_int_equal(put(s, &d).kind, SR_PUT_ADDED);
				sr_doc_cleanup(&d);
				sr_buf_cleanup(&b);
				free(text);
			}
		}
		for (size_t c = 0; c < sizeof cases / sizeof *cases; c++) {
			sr_search_query q = {.text = cases[c].query, .publication = cases[c].publication,
					     .include_near_dups = cases[c].near_dups, .limit = 64};
			hits hs;
			sr_error err;
			size_t total = 0;
			assert_int_equal(search(s, &q, &hs, &total, &err), 0);
			assert_true(hs.n > 0);
			for (int i = 0; i < hs.n; i++) {
				double want = fts5_bm25(saved, cases[c].match, hs.id[i]);
				if (hs.score[i] != want)
					fail_msg("round %d, \"%s\", id %lld: score %.17g, bm25() %.17g", round,
						 cases[c].query, (long long)hs.id[i], hs.score[i], want);
			}
		}
	}
	sr_store_close(s);
}
#endif

static void test_query_syntax(void **state)
{
	engine_ready();
	sr_store *s = open_store(db_path());
	int64_t ids[30];
	fill_search_corpus(s, ids);
	hits hs;
	assert_int_equal(search_text(s, "pipeline", &hs), 0);
	assert_int_equal(hs.n, 10);
	assert_int_equal(search_text(s, "sanctions -pipeline", &hs), 0);
	assert_int_equal(hs.n, 20);
	assert_int_equal(search_text(s, "sanctions NOT pipeline", &hs), 0);
	assert_int_equal(hs.n, 20);
	assert_int_equal(search_text(s, "\"pipeline talks stalled\"", &hs), 0);
	assert_int_equal(hs.n, 10);
	assert_int_equal(search_text(s, "\"stalled talks pipeline\"", &hs), 0);
	assert_int_equal(hs.n, 0);
	assert_int_equal(search_text(s, "-\"stalled talks\" sanctions", &hs), 0);
	assert_int_equal(hs.n, 30); /* no doc has that order */
	assert_int_equal(search_text(s, "-\"pipeline talks\" sanctions", &hs), 0);
	assert_int_equal(hs.n, 20);
	assert_int_equal(search_text(s, "topic1 OR topic2 OR topic3", &hs), 0);
	assert_int_equal(hs.n, 3);
	assert_int_equal(search_text(s, "topic1 OR topic3 pipeline", &hs), 0);
	assert_int_equal(hs.n, 1); /* (topic1 OR topic3) AND pipeline: only 3 */
	assert_int_equal(hs.id[0], ids[3]);
	assert_int_equal(search_text(s, "topic2*", &hs), 0);
	assert_int_equal(hs.n, 11); /* topic2, topic20..29 */
	assert_int_equal(search_text(s, "PIPELINE AND Sanctions", &hs), 0);
	assert_int_equal(hs.n, 10);
	assert_int_equal(search_text(s, "OR pipeline OR", &hs), 0); /* dangling ORs ignored */
	assert_int_equal(hs.n, 10);
	assert_int_equal(search_text(s, "\"pipeline talks", &hs), 0); /* open phrase runs to the end */
	assert_int_equal(hs.n, 10);

	/* Nothing to look for, or only exclusions: a usage error. */
	const char *bad[] = {"", "   ", "\"", "*", "\"\"", "-pipeline", "NOT pipeline", "-", "()", "OR", "AND"};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		assert_int_equal(search_text(s, bad[i], &hs), SR_EINPUT);
	sr_error err;
	sr_search_query q = {.text = "\xff\xfe"};
	assert_int_equal(search(s, &q, &hs, NULL, &err), SR_EINPUT);
	char big[2000];
	memset(big, 'a', sizeof big - 1);
	big[sizeof big - 1] = '\0';
	q.text = big;
	assert_int_equal(search(s, &q, &hs, NULL, &err), SR_EINPUT);
	sr_store_close(s);
}

static void test_hostile_queries(void **state)
{
	engine_ready();
	const char *path = db_path();
	sr_store *s = open_store(path);
	int64_t ids[30];
	fill_search_corpus(s, ids);
	/* Each is either searched as words or refused as input; never an
	 * FTS5 syntax error (SR_ESTORE) — search_text asserts that. */
	const char *hostile[] = {
		"\"", "*", "NEAR(", "NEAR(pipeline talks, 2)", "'; DROP TABLE documents; --",
		"pipeline\"", "pip\"eline", "\"\"\"", "title:pipeline", "body : pipeline",
		"{title body}: pipeline", "^pipeline", "pipeline + talks", "(pipeline", "pipeline)",
		"pipeline AND", "NOT", "pipeline NOT", "a\\b", "%_", "\x01\x02", "* OR *",
		"-\"", "--pipeline", "pipeline OR -talks", "«Лукашенко»", "rank:1", "rowid = 1",
		"pipeline* *", "pipel**", "\"pipeline\" \"", "col1 col2 : \"x\"", "NEAR(\"a\" \"b\", -1)",
	};
	hits hs;
	for (size_t i = 0; i < sizeof hostile / sizeof hostile[0]; i++)
		search_text(s, hostile[i], &hs);
	/* A few with known meaning. */
	assert_int_equal(search_text(s, "NEAR(pipeline talks, 2)", &hs), 0);
	assert_int_equal(hs.n, 0); /* "near", "2" are words here */
	assert_int_equal(search_text(s, "title:pipeline", &hs), 0);
	assert_int_equal(hs.n, 0); /* the phrase "title pipeline" */
	assert_int_equal(search_text(s, "pipeline)", &hs), 0);
	assert_int_equal(hs.n, 10);
	assert_int_equal(search_text(s, "pipel**", &hs), 0);
	assert_int_equal(hs.n, 10);
	assert_int_equal(search_text(s, "«Лукашенко»", &hs), 0);
	assert_int_equal(hs.n, 1);
	assert_int_equal(search_text(s, "'; DROP TABLE documents; --", &hs), 0);
	assert_int_equal(count_docs(s), 30);
	sr_store_close(s);
	assert_int_equal(sql_int(path, "SELECT count(*) FROM documents"), 30);
}

static void test_rollback_leaves_nothing(void **state)
{
	engine_ready();
	const char *path = db_path();
	sr_store *s = open_store(path);
	sr_error err;
	sr_doc keep;
	make_doc(&keep, "Kept", "This one is committed on its own before the batch.");
	put(s, &keep);
	assert_int_equal(sr_store_begin(s, &err), 0);
	assert_int_equal(sr_store_begin(s, &err), SR_ESTORE); /* no nesting */
	for (unsigned i = 0; i < 5; i++) {
		char *t = words(50 + i, 200);
		sr_doc d;
		make_doc(&d, "Rolled back", t);
		assert_int_equal(sr_doc_add_cite(&d, "Interfax", 8, 20200101), 0);
		assert_int_equal(put(s, &d).kind, SR_PUT_ADDED);
		sr_doc_cleanup(&d);
		free(t);
	}
	assert_int_equal(count_docs(s), 6);
	assert_int_equal(sr_store_rollback(s), 0);
	assert_int_equal(count_docs(s), 1);
	hits hs;
	assert_int_equal(search_text(s, "rolled", &hs), 0);
	assert_int_equal(hs.n, 0);
	assert_int_equal(sr_store_commit(s, &err), SR_ESTORE); /* nothing open */
	sr_store_close(s);
	assert_int_equal(sql_int(path, "SELECT count(*) FROM citations"), 0);
	assert_int_equal(sql_int(path, "SELECT count(*) FROM nd_bands"), SR_MINHASH_BANDS);
	assert_int_equal(sql_int(path, PG ? "SELECT count(*) FROM documents WHERE tsv @@ to_tsquery('english', 'rolled')"
					  : "SELECT count(*) FROM documents_fts WHERE documents_fts MATCH 'rolled'"),
			 0);

	/* Closing with a transaction open rolls it back too. */
	s = open_store(path);
	assert_int_equal(sr_store_begin(s, &err), 0);
	sr_doc d;
	make_doc(&d, "Unfinished", "A batch that never commits because the process closes first.");
	put(s, &d);
	sr_store_close(s);
	assert_int_equal(sql_int(path, "SELECT count(*) FROM documents"), 1);
	sr_doc_cleanup(&d);
	sr_doc_cleanup(&keep);
}

static void test_reopen(void **state)
{
	engine_ready();
	const char *path = db_path();
	sr_store *s = open_store(path);
	sr_doc d;
	make_doc(&d, "Persistent", "Stored in the first session and read in the second.");
	sr_put_result r = put(s, &d);
	sr_store_close(s);

	s = open_store(path);
	assert_int_equal(count_docs(s), 1);
	assert_int_equal(put(s, &d).kind, SR_PUT_DUPLICATE);
	sr_doc g;
	sr_error err;
	assert_int_equal(sr_store_get_doc(s, r.id, &g, NULL, &err), 0);
	assert_string_equal(g.title, "Persistent");
	sr_doc_cleanup(&g);
	sr_store_close(s);

	/* Read-only: works on an existing store, refuses to write. */
	assert_int_equal(sr_store_open(path, SR_STORE_READONLY, &s, &err), 0);
	hits hs;
	assert_int_equal(search_text(s, "persistent", &hs), 0);
	assert_int_equal(hs.n, 1);
	sr_put_result pr;
	sr_doc n;
	make_doc(&n, "New", "Cannot be written through a read-only handle.");
	assert_int_not_equal(sr_store_put_doc(s, &n, &pr, &err), 0);
	sr_doc_cleanup(&n);
	sr_store_close(s);
	sr_doc_cleanup(&d);
}

static void test_refuses_unknown_databases(void **state)
{
	engine_ready();
	sr_store *s = NULL;
	sr_error err;

	/* A newer schema than we know. */
	const char *path = db_path();
	sr_store_close(open_store(path));
	sql_exec(path, PG ? "UPDATE sitrep_meta SET version = 999" : "PRAGMA user_version = 999");
	sr_error_clear(&err);
	assert_int_equal(sr_store_open(path, 0, &s, &err), SR_ESTORE);
	assert_null(s);
	assert_non_null(strstr(err.msg, "schema version 999 is newer"));
	assert_string_equal(err.file, path);

	/* Somebody else's database is left alone. */
	path = db_path();
	sql_exec(path, PG ? "CREATE TABLE t(x integer); INSERT INTO t VALUES (1)"
			  : "CREATE TABLE t(x); INSERT INTO t VALUES (1)");
	assert_int_equal(sr_store_open(path, 0, &s, &err), SR_ESTORE);
	assert_non_null(strstr(err.msg, "not a sitrep database"));
	if (PG)
		assert_int_equal(sql_int(path, "SELECT count(*) FROM pg_tables WHERE schemaname = current_schema()"),
				 1);
	else
		assert_int_equal(sql_int(path, "PRAGMA user_version"), 0);

	if (!PG) {
		/* Not a database at all. */
		path = db_path();
		FILE *f = fopen(path, "w");
		assert_non_null(f);
		for (int i = 0; i < 100; i++)
			fputs("this is plain text, not SQLite\n", f);
		fclose(f);
		assert_true(sr_store_open(path, 0, &s, &err) < 0);
		assert_non_null(strstr(err.msg, "not an SQLite database"));
	}

	/* Read-only open of a missing store does not create one. */
	path = db_path();
	assert_true(sr_store_open(path, SR_STORE_READONLY, &s, &err) < 0);
	if (PG) {
		assert_non_null(strstr(err.msg, "no sitrep database here"));
		assert_int_equal(sql_int(path, "SELECT count(*) FROM pg_tables WHERE schemaname = current_schema()"),
				 0);
	} else {
		FILE *g = fopen(path, "r");
		assert_null(g);
	}

	/* A PostgreSQL server that is not there: an error naming the address,
	 * never its password. */
	sr_error_clear(&err);
	assert_true(sr_store_open("postgresql://sitrep:s3cret@127.0.0.1:1/sitrep?connect_timeout=2", 0, &s,
				  &err) < 0);
	assert_null(s);
	assert_non_null(strstr(err.file, "127.0.0.1:1/sitrep"));
	assert_null(strstr(err.file, "s3cret"));
	assert_null(strstr(err.msg, "s3cret"));
}

static void test_stats_publications(void **state)
{
	engine_ready();
	sr_store *s = open_store(db_path());
	int64_t ids[30];
	fill_search_corpus(s, ids);
	sr_store_stats st;
	sr_error err;
	assert_int_equal(sr_store_stats_get(s, &st, &err), 0);
	assert_int_equal(st.documents, 30);
	assert_int_equal(st.near_duplicates, 0);
	assert_int_equal(st.first, 20190101);
	assert_int_equal(st.last, 20190130);
	assert_int_equal(st.by_publication_n, 2);
	sr_store_close(s);
}

/* ---- events ---- */

/* An event of body[start..end) with the other fields from its arguments. */
static sr_store_event ev_at(const char *body, const char *needle, int sentence, sr_date date,
			    const char *src, const char *tgt, const char *cameo)
{
	const char *at = strstr(body, needle);
	assert_non_null(at);
	sr_store_event e = {
		.sentence = sentence,
		.date = date,
		.source = src,
		.target = tgt,
		.cameo = cameo,
		.quad = 2,
		.goldstein = 6.5,
		.plover = "COOPERATE",
		.text = at,
		.text_len = strlen(needle),
		.start = (size_t)(at - body),
		.end = (size_t)(at - body) + strlen(needle),
	};
	return e;
}

static sr_put_result put_coded(sr_store *s, const sr_doc *d, const sr_store_event *ev, size_t n,
			       const char *dict)
{
	sr_store_key key;
	sr_put_result r;
	sr_error err;
	sr_error_clear(&err);
	assert_int_equal(sr_store_key_doc(d, &key, &err), 0);
	sr_store_coding c = {.ev = ev, .n = n, .dict = dict};
	int rc = sr_store_put_coded(s, d, &key, &c, &r, &err);
	if (rc != 0)
		fail_msg("put_coded: %s", err.msg);
	return r;
}

typedef struct evlist {
	int n;
	int64_t id[64], doc[64];
	int sentence[64], quad[64];
	sr_date date[64];
	double goldstein[64];
	unsigned flags[64];
	size_t start[64], end[64];
	char src[64][16], tgt[64][16], sp[64][8], tp[64][8], cameo[64][8], root[64][8];
	char sname[64][32], text[64][64], title[64][32], plover[64][16];
} evlist;

static void cp(char *dst, size_t size, const char *src)
{
	snprintf(dst, size, "%s", src ? src : "(null)");
}

static int collect_ev(void *ud, const sr_event_row *r)
{
	evlist *l = ud;
	if (l->n == 64)
		return 1;
	int i = l->n++;
	l->id[i] = r->id;
	l->doc[i] = r->doc_id;
	l->sentence[i] = r->ev.sentence;
	l->quad[i] = r->ev.quad;
	l->date[i] = r->ev.date;
	l->goldstein[i] = r->ev.goldstein;
	l->flags[i] = r->ev.flags;
	l->start[i] = r->ev.start;
	l->end[i] = r->ev.end;
	cp(l->src[i], sizeof l->src[i], r->ev.source);
	cp(l->tgt[i], sizeof l->tgt[i], r->ev.target);
	cp(l->sp[i], sizeof l->sp[i], r->ev.source_party);
	cp(l->tp[i], sizeof l->tp[i], r->ev.target_party);
	cp(l->cameo[i], sizeof l->cameo[i], r->ev.cameo);
	cp(l->root[i], sizeof l->root[i], r->ev.root);
	cp(l->sname[i], sizeof l->sname[i], r->ev.source_name);
	cp(l->plover[i], sizeof l->plover[i], r->ev.plover);
	cp(l->title[i], sizeof l->title[i], r->title);
	assert_int_equal(strlen(r->ev.text), r->ev.text_len);
	cp(l->text[i], sizeof l->text[i], r->ev.text);
	return 0;
}

static int list_events(sr_store *s, const sr_event_query *q, evlist *l)
{
	memset(l, 0, sizeof *l);
	sr_error err;
	sr_error_clear(&err);
	return sr_store_events(s, q, collect_ev, l, &err);
}

static void test_events_roundtrip(void **state)
{
	engine_ready();
	const char *path = db_path();
	sr_store *s = open_store(path);
	const char *body = "Belarusian troops held drills with Russian units near Brest.\n\n"
			   "Minsk thanked Moscow for the air defence systems.";
	sr_doc d;
	make_doc(&d, "Drills near Brest", body);
	sr_store_event ev[2];
	ev[0] = ev_at(body, "held drills with Russian units", 0, 20210910, "BLRMIL", "RUSMIL", "062");
	ev[0].source_name = "Belarus military";
	ev[0].target_name = "Russia military";
	ev[0].root = "06";
	ev[0].flags = 2;
	ev[1] = ev_at(body, "Minsk thanked Moscow", 1, 20210911, "BLRGOV", "RUSGOV", "051");
	ev[1].quad = 1;
	ev[1].goldstein = 3.4;
	ev[1].root = "05";
	ev[1].plover = NULL;
	sr_put_result r = put_coded(s, &d, ev, 2, "test-dict");
	assert_int_equal(r.kind, SR_PUT_ADDED);

	evlist l;
	sr_event_query q = {0};
	assert_int_equal(list_events(s, &q, &l), 0);
	assert_int_equal(l.n, 2);
	assert_int_equal(l.doc[0], r.id);
	assert_string_equal(l.src[0], "BLRMIL");
	assert_string_equal(l.tgt[0], "RUSMIL");
	assert_string_equal(l.sp[0], "BLR");
	assert_string_equal(l.tp[0], "RUS");
	assert_string_equal(l.sname[0], "Belarus military");
	assert_string_equal(l.cameo[0], "062");
	assert_string_equal(l.root[0], "06");
	assert_int_equal(l.quad[0], 2);
	assert_true(l.goldstein[0] == 6.5);
	assert_string_equal(l.plover[0], "COOPERATE");
	assert_int_equal(l.flags[0], 2);
	assert_int_equal(l.date[0], 20210910);
	assert_int_equal(l.sentence[0], 0);
	assert_string_equal(l.text[0], "held drills with Russian units");
	assert_memory_equal(body + l.start[0], "held drills", 11);
	assert_int_equal(l.end[0] - l.start[0], strlen("held drills with Russian units"));
	assert_string_equal(l.title[0], "Drills near Brest");
	assert_string_equal(l.plover[1], "(null)");
	assert_string_equal(l.sname[1], "(null)");
	assert_true(l.goldstein[1] == 3.4);
	assert_int_equal(l.sentence[1], 1);

	/* A code outside the CAMEO table: quad and Goldstein unknown (NULL). */
	const char *b2 = "Lukashenko spoke to Putin by telephone about the gas price for next year.";
	sr_doc d2;
	make_doc(&d2, "Call", b2);
	sr_store_event e2 = ev_at(b2, "spoke to Putin", 0, 0, "BLRGOV", "RUSGOV", "X99");
	e2.quad = 0;
	e2.goldstein = 1.0;
	assert_int_equal(put_coded(s, &d2, &e2, 1, NULL).kind, SR_PUT_ADDED);
	/* A document coded without events is still marked coded. */
	sr_doc d3;
	make_doc(&d3, "Nothing", "Weather: rain in the north, sun in the south, wind from the west.");
	assert_int_equal(put_coded(s, &d3, NULL, 0, "test-dict").kind, SR_PUT_ADDED);
	sr_store_stats st;
	sr_error err;
	assert_int_equal(sr_store_stats_get(s, &st, &err), 0);
	assert_int_equal(st.events, 3);
	assert_int_equal(st.coded, 3);
	sr_store_close(s);
	assert_int_equal(sql_int(path, "SELECT count(*) FROM events WHERE cameo = 'X99'"
				       " AND quad IS NULL AND goldstein IS NULL AND date IS NULL"), 1);
	assert_int_equal(sql_int(path, "SELECT count(*) FROM codings WHERE dict = 'test-dict'"), 2);
	assert_int_equal(sql_int(path, "SELECT events FROM codings WHERE doc_id = 1"), 2);
	sr_doc_cleanup(&d);
	sr_doc_cleanup(&d2);
	sr_doc_cleanup(&d3);
}

/* Storing again, copies and refusals: events count once, and a document is
 * stored with its events or not at all. */
static void test_events_once(void **state)
{
	engine_ready();
	const char *path = db_path();
	sr_store *s = open_store(path);
	char *text = words(7, 800);
	sr_doc a, copy, retitled;
	make_doc(&a, "Original", text);
	make_doc(&copy, "Original", text);
	make_doc(&retitled, "A syndicated copy", text);
	sr_store_event ev[3];
	for (int i = 0; i < 3; i++)
		ev[i] = ev_at(text, " w", i, 20200101 + i, "BLR", "RUS", "036");
	assert_int_equal(put_coded(s, &a, ev, 3, NULL).kind, SR_PUT_ADDED);
	assert_int_equal(put_coded(s, &copy, ev, 3, NULL).kind, SR_PUT_DUPLICATE);
	assert_int_equal(put_coded(s, &retitled, ev, 3, NULL).kind, SR_PUT_NEAR_DUP);
	assert_int_equal(count_docs(s), 2);
	sr_store_close(s);
	assert_int_equal(sql_int(path, "SELECT count(*) FROM events"), 3);
	assert_int_equal(sql_int(path, "SELECT count(*) FROM codings"), 1);

	/* A bad event refuses the document before anything is written. */
	s = open_store(path);
	const char *body = "Short text about a meeting in Minsk between two ministers.";
	sr_doc b;
	make_doc(&b, "Bad", body);
	sr_store_event bad[2] = {ev_at(body, "meeting", 0, 0, "BLR", "RUS", "036"),
				 ev_at(body, "ministers", 0, 0, "BLR", "RUS", "036")};
	bad[1].end = strlen(body) + 1;
	sr_store_key key;
	sr_put_result r;
	sr_error err;
	assert_int_equal(sr_store_key_doc(&b, &key, &err), 0);
	sr_store_coding c = {.ev = bad, .n = 2};
	assert_int_equal(sr_store_put_coded(s, &b, &key, &c, &r, &err), SR_EINPUT);
	assert_non_null(strstr(err.msg, "event 2"));
	bad[1] = ev_at(body, "ministers", 0, 0, "BLR", "RUS", "");
	assert_int_equal(sr_store_put_coded(s, &b, &key, &c, &r, &err), SR_EINPUT);
	bad[1] = ev_at(body, "ministers", 0, 0, "BLR", "RUS", "036");
	bad[1].quad = 5;
	assert_int_equal(sr_store_put_coded(s, &b, &key, &c, &r, &err), SR_EINPUT);
	bad[1].quad = 1;
	bad[1].date = 20210231;
	assert_int_equal(sr_store_put_coded(s, &b, &key, &c, &r, &err), SR_EINPUT);
	assert_int_equal(count_docs(s), 2);

	/* Rolled back with its batch: neither document nor events stay. */
	bad[1].date = 20210228;
	assert_int_equal(sr_store_begin(s, &err), 0);
	assert_int_equal(sr_store_put_coded(s, &b, &key, &c, &r, &err), 0);
	assert_int_equal(r.kind, SR_PUT_ADDED);
	assert_int_equal(sr_store_rollback(s), 0);
	sr_store_close(s);
	assert_int_equal(sql_int(path, "SELECT count(*) FROM events"), 3);
	assert_int_equal(sql_int(path, "SELECT count(*) FROM codings"), 1);
	assert_int_equal(sql_int(path, "SELECT count(*) FROM documents"), 2);
	/* Events go with their document. */
	sql_exec(path, PG ? "DELETE FROM documents" : "PRAGMA foreign_keys = ON; DELETE FROM documents");
	assert_int_equal(sql_int(path, "SELECT count(*) FROM events"), 0);
	assert_int_equal(sql_int(path, "SELECT count(*) FROM codings"), 0);
	sr_doc_cleanup(&a);
	sr_doc_cleanup(&copy);
	sr_doc_cleanup(&retitled);
	sr_doc_cleanup(&b);
	free(text);
}

/* Two documents, eight events, between BLR, RUS, NATO (as CAMEO codes it)
 * and UKR, dated out of storing order. */
static void fill_events(sr_store *s, int64_t doc[2])
{
	static const char b1[] = "one two three four five six seven eight nine ten eleven twelve";
	static const char b2[] = "alpha beta gamma delta epsilon zeta eta theta iota kappa lambda";
	sr_doc d1, d2;
	make_doc(&d1, "First", b1);
	make_doc(&d2, "Second", b2);
	sr_store_event e1[4] = {
		ev_at(b1, "one", 0, 20220301, "BLRMIL", "RUSMIL", "062"),
		ev_at(b1, "two", 1, 20220105, "RUSGOV", "BLRGOV", "051"),
		ev_at(b1, "three", 2, 0, "BLRGOV", "RUSGOV", "036"),
		ev_at(b1, "four", 3, 20220301, "BLR", "IGOWSTNAT", "112"),
	};
	e1[3].quad = 3;
	e1[3].root = "11";
	e1[0].root = "06";
	e1[1].root = "05";
	e1[2].root = "03";
	sr_store_event e2[4] = {
		ev_at(b2, "alpha", 0, 20220301, "RUSMIL", "UKRMIL", "190"),
		ev_at(b2, "beta", 1, 20220210, "BLRMIL", "RUSMIL", "062"),
		ev_at(b2, "gamma", 2, 20220301, "NATO", "BLR", "111"),
		ev_at(b2, "delta", 3, 20211231, "BLRGOVLEG", "RUS", "043"),
	};
	e2[0].quad = 4;
	e2[0].root = "19";
	e2[1].root = "06";
	e2[2].quad = 3;
	e2[2].root = "11";
	e2[2].source_party = "NAT"; /* the dictionary's party, not the code's letters */
	e2[3].quad = 1;
	e2[3].root = "04";
	doc[0] = put_coded(s, &d1, e1, 4, NULL).id;
	doc[1] = put_coded(s, &d2, e2, 4, NULL).id;
	sr_doc_cleanup(&d1);
	sr_doc_cleanup(&d2);
}

/* The events listed, as "text" words joined by spaces. */
static const char *listed(sr_store *s, const sr_event_query *q)
{
	static char out[512];
	evlist l;
	assert_int_equal(list_events(s, q, &l), 0);
	out[0] = '\0';
	for (int i = 0; i < l.n; i++) {
		size_t n = strlen(out);
		snprintf(out + n, sizeof out - n, "%s%s", i ? " " : "", l.text[i]);
	}
	return out;
}

static void test_events_filters(void **state)
{
	engine_ready();
	sr_store *s = open_store(db_path());
	int64_t doc[2];
	fill_events(s, doc);
	assert_true(doc[0] < doc[1]);

	/* Order: date (undated first), then document, then sentence. */
	sr_event_query q = {0};
	assert_string_equal(listed(s, &q), "three delta two beta one four alpha gamma");

	/* A dyad is both directions; --directed one. Case does not matter. */
	q = (sr_event_query){.party_a = "BLR", .party_b = "RUS"};
	assert_string_equal(listed(s, &q), "three delta two beta one");
	q = (sr_event_query){.party_a = "rus", .party_b = "blr"};
	assert_string_equal(listed(s, &q), "three delta two beta one");
	q.directed = 1;
	assert_string_equal(listed(s, &q), "two");
	q = (sr_event_query){.party_a = "BLR", .party_b = "NAT"};
	assert_string_equal(listed(s, &q), "four gamma"); /* IGOWSTNAT and the dictionary's NAT */
	q = (sr_event_query){.party_a = "BLR", .party_b = "UKR"};
	assert_string_equal(listed(s, &q), "");

	/* Actor: a code prefix on either side. */
	q = (sr_event_query){.actor = "BLRMIL"};
	assert_string_equal(listed(s, &q), "beta one");
	q = (sr_event_query){.actor = "BLRGOV"};
	assert_string_equal(listed(s, &q), "three delta two");
	q = (sr_event_query){.actor = "ukr"};
	assert_string_equal(listed(s, &q), "alpha");
	q = (sr_event_query){.actor = "IGO"};
	assert_string_equal(listed(s, &q), "four");
	q = (sr_event_query){.actor = "RUSMILX"};
	assert_string_equal(listed(s, &q), "");

	/* Dates: either bound leaves undated events out; bounds are inclusive. */
	q = (sr_event_query){.from = 20220105, .to = 20220301};
	assert_string_equal(listed(s, &q), "two beta one four alpha gamma");
	q = (sr_event_query){.to = 20220104};
	assert_string_equal(listed(s, &q), "delta");
	q = (sr_event_query){.from = 20220302};
	assert_string_equal(listed(s, &q), "");

	/* Root and quad class, and everything at once. */
	q = (sr_event_query){.root = "06"};
	assert_string_equal(listed(s, &q), "beta one");
	q = (sr_event_query){.root = "11", .quad = 3};
	assert_string_equal(listed(s, &q), "four gamma");
	q = (sr_event_query){.quad = 4};
	assert_string_equal(listed(s, &q), "alpha");
	q = (sr_event_query){.party_a = "BLR", .party_b = "RUS", .directed = 1, .actor = "BLRMIL",
			     .root = "06", .quad = 2, .from = 20220201, .to = 20220331};
	assert_string_equal(listed(s, &q), "beta one");

	/* Paging. */
	q = (sr_event_query){.limit = 3};
	assert_string_equal(listed(s, &q), "three delta two");
	q.offset = 6;
	assert_string_equal(listed(s, &q), "alpha gamma");
	q = (sr_event_query){.party_a = "BLR", .party_b = "RUS", .limit = 1, .offset = 1};
	assert_string_equal(listed(s, &q), "delta");

	/* A callback that stops the listing. */
	evlist l;
	memset(&l, 0, sizeof l);
	l.n = 63;
	q = (sr_event_query){0};
	sr_error err;
	assert_int_equal(sr_store_events(s, &q, collect_ev, &l, &err), 0);
	assert_int_equal(l.n, 64);

	/* Queries that make no sense are input errors, never SQL. */
	const sr_event_query bad[] = {
		{.party_a = "BLR"},
		{.party_b = "RUS"},
		{.party_a = "BLR", .party_b = "R'S"},
		{.party_a = "", .party_b = "RUS"},
		{.actor = "'; DROP TABLE events; --"},
		{.actor = "BLR%"},
		{.actor = ""},
		{.root = "6"},
		{.root = "0a"},
		{.root = "123"},
		{.quad = 5},
		{.from = 20220301, .to = 20220201},
		{.from = 20221345},
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		sr_error_clear(&err);
		assert_int_equal(sr_store_events(s, &bad[i], collect_ev, &l, &err), SR_EINPUT);
		assert_true(err.msg[0] != '\0');
	}
	q = (sr_event_query){0};
	assert_string_equal(listed(s, &q), "three delta two beta one four alpha gamma");
	sr_store_close(s);
}

static void test_party(void **state)
{
	engine_ready();
	static const char *const cases[][2] = {
		{"BLRMIL", "BLR"}, {"RUS", "RUS"},       {"IGOWSTNAT", "NAT"}, {"IGOEUREEC", "EEC"},
		{"IGOUNO", "UNO"}, {"IGOWSTNATMIL", "NAT"}, {"IGO", "IGO"},     {"NATO", "NAT"},
		{"US", "US"},      {"", ""},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char p[4];
		sr_store_party(cases[i][0], p);
		assert_string_equal(p, cases[i][1]);
	}
	char p[4] = "x";
	sr_store_party(NULL, p);
	assert_string_equal(p, "");
}

/* A store made before events existed (schema 1) is brought up to date on
 * its first writable open, documents kept; a read-only open asks for that. */
static void test_events_migration(void **state)
{
	engine_ready();
	const char *path = db_path();
	sr_store *s = open_store(path);
	sr_doc d;
	make_doc(&d, "Old", "Stored by a sitrep that did not code events yet, in a quiet week.");
	assert_int_equal(put(s, &d).kind, SR_PUT_ADDED);
	sr_store_close(s);
	/* Schemas 2 and 3 only added tables: without them the store is schema 1. */
	if (PG) {
		sql_exec(path, "DROP TABLE events; DROP TABLE codings; DROP TABLE feeds; DROP TABLE feed_items;"
			       " UPDATE sitrep_meta SET version = 1");
		assert_int_equal(sql_int(path, "SELECT count(*) FROM pg_tables WHERE schemaname = current_schema()"
					       " AND tablename = 'events'"),
				 0);
	} else {
		sql_exec(path, "DROP TABLE events; DROP TABLE codings; DROP TABLE feeds; DROP TABLE feed_items;"
			       " PRAGMA user_version = 1");
		assert_int_equal(sql_int(path, "SELECT count(*) FROM sqlite_schema WHERE name = 'events'"), 0);
	}

	sr_error err;
	sr_error_clear(&err);
	assert_int_equal(sr_store_open(path, SR_STORE_READONLY, &s, &err), SR_ESTORE);
	assert_non_null(strstr(err.msg, "older"));

	s = open_store(path);
	assert_int_equal(count_docs(s), 1);
	assert_int_equal(put(s, &d).kind, SR_PUT_DUPLICATE);
	const char *body = "Minsk and Moscow signed an agreement on a joint training centre.";
	sr_doc n;
	make_doc(&n, "New", body);
	sr_store_event e = ev_at(body, "signed an agreement", 0, 20230101, "BLRGOV", "RUSGOV", "057");
	assert_int_equal(put_coded(s, &n, &e, 1, NULL).kind, SR_PUT_ADDED);
	sr_event_query q = {.party_a = "BLR", .party_b = "RUS"};
	assert_string_equal(listed(s, &q), "signed an agreement");
	sr_store_close(s);
	assert_int_equal(sql_int(path, PG ? "SELECT version FROM sitrep_meta" : "PRAGMA user_version"), 3);
	assert_int_equal(sql_int(path, PG ? "SELECT count(*) FROM pg_class WHERE relnamespace ="
					    " current_schema()::regnamespace AND relname IN"
					    " ('events','codings','events_date','events_dyad','events_doc',"
					    "'feeds','feed_items')"
					  : "SELECT count(*) FROM sqlite_schema WHERE name IN "
					    "('events','codings','events_date','events_dyad','events_doc',"
					    "'feeds','feed_items')"),
			 7);
	assert_int_equal(sql_int(path, "SELECT count(*) FROM documents"), 2);
	sr_doc_cleanup(&d);
	sr_doc_cleanup(&n);
}

/* ---- event series ---- */

typedef struct series {
	int n;
	sr_series_bucket b[64];
} series;

static int collect_bucket(void *ud, const sr_series_bucket *b)
{
	series *l = ud;
	if (l->n == 64)
		return 1;
	l->b[l->n++] = *b;
	return 0;
}

static int get_series(sr_store *s, const sr_series_query *q, series *l)
{
	memset(l, 0, sizeof *l);
	sr_error err;
	sr_error_clear(&err);
	return sr_store_series(s, q, collect_bucket, l, &err);
}

/* The id of the stored event whose evidence is text. */
static int64_t event_id(sr_store *s, const char *text)
{
	evlist l;
	sr_event_query q = {0};
	assert_int_equal(list_events(s, &q, &l), 0);
	for (int i = 0; i < l.n; i++)
		if (!strcmp(l.text[i], text))
			return l.id[i];
	fail_msg("no event '%s'", text);
	return -1;
}

static void assert_bucket(const sr_series_bucket *b, const char *period, sr_date start, sr_date end,
			  int64_t events, const int64_t quad[4], double sum, int64_t scored)
{
	assert_string_equal(b->period, period);
	assert_int_equal(b->start, start);
	assert_int_equal(b->end, end);
	assert_int_equal(b->events, events);
	for (int i = 0; i < 4; i++)
		assert_int_equal(b->quad[i], quad[i]);
	assert_int_equal(b->cooperation, quad[0] + quad[1]);
	assert_int_equal(b->conflict, quad[2] + quad[3]);
	assert_int_equal(b->scored, scored);
	assert_float_equal(b->goldstein_sum, sum, 1e-9);
	if (scored)
		assert_float_equal(b->goldstein_mean, sum / (double)scored, 1e-9);
}

/* Events between BLR and RUS (both ways) around the turn of 2020/2021,
 * whose ISO weeks are 2020-W53 (Mon 28 Dec .. Sun 3 Jan) and 2021-W01; one
 * undated, one with an unknown quad class, one of another dyad; stored over
 * two documents, out of date order. */
static void fill_series(sr_store *s)
{
	static const char b1[] = "ant bee cat dog eel fox gnu hen ibis jay";
	static const char b2[] = "kiwi lark mole newt owl pig quail rat";
	sr_doc d1, d2;
	make_doc(&d1, "Winter", b1);
	make_doc(&d2, "Spring", b2);
	sr_store_event e1[] = {
		ev_at(b1, "ant", 0, 20201228, "BLRGOV", "RUSGOV", "040"),  /* W53 q1 +3 */
		ev_at(b1, "bee", 1, 20210103, "RUSMIL", "BLRMIL", "190"),  /* W53 q4 -10 */
		ev_at(b1, "cat", 2, 20210104, "BLRMIL", "RUSMIL", "062"),  /* W01 q2 +7.4 */
		ev_at(b1, "dog", 3, 20210120, "BLR", "RUS", "111"),        /* W03 q3 -2 */
		ev_at(b1, "eel", 4, 20210121, "RUS", "BLR", "099"),        /* W03, quad unknown */
		ev_at(b1, "fox", 5, 0, "BLR", "RUS", "190"),               /* undated */
		ev_at(b1, "gnu", 6, 20210105, "BLR", "POL", "190"),        /* another dyad */
	};
	e1[0].quad = 1, e1[0].goldstein = 3.0;
	e1[1].quad = 4, e1[1].goldstein = -10.0;
	e1[2].quad = 2, e1[2].goldstein = 7.4;
	e1[3].quad = 3, e1[3].goldstein = -2.0;
	e1[4].quad = 0;
	e1[5].quad = 4, e1[5].goldstein = -9.0;
	e1[6].quad = 4, e1[6].goldstein = -10.0;
	sr_store_event e2[] = {
		ev_at(b2, "kiwi", 0, 20210316, "RUS", "BLR", "111"),  /* March: ties with lark */
		ev_at(b2, "lark", 1, 20210315, "BLR", "RUS", "040"),
		ev_at(b2, "mole", 2, 20201230, "BLR", "RUS", "040"),  /* W53 q1 +1 */
		ev_at(b2, "newt", 3, 20210101, "RUS", "BLR", "111"),  /* W53 q3 -5 */
	};
	e2[0].quad = 3, e2[0].goldstein = -1.0;
	e2[1].quad = 1, e2[1].goldstein = 1.0;
	e2[2].quad = 1, e2[2].goldstein = 1.0;
	e2[3].quad = 3, e2[3].goldstein = -5.0;
	put_coded(s, &d1, e1, sizeof e1 / sizeof e1[0], NULL);
	put_coded(s, &d2, e2, sizeof e2 / sizeof e2[0], NULL);
	sr_doc_cleanup(&d1);
	sr_doc_cleanup(&d2);
}

static void test_series_weeks(void **state)
{
	engine_ready();
	sr_store *s = open_store(db_path());
	fill_series(s);
	int64_t ant = event_id(s, "ant"), bee = event_id(s, "bee"), cat = event_id(s, "cat"),
		dog = event_id(s, "dog"), mole = event_id(s, "mole"), newt = event_id(s, "newt");
	series l;

	/* Both directions, up to the end of January: the year's last ISO week
	 * spans the turn of the year; the empty week W02 is there, all zeros. */
	sr_series_query q = {.party_a = "BLR", .party_b = "RUS", .to = 20210131};
	assert_int_equal(get_series(s, &q, &l), 0);
	assert_int_equal(l.n, 4);
	assert_bucket(&l.b[0], "2020-W53", 20201228, 20210103, 4, (const int64_t[]){2, 0, 1, 1},
		      3.0 - 10.0 + 1.0 - 5.0, 4);
	assert_int_equal(l.b[0].ntop, 3);
	assert_int_equal(l.b[0].top[0], bee);
	assert_int_equal(l.b[0].top[1], newt);
	assert_int_equal(l.b[0].top[2], ant);
	assert_bucket(&l.b[1], "2021-W01", 20210104, 20210110, 1, (const int64_t[]){0, 1, 0, 0}, 7.4, 1);
	assert_int_equal(l.b[1].ntop, 1);
	assert_int_equal(l.b[1].top[0], cat);
	assert_bucket(&l.b[2], "2021-W02", 20210111, 20210117, 0, (const int64_t[]){0, 0, 0, 0}, 0, 0);
	assert_int_equal(l.b[2].ntop, 0);
	/* The event with no quad class counts as an event, nowhere else. */
	assert_bucket(&l.b[3], "2021-W03", 20210118, 20210124, 2, (const int64_t[]){0, 0, 1, 0}, -2.0, 1);
	assert_int_equal(l.b[3].ntop, 1);
	assert_int_equal(l.b[3].top[0], dog);

	/* Open-ended: every week up to March's (2021-W11), and the order of
	 * the parties does not matter, nor their case. */
	q = (sr_series_query){.party_a = "rus", .party_b = "blr"};
	assert_int_equal(get_series(s, &q, &l), 0);
	assert_int_equal(l.n, 12);
	assert_string_equal(l.b[0].period, "2020-W53");
	assert_string_equal(l.b[11].period, "2021-W11");
	assert_int_equal(l.b[11].start, 20210315);
	assert_int_equal(l.b[11].events, 2);
	for (int i = 4; i < 11; i++)
		assert_int_equal(l.b[i].events, 0);

	/* Directed: only BLR → RUS, then only RUS → BLR. */
	q = (sr_series_query){.party_a = "BLR", .party_b = "RUS", .directed = 1, .to = 20210131};
	assert_int_equal(get_series(s, &q, &l), 0);
	assert_int_equal(l.n, 4);
	assert_bucket(&l.b[0], "2020-W53", 20201228, 20210103, 2, (const int64_t[]){2, 0, 0, 0}, 4.0, 2);
	assert_int_equal(l.b[0].top[0], ant);
	assert_int_equal(l.b[0].top[1], mole);
	assert_bucket(&l.b[1], "2021-W01", 20210104, 20210110, 1, (const int64_t[]){0, 1, 0, 0}, 7.4, 1);
	assert_bucket(&l.b[2], "2021-W02", 20210111, 20210117, 0, (const int64_t[]){0, 0, 0, 0}, 0, 0);
	assert_bucket(&l.b[3], "2021-W03", 20210118, 20210124, 1, (const int64_t[]){0, 0, 1, 0}, -2.0, 1);
	q = (sr_series_query){.party_a = "RUS", .party_b = "BLR", .directed = 1, .to = 20210131};
	assert_int_equal(get_series(s, &q, &l), 0);
	assert_int_equal(l.n, 4);
	assert_bucket(&l.b[0], "2020-W53", 20201228, 20210103, 2, (const int64_t[]){0, 0, 1, 1}, -15.0, 2);
	assert_int_equal(l.b[1].events, 0);
	assert_int_equal(l.b[2].events, 0);
	assert_bucket(&l.b[3], "2021-W03", 20210118, 20210124, 1, (const int64_t[]){0, 0, 0, 0}, 0, 0);
	assert_int_equal(l.b[3].ntop, 0);

	/* From/to cut events, not the periods: W53 keeps its full bounds. */
	q = (sr_series_query){.party_a = "BLR", .party_b = "RUS", .from = 20210101, .to = 20210120};
	assert_int_equal(get_series(s, &q, &l), 0);
	assert_int_equal(l.n, 4);
	assert_bucket(&l.b[0], "2020-W53", 20201228, 20210103, 2, (const int64_t[]){0, 0, 1, 1}, -15.0, 2);
	assert_bucket(&l.b[3], "2021-W03", 20210118, 20210124, 1, (const int64_t[]){0, 0, 1, 0}, -2.0, 1);
	q = (sr_series_query){.party_a = "BLR", .party_b = "RUS", .from = 20210105, .to = 20210119};
	assert_int_equal(get_series(s, &q, &l), 0);
	assert_int_equal(l.n, 0); /* no event: no period at all */

	/* No events between these two; the dyad of other parties is its own. */
	q = (sr_series_query){.party_a = "BLR", .party_b = "UKR"};
	assert_int_equal(get_series(s, &q, &l), 0);
	assert_int_equal(l.n, 0);
	q = (sr_series_query){.party_a = "POL", .party_b = "BLR"};
	assert_int_equal(get_series(s, &q, &l), 0);
	assert_int_equal(l.n, 1);
	assert_bucket(&l.b[0], "2021-W01", 20210104, 20210110, 1, (const int64_t[]){0, 0, 0, 1}, -10.0, 1);
	sr_store_close(s);
}

static void test_series_months(void **state)
{
	engine_ready();
	sr_store *s = open_store(db_path());
	fill_series(s);
	int64_t bee = event_id(s, "bee"), cat = event_id(s, "cat"), newt = event_id(s, "newt"),
		kiwi = event_id(s, "kiwi"), lark = event_id(s, "lark");
	series l;
	sr_series_query q = {.party_a = "BLR", .party_b = "RUS", .by = SR_SERIES_MONTH};
	assert_int_equal(get_series(s, &q, &l), 0);
	assert_int_equal(l.n, 4);
	assert_bucket(&l.b[0], "2020-12", 20201201, 20201231, 2, (const int64_t[]){2, 0, 0, 0}, 4.0, 2);
	assert_bucket(&l.b[1], "2021-01", 20210101, 20210131, 5, (const int64_t[]){0, 1, 2, 1},
		      -10.0 + 7.4 - 2.0 - 5.0, 4);
	assert_int_equal(l.b[1].ntop, 3);
	assert_int_equal(l.b[1].top[0], bee);
	assert_int_equal(l.b[1].top[1], cat);
	assert_int_equal(l.b[1].top[2], newt);
	assert_bucket(&l.b[2], "2021-02", 20210201, 20210228, 0, (const int64_t[]){0, 0, 0, 0}, 0, 0);
	/* Equal weights: the earlier event first (lark is dated before kiwi,
	 * though stored after it). */
	assert_bucket(&l.b[3], "2021-03", 20210301, 20210331, 2, (const int64_t[]){1, 0, 1, 0}, 0.0, 2);
	assert_int_equal(l.b[3].ntop, 2);
	assert_int_equal(l.b[3].top[0], lark);
	assert_int_equal(l.b[3].top[1], kiwi);

	q.directed = 1;
	q.from = 20210101;
	assert_int_equal(get_series(s, &q, &l), 0);
	assert_int_equal(l.n, 3);
	assert_bucket(&l.b[0], "2021-01", 20210101, 20210131, 2, (const int64_t[]){0, 1, 1, 0}, 5.4, 2);
	assert_bucket(&l.b[2], "2021-03", 20210301, 20210331, 1, (const int64_t[]){1, 0, 0, 0}, 1.0, 1);

	/* A callback that stops the series. */
	q = (sr_series_query){.party_a = "BLR", .party_b = "RUS", .by = SR_SERIES_MONTH};
	memset(&l, 0, sizeof l);
	l.n = 63;
	sr_error err;
	sr_error_clear(&err);
	assert_int_equal(sr_store_series(s, &q, collect_bucket, &l, &err), 0);
	assert_int_equal(l.n, 64);

	/* Queries that make no sense are input errors. */
	const sr_series_query bad[] = {
		{.directed = 1},
		{.party = "BLR", .party_a = "BLR", .party_b = "RUS"},
		{.party = "B'R"},
		{.party_a = "BLR"},
		{.party_b = "RUS"},
		{.party_a = "BLR", .party_b = "R'S"},
		{.party_a = "", .party_b = "RUS"},
		{.party_a = "BLR", .party_b = "RUS", .by = (sr_series_by)7},
		{.party_a = "BLR", .party_b = "RUS", .from = 20210301, .to = 20210201},
		{.party_a = "BLR", .party_b = "RUS", .to = 20211345},
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		sr_error_clear(&err);
		assert_int_equal(sr_store_series(s, &bad[i], collect_bucket, &l, &err), SR_EINPUT);
		assert_true(err.msg[0] != '\0');
	}
	sr_store_close(s);
}

/* One party's events, all events, and one sphere's (the bundled mapping:
 * military actors and root 19 are security). */
static void test_series_party_sphere(void **state)
{
	engine_ready();
	(void)state;
	sr_store *s = open_store(db_path());
	fill_series(s);
	series l;
	/* all: W53 ant bee mole newt, W01 cat gnu, W03 dog eel, March kiwi lark */
	sr_series_query q = {.by = SR_SERIES_MONTH};
	assert_int_equal(get_series(s, &q, &l), 0);
	assert_int_equal(l.n, 4);
	assert_int_equal(l.b[0].events, 2);
	assert_int_equal(l.b[1].events, 6); /* January: bee cat dog eel gnu newt */
	q = (sr_series_query){.party = "pol", .by = SR_SERIES_WEEK};
	assert_int_equal(get_series(s, &q, &l), 0);
	assert_int_equal(l.n, 1);
	assert_string_equal(l.b[0].period, "2021-W01");
	assert_int_equal(l.b[0].events, 1);

	sr_spheres *sph = NULL;
	sr_error err;
	assert_int_equal(sr_spheres_default(&sph, &err), 0);
	q = (sr_series_query){.party = "BLR", .spheres = sph, .sphere = sr_spheres_find(sph, "security")};
	assert_true(q.sphere >= 0);
	assert_int_equal(get_series(s, &q, &l), 0);
	assert_int_equal(l.n, 2);
	assert_string_equal(l.b[0].period, "2020-W53");
	assert_int_equal(l.b[0].events, 1); /* bee */
	assert_string_equal(l.b[1].period, "2021-W01");
	assert_int_equal(l.b[1].events, 2); /* cat, gnu */
	/* every period carries a label; with no earlier articles, nothing to
	 * compare with: unchanged, confidence 0 */
	assert_int_equal(l.b[0].trend.label, SR_TREND_UNCHANGED);
	assert_true(l.b[0].trend.confidence == 0.0);
	q.sphere = (int)sr_spheres_count(sph);
	sr_error_clear(&err);
	assert_int_equal(sr_store_series(s, &q, collect_bucket, &l, &err), SR_EINPUT);
	sr_spheres_free(sph);
	sr_store_close(s);
}

/* The reader's side of a server: a page of documents newest first, the
 * busiest dyads, the generation that moves when a writer commits, and a
 * deadline that stops a long query. */
typedef struct doclist {
	char titles[256];
	size_t n;
} doclist;

static int add_doc_title(void *ud, const sr_doc_row *r)
{
	doclist *l = ud;
	size_t len = strlen(l->titles);
	snprintf(l->titles + len, sizeof l->titles - len, "%s%s", len ? " " : "", r->title ? r->title : "-");
	l->n++;
	return 0;
}

typedef struct dyadlist {
	char s[256];
} dyadlist;

static int add_dyad(void *ud, const char *a, const char *b, int64_t n)
{
	dyadlist *l = ud;
	size_t len = strlen(l->s);
	snprintf(l->s + len, sizeof l->s - len, "%s%s-%s:%lld", len ? " " : "", a, b, (long long)n);
	return 0;
}

static int count_hit(void *ud, const sr_search_hit *h)
{
	(void)h;
	(*(size_t *)ud)++;
	return 0;
}

static void test_reader_queries(void **state)
{
	engine_ready();
	(void)state;
	char path[1024];
	snprintf(path, sizeof path, "%s", db_path()); /* a second connection opens the same file */
	sr_store *s = open_store(path);
	static const char *const bodies[] = {
		"alpha beta gamma delta epsilon zeta eta theta iota kappa",
		"lambda mu nu xi omicron pi rho sigma tau upsilon",
		"phi chi psi omega one two three four five six",
	};
	static const sr_date dates[] = {20240301, 0, 20240310};
	static const char *const titles[] = {"March1", "Undated", "March10"};
	for (int i = 0; i < 3; i++) {
		sr_doc d;
		make_doc(&d, titles[i], bodies[i]);
		d.date = dates[i];
		set(&d.publication, i == 2 ? "Other" : "Wire");
		put(s, &d);
		sr_doc_cleanup(&d);
	}
	doclist l = {0};
	size_t total = 0;
	sr_error err;
	sr_doc_query q = {0};
	assert_int_equal(sr_store_documents(s, &q, add_doc_title, &l, &total, &err), 0);
	assert_string_equal(l.titles, "March10 March1 Undated"); /* newest first, undated last */
	assert_int_equal(total, 3);
	l = (doclist){0};
	q = (sr_doc_query){.publication = "Wire", .limit = 1, .offset = 1};
	assert_int_equal(sr_store_documents(s, &q, add_doc_title, &l, &total, &err), 0);
	assert_string_equal(l.titles, "Undated");
	assert_int_equal(total, 2);
	l = (doclist){0};
	q = (sr_doc_query){.from = 20240305};
	assert_int_equal(sr_store_documents(s, &q, add_doc_title, &l, NULL, &err), 0);
	assert_string_equal(l.titles, "March10");
	q = (sr_doc_query){.from = 20240305, .to = 20240301};
	assert_int_equal(sr_store_documents(s, &q, add_doc_title, &l, NULL, &err), SR_EINPUT);

	/* events: BLR-RUS three times (both directions), BLR-POL once */
	fill_series(s);
	dyadlist dl = {{0}};
	assert_int_equal(sr_store_top_dyads(s, 20201201, 20210131, 2, add_dyad, &dl, &err), 0);
	assert_string_equal(dl.s, "BLR-RUS:7 BLR-POL:1"); /* fox is undated, kiwi and lark in March */

	/* a second connection commits: the first one's generation moves */
	int64_t g0 = sr_store_generation(s);
	sr_store *w = open_store(path);
	sr_doc d;
	make_doc(&d, "Later", "a completely different text about something else entirely now");
	put(w, &d);
	sr_doc_cleanup(&d);
	sr_store_close(w);
	assert_true(sr_store_generation(s) != g0);

	/* a deadline already past stops a query long enough to be checked
	 * (SQLite looks every 10,000 steps: a search ranking 400 matches), and
	 * lifting it lets the same query run */
	assert_int_equal(sr_store_begin(s, &err), 0);
	for (int i = 0; i < 400; i++) {
		char body[160];
		snprintf(body, sizeof body, "common words here, then number w%d v%d u%d t%d and more", i, i * 7,
			 i * 13, i * 31);
		make_doc(&d, "Many", body);
		put(s, &d);
		sr_doc_cleanup(&d);
	}
	assert_int_equal(sr_store_commit(s, &err), 0);
	sr_search_query sq = {.text = "common", .limit = 500};
	sr_store_deadline(s, 1e-9);
	sr_error_clear(&err);
	assert_int_equal(sr_store_search(s, &sq, count_hit, &total, NULL, &err), SR_ESTORE);
	assert_non_null(strstr(err.msg, "interrupt"));
	sr_store_deadline(s, 0);
	size_t nhits = 0;
	assert_int_equal(sr_store_search(s, &sq, count_hit, &nhits, NULL, &err), 0);
	assert_int_equal(nhits, 400);
	sr_store_close(s);
}

/* The live intake's memory: a feed's validators, the items taken, and an
 * item marked in the article's own transaction (rolled back: neither). */
static void test_feed_state(void **state)
{
	engine_ready();
	(void)state;
	sr_store *s = open_store(db_path());
	sr_error err;
	sr_feed_state f;
	const char *url = "https://example.org/feed.xml";
	assert_int_equal(sr_store_feed_get(s, url, &f, &err), 0);
	f = (sr_feed_state){.status = 200};
	snprintf(f.etag, sizeof f.etag, "%s", "\"abc\"");
	snprintf(f.last_modified, sizeof f.last_modified, "%s", "Mon, 18 Mar 2019 10:00:00 GMT");
	assert_int_equal(sr_store_feed_put(s, url, &f, &err), 0);
	sr_feed_state g;
	assert_int_equal(sr_store_feed_get(s, url, &g, &err), 1);
	assert_string_equal(g.etag, "\"abc\"");
	assert_string_equal(g.last_modified, "Mon, 18 Mar 2019 10:00:00 GMT");
	assert_int_equal(g.status, 200);
	assert_int_equal(strlen(g.fetched_at), 20);
	f.failures = 2, f.status = 500, f.etag[0] = '\0';
	assert_int_equal(sr_store_feed_put(s, url, &f, &err), 0);
	assert_int_equal(sr_store_feed_get(s, url, &g, &err), 1);
	assert_int_equal(g.failures, 2);
	assert_string_equal(g.etag, "");

	int64_t doc = -1;
	assert_int_equal(sr_store_item_seen(s, url, "item-1", &doc, &err), 0);
	/* an article and its item in one transaction, rolled back: neither */
	sr_doc d;
	make_doc(&d, "From the feed", "An article that came in through a feed, with words enough to store.");
	assert_int_equal(sr_store_begin(s, &err), 0);
	sr_put_result r = put(s, &d);
	assert_int_equal(sr_store_item_mark(s, url, "item-1", "https://example.org/a", r.id, &err), 0);
	assert_int_equal(sr_store_rollback(s), 0);
	assert_int_equal(sr_store_item_seen(s, url, "item-1", &doc, &err), 0);
	assert_int_equal(count_docs(s), 0);
	/* committed: both, and marking again changes nothing */
	assert_int_equal(sr_store_begin(s, &err), 0);
	r = put(s, &d);
	assert_int_equal(sr_store_item_mark(s, url, "item-1", "https://example.org/a", r.id, &err), 0);
	assert_int_equal(sr_store_commit(s, &err), 0);
	assert_int_equal(sr_store_item_seen(s, url, "item-1", &doc, &err), 1);
	assert_int_equal(doc, r.id);
	assert_int_equal(sr_store_item_mark(s, url, "item-1", NULL, 0, &err), 0);
	assert_int_equal(sr_store_item_seen(s, url, "item-1", &doc, &err), 1);
	assert_int_equal(doc, r.id);
	/* an item whose page could not be read: taken, with no article */
	assert_int_equal(sr_store_item_mark(s, url, "item-2", NULL, 0, &err), 0);
	assert_int_equal(sr_store_item_seen(s, url, "item-2", &doc, &err), 1);
	assert_int_equal(doc, 0);
	/* the same item id in another feed is another item */
	assert_int_equal(sr_store_item_seen(s, "https://example.net/rss", "item-1", &doc, &err), 0);
	assert_int_equal(sr_store_item_seen(s, "", "item-1", &doc, &err), SR_EINPUT);
	sr_doc_cleanup(&d);
	sr_store_close(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_open_migrates),
		cmocka_unit_test(test_roundtrip_every_field),
		cmocka_unit_test(test_duplicate),
		cmocka_unit_test(test_near_duplicate),
		cmocka_unit_test(test_near_duplicate_edited_copy),
		cmocka_unit_test(test_search_filters_paging),
		cmocka_unit_test(test_search_rank_cap),
		cmocka_unit_test(test_search_hides_new_near_dups),
#ifndef TEST_PG
		cmocka_unit_test(test_search_scores_are_bm25),
#endif
		cmocka_unit_test(test_query_syntax),
		cmocka_unit_test(test_hostile_queries),
		cmocka_unit_test(test_rollback_leaves_nothing),
		cmocka_unit_test(test_reopen),
		cmocka_unit_test(test_refuses_unknown_databases),
		cmocka_unit_test(test_stats_publications),
		cmocka_unit_test(test_events_roundtrip),
		cmocka_unit_test(test_events_once),
		cmocka_unit_test(test_events_filters),
		cmocka_unit_test(test_party),
		cmocka_unit_test(test_events_migration),
		cmocka_unit_test(test_series_weeks),
		cmocka_unit_test(test_series_months),
		cmocka_unit_test(test_series_party_sphere),
		cmocka_unit_test(test_reader_queries),
		cmocka_unit_test(test_feed_state),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
