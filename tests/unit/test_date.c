/* test_date.c — calendar arithmetic, ISO weeks, month names. */
#include "testutil.h"

#include <string.h>

#include "util/date.h"

static void test_make_and_valid(void **state)
{
	assert_int_equal(sr_date_make(2019, 3, 18), 20190318);
	assert_int_equal(sr_date_make(2019, 2, 29), 0);
	assert_int_equal(sr_date_make(2020, 2, 29), 20200229);
	assert_int_equal(sr_date_make(1900, 2, 29), 0);
	assert_int_equal(sr_date_make(2000, 2, 29), 20000229);
	assert_int_equal(sr_date_make(2019, 13, 1), 0);
	assert_true(sr_date_valid(20191231));
	assert_false(sr_date_valid(20191232));
	assert_false(sr_date_valid(0));
}

static void test_days_roundtrip(void **state)
{
	assert_int_equal(sr_date_to_days(19700101), 0);
	assert_int_equal(sr_date_from_days(0), 19700101);
	for (long z = -200000; z < 200000; z += 37)
		assert_int_equal(sr_date_to_days(sr_date_from_days(z)), z);
	assert_int_equal(sr_date_add(20191231, 1), 20200101);
	assert_int_equal(sr_date_add(20200301, -1), 20200229);
}

static void test_weekday_isoweek(void **state)
{
	assert_int_equal(sr_date_weekday(20190318), 1); /* a Monday */
	assert_int_equal(sr_date_weekday(20190324), 7);
	int y, w;
	sr_date_isoweek(20190318, &y, &w);
	assert_int_equal(y, 2019);
	assert_int_equal(w, 12);
	sr_date_isoweek(20210101, &y, &w); /* belongs to 2020-W53 */
	assert_int_equal(y, 2020);
	assert_int_equal(w, 53);
	sr_date_isoweek(20191230, &y, &w); /* belongs to 2020-W01 */
	assert_int_equal(y, 2020);
	assert_int_equal(w, 1);
	assert_int_equal(sr_date_from_isoweek(2019, 12), 20190318);
	assert_int_equal(sr_date_from_isoweek(2020, 53), 20201228);
	assert_int_equal(sr_date_from_isoweek(2019, 53), 0);
}

static void test_format_parse(void **state)
{
	char buf[11];
	sr_date_format(20050420, buf);
	assert_string_equal(buf, "2005-04-20");
	sr_date_format(0, buf);
	assert_string_equal(buf, "");
	sr_date_format(10101, buf); /* year 1: four digits all the same */
	assert_string_equal(buf, "0001-01-01");
	sr_date_format(99991231, buf);
	assert_string_equal(buf, "9999-12-31");
	sr_date_format(20240229, buf);
	assert_string_equal(buf, "2024-02-29");
	sr_date_format(20230229, buf); /* no such day */
	assert_string_equal(buf, "");
	assert_int_equal(sr_date_parse_iso("2019-10-25", 10), 20191025);
	assert_int_equal(sr_date_parse_iso("20191025", 8), 20191025);
	assert_int_equal(sr_date_parse_iso("2019-02-30", 10), 0);
	assert_int_equal(sr_date_parse_iso("2019/10/25", 10), 0);
	assert_int_equal(sr_date_parse_iso("x", 1), 0);
}

static void test_months(void **state)
{
	size_t n;
	assert_int_equal(sr_month_lookup("October 25", 10, &n), 10);
	assert_int_equal(n, 7);
	assert_int_equal(sr_month_lookup("Sept. 3", 7, &n), 9);
	assert_int_equal(n, 5);
	assert_int_equal(sr_month_lookup("Mayday", 6, &n), 0);
	assert_int_equal(sr_month_lookup("marching", 8, &n), 0);
	const char *ru = "марта 2019";
	assert_int_equal(sr_month_lookup(ru, strlen(ru), &n), 3);
	assert_int_equal(n, strlen("марта"));
	const char *cap = "Декабрь";
	assert_int_equal(sr_month_lookup(cap, strlen(cap), &n), 12);
	const char *be = "сакавіка";
	assert_int_equal(sr_month_lookup(be, strlen(be), &n), 3);
	const char *not_month = "марш";
	assert_int_equal(sr_month_lookup(not_month, strlen(not_month), &n), 0);
}

/* Every month in every spelling and case the table is searched by: names
 * are grouped by first letter, so each group must still hold all of its
 * names, the longest first. */
static void test_months_all_spellings(void **state)
{
	static const struct {
		const char *s;
		int month;
		size_t len;
	} cases[] = {
		{"JANUARY", 1, 7}, {"jan. 5", 1, 4}, {"Jan 5", 1, 3}, {"February", 2, 8}, {"FEB", 2, 3},
		{"March", 3, 5}, {"Mar.", 3, 4}, {"april", 4, 5}, {"Apr", 4, 3}, {"MAY", 5, 3},
		{"June", 6, 4}, {"Jun.", 6, 4}, {"July", 7, 4}, {"jul", 7, 3}, {"August", 8, 6},
		{"Aug.", 8, 4}, {"September", 9, 9}, {"Sept", 9, 4}, {"sep.", 9, 4}, {"Sep", 9, 3},
		{"October", 10, 7}, {"Oct.", 10, 4}, {"November", 11, 8}, {"nov", 11, 3},
		{"December", 12, 8}, {"Dec.", 12, 4},
		{"ЯНВАРЯ", 1, 12}, {"Февраль", 2, 14}, {"Апреля", 4, 12}, {"мая", 5, 6}, {"Июня", 6, 8},
		{"июль", 7, 8}, {"Августа", 8, 14}, {"Сентября", 9, 16}, {"октябрь", 10, 14},
		{"Ноября", 11, 12}, {"декабря", 12, 14},
		{"Студзеня", 1, 16}, {"лютага", 2, 12}, {"Красавік", 4, 16}, {"траўня", 5, 12},
		{"Чэрвеня", 6, 14}, {"ліпень", 7, 12}, {"Жніўня", 8, 12}, {"верасень", 9, 16},
		{"Кастрычніка", 10, 22}, {"лістапад", 11, 16}, {"Снежня", 12, 12},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		size_t n = 0;
		int m = sr_month_lookup(cases[i].s, strlen(cases[i].s), &n);
		if (m != cases[i].month || n != cases[i].len)
			fail_msg("%s: month %d of %zu bytes, want %d of %zu", cases[i].s, m, n, cases[i].month,
				 cases[i].len);
	}
	/* a first letter no month has, and non-letters */
	size_t n;
	assert_int_equal(sr_month_lookup("Zapad", 5, &n), 0);
	assert_int_equal(sr_month_lookup("Ёлка", strlen("Ёлка"), &n), 0);
	assert_int_equal(sr_month_lookup("1 May", 5, &n), 0);
	assert_int_equal(sr_month_lookup("\xE2\x80\x93", 3, &n), 0);
	assert_int_equal(sr_month_lookup("\xD0", 1, &n), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_make_and_valid),
		cmocka_unit_test(test_days_roundtrip),
		cmocka_unit_test(test_weekday_isoweek),
		cmocka_unit_test(test_format_parse),
		cmocka_unit_test(test_months_all_spellings),
		cmocka_unit_test(test_months),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
