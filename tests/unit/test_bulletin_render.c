/* test_bulletin_render.c — the bulletin renderers (Markdown, HTML, Atom,
 * archive index) on a model built by hand.
 *
 * The model carries what breaks renderers: markup and scripts in article
 * text, quotes and ampersands, Markdown block and inline markers, a
 * "javascript:" URL, an article without a URL, a cite without a name.
 * Markdown and HTML (without charts) are compared byte for byte with
 * goldens in tests/fixtures/bulletin/ (SITREP_UPDATE_GOLDEN=1 rewrites
 * them); the HTML is parsed with libxml2's HTML parser and the feed with
 * its XML parser. With SITREP_BULLETIN_OUT set, the sample page (charts
 * on) is written there for the browser check. */
#include "testutil.h"

#include <libxml/HTMLparser.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "bulletin.h"

/* ---- the model ---- */

static const sr_bulletin_article sec_articles[] = {
	{.doc_id = 11,
	 .title = "Staff training [part 1] (draft)",
	 .publication = "Example Weekly",
	 .url = "https://example.org/a?x=1&y=2",
	 .file = "corpus/a.html",
	 .date = 20190320,
	 .trend_assessed = SR_TREND_UNCHANGED},
	{.doc_id = 12,
	 .title = "# Drills & \"exercises\" <script>alert(2)</script>",
	 .publication = "Minsk <Observer>",
	 .url = NULL,
	 .file = "corpus/week12.txt",
	 .date = 20190322},
};

static const sr_bulletin_cite sec_cites1[] = {{"Interfax", 20190319}, {"BelTA", 0}};
static const sr_bulletin_cite sec_cites2[] = {{NULL, 20190321}};

static const sr_bulletin_evidence sec_evidence[] = {
	{.event_id = 101,
	 .article = 0,
	 .date = 20190319,
	 .source_code = "BLRMIL",
	 .source_name = "Belarus military",
	 .target_code = "RUSMIL",
	 .target_name = "Russia military",
	 .cameo = "062",
	 .cameo_name = "Engage in material cooperation",
	 .quad = 2,
	 .goldstein = 7.4,
	 .text = "The two general staffs held a joint command-post session near the border.",
	 .cites = sec_cites1,
	 .ncites = 2},
	{.event_id = 102,
	 .article = 1,
	 .date = 0,
	 .source_code = "BLRGOV",
	 .source_name = NULL,
	 .target_code = "NATO",
	 .target_name = "NATO & partners",
	 .cameo = "1124",
	 .cameo_name = "Reject <proposal>",
	 .quad = 3,
	 .goldstein = -5.0,
	 .text = "*Drills* [planned] for_april at `noon` <script>alert(1)</script> & \"more\"\nsecond line",
	 .cites = sec_cites2,
	 .ncites = 1},
};

static const sr_chart_point sec_series[] = {
	{"2019-W10", 3, 1, 2.5, 1},
	{"2019-W11", 4, 0, 3.0, 1},
	{"2019-W12", 5, 2, 1.5, 1},
};

static const sr_bulletin_article eco_articles[] = {
	{.doc_id = 21,
	 .title = "Price talks",
	 .publication = "Example Daily",
	 .url = "javascript:alert(3)",
	 .date = 20190323},
	{.doc_id = 21, /* the same article again: listed once */
	 .title = "Price talks",
	 .publication = "Example Daily",
	 .url = "javascript:alert(3)",
	 .date = 20190323},
};

static const sr_bulletin_evidence eco_evidence[] = {
	{.event_id = 201,
	 .article = 0,
	 .date = 20190323,
	 .source_code = "RUSGOV",
	 .source_name = "Russia government",
	 .target_code = "BLRGOV",
	 .target_name = "Belarus government",
	 .cameo = "172",
	 .cameo_name = "Impose administrative sanctions",
	 .quad = 4,
	 .goldstein = -5.0,
	 .text = "Negotiators left the price question open until the next round."},
};

static const sr_chart_point eco_series[] = {
	{"2019-W11", 1, 1, 0.0, 1},
	{"2019-W12", 0, 3, -4.0, 1},
};

static const sr_bulletin_sphere spheres[] = {
	{.id = "security",
	 .title = "Security and defence",
	 .headline = "Joint staff work goes on despite political friction",
	 .label = SR_TREND_UNCHANGED,
	 .confidence = 0.62,
	 .basis = "Cooperation events match the four preceding weeks; both articles read the week as unchanged.",
	 .lead = "Staff <script>alert('x')</script> met & \"agreed\" on drills.",
	 .events = 7,
	 .cooperation = 5,
	 .conflict = 2,
	 .goldstein_sum = 14.2,
	 .evidence = sec_evidence,
	 .nevidence = 2,
	 .articles = sec_articles,
	 .narticles = 2,
	 .series = sec_series,
	 .nseries = 3},
	{.id = "economy & energy",
	 .title = "Economy and energy",
	 .headline = "1. Gas price talks stall",
	 .label = SR_TREND_WORSE,
	 .confidence = 0.4,
	 .basis = "Conflict events rose against the preceding weeks.",
	 .lead = "> Not a quote - just 12. text",
	 .events = 3,
	 .cooperation = 0,
	 .conflict = 3,
	 .goldstein_sum = -15.0,
	 .evidence = eco_evidence,
	 .nevidence = 1,
	 .articles = eco_articles,
	 .narticles = 2,
	 .series = eco_series,
	 .nseries = 2},
};

