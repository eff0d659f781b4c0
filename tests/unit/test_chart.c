/* test_chart.c — the SVG chart parses as XML and has the parts it should:
 * one bar per non-zero count, axis names, escaped title, highlight band only
 * when asked, thinned x labels, no NaN, same bytes twice, errors leave the
 * buffer as it was. With SITREP_CHART_OUT set it also writes a sample chart
 * there, for tests/cli/test_chart_browser.sh to render in a browser. */
#include "testutil.h"

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "chart.h"

static char periods[SR_CHART_MAX_POINTS + 1][16];

/* n weekly points from 2019-W01 on, counts from a fixed LCG: deterministic. */
static void weekly(sr_chart_point *p, size_t n)
{
	unsigned s = 12345;
	for (size_t i = 0; i < n; i++) {
		/* i < SR_CHART_MAX_POINTS + 1: the year has four digits */
		unsigned y = (unsigned)(2019 + i / 52) % 10000u, w = (unsigned)(i % 52 + 1);
		snprintf(periods[i], sizeof periods[i], "%04u-W%02u", y, w);
		s = s * 1103515245u + 12345u;
		p[i].period = periods[i];
		p[i].cooperation = (double)((s >> 8) % 40);
		s = s * 1103515245u + 12345u;
		p[i].conflict = (double)((s >> 8) % 25);
		p[i].has_goldstein = p[i].cooperation + p[i].conflict > 0 && i % 11 != 5;
		p[i].goldstein = p[i].has_goldstein ? (p[i].cooperation * 3.5 - p[i].conflict * 6.0) /
							  (p[i].cooperation + p[i].conflict)
						    : 0;
	}
}

static char *draw(const sr_chart_point *p, size_t n, const sr_chart_opts *o)
{
	sr_buf b;
	sr_buf_init(&b, 1 << 24);
	sr_error err;
	sr_error_clear(&err);
	assert_int_equal(sr_chart_svg(p, n, o, &b, &err), 0);
	assert_non_null(b.p);
	return sr_buf_detach(&b, NULL);
}

static xmlDocPtr parse(const char *s)
{
	xmlDocPtr d = xmlReadMemory(s, (int)strlen(s), "chart.svg", "UTF-8", XML_PARSE_NONET);
	assert_non_null(d);
	xmlNodePtr r = xmlDocGetRootElement(d);
	assert_non_null(r);
	assert_string_equal((const char *)r->name, "svg");
	assert_non_null(r->ns);
	assert_string_equal((const char *)r->ns->href, "http://www.w3.org/2000/svg");
	return d;
}

/* Elements whose class attribute is exactly cls, collected into out (if given). */
static size_t find_class(xmlNodePtr n, const char *cls, xmlNodePtr *out, size_t max, size_t k)
{
	for (; n; n = n->next) {
		if (n->type != XML_ELEMENT_NODE)
			continue;
		xmlChar *c = xmlGetProp(n, (const xmlChar *)"class");
		if (c && strcmp((const char *)c, cls) == 0) {
			if (out && k < max)
				out[k] = n;
			k++;
		}
		xmlFree(c);
		k = find_class(n->children, cls, out, max, k);
	}
	return k;
}

static size_t count_class(xmlDocPtr d, const char *cls)
{
	return find_class(xmlDocGetRootElement(d), cls, NULL, 0, 0);
}

/* The text of the first element with class cls ("" when none); static buffer. */
static const char *text_of(xmlDocPtr d, const char *cls)
{
	static char buf[512];
	xmlNodePtr n = NULL;
	buf[0] = '\0';
	if (find_class(xmlDocGetRootElement(d), cls, &n, 1, 0) && n) {
		xmlChar *t = xmlNodeGetContent(n);
		snprintf(buf, sizeof buf, "%s", (const char *)t);
		xmlFree(t);
	}
	return buf;
}

static double num_prop(xmlNodePtr n, const char *name)
{
	xmlChar *v = xmlGetProp(n, (const xmlChar *)name);
	assert_non_null(v);
	double d = strtod((const char *)v, NULL);
	xmlFree(v);
	return d;
}

