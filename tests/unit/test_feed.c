/* test_feed.c — RSS 2.0, RSS 1.0 and Atom parsing: ids, links resolved
 * against xml:base and the feed URL, dates in both formats, text out of HTML
 * and CDATA, broken and hostile XML, limits. */
#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "feed.h"
#include "util/buf.h"

static sr_feed *parse_ok(const char *xml, const char *url)
{
	sr_feed *f = NULL;
	sr_error e;
	sr_error_clear(&e);
	int rc = sr_feed_parse(xml, strlen(xml), url, NULL, &f, &e);
	if (rc != 0)
		fail_msg("parse failed: %s (line %ld)", e.msg, e.line);
	assert_non_null(f);
	return f;
}

static const char rss2[] =
	"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	"<rss version=\"2.0\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\"\n"
	"     xmlns:content=\"http://purl.org/rss/1.0/modules/content/\"\n"
	"     xmlns:atom=\"http://www.w3.org/2005/Atom\">\n"
	"<channel>\n"
	"  <title>Minsk Monitor</title>\n"
	"  <link>https://monitor.example.by/</link>\n"
	"  <atom:link rel=\"self\" href=\"https://monitor.example.by/feed\"/>\n"
	"  <item>\n" /* line 9 */
	"    <title>Exercise  \"Union\n Shield\" begins</title>\n"
	"    <link>https://monitor.example.by/news/1</link>\n"
	"    <guid isPermaLink=\"false\">tag:monitor.example.by,2019:1</guid>\n"
	"    <pubDate>Mon, 18 Mar 2019 10:30:00 +0300</pubDate>\n"
	"    <description>&lt;p&gt;Troops &amp;amp; armour &lt;b&gt;moved&lt;/b&gt; west.&lt;/p&gt;"
	"&lt;p&gt;Second&amp;nbsp;para.&lt;/p&gt;</description>\n"
	"    <author>desk@monitor.example.by (News Desk)</author>\n"
	"    <dc:creator>Ivan Petrov</dc:creator>\n"
	"  </item>\n"
	"  <item>\n"
	"    <title><![CDATA[Лукашенко и Шойгу: <встреча>]]></title>\n"
	"    <link>/news/2?a=1&amp;b=2</link>\n"
	"    <pubDate>Tue, 19 Mar 2019 08:00:00 GMT</pubDate>\n"
	"    <description><![CDATA[<div>Talks in <a href=\"x\">Minsk</a><br>on security.</div>"
	"<script>alert(1)</script>]]></description>\n"
	"    <content:encoded><![CDATA[<p>Full <i>text</i> here.</p>]]></content:encoded>\n"
	"  </item>\n"
	"  <item>\n"
	"    <title>Only a permalink guid</title>\n"
	"    <guid>https://monitor.example.by/news/3</guid>\n"
	"    <pubDate>not a date</pubDate>\n"
	"  </item>\n"
	"  <item>\n"
	"    <title>Nothing to remember it by</title>\n"
	"    <description>no link, no guid</description>\n"
	"  </item>\n"
	"  <item>\n"
	"    <title>Script link</title>\n"
	"    <link>javascript:alert(1)</link>\n"
	"  </item>\n"
	"</channel>\n"
	"</rss>\n";