static sr_bulletin sample(void)
{
	sr_bulletin b = {.week = "2019-W12",
			 .start = 20190318,
			 .end = 20190324,
			 .focus = "BLR",
			 .spheres = spheres,
			 .nspheres = 2,
			 .documents = 14};
	return b;
}

static sr_bulletin empty_week(void)
{
	sr_bulletin b = {.week = "2019-W13", .start = 20190325, .end = 20190331};
	return b;
}

/* ---- helpers ---- */

typedef int (*render_fn)(const sr_bulletin *, const sr_render_opts *, sr_buf *, sr_error *);

static char *render(render_fn f, const sr_bulletin *b, const sr_render_opts *o)
{
	sr_buf out;
	sr_error err;
	sr_buf_init(&out, 1 << 22);
	sr_error_clear(&err);
	int rc = f(b, o, &out, &err);
	if (rc)
		fail_msg("render failed: %d %s", rc, err.msg);
	return sr_buf_detach(&out, NULL);
}

static void golden(const char *name, const char *got)
{
	char rel[256];
	snprintf(rel, sizeof rel, "tests/fixtures/bulletin/%s", name);
	const char *path = tu_root_path(rel);
	const char *upd = getenv("SITREP_UPDATE_GOLDEN");
	if (upd && *upd && strcmp(upd, "0") != 0) {
		FILE *f = fopen(path, "wb");
		assert_non_null(f);
		assert_int_equal(fwrite(got, 1, strlen(got), f), strlen(got));
		assert_int_equal(fclose(f), 0);
		return;
	}
	size_t len;
	char *want = tu_read_file(path, &len);
	if (!want)
		fail_msg("golden %s missing (run with SITREP_UPDATE_GOLDEN=1)", path);
	if (strcmp(want, got) != 0) {
		size_t i = 0;
		while (want[i] && want[i] == got[i])
			i++;
		fail_msg("%s differs at byte %zu: want \"%.60s\" got \"%.60s\"", name, i, want + i, got + i);
	}
	free(want);
}

/* 1 if s holds "<script" in any case. */
static const char *has_script(const char *s, const char *unused)
{
	(void)unused;
	for (; *s; s++)
		if (strncasecmp(s, "<script", 7) == 0)
			return s;
	return NULL;
}

static int count_of(const char *hay, const char *needle)
{
	int n = 0;
	size_t l = strlen(needle);
	for (const char *p = strstr(hay, needle); p; p = strstr(p + l, needle))
		n++;
	return n;
}

/* libxml2 errors seen while parsing, less the HTML parser's complaints
 * about HTML5 elements it does not know (<article>, <svg>, …): it is an
 * HTML 4 parser. */
typedef struct {
	int errors;
	char first[256];
} errs;

static void on_error(void *ctx, xmlErrorPtr e)
{
	errs *c = ctx;
	if (e->domain == XML_FROM_HTML && e->code == XML_HTML_UNKNOWN_TAG)
		return;
	if (e->level < XML_ERR_ERROR)
		return;
	if (!c->errors++)
		snprintf(c->first, sizeof c->first, "line %d: %s", e->line, e->message ? e->message : "");
}

static htmlDocPtr parse_html(const char *s)
{
	errs c = {0};
	xmlSetStructuredErrorFunc(&c, on_error);
	htmlDocPtr doc = htmlReadMemory(s, (int)strlen(s), "bulletin.html", "utf-8", HTML_PARSE_NONET);
	xmlSetStructuredErrorFunc(NULL, NULL);
	assert_non_null(doc);
	if (c.errors)
		fail_msg("%d HTML parse errors; first: %s", c.errors, c.first);
	return doc;
}

static xmlDocPtr parse_xml(const char *s)
{
	errs c = {0};
	xmlSetStructuredErrorFunc(&c, on_error);
	xmlDocPtr doc = xmlReadMemory(s, (int)strlen(s), "feed.atom", NULL, XML_PARSE_NONET);
	xmlSetStructuredErrorFunc(NULL, NULL);
	if (!doc || c.errors)
		fail_msg("XML parse failed (%d errors); first: %s", c.errors, c.first);
	return doc;
}

