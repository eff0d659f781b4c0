/* test_html.c — sr_html_extract on small pages written for these tests:
 * exact body, title, by-line and date from fixtures in tests/data/html, and
 * hostile input (deep nesting, huge attributes, too many attributes on one
 * element, binary junk, over-size), and the fast paths of the walk (text
 * copied in runs, names looked up through a cache, attributes read in one
 * pass) against what they must keep. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"

#include "doc.h"
#include "extract_html.h"
#include "util/error.h"
#include "util/limits.h"

/* Extract a fixture file into *d (init'ed here; the caller cleans up). */
static int extract_file(const char *name, sr_doc *d, sr_error *err)
{
	char rel[256];
	snprintf(rel, sizeof rel, "tests/data/html/%s", name);
	size_t len = 0;
	char *html = tu_read_file(tu_root_path(rel), &len);
	if (!html)
		fail_msg("cannot read %s", rel);
	sr_doc_init(d);
	sr_error_clear(err);
	int rc = sr_html_extract(html, len, d, err);
	free(html);
	return rc;
}

static int extract_str(const char *html, sr_doc *d, sr_error *err)
{
	sr_doc_init(d);
	sr_error_clear(err);
	return sr_html_extract(html, strlen(html), d, err);
}

/* Navigation, cookie banner, share bar, newsletter box, related stories,
 * sidebar and footer around a five-paragraph article. */
static void test_boilerplate(void **state)
{
	(void)state;
	sr_doc d;
	sr_error err;
	assert_int_equal(extract_file("boilerplate.html", &d, &err), 0);
	assert_string_equal(d.title, "Border Exercise Ends Early");
	assert_string_equal(d.byline, "Jane Doe");
	assert_int_equal(d.date, 20190318);
	assert_int_equal(d.date_basis, SR_BASIS_STATED);
	assert_string_equal(d.publication, "The Minsk Observer");
	assert_string_equal(d.section, "Security");
	assert_string_equal(d.url, "https://observer.example/2019/03/border-exercise");
	assert_string_equal(
		d.body,
		"The joint exercise of Belarusian and Russian units near the western border ended "
		"two days earlier than planned, the defence ministry in Minsk said on Monday.\n\n"
		"Officials gave no reason for the change, but said that all the units taking part "
		"had returned to their permanent bases by Sunday evening.\n\n"
		"What the ministry said\n\n"
		"\xE2\x80\x9CThe tasks of the exercise were fulfilled in full,\xE2\x80\x9D a spokesman "
		"told reporters, adding that the next joint drill would take place in the autumn.\n\n"
		"Observers from neighbouring countries were not invited this time.\n\n"
		"Analysts in Vilnius and Warsaw said the early end, like the exercise itself, was "
		"meant to be noticed on both sides of the border.");
	assert_int_equal(d.body_len, strlen(d.body));
	sr_doc_cleanup(&d);
}

/* JSON-LD in an @graph gives headline, authors, date, publisher and section;
 * the comment section is not body. */
static void test_jsonld_and_comments(void **state)
{
	(void)state;
	sr_doc d;
	sr_error err;
	assert_int_equal(extract_file("jsonld.html", &d, &err), 0);
	assert_string_equal(d.title, "Navy Chiefs Meet in Kaliningrad");
	assert_string_equal(d.byline, "Ivan Petrov, Anna Smith");
	assert_int_equal(d.date, 20200702);
	assert_int_equal(d.date_basis, SR_BASIS_STATED);
	assert_string_equal(d.publication, "Baltic Security Review");
	assert_string_equal(d.section, "Defence");
	assert_null(d.url);
	assert_string_equal(
		d.body,
		"The commanders of the Russian Baltic Fleet and of the Belarusian air force met in "
		"Kaliningrad on Thursday to discuss the coordination of their forces in the "
		"region.\n\n"
		"According to the fleet's press service, the talks covered joint air patrols over the "
		"Baltic Sea and the exchange of radar data between the two countries.\n\n"
		"It was the third meeting of this kind since the beginning of the year.");
	sr_doc_cleanup(&d);
}

