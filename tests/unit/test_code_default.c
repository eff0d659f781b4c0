/* test_code_default.c — golden sentences coded with the bundled
 * dictionaries: one or more for every CAMEO root, and Russian sentences for
 * the consult, cooperate and agree families (04x/05x/06x), with actors named
 * in Cyrillic. The sentences are ours; the expected codes are what an
 * analyst would write for them. */
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
} got;

static int collect(const sr_event *ev, void *ctx)
{
	got *g = ctx;
	size_t l = strlen(g->s);
	snprintf(g->s + l, sizeof g->s - l, "%s%s>%s:%s", g->n ? " " : "", ev->source, ev->target,
		 ev->cameo);
	g->n++;
	return 0;
}

static const char *code1(const char *s)
{
	static got g;
	memset(&g, 0, sizeof g);
	sr_coder_code_sentence(coder, s, strlen(s), 20230601, 0, 0, collect, &g);
	return g.s;
}

static int setup(void **state)
{
	(void)state;
	dict = sr_dict_create();
	sr_error err;
	sr_error_clear(&err);
	if (sr_dict_load_default(dict, &err) < 0 || sr_dict_finish(dict, &err) < 0)
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

static const struct {
	const char *text, *want;
} english[] = {
	{"Lithuania denied the Belarusian claims.", "LTU>BLR:016"},
	{"Poland urged Belarus to release the detained journalists.", "POL>BLR:0253"},
	{"Russia promised to supply gas to Belarus.", "RUS>BLR:033"},
	{"Lukashenko met Putin in Sochi.", "BLRGOV>RUSGOV:040"},
	{"The Belarusian Foreign Ministry praised the Chinese proposal.", "BLRGOV>CHN:051"},
	{"Belarus and Russia signed an agreement on air defence.", "BLR>RUS:057 RUS>BLR:057"},
	{"Belarus and Russia held a joint military exercise.", "BLR>RUS:062 RUS>BLR:062"},
	{"Russia delivered Su-30SM fighters to Belarus.", "RUS>BLR:072"},
	{"Belarus released Lithuanian prisoners.", "BLR>LTU:0841"},
	{"Poland investigated the Belarusian balloon incursion.", "POL>BLR:093"},
	{"The European Union demanded that Belarus free political prisoners.", "IGOEUREEC>BLR:1053"},
	{"Ukraine accused Russia of war crimes.", "UKR>RUS:1124"},
	{"Belarus rejected the OSCE proposal.", "BLR>IGOEUROSC:120"},
	{"Russia threatened Lithuania with retaliation.", "RUS>LTU:1384"},
	{"Belarusian opposition supporters protested against Lukashenko.", "BLROPP>BLRGOV:141"},
	{"Poland deployed troops to the border with Belarus.", "POL>BLR:154"},
	{"Lithuania withdrew its ambassador from Minsk.", "LTU>BLRGOV:161"},
	{"Belarusian police arrested Polish journalists.", "BLRCOP>POLMED:173"},
	{"Russian troops abducted Ukrainian officials.", "RUSMIL>UKRGOV:181"},
	{"Belarusian police beat Polish journalists.", "BLRCOP>POLMED:182"},
	{"Russian forces shelled Ukrainian positions.", "RUSMIL>UKR:194"},
	{"Russia attacked Ukraine.", "RUS>UKR:190"},
	{"Russian troops massacred Ukrainian civilians in Bucha.", "RUSMIL>UKRCVL:202"},
	/* an actor after a preposition is not the subject */
	{"At the summit of the CSTO in Yerevan, Lukashenko met Putin.", "BLRGOV>RUSGOV:040"},
	/* a month name is a date, not the verb "march" */
	{"In March Russia criticized NATO.", "RUS>IGOWSTNAT:111"},
	/* negation and forecasts: no event */
	{"Minsk has not risked to put pressure on the Kremlin.", ""},
	{"Lithuania did not expel the Russian diplomat.", ""},
};

static const struct {
	const char *text, *want;
} russian[] = {
	{"Беларусь и Россия провели совместные учения.", "BLR>RUS:062 RUS>BLR:062"},
	{"Министр обороны России Шойгу посетил Минск.", "RUSMIL>BLRGOV:042"},
	{"Лукашенко провёл переговоры с Путиным.", "BLRGOV>RUSGOV:046"},
	{"Белоруссия и Россия подписали соглашение о военном сотрудничестве.",
	 "BLR>RUS:057 RUS>BLR:057"},
	{"Президент Беларуси встретился с премьер-министром Польши.", "BLRGOV>POLGOV:040"},
	{"Министерство обороны Беларуси осудило действия НАТО.", "BLRMIL>IGOWSTNAT:111"},
	{"Польша обвинила Беларусь в провокации.", "POL>BLR:1123"},
};

static void test_every_root_in_english(void **state)
{
	(void)state;
	int roots[21] = {0};
	for (size_t i = 0; i < sizeof english / sizeof *english; i++) {
		const char *got_s = code1(english[i].text);
		if (strcmp(got_s, english[i].want) != 0)
			print_message("  %s\n    want [%s] got [%s]\n", english[i].text, english[i].want,
				      got_s);
		assert_string_equal(got_s, english[i].want);
		const char *c = strchr(english[i].want, ':');
		if (c)
			roots[(c[1] - '0') * 10 + (c[2] - '0')] = 1;
	}
	for (int r = 1; r <= 20; r++)
		assert_true(roots[r]);
}

static void test_russian_families(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof russian / sizeof *russian; i++) {
		const char *got_s = code1(russian[i].text);
		if (strcmp(got_s, russian[i].want) != 0)
			print_message("  %s\n    want [%s] got [%s]\n", russian[i].text, russian[i].want,
				      got_s);
		assert_string_equal(got_s, russian[i].want);
	}
}

static void test_cyrillic_actors(void **state)
{
	(void)state;
	static const struct {
		const char *text, *code;
	} cases[] = {
		{"Лукашэнка выступіў у Мінску.", "BLRGOV"},
		{"Войска Беларуси вышли на полигоны.", "BLRMIL"},
		{"Генеральный штаб Вооружённых сил Беларуси сообщил об этом.", "BLRMIL"},
		{"Об этом заявил Лавров.", "RUSGOV"},
		{"Эксперты ОДКБ прибыли в Минск.", "IGO"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		sr_mention m[8];
		int n = sr_coder_mentions(coder, cases[i].text, strlen(cases[i].text), 20230601, m, 8);
		int found = 0;
		for (int k = 0; k < n && k < 8; k++)
			if (strncmp(m[k].code, cases[i].code, strlen(cases[i].code)) == 0)
				found = 1;
		if (!found)
			print_message("  no %s in: %s\n", cases[i].code, cases[i].text);
		assert_true(found);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_root_in_english),
		cmocka_unit_test(test_russian_families),
		cmocka_unit_test(test_cyrillic_actors),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