static void test_bars_and_axes(void **state)
{
	sr_chart_point p[10];
	weekly(p, 10);
	p[2].cooperation = 0;
	p[3].conflict = 0;
	p[4].cooperation = p[4].conflict = 0;
	p[4].has_goldstein = 0;
	size_t coop = 0, conf = 0;
	for (size_t i = 0; i < 10; i++) {
		coop += p[i].cooperation > 0;
		conf += p[i].conflict > 0;
	}
	char *s = draw(p, 10, NULL);
	xmlDocPtr d = parse(s);
	assert_int_equal(count_class(d, "bar coop"), coop);
	assert_int_equal(count_class(d, "bar conflict"), conf);
	assert_string_equal(text_of(d, "axis-label y"), "Events");
	assert_string_equal(text_of(d, "axis-label y2"), "Goldstein mean");
	assert_string_equal(text_of(d, "axis-label x"), "Week");
	assert_int_equal(count_class(d, "legend coop"), 1);
	assert_int_equal(count_class(d, "legend conflict"), 1);
	assert_int_equal(count_class(d, "legend goldstein"), 1);
	assert_int_equal(count_class(d, "title"), 0);
	assert_non_null(strstr(s, "width=\"720\" height=\"320\" viewBox=\"0 0 720 320\""));
	assert_non_null(strstr(s, "font-family=\"'DejaVu Sans', sans-serif\""));
	/* each bar tells its period and values */
	assert_non_null(strstr(s, "<title>2019-W01: cooperation "));
	/* right axis fixed at -10..+10 */
	assert_int_equal(count_class(d, "tick-label y2"), 5);
	assert_string_equal(text_of(d, "tick-label y2"), "+10");
	xmlFreeDoc(d);
	free(s);
}

/* Left tick values are 1-2-5 multiples and span the largest counts. */
static void test_nice_ticks(void **state)
{
	sr_chart_point p[3] = {
	    {"2019-01", 137, 12, 1.5, 1}, {"2019-02", 3, 41, -4, 1}, {"2019-03", 0, 0, 0, 0}};
	char *s = draw(p, 3, NULL);
	xmlDocPtr d = parse(s);
	assert_string_equal(text_of(d, "axis-label x"), "Month");
	xmlNodePtr t[64];
	size_t k = find_class(xmlDocGetRootElement(d), "tick-label y", t, 64, 0);
	assert_true(k >= 3 && k <= 64);
	double v[64];
	for (size_t i = 0; i < k; i++) {
		xmlChar *c = xmlNodeGetContent(t[i]);
		v[i] = strtod((const char *)c, NULL);
		xmlFree(c);
	}
	/* labels are absolute counts, from the bottom (conflict) to the top */
	double step = fabs(v[k - 1] - v[k - 2]);
	double mant = step / pow(10, floor(log10(step)));
	assert_true(fabs(mant - 1) < 1e-9 || fabs(mant - 2) < 1e-9 || fabs(mant - 5) < 1e-9);
	for (size_t i = 0; i < k; i++)
		assert_true(fabs(fmod(v[i], step)) < 1e-9);
	assert_true(v[k - 1] >= 137);
	assert_true(v[0] >= 41);
	assert_int_equal(count_class(d, "zero"), 1);
	xmlFreeDoc(d);
	free(s);

	sr_chart_point q[2] = {{"a", 1, 1, 0, 0}, {"b", 2, 0, 0, 0}};
	s = draw(q, 2, NULL);
	d = parse(s);
	assert_string_equal(text_of(d, "axis-label x"), "Period");
	xmlFreeDoc(d);
	free(s);
}

static void test_title_escaped(void **state)
{
	sr_chart_point p[4];
	weekly(p, 4);
	sr_chart_opts o = {.title = "A & B <x> \"q\" 'a'"};
	char *s = draw(p, 4, &o);
	assert_non_null(strstr(s, ">A &amp; B &lt;x&gt; &quot;q&quot; &#39;a&#39;</text>"));
	xmlDocPtr d = parse(s);
	assert_string_equal(text_of(d, "title"), "A & B <x> \"q\" 'a'");
	xmlFreeDoc(d);
	free(s);

	/* a title too long for the width is cut with an ellipsis, never past the edge */
	char longt[400];
	memset(longt, 'M', sizeof longt - 1);
	longt[sizeof longt - 1] = '\0';
	o.title = longt;
	o.width = 300;
	s = draw(p, 4, &o);
	d = parse(s);
	const char *t = text_of(d, "title");
	assert_true(strlen(t) < 60);
	assert_non_null(strstr(t, "\xE2\x80\xA6"));
	xmlFreeDoc(d);
	free(s);

	/* bytes that are not UTF-8 or not XML still give a document that parses */
	o.title = "bad \xff\xfe ctl \x01 end";
	o.width = 0;
	s = draw(p, 4, &o);
	d = parse(s);
	xmlFreeDoc(d);
	free(s);
}

