/* test_code.c — golden sentences for the recognizer and coder, with a small
 * dictionary of our own (tests/fixtures/code/mini.sd): agents joining actors,
 * compounds, patterns and synsets, negation, modality, reported speech,
 * dated roles, dates in the sentence, metonyms as places, Russian. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "code.h"
#include "dict.h"
#include "testutil.h"

static sr_dict *dict;
static sr_coder *coder;

typedef struct got {
	char s[1024];
	int n;
	sr_event last;
} got;

static int collect(const sr_event *ev, void *ctx)
{
	got *g = ctx;
	size_t l = strlen(g->s);
	snprintf(g->s + l, sizeof g->s - l, "%s%s>%s:%s", g->n ? " " : "", ev->source, ev->target,
		 ev->cameo);
	g->n++;
	g->last = *ev;
	return 0;
}

/* The events of one sentence as "SRC>TGT:CODE ..." in the order found. */
static got code1(const char *s, sr_date date)
{
	got g;
	memset(&g, 0, sizeof g);
	long n = sr_coder_code_sentence(coder, s, strlen(s), date, 0, 0, collect, &g);
	assert_int_equal(n, g.n);
	return g;
}

static int setup(void **state)
{
	(void)state;
	dict = sr_dict_create();
	sr_error err;
	sr_error_clear(&err);
	if (sr_dict_load_file(dict, tu_root_path("tests/fixtures/code/mini.sd"), &err) < 0) {
		char buf[1200];
		fprintf(stderr, "%s\n", sr_error_format(&err, buf, sizeof buf));
		return -1;
	}
	if (sr_dict_finish(dict, &err) < 0)
		return -1;
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

static void test_compound_joint_exercise_with_date(void **state)
{
	(void)state;
	got g = code1("On March 18th – 22nd, the troops of Belarus and Russia held a joint "
		      "exercise near Brest.",
		      20190324);
	assert_string_equal(g.s, "BLRMIL>RUSMIL:062 RUSMIL>BLRMIL:062");
	assert_int_equal(g.last.date, 20190318);
	assert_string_equal(g.last.root, "06");
	assert_int_equal(g.last.quad, 2);
	assert_string_equal(g.last.plover, "COOPERATE");
	/* one noun for two adjectives */
	assert_string_equal(code1("Belarusian and Russian troops held a joint exercise.", 20190324).s,
			    "BLRMIL>RUSMIL:062 RUSMIL>BLRMIL:062");
}

static void test_adjective_agent_title_visit(void **state)
{
	(void)state;
	got g = code1("Earlier, Latvian Defence Minister Raimonds Bergmanis paid an official visit "
		      "to Belarus.",
		      20171210);
	assert_string_equal(g.s, "LVAMIL>BLR:042");
	assert_int_equal(g.last.date, 20171210);
	assert_non_null(g.last.source_name);
	assert_string_equal(g.last.source_name, "Latvia military");
}

static void test_negation_voids(void **state)
{
	(void)state;
	assert_string_equal(code1("Minsk has not attacked Russia.", 20190101).s, "");
	assert_string_equal(code1("Minsk never criticized Moscow.", 20190101).s, "");
	assert_string_equal(code1("Minsk criticized Moscow.", 20190101).s, "BLR>RUS:111");
	assert_string_equal(code1("Minsk failed to attack Russia.", 20190101).s, "");
	/* a forecast is not an event */
	assert_string_equal(code1("Minsk is likely to criticize Moscow.", 20190101).s, "");
	/* one event once, however many ways the sentence names its actors */
	assert_string_equal(code1("Russia and the Russian Federation criticized Minsk.", 20190101).s,
			    "RUS>BLR:111");
}

static void test_modality_gives_intent(void **state)
{
	(void)state;
	got g = code1("Belarus plans to hold talks with Russia.", 20190101);
	assert_string_equal(g.s, "BLR>RUS:036");
	assert_true(g.last.flags & SR_EV_MODAL);
	g = code1("Belarus is ready to hold a joint exercise with Russia.", 20190101);
	assert_string_equal(g.s, "BLR>RUS:0312");
	assert_int_equal(g.last.quad, 1); /* 0312 takes 031's row */
}

static void test_roles_follow_the_date(void **state)
{
	(void)state;
	assert_string_equal(code1("Shoigu met Lukashenko.", 20190601).s, "RUSMIL>BLRGOV:040");
	assert_string_equal(code1("Shoigu met Lukashenko.", 20050601).s, "RUSGOV>BLRGOV:040");
	/* Before 1994 Lukashenko held no role of ours: named, not coded. */
	assert_string_equal(code1("Shoigu met Lukashenko.", 19930101).s, "");
}

static void test_metonym_after_preposition_is_a_place(void **state)
{
	(void)state;
	assert_string_equal(code1("In Minsk, Belarus criticized NATO.", 20190101).s,
			    "BLR>IGOWSTNAT:111");
	assert_string_equal(code1("The Kremlin criticized Minsk.", 20190101).s, "RUSGOV>BLR:111");
}

static void test_reported_speech(void **state)
{
	(void)state;
	got g = code1("Shoigu alleged that Washington attacked Belarus.", 20190601);
	assert_string_equal(g.s, "RUSMIL>USA:112 USA>BLR:190");
	assert_true(g.last.flags & SR_EV_REPORTED);
}

static void test_case_sensitive_word(void **state)
{
	(void)state;
	assert_string_equal(code1("The US criticized Russia.", 20190101).s, "USA>RUS:111");
	assert_string_equal(code1("Russia criticized us.", 20190101).s, "");
}

static void test_russian_sentences(void **state)
{
	(void)state;
	assert_string_equal(code1("Белоруссия и Россия провели совместные учения.", 20190101).s,
			    "BLR>RUS:062 RUS>BLR:062");
	assert_string_equal(
		code1("Министерство обороны Беларуси подписало соглашение с Россией.", 20190101).s,
		"BLRMIL>RUS:057");
	assert_string_equal(code1("Лукашенко не посетил Москву.", 20190101).s, "");
	assert_string_equal(code1("Шойгу посетил Минск.", 20190101).s, "RUSMIL>BLR:042");
}

static void test_mentions(void **state)
{
	(void)state;
	sr_mention m[8];
	const char *s = "Белорусский министр обороны прибыл на учения Запад-2017 в Брест.";
	int n = sr_coder_mentions(coder, s, strlen(s), 20170901, m, 8);
	assert_int_equal(n, 3);
	assert_int_equal(m[0].kind, SR_MEN_ACTOR);
	assert_string_equal(m[0].code, "BLRMIL");
	assert_int_equal(m[1].kind, SR_MEN_EXERCISE);
	assert_string_equal(m[1].name, "Zapad");
	assert_int_equal(m[2].kind, SR_MEN_PLACE);
	assert_memory_equal(s + m[2].start, "Брест", strlen("Брест"));
}

static void test_quantities(void **state)
{
	(void)state;
	sr_mention m[8];
	const char *s = "The programme allocates some USD 20 million to repair 90 objects in 2017-2020.";
	int n = sr_coder_mentions(coder, s, strlen(s), 20171210, m, 8);
	assert_int_equal(n, 2);
	assert_int_equal(m[0].kind, SR_MEN_QUANTITY);
	assert_true(m[0].value == 2e7);
	assert_memory_equal(s + m[0].unit_start, "USD", 3);
	assert_int_equal(m[1].kind, SR_MEN_QUANTITY);
	assert_true(m[1].value == 90);
	assert_memory_equal(s + m[1].unit_start, "objects", 7);
	const char *r = "Россия перебросила 3 тысячи военных.";
	n = sr_coder_mentions(coder, r, strlen(r), 20171210, m, 8);
	assert_int_equal(n, 2); /* Russia, and the quantity */
	assert_int_equal(m[1].kind, SR_MEN_QUANTITY);
	assert_true(m[1].value == 3000);
}

static void test_text_sentences_and_spans(void **state)
{
	(void)state;
	const char *t = "Nothing happened here. Russia criticized NATO. Belarus met Russia.";
	got g;
	memset(&g, 0, sizeof g);
	long n = sr_coder_code_text(coder, t, strlen(t), 20190101, collect, &g);
	assert_int_equal(n, 2);
	assert_string_equal(g.s, "RUS>IGOWSTNAT:111 BLR>RUS:040");
	assert_int_equal(g.last.sentence, 2);
	assert_memory_equal(t + g.last.start, "Belarus met Russia.", g.last.end - g.last.start);
}

static void test_arbitrary_bytes_do_not_break(void **state)
{
	(void)state;
	char buf[4096];
	unsigned x = 12345;
	for (int round = 0; round < 200; round++) {
		for (size_t i = 0; i < sizeof buf; i++) {
			x = x * 1103515245u + 12345u;
			buf[i] = (char)(x >> 16);
		}
		sr_coder_code_text(coder, buf, sizeof buf, 20190101, NULL, NULL);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_compound_joint_exercise_with_date),
		cmocka_unit_test(test_adjective_agent_title_visit),
		cmocka_unit_test(test_negation_voids),
		cmocka_unit_test(test_modality_gives_intent),
		cmocka_unit_test(test_roles_follow_the_date),
		cmocka_unit_test(test_metonym_after_preposition_is_a_place),
		cmocka_unit_test(test_reported_speech),
		cmocka_unit_test(test_case_sensitive_word),
		cmocka_unit_test(test_russian_sentences),
		cmocka_unit_test(test_mentions),
		cmocka_unit_test(test_quantities),
		cmocka_unit_test(test_text_sentences_and_spans),
		cmocka_unit_test(test_arbitrary_bytes_do_not_break),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
