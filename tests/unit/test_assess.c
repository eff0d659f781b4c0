/* test_assess.c — the per-article trend assessment (src/assess.c).
 *
 * Unit cases on invented sentences, then an evaluation on the development
 * set (../shared/dev/articles.jsonl, skipped when absent): each labelled
 * article's analyst label lines are removed from its raw text before
 * extraction, the body is coded with the bundled dictionaries and assessed,
 * and accuracy, macro-F1, the confusion matrix and the majority-label
 * baseline are printed (SITREP_ASSESS_VERBOSE=1: one line per article). The
 * floor asserted is the accuracy measured when it was set, rounded down to
 * 0.05: a change that loses accuracy fails here. */
#include "testutil.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "assess.h"
#include "code.h"
#include "dict.h"
#include "extract.h"

#define FLOOR_ACC 0.75 /* measured 0.778 (7 of 9) */

static void doc_with(sr_doc *d, const char *body)
{
	sr_doc_init(d);
	assert_int_equal(sr_doc_set(&d->body, body, strlen(body)), 0);
	d->body_len = strlen(body);
}

static sr_trend judge(const char *body, const sr_event *ev, size_t nev, double *conf)
{
	sr_doc d;
	doc_with(&d, body);
	sr_trend t = sr_assess_article(&d, ev, nev, conf);
	sr_doc_cleanup(&d);
	return t;
}

static void test_wording_direction(void **state)
{
	(void)state;
	double c = 0;
	assert_int_equal(judge("Relations between the two countries improved markedly last week. "
			       "Talks resumed after a long pause.",
			       NULL, 0, &c),
			 SR_TREND_BETTER);
	assert_true(c > 0 && c <= 1);
	assert_int_equal(judge("Tension escalated on the border. The situation deteriorated "
			       "sharply as new sanctions were imposed.",
			       NULL, 0, NULL),
			 SR_TREND_WORSE);
	assert_int_equal(judge("The situation remained stable. Talks continued as before.", NULL, 0,
			       NULL),
			 SR_TREND_UNCHANGED);
}

static void test_negation(void **state)
{
	(void)state;
	/* a change cue under negation is evidence of no change */
	assert_int_equal(judge("Relations have not improved. There was no progress on the agreement, "
			       "and the talks did not resume.",
			       NULL, 0, NULL),
			 SR_TREND_UNCHANGED);
	assert_int_equal(judge("The standoff did not escalate. There was no deterioration.", NULL, 0,
			       NULL),
			 SR_TREND_UNCHANGED);
	/* a clause boundary ends the negation */
	assert_int_equal(judge("Not for the first time, relations improved and trade resumed.", NULL,
			       0, NULL),
			 SR_TREND_BETTER);
}

static void test_russian_and_belarusian(void **state)
{
	(void)state;
	assert_int_equal(judge("Отношения между странами заметно улучшились. Стороны возобновили "
			       "переговоры.",
			       NULL, 0, NULL),
			 SR_TREND_BETTER);
	assert_int_equal(judge("Напряженность на границе обострилась, введены новые санкции.", NULL,
			       0, NULL),
			 SR_TREND_WORSE);
	assert_int_equal(judge("Отношения не улучшились. Ситуация остается стабильной.", NULL, 0,
			       NULL),
			 SR_TREND_UNCHANGED);
	assert_int_equal(judge("Адносіны пагоршыліся, рэпрэсіі працягваюцца і ўзмацняюцца.", NULL, 0,
			       NULL),
			 SR_TREND_WORSE);
}

static void test_no_text(void **state)
{
	(void)state;
	double c = 1;
	assert_int_equal(judge("", NULL, 0, &c), SR_TREND_NONE);
	assert_true(c == 0);
	assert_int_equal(judge(" -- ", NULL, 0, &c), SR_TREND_NONE);
	sr_doc d;
	sr_doc_init(&d);
	assert_int_equal(sr_assess_article(&d, NULL, 0, NULL), SR_TREND_NONE);
	sr_doc_cleanup(&d);
	/* words but no cue and no event: nothing says it changed */
	assert_int_equal(judge("Officials met in the capital on Tuesday.", NULL, 0, &c),
			 SR_TREND_UNCHANGED);
}