/* Elements named name under n, depth first. */
static int count_elems(xmlNodePtr n, const char *name)
{
	int k = 0;
	for (; n; n = n->next) {
		if (n->type == XML_ELEMENT_NODE && strcasecmp((const char *)n->name, name) == 0)
			k++;
		k += count_elems(n->children, name);
	}
	return k;
}

/* Every href must be http(s) or one of our relative page links. */
static void check_hrefs(xmlNodePtr n, int *links)
{
	for (; n; n = n->next) {
		if (n->type == XML_ELEMENT_NODE) {
			xmlChar *h = xmlGetProp(n, (const xmlChar *)"href");
			if (h) {
				const char *s = (const char *)h;
				(*links)++;
				if (strncmp(s, "http://", 7) != 0 && strncmp(s, "https://", 8) != 0 &&
				    strchr(s, ':') != NULL)
					fail_msg("unsafe href %s", s);
				xmlFree(h);
			}
		}
		check_hrefs(n->children, links);
	}
}

static xmlNodePtr find_id(xmlNodePtr n, const char *id)
{
	for (; n; n = n->next) {
		if (n->type == XML_ELEMENT_NODE) {
			xmlChar *v = xmlGetProp(n, (const xmlChar *)"id");
			int hit = v && strcmp((const char *)v, id) == 0;
			xmlFree(v);
			if (hit)
				return n;
		}
		xmlNodePtr r = find_id(n->children, id);
		if (r)
			return r;
	}
	return NULL;
}

/* ---- Markdown ---- */

static void test_md_golden(void **state)
{
	sr_bulletin b = sample();
	char *md = render(sr_bulletin_render_md, &b, NULL);
	golden("sample.md", md);
	free(md);
}

static void test_md_shape(void **state)
{
	sr_bulletin b = sample();
	char *md = render(sr_bulletin_render_md, &b, NULL);
	const char *first = "# Situation bulletin: March 18 \xE2\x80\x93 March 24, 2019 (2019-W12)\n";
	assert_memory_equal(md, first, strlen(first));
	const char *want[] = {
		"\n## Security and defence\n",
		"\n### Joint staff work goes on despite political friction\n",
		"\n**The situation has not changed** (confidence 0.62)\n",
		"\n**The situation has gotten worse** (confidence 0.40)\n",
		"\nBasis: Cooperation events match",
		"\nFigures: 7 events (cooperation 5, conflict 2), Goldstein sum +14.2.\n",
		"\nFigures: 3 events (cooperation 0, conflict 3), Goldstein sum -15.0.\n",
		"\nEvidence:\n\n1. \xE2\x80\x9CThe two general staffs held",
		"Event: 2019-03-19, Belarus military (BLRMIL) \xE2\x86\x92 Russia military (RUSMIL); CAMEO 062 "
		"Engage in material cooperation; Goldstein +7.4\n",
		"Event: undated, BLRGOV \xE2\x86\x92 NATO & partners (NATO); CAMEO 1124 Reject \\<proposal>; "
		"Goldstein -5.0\n",
		"From [Staff training \\[part 1\\] \\(draft\\)](https://example.org/a?x=1&y=2), Example Weekly, "
		"2019-03-20; cites (Interfax, 2019-03-19), (BelTA)\n",
		"cites (unnamed source, 2019-03-21)\n",
		"(file corpus/week12.txt)",
		"\nSources:\n\n- [Staff training",
		"\n[View all bulletins](index.md)\n",
	};
	for (size_t i = 0; i < sizeof want / sizeof want[0]; i++)
		if (!strstr(md, want[i]))
			fail_msg("missing: %s", want[i]);
	/* the same article twice in one sphere is listed once */
	assert_int_equal(count_of(md, "- *Price talks*"), 1);
	/* the output ends with the archive link */
	const char *end = "[View all bulletins](index.md)\n";
	assert_string_equal(md + strlen(md) - strlen(end), end);
	free(md);
}

static void test_md_escaping(void **state)
{
	sr_bulletin b = sample();
	char *md = render(sr_bulletin_render_md, &b, NULL);
	/* inline markers in the evidence sentence; its newline is a space */
	assert_non_null(strstr(md, "\\*Drills\\* \\[planned\\] for\\_april at \\`noon\\` \\<script>alert(1)\\</script> "
				   "& \"more\" second line"));
	/* block markers where a line starts */
	assert_non_null(strstr(md, "\n\\> Not a quote - just 12. text\n"));
	/* inside a heading "1. " is plain text and stays as it is */
	assert_non_null(strstr(md, "\n### 1. Gas price talks stall\n"));
	/* a heading's text cannot carry a closing # run, nor a title a new heading */
	assert_non_null(strstr(md, "*\\# Drills & \"exercises\" \\<script>alert(2)\\</script>*"));
	/* no line of the output starts a raw HTML block or an unexpected heading */
	for (const char *p = md; p; p = strchr(p, '\n')) {
		if (*p == '\n')
			p++;
		if (*p == '<')
			fail_msg("line starts with raw HTML: %.40s", p);
		if (*p == '#' && strncmp(p, "# Situation", 11) != 0 && strncmp(p, "## ", 3) != 0 &&
		    strncmp(p, "### ", 4) != 0)
			fail_msg("unexpected heading: %.40s", p);
	}
	/* the javascript: URL is text, never a link target */
	assert_null(strstr(md, "](javascript"));
	assert_non_null(strstr(md, "*Price talks* (javascript:alert(3)), Example Daily, 2019-03-23"));
	free(md);
}