static const char cyr_body[] =
	"Совместные стратегические учения вооружённых сил Беларуси и России завершились в "
	"четверг на полигонах в Гродненской и Брестской областях.\n\n"
	"По словам министра обороны, в манёврах приняли участие около двенадцати тысяч "
	"военнослужащих и более трёхсот единиц техники.\n\n"
	"Наблюдатели из соседних стран отметили, что масштаб учений оказался больше "
	"заявленного.";

/* A Russian page in UTF-8, and the same page in windows-1251 as its meta tag
 * says: the same text comes out. The site name goes from the title. */
static void test_cyrillic(void **state)
{
	(void)state;
	const char *files[] = {"cyrillic.html", "cyrillic-cp1251.html"};
	for (size_t i = 0; i < 2; i++) {
		sr_doc d;
		sr_error err;
		assert_int_equal(extract_file(files[i], &d, &err), 0);
		assert_string_equal(d.title, "Учения «Запад» завершились в Беларуси");
		assert_string_equal(d.byline, "Анна Иванова");
		assert_int_equal(d.date, 20210916);
		assert_string_equal(d.body, cyr_body);
		sr_doc_cleanup(&d);
	}
}

/* Script, style, noscript, document.write, HTML comments, hidden elements
 * and a Disqus thread give no text; <time pubdate> gives the date. */
static void test_scripts_and_comments(void **state)
{
	(void)state;
	sr_doc d;
	sr_error err;
	assert_int_equal(extract_file("scripts-comments.html", &d, &err), 0);
	assert_string_equal(d.title, "Rail Freight Through Belarus Grows");
	assert_null(d.byline);
	assert_int_equal(d.date, 20220210);
	assert_string_equal(
		d.body,
		"Container traffic on the railway between China and the European Union through "
		"Belarus rose by a fifth last year, the national railway company said.\n\n"
		"Most of the trains cross the border with Poland at Brest, where new terminals opened "
		"in the autumn to cope with the growing number of wagons.\n\n"
		"The company expects the growth to continue this year if the sanctions do not extend "
		"to transit goods.");
	sr_doc_cleanup(&d);
}

static const char para1[] =
	"<p>The government approved the draft budget for next year on Tuesday, with defence "
	"spending set to grow by almost a tenth, the finance ministry said.</p>";
static const char para2[] =
	"<p>Parliament is expected to vote on the draft in December, after the committees have "
	"discussed the changes proposed by the regions.</p>";

/* Titles: a site suffix goes by the general rule (short tail after a long
 * headline), a known site name goes wherever it stands; a preset URL stays. */
static void test_title_rules(void **state)
{
	(void)state;
	char html[2048];
	sr_doc d;
	sr_error err;

	snprintf(html, sizeof html,
		 "<html><head><title>Budget Approved With Higher Defence Spending - Daily "
		 "Gazette</title></head><body>%s%s</body></html>",
		 para1, para2);
	assert_int_equal(extract_str(html, &d, &err), 0);
	assert_string_equal(d.title, "Budget Approved With Higher Defence Spending");
	sr_doc_cleanup(&d);

	snprintf(html, sizeof html,
		 "<html><head><title>Daily Gazette | Budget Approved</title>"
		 "<meta property=\"og:site_name\" content=\"Daily Gazette\">"
		 "<meta property=\"og:url\" content=\"https://gazette.example/budget\">"
		 "</head><body>%s%s</body></html>",
		 para1, para2);
	sr_doc_init(&d);
	assert_int_equal(sr_doc_set(&d.url, "file:///kept.html", 17), 0);
	sr_error_clear(&err);
	assert_int_equal(sr_html_extract(html, strlen(html), &d, &err), 0);
	assert_string_equal(d.title, "Budget Approved");
	assert_string_equal(d.publication, "Daily Gazette");
	assert_string_equal(d.url, "file:///kept.html");
	sr_doc_cleanup(&d);
}

