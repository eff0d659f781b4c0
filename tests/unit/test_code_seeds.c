/* test_code_seeds.c — the seeds coded with the bundled dictionaries: the
 * events an analyst reads in them must come out with the right actors and
 * dates, and the negated sentence must not (issue 3's acceptance). Skipped
 * when ../shared is not there. */
#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "code.h"
#include "dict.h"
#include "extract.h"
#include "read.h"

typedef struct ev {
	char source[SR_CODE_MAX], target[SR_CODE_MAX], cameo[8], root[3];
	char source_name[96], target_name[96];
	sr_date date;
	char text[1024];
} ev;

typedef struct seed {
	sr_extractor *x;
	sr_doc doc;
	int got;
	ev evs[256];
	int nev;
} seed;

static sr_dict *dict;
static sr_coder *coder;

static int take(void *ud, const sr_input *in, const sr_error *err)
{
	(void)err;
	seed *o = ud;
	if (!in || o->got)
		return 0;
	sr_error e;
	o->got = sr_extract_doc(o->x, in, &o->doc, &e) == 0;
	return 0;
}

static int collect(const sr_event *e, void *ctx)
{
	seed *o = ctx;
	if (o->nev >= 256)
		return 1;
	ev *v = &o->evs[o->nev++];
	snprintf(v->source, sizeof v->source, "%s", e->source);
	snprintf(v->target, sizeof v->target, "%s", e->target);
	snprintf(v->cameo, sizeof v->cameo, "%s", e->cameo);
	snprintf(v->root, sizeof v->root, "%s", e->root);
	snprintf(v->source_name, sizeof v->source_name, "%s", e->source_name ? e->source_name : "");
	snprintf(v->target_name, sizeof v->target_name, "%s", e->target_name ? e->target_name : "");
	v->date = e->date;
	size_t n = e->end - e->start;
	if (n >= sizeof v->text)
		n = sizeof v->text - 1;
	memcpy(v->text, o->doc.body + e->start, n);
	v->text[n] = 0;
	return 0;
}

static int code_seed(const char *name, seed *o)
{
	char rel[256];
	snprintf(rel, sizeof rel, "seeds/%s", name);
	const char *path = tu_shared_path(rel);
	if (!path)
		return -1;
	size_t len;
	char *bytes = tu_read_file(path, &len);
	if (!bytes)
		return -1;
	memset(o, 0, sizeof *o);
	o->x = sr_extract_new();
	sr_read_buffer(path, bytes, len, NULL, take, o);
	free(bytes);
	assert_true(o->got);
	sr_coder_code_text(coder, o->doc.body, o->doc.body_len, o->doc.date, collect, o);
	for (int i = 0; i < o->nev; i++) {
		char d[11];
		sr_date_format(o->evs[i].date, d);
		print_message("  %s: %s %s>%s %s [%.70s]\n", name, d, o->evs[i].source,
			      o->evs[i].target, o->evs[i].cameo, o->evs[i].text);
	}
	return 0;
}

static void seed_done(seed *o)
{
	sr_doc_cleanup(&o->doc);
	sr_extract_free(o->x);
}

static int starts(const char *s, const char *p)
{
	return strncmp(s, p, strlen(p)) == 0;
}

/* An event whose evidence holds needle, between actors with these code
 * prefixes (either direction when both_ways), root in roots ("04", "0657"
 * lists two-digit roots or a full code), on date (0 = any). */
static int has_event(const seed *o, const char *needle, const char *a, const char *b,
		     int both_ways, const char *const *codes, sr_date date)
{
	for (int i = 0; i < o->nev; i++) {
		const ev *v = &o->evs[i];
		if (needle && !strstr(v->text, needle))
			continue;
		int dir = starts(v->source, a) && starts(v->target, b);
		int rev = both_ways && starts(v->source, b) && starts(v->target, a);
		if (!dir && !rev)
			continue;
		int code_ok = 0;
		for (int k = 0; codes[k]; k++)
			code_ok |= starts(v->cameo, codes[k]);
		if (code_ok && (!date || v->date == date))
			return 1;
	}
	return 0;
}

static int setup(void **state)
{
	(void)state;
	dict = sr_dict_create();
	sr_error err;
	sr_error_clear(&err);
	if (sr_dict_load_default(dict, &err) < 0 || sr_dict_finish(dict, &err) < 0) {
		char buf[1200];
		fprintf(stderr, "%s\n", sr_error_format(&err, buf, sizeof buf));
		return -1;
	}
	coder = sr_coder_create(dict);
	return coder ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	sr_coder_free(coder);
	sr_dict_free(dict);
	return 0;
}

static void test_joint_training_2019(void **state)
{
	(void)state;
	seed o;
	if (code_seed("000_d7c7a4993e9f9ba1.txt", &o) < 0)
		skip();
	static const char *const coop[] = {"06", NULL};
	assert_true(has_event(&o, "joint military training", "BLRMIL", "RUSMIL", 1, coop, 20190318));
	seed_done(&o);
}

static void test_union_state_nato_latvia_2017(void **state)
{
	(void)state;
	seed o;
	if (code_seed("001_ba2e7e7fa182ce8e.txt", &o) < 0)
		skip();
	static const char *const agree[] = {"057", "06", "03", NULL};
	static const char *const consult[] = {"04", NULL};
	/* The Council of Ministers approved the Union State's programme, 8 December 2017. */
	int programme = 0;
	for (int i = 0; i < o.nev; i++) {
		const ev *v = &o.evs[i];
		if (strstr(v->text, "Council of Ministers") && starts(v->source, "BLRGOV") &&
		    (starts(v->cameo, "057") || starts(v->cameo, "06") || starts(v->cameo, "03")) &&
		    v->date == 20171208)
			programme = 1;
	}
	assert_true(programme);
	/* The RGT agreement between the two governments. */
	assert_true(has_event(&o, "Agreement between the Governments", "BLR", "RUS", 1, agree, 0));
	/* Voinov at the NATO–Belarus committee. */
	int voinov = 0;
	for (int i = 0; i < o.nev; i++) {
		const ev *v = &o.evs[i];
		if (strstr(v->text, "Voinov") && starts(v->source, "BLRMIL") &&
		    strstr(v->target_name, "NATO") && starts(v->root, "04"))
			voinov = 1;
	}
	assert_true(voinov);
	/* The Latvian Defence Minister's visit, December 4–6, 2017. */
	assert_true(has_event(&o, "Bergmanis", "LVA", "BLR", 0, consult, 20171204));
	/* "Minsk has not risked to use military cooperation to put pressure on the Kremlin." */
	for (int i = 0; i < o.nev; i++)
		assert_null(strstr(o.evs[i].text, "not risked"));
	seed_done(&o);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_joint_training_2019),
		cmocka_unit_test(test_union_state_nato_latvia_2017),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