static void test_md_heading_marker(void **state)
{
	/* "1. " at the start of the lead would be a list; in a heading it is
	 * plain text, but # would close it */
	sr_bulletin_sphere s = spheres[1];
	s.lead = "1. First point";
	s.headline = "Talks # stall #";
	sr_bulletin b = sample();
	b.spheres = &s;
	b.nspheres = 1;
	char *md = render(sr_bulletin_render_md, &b, NULL);
	assert_non_null(strstr(md, "\n1\\. First point\n"));
	assert_non_null(strstr(md, "\n### Talks \\# stall \\#\n"));
	free(md);
}

static void test_md_empty(void **state)
{
	sr_bulletin b = empty_week();
	char *md = render(sr_bulletin_render_md, &b, NULL);
	assert_non_null(strstr(md, "# Situation bulletin: March 25 \xE2\x80\x93 March 31, 2019 (2019-W13)\n"));
	assert_non_null(strstr(md, "\nNothing to report for this week: no coded events or articles.\n"));
	assert_null(strstr(md, "## "));
	free(md);
	char *html = render(sr_bulletin_render_html, &b, NULL);
	assert_non_null(strstr(html, "Nothing to report for this week: no coded events or articles."));
	xmlFreeDoc(parse_html(html));
	free(html);
}

/* ---- HTML ---- */

static void test_html_golden(void **state)
{
	sr_bulletin b = sample();
	char *html = render(sr_bulletin_render_html, &b, NULL);
	golden("sample.html", html);
	free(html);
}

static void test_html_parses(void **state)
{
	sr_bulletin b = sample();
	sr_render_opts o = {.charts = 0};
	char *html = render(sr_bulletin_render_html, &b, &o);
	assert_memory_equal(html, "<!doctype html>\n", 16);
	assert_non_null(strstr(html, "<meta charset=\"utf-8\">"));
	assert_non_null(strstr(html, "<meta name=\"viewport\""));
	assert_non_null(strstr(html, "<title>Situation bulletin: March 18 \xE2\x80\x93 March 24, 2019 (2019-W12)</title>"));
	/* nothing from the data comes through as markup */
	assert_null(has_script(html, "<script"));
	assert_non_null(strstr(html, "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;more&quot;"));
	assert_non_null(strstr(html, "Staff &lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; met"));
	assert_non_null(strstr(html, "href=\"https://example.org/a?x=1&amp;y=2\""));
	/* the label is a badge that says it in words */
	assert_non_null(strstr(html, "<span class=\"badge badge-unchanged\">The situation has not changed</span>"));
	assert_non_null(strstr(html, "<span class=\"badge badge-worse\">The situation has gotten worse</span>"));

	htmlDocPtr doc = parse_html(html);
	xmlNodePtr root = xmlDocGetRootElement(doc);
	assert_int_equal(count_elems(root, "script"), 0);
	assert_int_equal(count_elems(root, "article"), 1);
	assert_int_equal(count_elems(root, "section"), 2);
	assert_int_equal(count_elems(root, "h1"), 1);
	assert_int_equal(count_elems(root, "h2"), 2);
	assert_int_equal(count_elems(root, "h3"), 2);
	assert_int_equal(count_elems(root, "blockquote"), 3);
	assert_true(count_elems(root, "cite") >= 3);
	assert_int_equal(count_elems(root, "nav"), 1);
	assert_non_null(find_id(root, "sphere-security"));
	assert_non_null(find_id(root, "sphere-economy---energy"));
	int links = 0;
	check_hrefs(root, &links);
	/* nav + footer + article link in evidence + in sources */
	assert_int_equal(links, 4);
	xmlFreeDoc(doc);
	/* the javascript: URL shows as text */
	assert_null(strstr(html, "href=\"javascript"));
	assert_non_null(strstr(html, "<span class=\"url\">javascript:alert(3)</span>"));
	free(html);
}

