/* test_seeds.c — every field of the seeds' gold (../shared/seeds/gold.jsonl)
 * against what `extract` makes of the seed files: title, section,
 * publication, period, trend, volume, issue, language, the date inside the
 * gold's date_range, the body's first and last sentences, boilerplate kept
 * out of the body, and the named cited sources with their resolved dates.
 * Prints "seeds: N of M fields right" and fails on any wrong field. */
#include "testutil.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "extract.h"
#include "read.h"

typedef struct {
	sr_extractor *x;
	sr_doc doc;
	int got;
} one_doc;

static int take(void *ud, const sr_input *in, const sr_error *err)
{
	one_doc *o = ud;
	if (!in || o->got)
		return 0;
	sr_error e;
	int rc = sr_extract_doc(o->x, in, &o->doc, &e);
	o->got = rc == 0;
	return 0;
}

static int right, total;

static void check(int ok, const char *file, const char *field, const char *want, const char *got)
{
	total++;
	if (ok) {
		right++;
		return;
	}
	print_message("  %s: %s: want [%s] got [%s]\n", file, field, want ? want : "null",
		      got ? got : "null");
}

static void check_str(const char *file, const char *field, json_t *gold, const char *got)
{
	const char *want = json_string_value(gold);
	check((!want && !got) || (want && got && !strcmp(want, got)), file, field, want, got);
}

static void check_date(const char *file, const char *field, json_t *gold, sr_date got)
{
	char g[11];
	sr_date_format(got, g);
	const char *want = json_string_value(gold);
	sr_date w = want ? sr_date_parse_iso(want, strlen(want)) : 0;
	check(w == got, file, field, want, g[0] ? g : NULL);
}

static void check_int(const char *file, const char *field, json_t *gold, int got)
{
	char w[32], g[32];
	int want = json_is_integer(gold) ? (int)json_integer_value(gold) : -1;
	snprintf(w, sizeof w, "%d", want);
	snprintf(g, sizeof g, "%d", got);
	check(want == got, file, field, w, g);
}

static int starts_with(const char *s, const char *p)
{
	return s && !strncmp(s, p, strlen(p));
}

static int ends_with(const char *s, const char *p)
{
	size_t a = s ? strlen(s) : 0, b = strlen(p);
	return s && a >= b && !strcmp(s + a - b, p);
}

static void test_seeds_gold(void **state)
{
	const char *gold_path = tu_shared_path("seeds/gold.jsonl");
	if (!gold_path)
		skip();
	FILE *f = fopen(gold_path, "r");
	if (!f)
		skip();
	char dir[4096];
	snprintf(dir, sizeof dir, "%s", tu_shared_path("seeds"));
	sr_extractor *x = sr_extract_new();
	assert_non_null(x);
	char line[1 << 16];
	int nseeds = 0;
	right = total = 0;
	while (fgets(line, sizeof line, f)) {
		json_error_t je;
		json_t *g = json_loads(line, 0, &je);
		assert_non_null(g);
		const char *file = json_string_value(json_object_get(g, "file"));
		char path[8192];
		snprintf(path, sizeof path, "%s/%s", dir, file);
		size_t len;
		char *bytes = tu_read_file(path, &len);
		assert_non_null(bytes);
		one_doc o = {x, {0}, 0};
		sr_read_buffer(path, bytes, len, NULL, take, &o);
		assert_true(o.got);
		sr_doc *d = &o.doc;
		nseeds++;

		check_str(file, "title", json_object_get(g, "title"), d->title);
		check_str(file, "section", json_object_get(g, "section"), d->section);
		check_str(file, "publication", json_object_get(g, "publication"), d->publication);
		check_date(file, "period_start", json_object_get(g, "period_start"), d->period_start);
		check_date(file, "period_end", json_object_get(g, "period_end"), d->period_end);
		check_str(file, "trend", json_object_get(g, "trend"), sr_trend_name(d->trend));
		check_int(file, "volume", json_object_get(g, "volume"), d->volume);
		check_int(file, "issue", json_object_get(g, "issue"), d->issue);
		check_str(file, "language", json_object_get(g, "language"), d->language);
		json_t *range = json_object_get(g, "date_range");
		if (json_is_array(range)) {
			const char *lo = json_string_value(json_array_get(range, 0));
			const char *hi = json_string_value(json_array_get(range, 1));
			sr_date a = sr_date_parse_iso(lo, strlen(lo)), b = sr_date_parse_iso(hi, strlen(hi));
			char got[11], want[32];
			sr_date_format(d->date, got);
			snprintf(want, sizeof want, "%s..%s", lo, hi);
			check(d->date >= a && d->date <= b, file, "date", want, got);
		}
		const char *bf = json_string_value(json_object_get(g, "body_first"));
		const char *bl = json_string_value(json_object_get(g, "body_last"));
		check(starts_with(d->body, bf), file, "body_first", bf, d->body ? d->body : NULL);
		check(ends_with(d->body, bl), file, "body_last", bl,
		      d->body && strlen(d->body) > 80 ? d->body + strlen(d->body) - 80 : d->body);
		size_t k;
		json_t *s;
		json_array_foreach(json_object_get(g, "not_in_body"), k, s)
		{
			const char *bad = json_string_value(s);
			check(!d->body || !strstr(d->body, bad), file, "not_in_body", bad, "present");
		}
		/* named citations, in order of first appearance, with dates */
		json_t *cs = json_object_get(g, "cited_sources");
		size_t gi = 0;
		int ok = 1;
		for (size_t c = 0; c < d->ncites; c++) {
			if (!d->cites[c].name)
				continue;
			json_t *gc = json_array_get(cs, gi++);
			const char *gn = json_string_value(json_object_get(gc, "name"));
			const char *gd = json_string_value(json_object_get(gc, "date"));
			char dd[11];
			sr_date_format(d->cites[c].date, dd);
			if (!gn || strcmp(gn, d->cites[c].name) || !gd || strcmp(gd, dd)) {
				print_message("  %s: cite %zu: want %s %s got %s %s\n", file, gi, gn ? gn : "-",
					      gd ? gd : "-", d->cites[c].name, dd);
				ok = 0;
			}
		}
		check(ok && gi == json_array_size(cs), file, "cited_sources", "gold list", ok ? "count differs" : "differs");
		sr_doc_cleanup(d);
		free(bytes);
		json_decref(g);
	}
	fclose(f);
	sr_extract_free(x);
	print_message("seeds: %d of %d fields right (%d seeds)\n", right, total, nseeds);
	assert_true(nseeds >= 5);
	assert_int_equal(right, total);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_seeds_gold),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
