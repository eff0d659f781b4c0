/* test_cite.c — inline source citations: one parenthesis at a time, a whole
 * text scanned, prose in parentheses left alone, arbitrary bytes. */
#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cite.h"

/* "name|y-m-d;name|y-m-d" for the refs of s ("-" for a lost name). */
static const char *render(const char *s)
{
	static char out[2048];
	sr_cite_ref r[32];
	size_t k = sr_cite_parse(s, strlen(s), r, 32);
	out[0] = '\0';
	for (size_t i = 0; i < k && i < 32; i++) {
		char one[256];
		snprintf(one, sizeof one, "%s%.*s|%d-%d-%d", i ? ";" : "", (int)(r[i].name_len ? r[i].name_len : 1),
			 r[i].name_len ? r[i].name : "-", r[i].y, r[i].m, r[i].d);
		strncat(out, one, sizeof out - strlen(out) - 1);
	}
	return out;
}

static void test_single(void **state)
{
	assert_string_equal(render("Interfax, October 25"), "Interfax|0-10-25");
	assert_string_equal(render("RT, October 28, 2019"), "RT|2019-10-28");
	assert_string_equal(render("see EDM, October 10, 2017"), "EDM|2017-10-10");
	assert_string_equal(render("RIA Novosti, October 25"), "RIA Novosti|0-10-25");
	assert_string_equal(render(".com/KorshunauGenadz, October 6"), ".com/KorshunauGenadz|0-10-6");
	assert_string_equal(render("Kremlin.ru, September 14"), "Kremlin.ru|0-9-14");
	assert_string_equal(render("Интерфакс, 25 октября"), "Интерфакс|0-10-25");
}

static void test_lost_name(void **state)
{
	assert_string_equal(render(", October 29"), "-|0-10-29");
	assert_string_equal(render(", March 23, 2015"), "-|2015-3-23");
	assert_string_equal(render("Interfax, October 25; , October 26"), "Interfax|0-10-25;-|0-10-26");
}

static void test_lists(void **state)
{
	assert_string_equal(render("Belarusian Radio, April 20; Belapan News Agency, April 20; "
				   "Belarusian Nationwide TV, April 21"),
			    "Belarusian Radio|0-4-20;Belapan News Agency|0-4-20;Belarusian Nationwide TV|0-4-21");
	assert_string_equal(render("Kremlin.ru, September 14; see EDM, September 16"),
			    "Kremlin.ru|0-9-14;EDM|0-9-16");
	assert_string_equal(render("see EDM, September 10, 15, October 1, 6"),
			    "EDM|0-9-10;EDM|0-9-15;EDM|0-10-1;EDM|0-10-6");
	/* a year closes the dates before it, not those of another source */
	assert_string_equal(render("Interfax, October 25; RT, October 28, 2019"),
			    "Interfax|0-10-25;RT|2019-10-28");
	assert_string_equal(render("TASS, December 30, 31, 2019"), "TASS|2019-12-30;TASS|2019-12-31");
	/* two names sharing a date */
	assert_string_equal(render("Interfax, TASS, May 5"), "Interfax|0-5-5;TASS|0-5-5");
}

static void test_not_citations(void **state)
{
	assert_string_equal(render("Source: TASS"), "");
	assert_string_equal(render("October 25"), "");
	assert_string_equal(render("2019"), "");
	assert_string_equal(render("see above"), "");
	assert_string_equal(render("regionalnoy gruppirovki voysk—RGV"), "");
	assert_string_equal(render("he announced that Lukashenka’s rating for April 2020 in Minsk was 25 "
				   "percent – see EDM, June 23"),
			    "");
	assert_string_equal(render("the meeting, held on October 25"), "");
	assert_string_equal(render("“quoted”, May 5"), "");
	assert_string_equal(render("Interfax, October 25, the day after"), "");
	assert_string_equal(render("Interfax"), "");
	assert_string_equal(render("Interfax, October 25; TASS"), "");
	assert_string_equal(render(""), "");
}

typedef struct {
	char out[1024];
	size_t n;
} acc;

static int gather(void *ud, const sr_cite_ref *r, size_t at)
{
	acc *a = ud;
	char one[160];
	snprintf(one, sizeof one, "%s%zu:%.*s", a->n++ ? ";" : "", at, (int)(r->name_len ? r->name_len : 1),
		 r->name_len ? r->name : "-");
	strncat(a->out, one, sizeof a->out - strlen(a->out) - 1);
	return 0;
}

static void test_scan(void **state)
{
	const char *t = "Shoigu added (RIA Novosti, October 25). The RGV (regionalnoy gruppirovki) "
			"(, March 23, 2015) and (a (nested (TASS, May 1)) case) (unclosed (RT, June 2";
	acc a = {"", 0};
	size_t k = sr_cite_scan(t, strlen(t), gather, &a);
	assert_int_equal(k, 3);
	assert_string_equal(a.out, "13:RIA Novosti;74:-;108:TASS");
	/* a parenthesis is one line at most */
	const char *u = "(Interfax,\nOctober 25)";
	assert_int_equal(sr_cite_scan(u, strlen(u), NULL, NULL), 0);
}

static void test_arbitrary_bytes(void **state)
{
	unsigned seed = 777;
	static const char alpha[] = "(),; 0123456789 October see EDM Interfax May";
	for (int round = 0; round < 3000; round++) {
		size_t n = 1 + (seed >> 4) % 700;
		char *p = malloc(n);
		assert_non_null(p);
		for (size_t i = 0; i < n; i++) {
			seed = seed * 1664525u + 1013904223u;
			p[i] = (seed >> 20) & 1 ? alpha[(seed >> 8) % (sizeof alpha - 1)] : (char)(seed >> 12);
		}
		sr_cite_ref r[4];
		size_t k = sr_cite_parse(p, n, r, 4);
		for (size_t i = 0; i < k && i < 4; i++) {
			assert_true(r[i].name_len == 0 || (r[i].name >= p && r[i].name + r[i].name_len <= p + n));
			assert_true(r[i].m >= 1 && r[i].m <= 12);
		}
		sr_cite_scan(p, n, NULL, NULL);
		free(p);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_single),       cmocka_unit_test(test_lost_name),
		cmocka_unit_test(test_lists),        cmocka_unit_test(test_not_citations),
		cmocka_unit_test(test_scan),         cmocka_unit_test(test_arbitrary_bytes),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