static void test_rss2(void **state)
{
	sr_feed *f = parse_ok(rss2, "https://monitor.example.by/feed");
	assert_int_equal(sr_feed_get_kind(f), SR_FEED_RSS2);
	assert_string_equal(sr_feed_title(f), "Minsk Monitor");
	assert_string_equal(sr_feed_link(f), "https://monitor.example.by/");
	assert_int_equal(sr_feed_count(f), 3);
	assert_int_equal(sr_feed_skipped(f), 2);

	const sr_feed_item *a = sr_feed_item_at(f, 0);
	assert_string_equal(a->id, "tag:monitor.example.by,2019:1");
	assert_string_equal(a->link, "https://monitor.example.by/news/1");
	assert_string_equal(a->title, "Exercise \"Union Shield\" begins");
	assert_int_equal(a->date, 20190318);
	assert_int_equal(a->has_time, 1);
	assert_int_equal(a->tz_minutes, 180);
	assert_int_equal(a->published, 1552894200LL); /* 2019-03-18T07:30:00Z */
	assert_string_equal(a->summary, "Troops & armour moved west.\n\nSecond para.");
	assert_null(a->content);
	assert_null(a->content_html);
	assert_int_equal(a->nauthors, 2);
	assert_string_equal(a->authors[0], "desk@monitor.example.by (News Desk)");
	assert_string_equal(a->authors[1], "Ivan Petrov");
	assert_int_equal(a->line, 9);

	const sr_feed_item *b = sr_feed_item_at(f, 1);
	/* no guid: the link is the id; relative link resolved against the feed URL */
	assert_string_equal(b->link, "https://monitor.example.by/news/2?a=1&b=2");
	assert_string_equal(b->id, b->link);
	assert_string_equal(b->title, "Лукашенко и Шойгу: <встреча>");
	assert_int_equal(b->date, 20190319);
	assert_int_equal(b->tz_minutes, 0);
	assert_string_equal(b->summary, "Talks in Minsk\n\non security.");
	assert_string_equal(b->content, "Full text here.");
	assert_string_equal(b->content_html, "<p>Full <i>text</i> here.</p>");
	assert_int_equal(b->nauthors, 0);

	const sr_feed_item *c = sr_feed_item_at(f, 2);
	assert_string_equal(c->id, "https://monitor.example.by/news/3");
	assert_string_equal(c->link, "https://monitor.example.by/news/3"); /* permalink guid */
	assert_int_equal(c->date, 0); /* a bad date keeps the item */
	assert_int_equal(c->has_time, 0);
	assert_null(sr_feed_item_at(f, 3));
	sr_feed_free(f);
}

static const char atom[] =
	"<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
	"<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:base=\"https://analysis.example.org/blog/\">\n"
	"  <title type=\"html\">Security &amp;lt;Notes&amp;gt;</title>\n"
	"  <link rel=\"self\" href=\"/atom.xml\"/>\n"
	"  <link href=\"./\"/>\n"
	"  <id>urn:uuid:60a76c80-d399-11d9-b93C-0003939e0af6</id>\n"
	"  <author><name>Analysis Team</name></author>\n"
	"  <entry>\n"
	"    <title>Zapad-2021 after-action</title>\n"
	"    <link rel=\"alternate\" type=\"text/html\" href=\"2021/zapad\"/>\n"
	"    <link rel=\"enclosure\" href=\"2021/zapad.mp3\"/>\n"
	"    <id>tag:analysis.example.org,2021:zapad</id>\n"
	"    <updated>2021-09-30T12:00:00Z</updated>\n"
	"    <published>2021-09-20T23:30:00-05:00</published>\n"
	"    <summary>Short summary.</summary>\n"
	"    <content type=\"xhtml\"><div xmlns=\"http://www.w3.org/1999/xhtml\"><p>One</p><p>Two "
	"<b>bold</b></p></div></content>\n"
	"  </entry>\n"
	"  <entry xml:base=\"https://mirror.example.net/x/\">\n"
	"    <title type=\"text\">Second &lt;entry&gt;</title>\n"
	"    <link href=\"../y/post.html\"/>\n"
	"    <id>tag:analysis.example.org,2021:second</id>\n"
	"    <updated>2021-10-01T06:15:30.123+03:00</updated>\n"
	"    <author><name>A. Author</name></author>\n"
	"    <author><name>B. Author</name></author>\n"
	"    <content type=\"html\">&lt;p&gt;Escaped &lt;em&gt;HTML&lt;/em&gt;&lt;/p&gt;</content>\n"
	"  </entry>\n"
	"  <entry>\n"
	"    <title>No id, only a link</title>\n"
	"    <link href=\"HTTP://other.example.com/p?q=%D0%B1\"/>\n"
	"    <updated>2021-10-02</updated>\n"
	"  </entry>\n"
	"</feed>\n";