/* A "By …" line and a date line at the top of the text are metadata, not
 * body; the headline repeated in the text is dropped too. */
static void test_byline_line(void **state)
{
	(void)state;
	char html[2048];
	sr_doc d;
	sr_error err;
	snprintf(html, sizeof html,
		 "<html><head><title>Budget approved</title></head><body><div class=\"story\">"
		 "<h2>Budget approved</h2><p>By John Smith and Olga Kowalska</p>"
		 "<p>12 November 2019</p>%s%s</div></body></html>",
		 para1, para2);
	assert_int_equal(extract_str(html, &d, &err), 0);
	assert_string_equal(d.title, "Budget approved");
	assert_string_equal(d.byline, "John Smith and Olga Kowalska");
	assert_string_equal(d.body,
			    "The government approved the draft budget for next year on Tuesday, with "
			    "defence spending set to grow by almost a tenth, the finance ministry "
			    "said.\n\nParliament is expected to vote on the draft in December, after "
			    "the committees have discussed the changes proposed by the regions.");
	sr_doc_cleanup(&d);
}

/* A page with nothing to read is an input error, not an empty article. */
static void test_no_text(void **state)
{
	(void)state;
	sr_doc d;
	sr_error err;
	assert_int_equal(extract_str("<html><body><script>var a = 'words';</script>"
				     "<nav><a href=\"/\">Home</a></nav></body></html>",
				     &d, &err),
			 SR_EINPUT);
	assert_string_equal(err.msg, "HTML page has no text");
	sr_doc_cleanup(&d);
	assert_int_equal(extract_str("", &d, &err), SR_EINPUT);
	sr_doc_cleanup(&d);
}

static char *nested(int levels, size_t *len)
{
	size_t cap = (size_t)levels * 11 + 4096;
	char *b = malloc(cap);
	assert_non_null(b);
	size_t k = (size_t)snprintf(b, cap, "<html><body>");
	for (int i = 0; i < levels; i++, k += 5)
		memcpy(b + k, "<div>", 5);
	k += (size_t)snprintf(b + k, cap - k, "%s%s", para1, para2);
	for (int i = 0; i < levels; i++, k += 6)
		memcpy(b + k, "</div>", 6);
	k += (size_t)snprintf(b + k, cap - k, "</body></html>");
	*len = k;
	return b;
}

/* 100,000 levels are refused (the parser would drop what lies below its own
 * limit); 200 levels are read. */
static void test_deep_nesting(void **state)
{
	(void)state;
	size_t len;
	sr_doc d;
	sr_error err;
	char *html = nested(100000, &len);
	sr_doc_init(&d);
	sr_error_clear(&err);
	assert_int_equal(sr_html_extract(html, len, &d, &err), SR_EINPUT);
	assert_non_null(strstr(err.msg, "nested deeper than"));
	assert_null(d.body);
	sr_doc_cleanup(&d);
	free(html);

	html = nested(200, &len);
	sr_doc_init(&d);
	assert_int_equal(sr_html_extract(html, len, &d, &err), 0);
	assert_non_null(d.body);
	assert_non_null(strstr(d.body, "finance ministry said.\n\nParliament"));
	sr_doc_cleanup(&d);
	free(html);
}

/* An 8 MB attribute and 1 MB of binary junk: no crash, bounded work; the
 * article next to the huge attribute still comes out. */