static void test_html_charts(void **state)
{
	sr_bulletin b = sample();
	sr_render_opts o = {.charts = 1};
	char *html = render(sr_bulletin_render_html, &b, &o);
	assert_int_equal(count_of(html, "<figure class=\"chart\">"), 2);
	assert_int_equal(count_of(html, "<figcaption>"), 2);
	assert_int_equal(count_of(html, "<svg"), 2);
	assert_non_null(strstr(html, "Security and defence: cooperation and conflict by week"));
	assert_null(has_script(html, "<script"));
	htmlDocPtr doc = parse_html(html);
	xmlNodePtr root = xmlDocGetRootElement(doc);
	assert_int_equal(count_elems(root, "figure"), 2);
	assert_int_equal(count_elems(root, "script"), 0);
	xmlFreeDoc(doc);

	/* no series: no chart even with charts on */
	sr_bulletin_sphere s = spheres[0];
	s.nseries = 0;
	b.spheres = &s;
	b.nspheres = 1;
	char *h2 = render(sr_bulletin_render_html, &b, &o);
	assert_null(strstr(h2, "<figure"));
	free(h2);

	const char *path = getenv("SITREP_BULLETIN_OUT");
	if (path && *path) {
		FILE *f = fopen(path, "wb");
		assert_non_null(f);
		assert_int_equal(fwrite(html, 1, strlen(html), f), strlen(html));
		assert_int_equal(fclose(f), 0);
	}
	free(html);
}

static void test_base_url(void **state)
{
	sr_bulletin b = sample();
	sr_render_opts o = {.base_url = "https://example.org/bulletin/"};
	char *md = render(sr_bulletin_render_md, &b, &o);
	assert_non_null(strstr(md, "[View all bulletins](https://example.org/bulletin/index.md)\n"));
	free(md);
	char *html = render(sr_bulletin_render_html, &b, &o);
	assert_non_null(strstr(html, "<nav><a href=\"https://example.org/bulletin/index.html\">View all"));
	free(html);

	/* relative prefixes are fine; another scheme is refused */
	o.base_url = "/bulletin/";
	md = render(sr_bulletin_render_md, &b, &o);
	assert_non_null(strstr(md, "[View all bulletins](/bulletin/index.md)\n"));
	free(md);
	const char *bad[] = {"javascript:alert(1)//", "data:text/html,x/", "JAVASCRIPT:x"};
	for (size_t i = 0; i < 3; i++) {
		o.base_url = bad[i];
		sr_buf out;
		sr_error err;
		sr_buf_init(&out, 1 << 20);
		sr_error_clear(&err);
		assert_int_equal(sr_bulletin_render_md(&b, &o, &out, &err), SR_EINPUT);
		assert_int_equal(sr_bulletin_render_html(&b, &o, &out, &err), SR_EINPUT);
		assert_int_equal(err.code, SR_EINPUT);
		assert_int_equal(out.len, 0);
		sr_buf_cleanup(&out);
	}
}

/* ---- index ---- */

static const char *const w12_titles[] = {"Security and defence", "Economy <&> energy"};
static const char *const w12_heads[] = {"Joint staff work goes on", "Gas price talks stall"};
static const sr_trend w12_labels[] = {SR_TREND_UNCHANGED, SR_TREND_WORSE};
static const char *const w11_titles[] = {"Security and defence"};
static const char *const w11_heads[] = {"A quieter week"};
static const sr_trend w11_labels[] = {SR_TREND_BETTER};

static const sr_bulletin_summary weeks3[] = {
	{"2019-W12", 20190318, 20190324, 14, 10, 2, w12_titles, w12_heads, w12_labels},
	{"2019-W11", 20190311, 20190317, 9, 4, 1, w11_titles, w11_heads, w11_labels},
	{"2019-W01", 0, 0, 1, 0, 0, NULL, NULL, NULL}, /* dates from the week */
};

static char *render_index(const char *fmt, const sr_render_opts *o)
{
	sr_buf out;
	sr_error err;
	sr_buf_init(&out, 1 << 20);
	sr_error_clear(&err);
	int rc = sr_bulletin_render_index(weeks3, 3, fmt, o, &out, &err);
	if (rc)
		fail_msg("index failed: %s", err.msg);
	return sr_buf_detach(&out, NULL);
}

