/* test_dev.c — extraction accuracy on the development set
 * (../shared/dev/articles.jsonl: real articles with reference fields).
 *
 * Each article's raw_text goes through sr_extract_doc as plain text with its
 * URL (as a JSONL input would carry it); the fields are compared with the
 * gold and a per-field accuracy table is printed. The floors asserted at the
 * end are the levels reached when they were set: a change that loses
 * accuracy fails here. SITREP_DEV_VERBOSE=1 lists every miss.
 *
 * How fields compare: strings exactly (publication: case-insensitively and
 * without parenthesised parts); dates exactly, and the date only where the
 * gold has one; cited sources as the set of named sources; the body's first
 * and last *complete* sentences (ending in . ! or ?), since most texts are
 * cut mid-sentence. */
#include "testutil.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "extract.h"
#include "text.h"

enum { F_TITLE, F_SECTION, F_PERIOD, F_DATE, F_TREND, F_PUB, F_VOLUME, F_ISSUE, F_CITES,
       F_FIRST, F_LAST, NF };
static const char *const fname[NF] = {"title", "section", "period", "date", "trend",
				      "publication", "volume", "issue", "cited_sources",
				      "body_first", "body_last"};
static int nright[NF], nall[NF], verbose;

static void score(int f, int ok, const char *id, const char *want, const char *got)
{
	nall[f]++;
	if (ok)
		nright[f]++;
	else if (verbose)
		print_message("  miss %-12s %s\n      want [%.200s]\n      got  [%.200s]\n", fname[f], id,
			      want ? want : "null", got ? got : "null");
}

/* Collapse runs of white space, trim. */
static void norm(const char *s, size_t n, char *out, size_t cap)
{
	size_t o = 0;
	int sp = 0;
	for (size_t i = 0; i < n && o + 1 < cap; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c == ' ' || c == '\n' || c == '\t' || c == '\r') {
			sp = o > 0;
			continue;
		}
		if (sp && o + 2 < cap)
			out[o++] = ' ';
		sp = 0;
		out[o++] = (char)c;
	}
	out[o] = '\0';
}

static int streq_norm(const char *a, const char *b)
{
	if (!a || !b)
		return !a && !b;
	char x[4096], y[4096];
	norm(a, strlen(a), x, sizeof x);
	norm(b, strlen(b), y, sizeof y);
	return !strcmp(x, y);
}

/* Publication names compare without case and parenthesised parts. */
static void pub_key(const char *s, char *out, size_t cap)
{
	size_t o = 0;
	int depth = 0;
	for (; s && *s && o + 1 < cap; s++) {
		if (*s == '(')
			depth++;
		else if (*s == ')')
			depth -= depth > 0;
		else if (!depth)
			out[o++] = (char)(*s >= 'A' && *s <= 'Z' ? *s | 0x20 : *s);
	}
	while (o && out[o - 1] == ' ')
		o--;
	out[o] = '\0';
}

static int complete_sentence(const char *s, size_t a, size_t b)
{
	/* a footnote number after the full stop: "referendum”.1" */
	size_t t = b;
	while (t > a && s[t - 1] >= '0' && s[t - 1] <= '9' && b - t < 2)
		t--;
	if (t < b && t > a && (s[t - 1] == '.' || (unsigned char)s[t - 1] == 0x9D))
		b = t;
	while (b > a) {
		unsigned char c = (unsigned char)s[b - 1];
		if (c == '"' || c == ')' || c == '\'' || c == ' ') {
			b--;
			continue;
		}
		if (b - a >= 3 && (unsigned char)s[b - 3] == 0xE2 && (unsigned char)s[b - 2] == 0x80 &&
		    ((unsigned char)s[b - 1] == 0x9D || (unsigned char)s[b - 1] == 0x99)) {
			b -= 3;
			continue;
		}
		if (b - a >= 2 && (unsigned char)s[b - 2] == 0xC2 && c == 0xBB) {
			b -= 2;
			continue;
		}
		return c == '.' || c == '!' || c == '?';
	}
	return 0;
}

/* First and last complete sentences of the body. */
static void edge_sentences(const char *body, char *first, char *last, size_t cap)
{
	first[0] = last[0] = '\0';
	if (!body)
		return;
	size_t n = strlen(body);
	sr_sentencer *z = sr_sentencer_new(body, n);
	sr_span sp;
	while (z && sr_sentencer_next(z, &sp)) {
		if (!complete_sentence(body, sp.start, sp.end))
			continue;
		if (!first[0])
			norm(body + sp.start, sp.end - sp.start, first, cap);
		norm(body + sp.start, sp.end - sp.start, last, cap);
	}
	sr_sentencer_free(z);
}