static void test_hostile(void **state)
{
	(void)state;
	size_t big = 8u << 20;
	size_t cap = big + 4096;
	char *html = malloc(cap);
	assert_non_null(html);
	size_t k = (size_t)snprintf(html, cap, "<html><body><div class=\"");
	memset(html + k, 'a', big);
	k += big;
	k += (size_t)snprintf(html + k, cap - k, "\" id=\"x\">%s%s</div></body></html>", para1, para2);
	sr_doc d;
	sr_error err;
	sr_doc_init(&d);
	sr_error_clear(&err);
	assert_int_equal(sr_html_extract(html, k, &d, &err), 0);
	assert_non_null(d.body);
	assert_non_null(strstr(d.body, "proposed by the regions."));
	sr_doc_cleanup(&d);
	free(html);

	size_t n = 1u << 20;
	unsigned char *junk = malloc(n);
	assert_non_null(junk);
	uint32_t s = 2463534242u; /* xorshift: the same junk every run */
	for (size_t i = 0; i < n; i++) {
		s ^= s << 13;
		s ^= s >> 17;
		s ^= s << 5;
		junk[i] = (unsigned char)s;
	}
	for (int round = 0; round < 2; round++) {
		if (round == 1)
			memcpy(junk, "<html><body><p>", 15); /* junk inside markup */
		sr_doc_init(&d);
		sr_error_clear(&err);
		int rc = sr_html_extract((const char *)junk, n, &d, &err);
		assert_true(rc == 0 || rc == SR_EINPUT);
		sr_doc_cleanup(&d);
	}
	free(junk);
}

/* A page of attrs attributes on one <div>, each written as fmt (one %zu for
 * its number), around the test paragraphs. */
static char *attr_page(size_t attrs, const char *fmt, const char *before, size_t *len)
{
	size_t cap = attrs * 40 + strlen(before) + 4096;
	char *html = malloc(cap);
	assert_non_null(html);
	size_t k = (size_t)snprintf(html, cap, "<html><body>%s<div", before);
	for (size_t i = 0; i < attrs; i++) {
		html[k++] = ' ';
		k += (size_t)snprintf(html + k, cap - k, fmt, i);
	}
	k += (size_t)snprintf(html + k, cap - k, ">%s%s</div></body></html>", para1, para2);
	*len = k;
	return html;
}

/* An element with more than SR_MAX_HTML_ATTRS attributes is refused before
 * libxml2 sees it (it checks attributes pairwise: 100,000 took ~24 s); up
 * to the limit the page is read, and what only looks like attributes (in a
 * script, in a quoted value, in a comment) does not count. */
static void test_many_attributes(void **state)
{
	(void)state;
	static const char *const forms[] = {"a%zu=\"v\"", "data-x%zu", "b%zu = 'x>y'", "c%zu=1/"};
	sr_doc d;
	sr_error err;
	size_t len;
	for (size_t f = 0; f < sizeof forms / sizeof forms[0]; f++) {
		char *html = attr_page(100000, forms[f], "", &len);
		sr_doc_init(&d);
		sr_error_clear(&err);
		assert_int_equal(sr_html_extract(html, len, &d, &err), SR_EINPUT);
		assert_non_null(strstr(err.msg, "SR_MAX_HTML_ATTRS"));
		sr_doc_cleanup(&d);
		free(html);
	}

	/* at the limit: read */
	char *html = attr_page(SR_MAX_HTML_ATTRS, "a%zu=\"v\"", "", &len);
	sr_doc_init(&d);
	sr_error_clear(&err);
	assert_int_equal(sr_html_extract(html, len, &d, &err), 0);
	assert_non_null(strstr(d.body, "proposed by the regions."));
	sr_doc_cleanup(&d);
	free(html);

	/* one more: refused */
	html = attr_page(SR_MAX_HTML_ATTRS + 1, "a%zu=\"v\"", "", &len);
	sr_doc_init(&d);
	sr_error_clear(&err);
	assert_int_equal(sr_html_extract(html, len, &d, &err), SR_EINPUT);
	sr_doc_cleanup(&d);
	free(html);

	/* a tag written inside a script, a comment and a quoted value */
	size_t many = 3 * SR_MAX_HTML_ATTRS;
	size_t cap = many * 8 + 4096;
	char *fake = malloc(cap);
	assert_non_null(fake);
	for (int where = 0; where < 3; where++) {
		static const char *const open[] = {"<script>var s = '<div", "<!-- <div", "<p title=\"<div"};
		static const char *const close[] = {">';</script>", "> -->", ">\">x</p>"};
		size_t k = (size_t)snprintf(fake, cap, "%s", open[where]);
		for (size_t i = 0; i < many; i++)
			k += (size_t)snprintf(fake + k, cap - k, " a%zu", i);
		snprintf(fake + k, cap - k, "%s", close[where]);
		html = attr_page(3, "a%zu=\"v\"", fake, &len);
		sr_doc_init(&d);
		sr_error_clear(&err);
		assert_int_equal(sr_html_extract(html, len, &d, &err), 0);
		assert_non_null(strstr(d.body, "proposed by the regions."));
		sr_doc_cleanup(&d);
		free(html);
	}
	free(fake);
}