static void test_highlight(void **state)
{
	sr_chart_point p[8];
	weekly(p, 8);
	sr_chart_opts o = {.highlight = "2019-W05"};
	char *s = draw(p, 8, &o);
	xmlDocPtr d = parse(s);
	assert_int_equal(count_class(d, "highlight"), 1);
	xmlFreeDoc(d);
	free(s);
	s = draw(p, 8, NULL);
	d = parse(s);
	assert_int_equal(count_class(d, "highlight"), 0);
	xmlFreeDoc(d);
	free(s);
	o.highlight = "2030-W01"; /* not in the series */
	s = draw(p, 8, &o);
	d = parse(s);
	assert_int_equal(count_class(d, "highlight"), 0);
	xmlFreeDoc(d);
	free(s);
}

static void test_empty(void **state)
{
	sr_chart_opts o = {.title = "Nothing"};
	char *s = draw(NULL, 0, &o);
	xmlDocPtr d = parse(s);
	assert_string_equal(text_of(d, "empty"), "No events in this period");
	assert_string_equal(text_of(d, "title"), "Nothing");
	assert_int_equal(count_class(d, "bar coop"), 0);
	xmlFreeDoc(d);
	free(s);
}

static void test_deterministic(void **state)
{
	sr_chart_point p[60];
	weekly(p, 60);
	sr_chart_opts o = {.title = "t", .highlight = "2019-W30", .width = 900, .height = 400};
	char *a = draw(p, 60, &o), *b = draw(p, 60, &o);
	assert_string_equal(a, b);
	assert_non_null(strstr(a, "viewBox=\"0 0 900 400\""));
	free(a);
	free(b);
}

static void test_errors_keep_buffer(void **state)
{
	static sr_chart_point p[SR_CHART_MAX_POINTS + 1];
	weekly(p, SR_CHART_MAX_POINTS + 1);
	sr_buf b;
	sr_buf_init(&b, 1 << 24);
	assert_int_equal(sr_buf_puts(&b, "before"), 0);
	sr_error err;
	sr_error_clear(&err);
	assert_int_equal(sr_chart_svg(p, SR_CHART_MAX_POINTS + 1, NULL, &b, &err), SR_EINPUT);
	assert_int_equal(err.code, SR_EINPUT);
	assert_int_equal(b.len, 6);
	assert_string_equal(b.p, "before");
	/* the most points still draw */
	assert_int_equal(sr_chart_svg(p, SR_CHART_MAX_POINTS, NULL, &b, &err), 0);
	sr_buf_cleanup(&b);

	/* a buffer whose cap is reached half way: SR_ENOMEM, contents as before */
	sr_buf_init(&b, 3000);
	assert_int_equal(sr_buf_puts(&b, "before"), 0);
	sr_error_clear(&err);
	assert_int_equal(sr_chart_svg(p, 50, NULL, &b, &err), SR_ENOMEM);
	assert_int_equal(err.code, SR_ENOMEM);
	assert_int_equal(b.len, 6);
	assert_string_equal(b.p, "before");
	sr_buf_cleanup(&b);

	/* a size outside what can be drawn */
	sr_buf_init(&b, 1 << 20);
	sr_chart_opts o = {.width = 20};
	assert_int_equal(sr_chart_svg(p, 5, &o, &b, &err), SR_EINPUT);
	assert_int_equal(b.len, 0);
	sr_buf_cleanup(&b);
}