static void test_dev_accuracy(void **state)
{
	const char *path = tu_shared_path("dev/articles.jsonl");
	if (!path)
		skip();
	FILE *f = fopen(path, "r");
	if (!f)
		skip();
	verbose = getenv("SITREP_DEV_VERBOSE") && *getenv("SITREP_DEV_VERBOSE") == '1';
	sr_extractor *x = sr_extract_new();
	assert_non_null(x);
	size_t cap = 1 << 22;
	char *buf = malloc(cap);
	assert_non_null(buf);
	int narticles = 0;
	while (fgets(buf, (int)cap, f)) {
		json_error_t je;
		json_t *a = json_loads(buf, 0, &je);
		assert_non_null(a);
		json_t *g = json_object_get(a, "gold");
		const char *id = json_string_value(json_object_get(a, "id"));
		const char *raw = json_string_value(json_object_get(a, "raw_text"));
		assert_non_null(raw);
		sr_input in = {0};
		in.file = "dev";
		in.id = id;
		in.url = json_string_value(json_object_get(a, "url"));
		in.format = SR_FMT_PLAIN;
		in.bytes = raw;
		in.len = strlen(raw);
		sr_doc d;
		sr_error err;
		int rc = sr_extract_doc(x, &in, &d, &err);
		assert_int_equal(rc, 0);
		narticles++;

		const char *gt = json_string_value(json_object_get(g, "title"));
		score(F_TITLE, streq_norm(gt, d.title), id, gt, d.title);
		const char *gs = json_string_value(json_object_get(g, "section"));
		score(F_SECTION, streq_norm(gs, d.section), id, gs, d.section);

		char a1[11], a2[11], want[64], got[64];
		const char *ps = json_string_value(json_object_get(g, "period_start"));
		const char *pe = json_string_value(json_object_get(g, "period_end"));
		sr_date_format(d.period_start, a1);
		sr_date_format(d.period_end, a2);
		snprintf(want, sizeof want, "%s..%s", ps ? ps : "", pe ? pe : "");
		snprintf(got, sizeof got, "%s..%s", a1, a2);
		score(F_PERIOD, !strcmp(want, got), id, want, got);

		const char *gd = json_string_value(json_object_get(g, "date"));
		if (gd) {
			sr_date_format(d.date, a1);
			score(F_DATE, !strcmp(gd, a1), id, gd, a1);
		}
		const char *gtr = json_string_value(json_object_get(g, "trend"));
		score(F_TREND, streq_norm(gtr, sr_trend_name(d.trend)), id, gtr, sr_trend_name(d.trend));

		char pk1[512], pk2[512];
		const char *gp = json_string_value(json_object_get(g, "publication"));
		pub_key(gp, pk1, sizeof pk1);
		pub_key(d.publication, pk2, sizeof pk2);
		score(F_PUB, !strcmp(pk1, pk2), id, gp, d.publication);

		json_t *gv = json_object_get(g, "volume"), *gi = json_object_get(g, "issue");
		int wv = json_is_integer(gv) ? (int)json_integer_value(gv) : -1;
		int wi = json_is_integer(gi) ? (int)json_integer_value(gi) : -1;
		snprintf(want, sizeof want, "%d", wv);
		snprintf(got, sizeof got, "%d", d.volume);
		score(F_VOLUME, wv == d.volume, id, want, got);
		snprintf(want, sizeof want, "%d", wi);
		snprintf(got, sizeof got, "%d", d.issue);
		score(F_ISSUE, wi == d.issue, id, want, got);

		/* named sources as a set */
		json_t *gc = json_object_get(g, "cited_sources");
		int ok = 1;
		char wl[1024] = "", gl[1024] = "";
		size_t k;
		json_t *e;
		json_array_foreach(gc, k, e)
		{
			const char *nm = json_string_value(e);
			int found = 0;
			for (size_t c = 0; c < d.ncites; c++)
				found |= d.cites[c].name && !strcmp(d.cites[c].name, nm);
			ok &= found;
			strncat(wl, nm, sizeof wl - strlen(wl) - 2);
			strncat(wl, ";", sizeof wl - strlen(wl) - 1);
		}
		for (size_t c = 0; c < d.ncites; c++) {
			if (!d.cites[c].name)
				continue;
			int found = 0;
			json_array_foreach(gc, k, e) found |= !strcmp(json_string_value(e), d.cites[c].name);
			ok &= found;
			strncat(gl, d.cites[c].name, sizeof gl - strlen(gl) - 2);
			strncat(gl, ";", sizeof gl - strlen(gl) - 1);
		}
		score(F_CITES, ok, id, wl, gl);

		char first[4096], last[4096], w1[4096], w2[4096];
		edge_sentences(d.body, first, last, sizeof first);
		const char *gf = json_string_value(json_object_get(g, "body_first_sentence"));
		const char *gla = json_string_value(json_object_get(g, "body_last_sentence"));
		norm(gf, strlen(gf), w1, sizeof w1);
		norm(gla, strlen(gla), w2, sizeof w2);
		score(F_FIRST, !strcmp(w1, first), id, w1, first);
		score(F_LAST, !strcmp(w2, last), id, w2, last);

		sr_doc_cleanup(&d);
		json_decref(a);
	}
	fclose(f);
	free(buf);
	sr_extract_free(x);

	print_message("dev set: %d articles\n  %-14s %5s %5s %7s\n", narticles, "field", "right", "of",
		      "acc");
	int sum = 0, all = 0;
	for (int i = 0; i < NF; i++) {
		print_message("  %-14s %5d %5d %6.1f%%\n", fname[i], nright[i], nall[i],
			      nall[i] ? 100.0 * nright[i] / nall[i] : 0.0);
		sum += nright[i];
		all += nall[i];
	}
	print_message("  %-14s %5d %5d %6.1f%%\n", "all", sum, all, 100.0 * sum / all);

	/* floors: the counts reached when these were set (29 articles; the
	 * misses left are a publication the table cannot know, a self-describing
	 * lead paragraph, and gold sentences that disagree with the text) */
	static const int floor_right[NF] = {
		[F_TITLE] = 29, [F_SECTION] = 29, [F_PERIOD] = 29, [F_DATE] = 5,
		[F_TREND] = 29, [F_PUB] = 27, [F_VOLUME] = 29, [F_ISSUE] = 29,
		[F_CITES] = 28, [F_FIRST] = 28, [F_LAST] = 27,
	};
	assert_true(narticles >= 29);
	for (int i = 0; i < NF; i++)
		assert_true(nright[i] >= floor_right[i]);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_dev_accuracy),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