/* Text is copied in runs between spaces through a stack buffer: a word
 * longer than that buffer, a text node many times its size, every kind of
 * space the walk collapses (tab, newline, no-break, thin, ideographic,
 * medium mathematical) and the zero-width characters it drops (zero-width
 * space, BOM, word joiner) all come out as written, spaces collapsed. */
static void test_text_runs(void **state)
{
	(void)state;
	size_t cap = 64 * 1024;
	char *html = malloc(cap), *want = malloc(cap);
	assert_non_null(html);
	assert_non_null(want);
	size_t k = (size_t)snprintf(html, cap, "<html><body><p>"), w = 0;
	for (int i = 0; i < 5000; i++)
		html[k++] = 'x', want[w++] = 'x';
	k += (size_t)snprintf(html + k, cap - k, " \n tail.</p><p>");
	w += (size_t)snprintf(want + w, cap - w, " tail.\n\n");
	for (int i = 0; i < 700; i++) {
		const char *end = i < 699 ? "," : ".";
		k += (size_t)snprintf(html + k, cap - k, "w%03d%s \t\n ", i, end);
		w += (size_t)snprintf(want + w, cap - w, "%sw%03d%s", i ? " " : "", i, end);
	}
	k += (size_t)snprintf(html + k, cap - k,
			      "</p><p>One\tTwo\nThree&nbsp;Four\xE2\x80\x89" "Five\xE3\x80\x80Six"
			      "\xE2\x80\x8BSeven\xEF\xBB\xBF" "Eight\xE2\x81\xA0Nine\xE2\x81\x9FTen "
			      "<b>bold</b>end, and then some more words, so that this paragraph is "
			      "long enough to be read as prose on its own.</p></body></html>");
	w += (size_t)snprintf(want + w, cap - w,
			      "\n\nOne Two Three Four Five SixSevenEightNine Ten boldend, and then "
			      "some more words, so that this paragraph is long enough to be read as "
			      "prose on its own.");
	sr_doc d;
	sr_error err;
	sr_doc_init(&d);
	sr_error_clear(&err);
	assert_int_equal(sr_html_extract(html, k, &d, &err), 0);
	assert_non_null(d.body);
	assert_string_equal(d.body, want);
	assert_int_equal(d.body_len, w);
	sr_doc_cleanup(&d);
	free(html);
	free(want);
}

/* Names are looked up through a small cache by address: a page with more
 * distinct names than it holds still gets each right. Custom elements (a
 * '-' in the name) are blocks, other unknown names inline. */
static void test_many_names(void **state)
{
	(void)state;
	size_t cap = 64 * 1024;
	char *html = malloc(cap), *want = malloc(cap);
	assert_non_null(html);
	assert_non_null(want);
	size_t k = (size_t)snprintf(html, cap, "<html><body>"), w = 0;
	for (int i = 0; i < 150; i++) {
		k += (size_t)snprintf(html + k, cap - k,
				      "<x-el%d>Paragraph %d of the page, long enough to be read as "
				      "prose on its own by the rules of the extractor.</x-el%d>",
				      i, i, i);
		w += (size_t)snprintf(want + w, cap - w,
				      "%sParagraph %d of the page, long enough to be read as prose on "
				      "its own by the rules of the extractor.",
				      i ? "\n\n" : "", i);
	}
	k += (size_t)snprintf(html + k, cap - k, "<p>");
	for (int i = 0; i < 150; i++)
		k += (size_t)snprintf(html + k, cap - k, "<n%d>w%d</n%d>", i, i % 10, i);
	k += (size_t)snprintf(html + k, cap - k,
			      ", all one word made of inline parts that no tag table lists, "
			      "in a paragraph long enough to be kept.</p></body></html>");
	w += (size_t)snprintf(want + w, cap - w, "\n\n");
	for (int i = 0; i < 150; i++)
		w += (size_t)snprintf(want + w, cap - w, "w%d", i % 10);
	w += (size_t)snprintf(want + w, cap - w,
			      ", all one word made of inline parts that no tag table lists, in a "
			      "paragraph long enough to be kept.");
	sr_doc d;
	sr_error err;
	sr_doc_init(&d);
	sr_error_clear(&err);
	assert_int_equal(sr_html_extract(html, k, &d, &err), 0);
	assert_non_null(d.body);
	assert_string_equal(d.body, want);
	sr_doc_cleanup(&d);
	free(html);
	free(want);
}