static void test_atom(void **state)
{
	sr_feed *f = parse_ok(atom, "https://analysis.example.org/feeds/atom.xml");
	assert_int_equal(sr_feed_get_kind(f), SR_FEED_ATOM);
	assert_string_equal(sr_feed_title(f), "Security <Notes>");
	assert_string_equal(sr_feed_link(f), "https://analysis.example.org/blog/");
	assert_int_equal(sr_feed_count(f), 3);

	const sr_feed_item *a = sr_feed_item_at(f, 0);
	assert_string_equal(a->id, "tag:analysis.example.org,2021:zapad");
	assert_string_equal(a->link, "https://analysis.example.org/blog/2021/zapad");
	/* published wins over updated, and the date is the stated local date */
	assert_int_equal(a->date, 20210920);
	assert_int_equal(a->tz_minutes, -300);
	assert_int_equal(a->published, 1632198600LL); /* 2021-09-21T04:30:00Z */
	assert_string_equal(a->summary, "Short summary.");
	assert_string_equal(a->content, "One\n\nTwo bold");
	assert_non_null(a->content_html);
	assert_non_null(strstr(a->content_html, "<p>One</p>"));
	assert_int_equal(a->nauthors, 1);
	assert_string_equal(a->authors[0], "Analysis Team"); /* inherited from the feed */

	const sr_feed_item *b = sr_feed_item_at(f, 1);
	assert_string_equal(b->title, "Second <entry>");
	assert_string_equal(b->link, "https://mirror.example.net/y/post.html");
	assert_int_equal(b->date, 20211001);
	assert_int_equal(b->published, 1633058130LL); /* 2021-10-01T03:15:30Z */
	assert_string_equal(b->content, "Escaped HTML");
	assert_string_equal(b->content_html, "<p>Escaped <em>HTML</em></p>");
	assert_int_equal(b->nauthors, 2);
	assert_string_equal(b->authors[1], "B. Author");

	const sr_feed_item *c = sr_feed_item_at(f, 2);
	assert_string_equal(c->id, "http://other.example.com/p?q=%D0%B1");
	assert_int_equal(c->date, 20211002);
	assert_int_equal(c->has_time, 0);
	sr_feed_free(f);
}

static void test_rss1(void **state)
{
	const char *xml =
		"<?xml version=\"1.0\"?>\n"
		"<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\"\n"
		"  xmlns=\"http://purl.org/rss/1.0/\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\">\n"
		" <channel rdf:about=\"http://r1.example.com/\">\n"
		"  <title>RDF site</title><link>http://r1.example.com/</link>\n"
		" </channel>\n"
		" <item rdf:about=\"http://r1.example.com/a\">\n"
		"  <title>A</title><link>http://r1.example.com/a</link>\n"
		"  <dc:date>2020-02-29T10:00:00+01:00</dc:date><dc:creator>Ann</dc:creator>\n"
		" </item>\n"
		" <item rdf:about=\"urn:r1:b\"><title>B</title></item>\n"
		"</rdf:RDF>\n";
	sr_feed *f = parse_ok(xml, NULL);
	assert_int_equal(sr_feed_get_kind(f), SR_FEED_RSS1);
	assert_string_equal(sr_feed_title(f), "RDF site");
	assert_int_equal(sr_feed_count(f), 2);
	assert_string_equal(sr_feed_item_at(f, 0)->id, "http://r1.example.com/a");
	assert_int_equal(sr_feed_item_at(f, 0)->date, 20200229);
	assert_string_equal(sr_feed_item_at(f, 0)->authors[0], "Ann");
	assert_string_equal(sr_feed_item_at(f, 1)->id, "urn:r1:b");
	assert_null(sr_feed_item_at(f, 1)->link);
	sr_feed_free(f);
}