static void test_label_never_read(void **state)
{
	(void)state;
	sr_doc d;
	doc_with(&d, "Tension escalated on the border. The situation deteriorated sharply.");
	d.trend = SR_TREND_BETTER;
	assert_int_equal(sr_assess_article(&d, NULL, 0, NULL), SR_TREND_WORSE);
	d.trend = SR_TREND_WORSE;
	sr_doc_cleanup(&d);
	doc_with(&d, "Relations improved markedly, and the talks resumed.");
	d.trend = SR_TREND_WORSE;
	assert_int_equal(sr_assess_article(&d, NULL, 0, NULL), SR_TREND_BETTER);
	sr_doc_cleanup(&d);
}

static sr_event ev_at(int sentence, double goldstein, int quad, unsigned flags)
{
	sr_event e;
	memset(&e, 0, sizeof e);
	e.sentence = sentence;
	e.goldstein = goldstein;
	e.quad = quad;
	e.flags = flags;
	return e;
}

static void test_events(void **state)
{
	(void)state;
	/* no cue words: the events decide */
	const char *body = "Officials met in the capital.\n\nThe delegation travelled on Tuesday.\n\n"
			   "The ministers met again on Friday.";
	sr_event e = ev_at(0, -10, 4, 0);
	assert_int_equal(judge(body, &e, 1, NULL), SR_TREND_WORSE);
	e = ev_at(0, 8, 2, 0);
	assert_int_equal(judge(body, &e, 1, NULL), SR_TREND_BETTER);
	/* modal and reported events count a quarter: too little alone */
	e = ev_at(0, -10, 4, SR_EV_MODAL | SR_EV_REPORTED);
	assert_int_equal(judge(body, &e, 1, NULL), SR_TREND_UNCHANGED);
	/* the lead counts double: -5 in the lead is enough, later it is not */
	e = ev_at(0, -5, 4, 0);
	assert_int_equal(judge(body, &e, 1, NULL), SR_TREND_WORSE);
	e = ev_at(2, -5, 4, 0);
	assert_int_equal(judge(body, &e, 1, NULL), SR_TREND_UNCHANGED);
	/* one sentence's events count once, by the strongest */
	sr_event two[2] = {ev_at(2, -6, 4, 0), ev_at(2, -6, 4, 0)};
	assert_int_equal(judge(body, two, 2, NULL), SR_TREND_UNCHANGED);
	/* events with no CAMEO class are not evidence */
	e = ev_at(0, -10, 0, 0);
	assert_int_equal(judge(body, &e, 1, NULL), SR_TREND_UNCHANGED);
}

static void test_hedge(void **state)
{
	(void)state;
	const char *lead = "Officials met.\n\nNothing else happened.\n\n";
	char b[256];
	snprintf(b, sizeof b, "%sRelations improved.", lead);
	assert_int_equal(judge(b, NULL, 0, NULL), SR_TREND_BETTER);
	snprintf(b, sizeof b, "%sRelations may improve.", lead);
	assert_int_equal(judge(b, NULL, 0, NULL), SR_TREND_UNCHANGED);
}

/* ---- the development set ---- */

typedef struct {
	sr_event *v;
	size_t n, cap;
} ev_list;

static int collect(const sr_event *ev, void *ctx)
{
	ev_list *l = ctx;
	if (l->n == l->cap) {
		size_t ncap = l->cap ? l->cap * 2 : 32;
		sr_event *p = realloc(l->v, ncap * sizeof *p);
		if (!p)
			return 1;
		l->v = p, l->cap = ncap;
	}
	l->v[l->n] = *ev;
	l->v[l->n].source_name = l->v[l->n].target_name = NULL; /* not kept past the call */
	l->v[l->n].plover = NULL;
	l->n++;
	return 0;
}

