/* test_web_pages.c — the pure helpers of the web pages (web_pages.c):
 * percent-encoding of the query values of links we build, and the search
 * snippet turned into escaped HTML with <mark> around the matched terms. */
#include <string.h>

#include "testutil.h"

#include "util/buf.h"

/* web_pages.c's own helpers (no header: only this test shares them). */
int sr_page_urlenc(sr_buf *b, const char *s);
int sr_page_snippet(sr_buf *b, const char *snippet);

static void check_enc(const char *in, const char *want)
{
	sr_buf b;
	sr_buf_init(&b, 4096);
	assert_int_equal(sr_page_urlenc(&b, in), 0);
	assert_string_equal(b.p ? b.p : "", want);
	sr_buf_cleanup(&b);
}

static void test_urlenc(void **state)
{
	(void)state;
	check_enc("BLR-RUS", "BLR-RUS");
	check_enc("Alexander Lukashenka", "Alexander%20Lukashenka");
	check_enc("a&b=c?d#e/f+g", "a%26b%3Dc%3Fd%23e%2Ff%2Bg");
	check_enc("\"x\"<'y'>", "%22x%22%3C%27y%27%3E");
	check_enc("Шойгу", "%D0%A8%D0%BE%D0%B9%D0%B3%D1%83");
	check_enc("~._-", "~._-");
	check_enc("", "");
	check_enc(NULL, "");
}

static void check_snip(const char *in, const char *want)
{
	sr_buf b;
	sr_buf_init(&b, 4096);
	assert_int_equal(sr_page_snippet(&b, in), 0);
	assert_string_equal(b.p ? b.p : "", want);
	sr_buf_cleanup(&b);
}

static void test_snippet(void **state)
{
	(void)state;
	check_snip("the \x02Zapad\x03-2017 exercise", "the <mark>Zapad</mark>-2017 exercise");
	/* everything else escaped, markup in the text stays text */
	check_snip("<b>\x02" "a&b\x03</b>", "&lt;b&gt;<mark>a&amp;b</mark>&lt;/b&gt;");
	/* white space collapsed, leading and trailing dropped */
	check_snip("  one\n\n two\t\x02three\x03  ", "one two <mark>three</mark>");
	/* an unclosed mark is closed; a stray close is dropped */
	check_snip("x \x02y", "x <mark>y</mark>");
	check_snip("x\x03 y", "x y");
	check_snip("учения \x02Запад\x03", "учения <mark>Запад</mark>");
	check_snip(NULL, "");
}

static void test_snippet_cap(void **state)
{
	(void)state;
	sr_buf b;
	sr_buf_init(&b, 8);
	assert_int_equal(sr_page_snippet(&b, "far more than eight bytes"), -1);
	sr_buf_cleanup(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_urlenc),
		cmocka_unit_test(test_snippet),
		cmocka_unit_test(test_snippet_cap),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