static void test_dates(void **state)
{
	static const struct {
		const char *s;
		sr_date date;
		long long epoch;
		int tz, has_time;
	} cases[] = {
		{"Mon, 18 Mar 2019 10:30:00 +0300", 20190318, 1552894200LL, 180, 1},
		{"18 Mar 2019 07:30 GMT", 20190318, 1552894200LL, 0, 1},
		{"Mon, 18 Mar 19 02:30:00 EST", 20190318, 1552894200LL, -300, 1},
		{"Mon, 18 Mar 2019 00:30:00 PDT", 20190318, 1552894200LL, -420, 1},
		{"Monday, 18 March 2019 07:30:00 Z", 20190318, 1552894200LL, 0, 1},
		{"  Mon, 18 Mar 2019 07:30:00 +0000 (UTC) ", 20190318, 1552894200LL, 0, 1},
		{"2019-03-18T07:30:00Z", 20190318, 1552894200LL, 0, 1},
		{"2019-03-18T10:30:00.250+03:00", 20190318, 1552894200LL, 180, 1},
		{"2019-03-18t01:00:00-06:30", 20190318, 1552894200LL, -390, 1},
		{"2019-03-18", 20190318, 1552867200LL, 0, 0},
		{"1 Jan 1970 00:00:00 +0000", 19700101, 0, 0, 1},
		{"Thu, 29 Feb 2024 12:00:00 +0100", 20240229, 1709204400LL, 60, 1},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		sr_date d = -1;
		long long e = -1;
		int tz = -1, ht = -1;
		if (!sr_feed_parse_date(cases[i].s, &d, &e, &tz, &ht))
			fail_msg("not parsed: %s", cases[i].s);
		assert_int_equal(d, cases[i].date);
		assert_int_equal(e, cases[i].epoch);
		assert_int_equal(tz, cases[i].tz);
		assert_int_equal(ht, cases[i].has_time);
	}
	static const char *const bad[] = {
		"",	     "yesterday",	     "Mon, 30 Feb 2019 10:00:00 GMT", "2019-13-01",
		"2019-03-18T25:00:00Z", "18 Mar 2019 10:00 +03:00 junk", "2019-03-18T10:00:00+0370",
		"18 Foo 2019", "2019-3-18",
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		sr_date d;
		long long e;
		int tz, ht;
		if (sr_feed_parse_date(bad[i], &d, &e, &tz, &ht))
			fail_msg("parsed, should not be: '%s'", bad[i]);
	}
}

static void expect_error(const char *xml, size_t len, const char *url, long line,
			 const char *msg_part)
{
	sr_feed *f = (sr_feed *)1;
	sr_error e;
	sr_error_clear(&e);
	int rc = sr_feed_parse(xml, len, url, NULL, &f, &e);
	assert_int_equal(rc, SR_EINPUT);
	assert_int_equal(e.code, SR_EINPUT);
	assert_null(f);
	if (!strstr(e.msg, msg_part))
		fail_msg("message '%s' lacks '%s'", e.msg, msg_part);
	if (line >= 0)
		assert_int_equal(e.line, line);
	assert_string_equal(e.file, url ? url : "");
}

static void test_broken(void **state)
{
	const char *xml = "<?xml version=\"1.0\"?>\n<rss version=\"2.0\">\n<channel>\n"
			  "<title>t</title>\n<item><title>x</titel></item>\n</channel></rss>\n";
	expect_error(xml, strlen(xml), "http://b.example/feed", 5, "not well-formed");
	const char *trunc = "<rss><channel>\n<item>\n<title>cut";
	expect_error(trunc, strlen(trunc), NULL, 3, "not well-formed");
	const char *html = "<html><body><p>not a feed</p></body></html>";
	expect_error(html, strlen(html), NULL, 1, "root element <html>");
	expect_error("", 0, NULL, 0, "empty");
	const char *bad_utf8 = "<rss><channel><title>\xC3\x28</title></channel></rss>";
	expect_error(bad_utf8, strlen(bad_utf8), NULL, 1, "not well-formed");
}