static void test_nan(void **state)
{
	sr_chart_point p[6];
	weekly(p, 6);
	p[1].cooperation = NAN;
	p[2].conflict = INFINITY;
	p[3].goldstein = NAN;
	p[3].has_goldstein = 1;
	p[4].cooperation = -5;
	for (size_t i = 0; i < 6; i++)
		if (i != 3)
			p[i].has_goldstein = 1, p[i].goldstein = 1;
	char *s = draw(p, 6, NULL);
	for (char *q = s; *q; q++)
		assert_true(strncasecmp(q, "nan", 3) != 0 && strncasecmp(q, "inf", 3) != 0);
	xmlDocPtr d = parse(s);
	size_t coop = 0;
	for (size_t i = 0; i < 6; i++)
		coop += isfinite(p[i].cooperation) && p[i].cooperation > 0;
	assert_int_equal(count_class(d, "bar coop"), coop);
	/* the NaN score breaks the line in two and has no dot */
	assert_int_equal(count_class(d, "goldstein line"), 2);
	assert_int_equal(count_class(d, "goldstein dot"), 5);
	xmlFreeDoc(d);
	free(s);
}

static void test_x_labels_thinned(void **state)
{
	sr_chart_point p[200];
	weekly(p, 200);
	char *s = draw(p, 200, NULL);
	xmlDocPtr d = parse(s);
	xmlNodePtr t[200];
	size_t k = find_class(xmlDocGetRootElement(d), "tick-label x", t, 200, 0);
	assert_true(k >= 3 && k < 200);
	double fs = num_prop(t[0], "font-size");
	double w = 0.6 * fs * 8; /* "2019-W01" */
	assert_true((double)k * w <= 720);
	for (size_t i = 0; i + 1 < k; i++)
		assert_true(num_prop(t[i + 1], "x") - num_prop(t[i], "x") >= w);
	for (size_t i = 0; i < k; i++) {
		assert_true(num_prop(t[i], "x") - w / 2 >= 0);
		assert_true(num_prop(t[i], "x") + w / 2 <= 720);
	}
	xmlFreeDoc(d);
	free(s);

	/* few points: every period is labelled */
	s = draw(p, 6, NULL);
	d = parse(s);
	assert_int_equal(count_class(d, "tick-label x"), 6);
	xmlFreeDoc(d);
	free(s);
}

static void write_file(const char *path, const char *s)
{
	FILE *f = fopen(path, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(s, 1, strlen(s), f), strlen(s));
	assert_int_equal(fclose(f), 0);
}

/* The sample charts for the browser check: a year of weeks at the default
 * size, and the same at a narrow size (PATH-narrow.svg), where the x labels
 * must thin out further and the legend wrap. */
static void test_sample_file(void **state)
{
	const char *path = getenv("SITREP_CHART_OUT");
	if (!path || !*path)
		skip();
	sr_chart_point p[52];
	weekly(p, 52);
	for (size_t i = 0; i < 52; i++)
		snprintf(periods[i], sizeof periods[i], "2021-W%02zu", i + 1);
	p[20].cooperation = p[20].conflict = 0;
	p[20].has_goldstein = 0;
	sr_chart_opts o = {.title = "BLR\xE2\x80\x93RUS, weekly & <2021>", .highlight = "2021-W40"};
	char *s = draw(p, 52, &o);
	write_file(path, s);
	free(s);
	char narrow[4096];
	size_t len = strlen(path);
	if (len > 4 && strcmp(path + len - 4, ".svg") == 0)
		len -= 4;
	assert_true(len + 16 < sizeof narrow);
	snprintf(narrow, sizeof narrow, "%.*s-narrow.svg", (int)len, path);
	o.width = 260;
	o.height = 240;
	s = draw(p, 52, &o);
	write_file(narrow, s);
	free(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_bars_and_axes),
	    cmocka_unit_test(test_nice_ticks),
	    cmocka_unit_test(test_title_escaped),
	    cmocka_unit_test(test_highlight),
	    cmocka_unit_test(test_empty),
	    cmocka_unit_test(test_deterministic),
	    cmocka_unit_test(test_errors_keep_buffer),
	    cmocka_unit_test(test_nan),
	    cmocka_unit_test(test_x_labels_thinned),
	    cmocka_unit_test(test_sample_file),
	};
	/* The sample file is written only when a browser check asks for it
	 * (tests/cli/test_chart_browser.sh); otherwise it is not a test. */
	const char *sample = getenv("SITREP_CHART_OUT");
	size_t n = sizeof tests / sizeof tests[0] - (sample && *sample ? 0 : 1);
	int rc = _cmocka_run_group_tests("test_chart", tests, n, NULL, NULL);
	xmlCleanupParser();
	return rc;
}