static void test_index(void **state)
{
	char *md = render_index("md", NULL);
	const char *a = strstr(md, "](2019-W12.md)"), *b = strstr(md, "](2019-W11.md)"),
		   *c = strstr(md, "](2019-W01.md)");
	assert_true(a && b && c && a < b && b < c);
	assert_non_null(strstr(md, "- [March 18 \xE2\x80\x93 March 24, 2019 \\(2019-W12\\)](2019-W12.md): 14 articles, 10 events\n"));
	assert_non_null(strstr(md, "  - Security and defence: The situation has not changed \xE2\x80\x94 Joint staff work goes on\n"));
	assert_non_null(strstr(md, "  - Economy \\<&> energy: The situation has gotten worse"));
	assert_non_null(strstr(md, "  - Security and defence: The situation has gotten better \xE2\x80\x94 A quieter week\n"));
	/* 2019-W01 starts in 2018 */
	assert_non_null(strstr(md, "[December 31, 2018 \xE2\x80\x93 January 6, 2019 \\(2019-W01\\)](2019-W01.md): 1 article, 0 events\n"));
	free(md);

	char *html = render_index("html", NULL);
	a = strstr(html, "href=\"2019-W12.html\"");
	b = strstr(html, "href=\"2019-W11.html\"");
	c = strstr(html, "href=\"2019-W01.html\"");
	assert_true(a && b && c && a < b && b < c);
	assert_non_null(strstr(html, "Economy &lt;&amp;&gt; energy: <span class=\"badge badge-worse\">"));
	htmlDocPtr doc = parse_html(html);
	assert_int_equal(count_elems(xmlDocGetRootElement(doc), "a"), 3);
	xmlFreeDoc(doc);
	free(html);

	sr_render_opts o = {.base_url = "https://example.org/b/"};
	md = render_index("md", &o);
	assert_non_null(strstr(md, "](https://example.org/b/2019-W11.md)"));
	free(md);
	html = render_index("html", &o);
	assert_non_null(strstr(html, "href=\"https://example.org/b/2019-W01.html\""));
	free(html);

	/* an unknown format and a bad week are refused */
	sr_buf out;
	sr_error err;
	sr_buf_init(&out, 1 << 20);
	assert_int_equal(sr_bulletin_render_index(weeks3, 3, "pdf", NULL, &out, &err), SR_EINPUT);
	assert_int_equal(sr_bulletin_render_index(weeks3, 3, NULL, NULL, &out, &err), SR_EINPUT);
	sr_bulletin_summary bad = weeks3[0];
	memcpy(bad.week, "x\"><a b", 8);
	assert_int_equal(sr_bulletin_render_index(&bad, 1, "html", NULL, &out, &err), SR_EINPUT);
	assert_int_equal(out.len, 0);
	/* no weeks: a page that says so */
	assert_int_equal(sr_bulletin_render_index(NULL, 0, "md", NULL, &out, &err), 0);
	assert_non_null(strstr(out.p, "No bulletins yet."));
	sr_buf_cleanup(&out);
}

/* ---- Atom ---- */

static char *render_atom(const sr_bulletin *const *w, size_t n, const char *id, const sr_render_opts *o)
{
	sr_buf out;
	sr_error err;
	sr_buf_init(&out, 1 << 22);
	sr_error_clear(&err);
	int rc = sr_bulletin_render_atom(w, n, id, o, &out, &err);
	if (rc)
		fail_msg("atom failed: %s", err.msg);
	return sr_buf_detach(&out, NULL);
}

static xmlNodePtr child(xmlNodePtr n, const char *name)
{
	for (n = n->children; n; n = n->next)
		if (n->type == XML_ELEMENT_NODE && strcmp((const char *)n->name, name) == 0)
			return n;
	return NULL;
}

static void assert_text(xmlNodePtr n, const char *want)
{
	assert_non_null(n);
	xmlChar *t = xmlNodeGetContent(n);
	assert_string_equal((const char *)t, want);
	xmlFree(t);
}