/* Screen-reader-only classes hide an element only as whole class tokens;
 * by-lines come from itemprop=author, rel=author (any case) or a by-line
 * class, with other attributes around them. */
static void test_hidden_and_bylines(void **state)
{
	(void)state;
	char html[4096];
	sr_doc d;
	sr_error err;
	snprintf(html, sizeof html,
		 "<html><body><div class=\"story\">%s"
		 "<p class=\"note sr-only\" id=\"n1\">Skip to the main content of this page, "
		 "which is a text that readers of the page never see.</p>"
		 "<p data-x=\"1\" class=\"lead unhidden-note\">Readers do see this paragraph, whose "
		 "class only contains the name of a hiding class inside a longer one.</p>"
		 "%s</div></body></html>",
		 para1, para2);
	assert_int_equal(extract_str(html, &d, &err), 0);
	assert_null(strstr(d.body, "Skip to the main content"));
	assert_non_null(strstr(d.body, "Readers do see this paragraph"));
	sr_doc_cleanup(&d);

	static const char *const bylines[] = {
		"<span title=\"x\" itemprop=\"author\">Maria Lopez</span>",
		"<a href=\"/authors/ml\" REL=\"Author\">Maria Lopez</a>",
		"<span id=\"b\" class=\"post-byline\">By Maria Lopez</span>",
	};
	for (size_t i = 0; i < sizeof bylines / sizeof bylines[0]; i++) {
		snprintf(html, sizeof html,
			 "<html><body><header>%s</header><div class=\"story\">%s%s</div>"
			 "</body></html>",
			 bylines[i], para1, para2);
		assert_int_equal(extract_str(html, &d, &err), 0);
		assert_non_null(d.byline);
		assert_string_equal(d.byline, "Maria Lopez");
		sr_doc_cleanup(&d);
	}
}

/* Past SR_MAX_DOC_BYTES the page is refused before it is parsed. */
static void test_too_big(void **state)
{
	(void)state;
	size_t n = (size_t)SR_MAX_DOC_BYTES + 1;
	char *html = malloc(n);
	assert_non_null(html);
	memset(html, ' ', n);
	sr_doc d;
	sr_error err;
	sr_doc_init(&d);
	sr_error_clear(&err);
	assert_int_equal(sr_html_extract(html, n, &d, &err), SR_EINPUT);
	assert_non_null(strstr(err.msg, "over the"));
	sr_doc_cleanup(&d);
	free(html);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_boilerplate),
		cmocka_unit_test(test_jsonld_and_comments),
		cmocka_unit_test(test_cyrillic),
		cmocka_unit_test(test_scripts_and_comments),
		cmocka_unit_test(test_title_rules),
		cmocka_unit_test(test_byline_line),
		cmocka_unit_test(test_no_text),
		cmocka_unit_test(test_deep_nesting),
		cmocka_unit_test(test_hostile),
		cmocka_unit_test(test_many_attributes),
		cmocka_unit_test(test_too_big),
		cmocka_unit_test(test_text_runs),
		cmocka_unit_test(test_many_names),
		cmocka_unit_test(test_hidden_and_bylines),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