static void test_hostile(void **state)
{
	const char *laughs =
		"<?xml version=\"1.0\"?>\n"
		"<!DOCTYPE rss [\n"
		" <!ENTITY lol \"lol\">\n"
		" <!ENTITY lol1 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">\n"
		" <!ENTITY lol2 \"&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;\">\n"
		" <!ENTITY lol3 \"&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;\">\n"
		" <!ENTITY lol9 \"&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;\">\n"
		"]>\n"
		"<rss><channel><title>&lol9;</title></channel></rss>\n";
	expect_error(laughs, strlen(laughs), NULL, 3, "declares entities");
	const char *xxe = "<?xml version=\"1.0\"?>\n"
			  "<!DOCTYPE rss [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>\n"
			  "<rss><channel><title>&xxe;</title></channel></rss>\n";
	expect_error(xxe, strlen(xxe), NULL, 2, "declares entities");
	const char *pe = "<?xml version=\"1.0\"?>\n"
			 "<!DOCTYPE rss [<!ENTITY % ext SYSTEM \"http://127.0.0.1:1/x.dtd\"> %ext;]>\n"
			 "<rss><channel><title>t</title></channel></rss>\n";
	expect_error(pe, strlen(pe), NULL, 2, "declares entities");

	/* a DOCTYPE naming an external DTD is harmless: it is not loaded, and an
	 * entity it would have defined stays unexpanded */
	const char *ext = "<?xml version=\"1.0\"?>\n"
			  "<!DOCTYPE rss PUBLIC \"-//Netscape Communications//DTD RSS 0.91//EN\"\n"
			  "  \"http://127.0.0.1:1/rss-0.91.dtd\">\n"
			  "<rss version=\"0.91\"><channel><title>Caf&eacute; news</title>\n"
			  "<item><title>i</title><link>http://c.example/1</link></item>\n"
			  "</channel></rss>\n";
	sr_feed *f = parse_ok(ext, NULL);
	assert_int_equal(sr_feed_count(f), 1);
	assert_string_equal(sr_feed_title(f), "Caf news");
	sr_feed_free(f);
}

static void test_empty_and_encoding(void **state)
{
	sr_feed *f = parse_ok("<rss version=\"2.0\"><channel><title>Quiet</title></channel></rss>",
			      NULL);
	assert_int_equal(sr_feed_count(f), 0);
	assert_int_equal(sr_feed_skipped(f), 0);
	assert_null(sr_feed_link(f));
	sr_feed_free(f);
	f = parse_ok("<feed xmlns=\"http://www.w3.org/2005/Atom\"/>", NULL);
	assert_int_equal(sr_feed_count(f), 0);
	assert_null(sr_feed_title(f));
	sr_feed_free(f);
	/* a windows-1251 feed comes out as UTF-8 */
	f = parse_ok("<?xml version=\"1.0\" encoding=\"windows-1251\"?>"
		     "<rss><channel><title>\xCD\xEE\xE2\xEE\xF1\xF2\xE8</title></channel></rss>",
		     NULL);
	assert_string_equal(sr_feed_title(f), "Новости");
	sr_feed_free(f);
}

static char *big_feed(size_t n, size_t *len)
{
	sr_buf b;
	sr_buf_init(&b, (size_t)64 << 20);
	assert_int_equal(sr_buf_puts(&b, "<rss version=\"2.0\"><channel><title>Big</title>\n"), 0);
	for (size_t i = 0; i < n; i++)
		assert_int_equal(sr_buf_printf(&b,
					       "<item><title>Item %zu</title>"
					       "<link>https://big.example/a/%zu</link>"
					       "<pubDate>Wed, 01 Jan 2020 00:00:%02zu +0000</pubDate>"
					       "<description>Text of item %zu.</description></item>\n",
					       i, i, i % 60, i),
				 0);
	assert_int_equal(sr_buf_puts(&b, "</channel></rss>\n"), 0);
	return sr_buf_detach(&b, len);
}