static void test_atom(void **state)
{
	sr_bulletin w12 = sample(), w13 = empty_week();
	const sr_bulletin *weeks[] = {&w13, &w12};
	char *feed = render_atom(weeks, 2, NULL, NULL);
	xmlDocPtr doc = parse_xml(feed);
	xmlNodePtr root = xmlDocGetRootElement(doc);
	assert_string_equal((const char *)root->name, "feed");
	assert_non_null(root->ns);
	assert_string_equal((const char *)root->ns->href, "http://www.w3.org/2005/Atom");
	assert_text(child(root, "title"), "sitrep situation bulletin");
	assert_text(child(root, "id"), "tag:sitrep,2000:bulletins");
	assert_text(child(root, "updated"), "2019-03-31T00:00:00Z");
	assert_null(child(root, "link")); /* no base_url: no self link */
	assert_non_null(child(root, "author"));
	int entries = 0;
	const char *ids[] = {"tag:sitrep,2000:bulletin/2019-W13", "tag:sitrep,2000:bulletin/2019-W12"};
	const char *upd[] = {"2019-03-31T00:00:00Z", "2019-03-24T00:00:00Z"};
	for (xmlNodePtr e = root->children; e; e = e->next) {
		if (e->type != XML_ELEMENT_NODE || strcmp((const char *)e->name, "entry") != 0)
			continue;
		assert_true(entries < 2);
		assert_text(child(e, "id"), ids[entries]);
		assert_text(child(e, "updated"), upd[entries]);
		xmlNodePtr l = child(e, "link");
		assert_non_null(l);
		xmlChar *h = xmlGetProp(l, (const xmlChar *)"href");
		assert_string_equal((const char *)h, entries ? "2019-W12.html" : "2019-W13.html");
		xmlFree(h);
		xmlNodePtr c = child(e, "content");
		assert_non_null(c);
		xmlChar *type = xmlGetProp(c, (const xmlChar *)"type");
		assert_string_equal((const char *)type, "html");
		xmlFree(type);
		if (entries == 1) {
			assert_text(child(e, "title"), "Situation bulletin, March 18 \xE2\x80\x93 March 24, 2019");
			xmlChar *s = xmlNodeGetContent(child(e, "summary"));
			assert_non_null(strstr((const char *)s, "Security and defence: The situation has not changed"));
			assert_non_null(strstr((const char *)s, "Economy and energy: The situation has gotten worse"));
			xmlFree(s);
			/* the content, unescaped once, is the page's body */
			xmlChar *body = xmlNodeGetContent(c);
			assert_non_null(strstr((const char *)body, "<section class=\"sphere\" id=\"sphere-security\">"));
			assert_non_null(strstr((const char *)body, "&lt;script&gt;alert(1)&lt;/script&gt;"));
			assert_null(has_script((const char *)body, "<script"));
			xmlFree(body);
		}
		entries++;
	}
	assert_int_equal(entries, 2);
	xmlFreeDoc(doc);
	/* the page's body and the feed's content are the same bytes, escaped once more */
	char *page = render(sr_bulletin_render_html, &w12, NULL);
	const char *s0 = strstr(page, "<section"), *s1 = strstr(page, "</article>");
	assert_true(s0 && s1);
	assert_non_null(strstr(feed, "&lt;section class=&quot;sphere&quot; id=&quot;sphere-security&quot;&gt;"));
	free(page);
	free(feed);

	/* base_url: self and alternate links, absolute entry links; feed id escaped */
	sr_render_opts o = {.base_url = "https://example.org/b/"};
	feed = render_atom(weeks, 2, "urn:x&y", &o);
	assert_non_null(strstr(feed, "<id>urn:x&amp;y</id>"));
	assert_non_null(strstr(feed, "<link rel=\"self\" type=\"application/atom+xml\" href=\"https://example.org/b/feed.atom\"/>"));
	assert_non_null(strstr(feed, "<link rel=\"alternate\" type=\"text/html\" href=\"https://example.org/b/index.html\"/>"));
	assert_non_null(strstr(feed, "href=\"https://example.org/b/2019-W12.html\""));
	xmlFreeDoc(parse_xml(feed));
	free(feed);

	/* no weeks: a valid empty feed */
	feed = render_atom(NULL, 0, NULL, NULL);
	doc = parse_xml(feed);
	root = xmlDocGetRootElement(doc);
	assert_text(child(root, "updated"), "1970-01-01T00:00:00Z");
	assert_null(child(root, "entry"));
	xmlFreeDoc(doc);
	free(feed);
}

/* ---- determinism, failures ---- */

static void test_determinism(void **state)
{
	sr_bulletin b = sample();
	sr_render_opts o = {.charts = 1, .base_url = "https://example.org/"};
	render_fn fns[] = {sr_bulletin_render_md, sr_bulletin_render_html};
	for (size_t i = 0; i < 2; i++) {
		char *x = render(fns[i], &b, &o), *y = render(fns[i], &b, &o);
		assert_string_equal(x, y);
		/* rendering appends: what was in the buffer stays */
		sr_buf out;
		sr_error err;
		sr_buf_init(&out, 1 << 22);
		assert_int_equal(sr_buf_puts(&out, "PREFIX"), 0);
		assert_int_equal(fns[i](&b, &o, &out, &err), 0);
		assert_memory_equal(out.p, "PREFIX", 6);
		assert_string_equal(out.p + 6, x);
		sr_buf_cleanup(&out);
		free(x);
		free(y);
	}
	const sr_bulletin *w[] = {&b};
	char *x = render_atom(w, 1, NULL, &o), *y = render_atom(w, 1, NULL, &o);
	assert_string_equal(x, y);
	free(x);
	free(y);
}

static void test_label_text(void **state)
{
	assert_string_equal(sr_bulletin_label_text(SR_TREND_BETTER), "The situation has gotten better");
	assert_string_equal(sr_bulletin_label_text(SR_TREND_UNCHANGED), "The situation has not changed");
	assert_string_equal(sr_bulletin_label_text(SR_TREND_WORSE), "The situation has gotten worse");
	assert_string_equal(sr_bulletin_label_text(SR_TREND_NONE), "");
}

