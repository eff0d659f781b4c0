/* test_datex.c — date expressions: dates, periods, times, resolution of a
 * month and day against an anchor, named dated events; and robustness on
 * arbitrary bytes. */
#include "testutil.h"

#include <stdlib.h>
#include <string.h>

#include "datex.h"

static size_t parse(const char *s, sr_datex *x)
{
	memset(x, 0, sizeof *x);
	return sr_datex_parse(s, strlen(s), x);
}

#define ASSERT_DATEX(s, len, yy, mm, dd)                \
	do {                                            \
		sr_datex x_;                            \
		assert_int_equal(parse(s, &x_), len);   \
		assert_int_equal(x_.y, yy);             \
		assert_int_equal(x_.m, mm);             \
		assert_int_equal(x_.d, dd);             \
	} while (0)

static void test_parse_english(void **state)
{
	ASSERT_DATEX("October 25)", 10, 0, 10, 25);
	ASSERT_DATEX("October 28, 2019)", 16, 2019, 10, 28);
	ASSERT_DATEX("Oct. 5, 2019", 12, 2019, 10, 5);
	ASSERT_DATEX("March 18th – 22nd", 10, 0, 3, 18);
	ASSERT_DATEX("December 8th, 2017, the", 18, 2017, 12, 8);
	ASSERT_DATEX("25 October 2019.", 15, 2019, 10, 25);
	ASSERT_DATEX("30 April", 8, 0, 4, 30);
	ASSERT_DATEX("October 2012.", 12, 2012, 10, 0);
	ASSERT_DATEX("October 31, 2016 11:26", 16, 2016, 10, 31);
	/* a list of days is not a year */
	ASSERT_DATEX("September 10, 15, 16", 12, 0, 9, 10);
}

static void test_parse_numeric_and_cyrillic(void **state)
{
	ASSERT_DATEX("2019-03-18", 10, 2019, 3, 18);
	ASSERT_DATEX("21-05-2018", 10, 2018, 5, 21);
	ASSERT_DATEX("18.03.2019 г.", 10, 2019, 3, 18);
	ASSERT_DATEX("18 марта 2019 года,", 27, 2019, 3, 18);
	ASSERT_DATEX("24 кастрычніка", 25, 0, 10, 24);
	ASSERT_DATEX("25 октября 2019 г. в", 26, 2019, 10, 25);
}

static void test_parse_rejects(void **state)
{
	sr_datex x;
	assert_int_equal(parse("October", &x), 0);
	assert_int_equal(parse("25", &x), 0);
	assert_int_equal(parse("may 5 percent", &x), 5); /* a month name is a month name */
	assert_int_equal(parse("February 30", &x), 0);
	assert_int_equal(parse("2019-02-29", &x), 0);
	assert_int_equal(parse("March 32", &x), 0);
	assert_int_equal(parse("Marchers 5", &x), 0);
	assert_int_equal(parse("October 25th2", &x), 0);
	assert_int_equal(parse("12.34.5678", &x), 0);
	assert_int_equal(parse("2019-03-18-", &x), 0);
}

static void test_range(void **state)
{
	sr_datex a, b;
	const char *s = "March 18 – March 24, 2019";
	assert_int_equal(sr_datex_range(s, strlen(s), &a, &b), strlen(s));
	assert_int_equal(a.y * 10000 + a.m * 100 + a.d, 20190318);
	assert_int_equal(b.y * 10000 + b.m * 100 + b.d, 20190324);
	s = "January 29 – February 4, 2018";
	assert_int_equal(sr_datex_range(s, strlen(s), &a, &b), strlen(s));
	assert_int_equal(a.m * 100 + a.d, 129);
	assert_int_equal(b.y, 2018);
	s = "December 28 – January 3, 2020";
	assert_int_equal(sr_datex_range(s, strlen(s), &a, &b), strlen(s));
	assert_int_equal(a.y, 2019);
	assert_int_equal(b.y, 2020);
	s = "March 18-24, 2019";
	assert_int_equal(sr_datex_range(s, strlen(s), &a, &b), strlen(s));
	assert_int_equal(b.d, 24);
	assert_int_equal(a.y, 2019);
	s = "18–24 марта 2019";
	assert_int_equal(sr_datex_range(s, strlen(s), &a, &b), strlen(s));
	assert_int_equal(a.y * 10000 + a.m * 100 + a.d, 20190318);
	s = "May 13 – May 19"; /* no year: both years stay 0 */
	assert_int_equal(sr_datex_range(s, strlen(s), &a, &b), strlen(s));
	assert_int_equal(a.y, 0);
	s = "March 24 – March 18, 2019"; /* backwards */
	assert_int_equal(sr_datex_range(s, strlen(s), &a, &b), 0);
	s = "March 18, 2019";
	assert_int_equal(sr_datex_range(s, strlen(s), &a, &b), 0);
}