static int has_ci(const char *s, size_t n, const char *needle)
{
	size_t k = strlen(needle);
	for (size_t i = 0; i + k <= n; i++) {
		size_t j = 0;
		while (j < k) {
			char a = s[i + j], b = needle[j];
			if (a >= 'A' && a <= 'Z')
				a = (char)(a - 'A' + 'a');
			if (a != b)
				break;
			j++;
		}
		if (j == k)
			return 1;
	}
	return 0;
}

/* The analysts' label line, in any of its forms: short, and naming the
 * situation or the category status. */
static int is_label_line(const char *s, size_t n)
{
	if (n > 100)
		return 0;
	return has_ci(s, n, "situation has") || has_ci(s, n, "situation got") ||
	       has_ci(s, n, "situation is") || has_ci(s, n, "category status") ||
	       has_ci(s, n, "\xd1\x81\xd0\xb8\xd1\x82\xd1\x83\xd0\xb0\xd1\x86\xd0\xb8\xd1\x8f") || /* ситуация */
	       has_ci(s, n, "\xd0\xa1\xd0\xb8\xd1\x82\xd1\x83\xd0\xb0\xd1\x86\xd0\xb8\xd1\x8f") || /* Ситуация */
	       has_ci(s, n, "\xd1\x81\xd1\x96\xd1\x82\xd1\x83\xd0\xb0\xd1\x86\xd1\x8b\xd1\x8f") || /* сітуацыя */
	       has_ci(s, n, "\xd0\xa1\xd1\x96\xd1\x82\xd1\x83\xd0\xb0\xd1\x86\xd1\x8b\xd1\x8f");  /* Сітуацыя */
}

/* raw without its label lines, as a new string */
static char *strip_labels(const char *raw)
{
	size_t n = strlen(raw), o = 0;
	char *out = malloc(n + 1);
	assert_non_null(out);
	const char *p = raw, *end = raw + n;
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t ln = nl ? (size_t)(nl - p) : (size_t)(end - p);
		if (!is_label_line(p, ln)) {
			memcpy(out + o, p, ln);
			o += ln;
			if (nl)
				out[o++] = '\n';
		}
		p += ln + (nl ? 1 : 0);
	}
	out[o] = '\0';
	return out;
}

static int cls(sr_trend t)
{
	return t == SR_TREND_BETTER ? 0 : t == SR_TREND_UNCHANGED ? 1 : t == SR_TREND_WORSE ? 2 : 3;
}

static void test_label_lines_stripped(void **state)
{
	(void)state;
	char *s = strip_labels("Title\n\nThe situation has gotten better\nBody text.\n"
			       "- (The situation has improved)\nCategory status:\nMore text.\n");
	assert_string_equal(s, "Title\n\nBody text.\nMore text.\n");
	free(s);
}