static void test_nomem(void **state)
{
	sr_bulletin b = sample();
	sr_render_opts o = {.charts = 1};
	sr_buf out;
	sr_error err;
	sr_buf_init(&out, 64);
	sr_error_clear(&err);
	assert_int_equal(sr_bulletin_render_md(&b, &o, &out, &err), SR_ENOMEM);
	assert_int_equal(err.code, SR_ENOMEM);
	assert_true(err.msg[0] != '\0');
	assert_int_equal(sr_bulletin_render_html(&b, &o, &out, &err), SR_ENOMEM);
	const sr_bulletin *w[] = {&b};
	assert_int_equal(sr_bulletin_render_atom(w, 1, NULL, &o, &out, &err), SR_ENOMEM);
	assert_int_equal(sr_bulletin_render_index(weeks3, 3, "html", &o, &out, &err), SR_ENOMEM);
	assert_int_equal(sr_bulletin_render_index(weeks3, 3, "md", &o, &out, &err), SR_ENOMEM);
	assert_int_equal(out.len, 0);
	sr_buf_cleanup(&out);

	/* every cap below the full size fails cleanly, leaving the buffer as
	 * it was; the full size succeeds */
	char *full[3];
	full[0] = render(sr_bulletin_render_md, &b, &o);
	full[1] = render(sr_bulletin_render_html, &b, &o);
	full[2] = render_atom(w, 1, NULL, &o);
	for (int f = 0; f < 3; f++) {
		size_t n = strlen(full[f]);
		size_t step = n / 400 + 1;
		for (size_t cap = 0; cap <= n; cap += (cap + step > n && cap < n) ? n - cap : step) {
			sr_buf_init(&out, cap);
			int rc = f == 0   ? sr_bulletin_render_md(&b, &o, &out, &err)
				 : f == 1 ? sr_bulletin_render_html(&b, &o, &out, &err)
					  : sr_bulletin_render_atom(w, 1, NULL, &o, &out, &err);
			if (cap < n) {
				assert_int_equal(rc, SR_ENOMEM);
				assert_int_equal(out.len, 0);
			} else {
				assert_int_equal(rc, 0);
				assert_string_equal(out.p, full[f]);
			}
			sr_buf_cleanup(&out);
			if (cap == n)
				break;
		}
		free(full[f]);
	}
}

static void test_bad_model(void **state)
{
	sr_bulletin b = sample();
	sr_buf out;
	sr_error err;
	sr_buf_init(&out, 1 << 20);
	sr_error_clear(&err);
	/* evidence pointing past the sphere's articles */
	sr_bulletin_evidence e = sec_evidence[0];
	e.article = 5;
	sr_bulletin_sphere s = spheres[0];
	s.evidence = &e;
	s.nevidence = 1;
	b.spheres = &s;
	b.nspheres = 1;
	assert_int_equal(sr_bulletin_render_md(&b, NULL, &out, &err), SR_EINPUT);
	assert_int_equal(sr_bulletin_render_html(&b, NULL, &out, &err), SR_EINPUT);
	assert_non_null(strstr(err.msg, "article"));
	/* a week that is not YYYY-Www cannot name files and ids */
	b = sample();
	memcpy(b.week, "2019/W12", 9);
	assert_int_equal(sr_bulletin_render_md(&b, NULL, &out, &err), SR_EINPUT);
	const sr_bulletin *w[] = {&b};
	assert_int_equal(sr_bulletin_render_atom(w, 1, NULL, NULL, &out, &err), SR_EINPUT);
	assert_int_equal(out.len, 0);
	sr_buf_cleanup(&out);
}

static void test_invalid_utf8(void **state)
{
	/* bytes that are not UTF-8 must not make the page or feed ill-formed */
	sr_bulletin_sphere s = spheres[0];
	s.headline = "bad \xC3\x28 byte \xFF and \x01 control";
	sr_bulletin b = sample();
	b.spheres = &s;
	b.nspheres = 1;
	char *html = render(sr_bulletin_render_html, &b, NULL);
	assert_non_null(strstr(html, "bad \xEF\xBF\xBD( byte \xEF\xBF\xBD and  control"));
	free(html);
	const sr_bulletin *w[] = {&b};
	char *feed = render_atom(w, 1, NULL, NULL);
	xmlFreeDoc(parse_xml(feed));
	free(feed);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_md_golden),   cmocka_unit_test(test_md_shape),
		cmocka_unit_test(test_md_escaping), cmocka_unit_test(test_md_heading_marker),
		cmocka_unit_test(test_md_empty),    cmocka_unit_test(test_html_golden),
		cmocka_unit_test(test_html_parses), cmocka_unit_test(test_html_charts),
		cmocka_unit_test(test_base_url),    cmocka_unit_test(test_index),
		cmocka_unit_test(test_atom),        cmocka_unit_test(test_determinism),
		cmocka_unit_test(test_label_text),  cmocka_unit_test(test_nomem),
		cmocka_unit_test(test_bad_model),   cmocka_unit_test(test_invalid_utf8),
	};
	int rc = cmocka_run_group_tests(tests, NULL, NULL);
	xmlCleanupParser();
	return rc;
}