static void test_time(void **state)
{
	assert_int_equal(sr_datex_time("11:26", 5), 5);
	assert_int_equal(sr_datex_time("11:59:02,", 9), 8);
	assert_int_equal(sr_datex_time("9:30 pm", 7), 7);
	assert_int_equal(sr_datex_time("25:00", 5), 0);
	assert_int_equal(sr_datex_time("11:2", 4), 0);
}

static void test_resolve(void **state)
{
	assert_int_equal(sr_datex_on_or_before(10, 25, 20191030), 20191025);
	assert_int_equal(sr_datex_on_or_before(10, 25, 20190110), 20181025);
	assert_int_equal(sr_datex_on_or_before(10, 25, 20191025), 20191025);
	assert_int_equal(sr_datex_on_or_before(2, 29, 20190301), 20160229);
	assert_int_equal(sr_datex_on_or_before(2, 30, 20190301), 0);
	assert_int_equal(sr_datex_on_or_before(1, 1, 0), 0);
	assert_int_equal(sr_datex_nearest(1, 3, 20191228), 20200103);
	assert_int_equal(sr_datex_nearest(12, 20, 20200105), 20191220);
	assert_int_equal(sr_datex_nearest(6, 1, 20190601), 20190601);
}

static void test_event(void **state)
{
	sr_date lo, hi;
	const char *s = "Russia held the International Army Games-2017 and other events.";
	assert_int_equal(sr_datex_event(s, strlen(s), &lo, &hi), 1);
	assert_int_equal(lo, 20170725);
	assert_int_equal(hi, 20170815);
	s = "учения «Запад-2017» и «Щит-2015»";
	assert_int_equal(sr_datex_event(s, strlen(s), &lo, &hi), 1);
	assert_int_equal(hi / 10000, 2017);
	s = "the Frobnitz-2021 drill"; /* unknown name: the year only */
	assert_int_equal(sr_datex_event(s, strlen(s), &lo, &hi), 2);
	assert_int_equal(lo, 20210101);
	assert_int_equal(hi, 20211231);
	s = "in mid-2020, 2017-2018, COVID-19, x-2019";
	assert_int_equal(sr_datex_event(s, strlen(s), &lo, &hi), 0);
}

/* Every entry point on every prefix of pseudo-random bytes: no reads past
 * the end (ASan) and no absurd results. */
static void test_arbitrary_bytes(void **state)
{
	unsigned seed = 12345;
	char buf[256];
	static const char alphabet[] = "0123456789 -.,:/–марта October May th Zapad-2017 \xE2\x80\x93\xD0\xB3";
	for (int round = 0; round < 4000; round++) {
		size_t n = (size_t)(seed % sizeof buf);
		for (size_t i = 0; i < n; i++) {
			seed = seed * 1103515245u + 12345u;
			buf[i] = (seed >> 16) & 1 ? alphabet[(seed >> 8) % (sizeof alphabet - 1)] : (char)(seed >> 8);
		}
		char *p = malloc(n ? n : 1); /* exact size: overreads trip ASan */
		assert_non_null(p);
		memcpy(p, buf, n);
		for (size_t i = 0; i <= n; i++) {
			sr_datex a, b;
			sr_date lo, hi;
			size_t k = sr_datex_parse(p + i, n - i, &a);
			assert_true(k <= n - i);
			if (k)
				assert_true(a.m >= 1 && a.m <= 12);
			assert_true(sr_datex_range(p + i, n - i, &a, &b) <= n - i);
			assert_true(sr_datex_time(p + i, n - i) <= n - i);
			if (i == 0)
				sr_datex_event(p, n, &lo, &hi);
		}
		free(p);
		seed = seed * 1103515245u + 12345u;
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_english),
		cmocka_unit_test(test_parse_numeric_and_cyrillic),
		cmocka_unit_test(test_parse_rejects),
		cmocka_unit_test(test_range),
		cmocka_unit_test(test_time),
		cmocka_unit_test(test_resolve),
		cmocka_unit_test(test_event),
		cmocka_unit_test(test_arbitrary_bytes),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