static void test_dev_trend(void **state)
{
	(void)state;
	const char *path = tu_shared_path("dev/articles.jsonl");
	if (!path)
		skip();
	FILE *f = fopen(path, "r");
	if (!f)
		skip();
	int verbose = getenv("SITREP_ASSESS_VERBOSE") && *getenv("SITREP_ASSESS_VERBOSE") == '1';
	sr_extractor *x = sr_extract_new();
	assert_non_null(x);
	sr_dict *dict = sr_dict_create();
	assert_non_null(dict);
	sr_error err;
	sr_error_clear(&err);
	assert_int_equal(sr_dict_load_default(dict, &err), 0);
	assert_int_equal(sr_dict_finish(dict, &err), 0);
	sr_coder *coder = sr_coder_create(dict);
	assert_non_null(coder);

	size_t cap = 1 << 22;
	char *buf = malloc(cap);
	assert_non_null(buf);
	int conf[3][4] = {{0}}, gold_n[3] = {0}, n = 0;
	static const char *const names[4] = {"better", "unchanged", "worse", "none"};
	while (fgets(buf, (int)cap, f)) {
		json_error_t je;
		json_t *a = json_loads(buf, 0, &je);
		assert_non_null(a);
		const char *gold = json_string_value(json_object_get(json_object_get(a, "gold"), "trend"));
		sr_trend g = gold ? sr_trend_parse(gold) : SR_TREND_NONE;
		if (g == SR_TREND_NONE) {
			json_decref(a);
			continue;
		}
		const char *id = json_string_value(json_object_get(a, "id"));
		const char *raw = json_string_value(json_object_get(a, "raw_text"));
		assert_non_null(raw);
		char *text = strip_labels(raw);
		sr_input in = {0};
		in.file = "dev";
		in.id = id;
		in.url = json_string_value(json_object_get(a, "url"));
		in.format = SR_FMT_PLAIN;
		in.bytes = text;
		in.len = strlen(text);
		sr_doc d;
		assert_int_equal(sr_extract_doc(x, &in, &d, &err), 0);
		/* the label is gone from the input: the extractor finds none */
		assert_int_equal(d.trend, SR_TREND_NONE);
		ev_list evs = {0};
		assert_true(sr_coder_code_text(coder, d.body ? d.body : "", d.body_len, d.date, collect,
					       &evs) >= 0);
		double c = 0;
		sr_assess_detail det;
		sr_trend t = sr_assess_article_detail(&d, evs.v, evs.n, &c, &det);
		conf[cls(g)][cls(t)]++;
		gold_n[cls(g)]++;
		n++;
		if (verbose)
			print_message("  %-9s %-9s %s  better %.2f worse %.2f same %.2f (cues %d, events "
				      "%d, conf %.2f)  %s\n",
				      names[cls(g)], names[cls(t)], g == t ? "ok  " : "MISS", det.better,
				      det.worse, det.same, det.cues, det.events, c, id);
		free(evs.v);
		sr_doc_cleanup(&d);
		free(text);
		json_decref(a);
	}
	fclose(f);
	free(buf);
	sr_coder_free(coder);
	sr_dict_free(dict);
	sr_extract_free(x);
	assert_true(n > 0);

	int right = 0, maj = 0;
	double f1sum = 0;
	for (int k = 0; k < 3; k++) {
		right += conf[k][k];
		if (gold_n[k] > gold_n[maj])
			maj = k;
		int tp = conf[k][k], fp = 0, fn = 0;
		for (int j = 0; j < 4; j++)
			fn += j != k ? conf[k][j] : 0;
		for (int i = 0; i < 3; i++)
			fp += i != k ? conf[i][k] : 0;
		f1sum += 2 * tp + fp + fn ? 2.0 * tp / (2 * tp + fp + fn) : 0;
	}
	double acc = (double)right / n, f1 = f1sum / 3;
	/* the majority baseline: always the commonest gold label */
	double base_acc = (double)gold_n[maj] / n;
	double base_f1 = (2.0 * gold_n[maj] / (gold_n[maj] + n)) / 3;
	print_message("  trend_assessed on %d labelled dev articles, label lines removed\n", n);
	print_message("  accuracy %.3f  macro-F1 %.3f\n", acc, f1);
	print_message("  majority baseline (always %s): accuracy %.3f  macro-F1 %.3f\n", names[maj],
		      base_acc, base_f1);
	print_message("  gold \\ assessed  better unchanged worse none\n");
	for (int i = 0; i < 3; i++)
		print_message("  %-16s %6d %9d %5d %4d\n", names[i], conf[i][0], conf[i][1], conf[i][2],
			      conf[i][3]);
	/* floor: the accuracy when it was set, rounded down to 0.05 */
	assert_true(acc >= FLOOR_ACC - 1e-9);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_wording_direction), cmocka_unit_test(test_negation),
		cmocka_unit_test(test_russian_and_belarusian), cmocka_unit_test(test_no_text),
		cmocka_unit_test(test_label_never_read), cmocka_unit_test(test_events),
		cmocka_unit_test(test_hedge), cmocka_unit_test(test_label_lines_stripped),
		cmocka_unit_test(test_dev_trend),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