static void test_many_items(void **state)
{
	size_t len;
	char *xml = big_feed(10000, &len);
	assert_true(len < SR_FEED_MAX_BYTES);
	sr_feed *f = NULL;
	sr_error e;
	assert_int_equal(sr_feed_parse(xml, len, NULL, NULL, &f, &e), 0);
	assert_int_equal(sr_feed_count(f), 10000);
	const sr_feed_item *last = sr_feed_item_at(f, 9999);
	assert_string_equal(last->id, "https://big.example/a/9999");
	assert_string_equal(last->summary, "Text of item 9999.");
	assert_int_equal(last->published, 1577836800LL + 9999 % 60);
	assert_int_equal(last->line, 10001);
	sr_feed_free(f);

	/* the limits: items and bytes, each refused with its number */
	sr_feed_opts o = {.max_items = 9999};
	f = (sr_feed *)1;
	assert_int_equal(sr_feed_parse(xml, len, NULL, &o, &f, &e), SR_EINPUT);
	assert_null(f);
	assert_non_null(strstr(e.msg, "more than 9999 items"));
	o.max_items = 0;
	o.max_bytes = len - 1;
	assert_int_equal(sr_feed_parse(xml, len, NULL, &o, &f, &e), SR_EINPUT);
	assert_non_null(strstr(e.msg, "larger than"));
	o.max_bytes = len;
	assert_int_equal(sr_feed_parse(xml, len, NULL, &o, &f, &e), 0);
	sr_feed_free(f);
	free(xml);
}

/* Elements with thousands of attributes (libxml2 compares them pairwise),
 * also behind a CDATA section with a stray quote, and thousands of authors. */
static void test_attribute_and_author_limits(void **state)
{
	sr_buf b;
	sr_buf_init(&b, 1 << 20);
	assert_int_equal(sr_buf_puts(&b, "<rss><channel><title>t</title>"
					 "<description><![CDATA[ x=\" ]]></description><item"),
			 0);
	for (int i = 0; i < 1100; i++)
		assert_int_equal(sr_buf_printf(&b, " a%d=\"v>%d\"", i, i), 0);
	assert_int_equal(sr_buf_puts(&b, "><guid>g</guid></item></channel></rss>"), 0);
	expect_error(b.p, b.len, NULL, 0, "more than 1024 attributes");

	/* the same markup escaped inside a description: the item is kept, the
	 * markup is not handed to the HTML parser */
	sr_buf_reset(&b);
	assert_int_equal(sr_buf_puts(&b, "<rss><channel><item><guid>g</guid><description>&lt;p"), 0);
	for (int i = 0; i < 1100; i++)
		assert_int_equal(sr_buf_printf(&b, " a%d=&quot;%d&quot;", i, i), 0);
	assert_int_equal(sr_buf_puts(&b, "&gt;text</description>"), 0);
	for (int i = 0; i < 100; i++)
		assert_int_equal(sr_buf_printf(&b, "<author>writer%d</author>", i), 0);
	assert_int_equal(sr_buf_puts(&b, "</item></channel></rss>"), 0);
	sr_feed *f = parse_ok(b.p, NULL);
	assert_int_equal(sr_feed_count(f), 1);
	const sr_feed_item *it = sr_feed_item_at(f, 0);
	assert_true(strncmp(it->summary, "<p a0=\"0\" a1=\"1\" ", 17) == 0);
	assert_int_equal(it->nauthors, SR_FEED_MAX_AUTHORS);
	assert_string_equal(it->authors[63], "writer63");
	sr_feed_free(f);

	/* 1024 attributes are still fine */
	sr_buf_reset(&b);
	assert_int_equal(sr_buf_puts(&b, "<rss><channel><item"), 0);
	for (int i = 0; i < 1024; i++)
		assert_int_equal(sr_buf_printf(&b, " a%d='=%d'", i, i), 0);
	assert_int_equal(sr_buf_puts(&b, "><guid>g</guid></item></channel></rss>"), 0);
	f = parse_ok(b.p, NULL);
	assert_int_equal(sr_feed_count(f), 1);
	sr_feed_free(f);
	sr_buf_cleanup(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rss2),	 cmocka_unit_test(test_atom),
		cmocka_unit_test(test_rss1),	 cmocka_unit_test(test_dates),
		cmocka_unit_test(test_broken),	 cmocka_unit_test(test_hostile),
		cmocka_unit_test(test_empty_and_encoding), cmocka_unit_test(test_many_items),
		cmocka_unit_test(test_attribute_and_author_limits),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
