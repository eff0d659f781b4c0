/* web_pages.c — the web stage's HTML pages: the analyst's desk in a browser.
 *
 * Dashboard, search, one article with its recognised mentions and evidence
 * sentences, the event list, the bulletins (archive, one week, Atom feed)
 * and, when the timeline module is there, a timeline. Every page is built
 * into the response buffer inside the frame (sr_page_begin/end); every
 * value from the store or the request goes through sr_html_esc, and every
 * query value of a link we build is percent-encoded first. The pages use
 * no inline style or script (the CSP forbids both) and work without
 * JavaScript; docs/web.md lists them with their parameters. */
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bulletin_build.h"
#include "bulletin_int.h"
#include "chart.h"
#include "text.h"
#include "timeline.h"
#include "util/html.h"
#include "web_int.h"

/* Hits, documents and events shown per page; the page number's bound keeps
 * an offset from asking the store to skip without end. */
enum { PAGE_HITS = 20, PAGE_EVENTS = 50, PAGE_MAX = 10000 };
/* Mentions recognised per sentence that get highlighted. */
enum { MENTIONS_MAX = 64 };
/* The dashboard: dyads in the trend table, weeks they are ranked over. */
enum { DASH_DYADS = 8, DASH_WEEKS = 12 };
/* Weeks in the feed, weeks per archive page. */
enum { FEED_WEEKS = 20, ARCHIVE_WEEKS = 20 };
/* Timeline entries per page. */
enum { PAGE_TIMELINE = 100 };

/* Helpers exported for tests/unit/test_web_pages.c (no header: they are
 * this file's own). */
int sr_page_urlenc(sr_buf *b, const char *s);
int sr_page_snippet(sr_buf *b, const char *snippet);

/* ---- small helpers ---- */

/* Percent-encode s for a query value: everything but RFC 3986's unreserved
 * characters. NULL appends nothing. */
int sr_page_urlenc(sr_buf *b, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	int rc = 0;
	for (const unsigned char *p = (const unsigned char *)(s ? s : ""); *p && rc == 0; p++) {
		unsigned char c = *p;
		if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
		    c == '.' || c == '_' || c == '~') {
			rc = sr_buf_putc(b, (char)c);
		} else {
			char e[3] = {'%', hex[c >> 4], hex[c & 15]};
			rc = sr_buf_append(b, e, 3);
		}
	}
	return rc;
}

/* A search snippet: the text escaped, the matched terms (between \x02 and
 * \x03) in <mark>, runs of white space as one space; an unclosed mark is
 * closed at the end. */
int sr_page_snippet(sr_buf *b, const char *snippet)
{
	int rc = 0, open = 0, space = 0;
	const char *p = snippet ? snippet : "", *run = p;
	for (;; p++) {
		char c = *p;
		int ws = c == ' ' || c == '\n' || c == '\t' || c == '\r';
		if (c == '\0' || c == '\x02' || c == '\x03' || ws) {
			if (p > run) {
				if (space)
					rc |= sr_buf_putc(b, ' ');
				space = 0;
				rc |= sr_html_esc_n(b, run, (size_t)(p - run));
			}
			run = p + 1;
			if (c == '\0')
				break;
			if (ws) {
				space = b->len > 0;
			} else if (c == '\x02' && !open) {
				if (space)
					rc |= sr_buf_putc(b, ' ');
				space = 0;
				rc |= sr_buf_puts(b, "<mark>");
				open = 1;
			} else if (c == '\x03' && open) {
				rc |= sr_buf_puts(b, "</mark>");
				open = 0;
			}
		}
	}
	if (open)
		rc |= sr_buf_puts(b, "</mark>");
	return rc ? -1 : 0;
}

static int esc(sr_buf *b, const char *s)
{
	return sr_html_esc(b, s);
}

/* A query string built up for a link: "?a=1&b=x%20y". */
typedef struct qs {
	sr_buf b;
} qs;

static void qs_init(qs *q, const char *path)
{
	sr_buf_init(&q->b, 4 * SR_WEB_ARG_MAX + 256);
	sr_buf_puts(&q->b, path);
}

/* Add name=value when value is non-empty. */
static void qs_add(qs *q, const char *name, const char *value)
{
	if (!value || !*value)
		return;
	sr_buf_putc(&q->b, strchr(q->b.p ? q->b.p : "", '?') ? '&' : '?');
	sr_buf_puts(&q->b, name);
	sr_buf_putc(&q->b, '=');
	sr_page_urlenc(&q->b, value);
}

static void qs_addl(qs *q, const char *name, long v)
{
	char s[32];
	snprintf(s, sizeof s, "%ld", v);
	qs_add(q, name, s);
}

/* href="…" of the built link (escaped for the attribute). */
static int qs_href(sr_buf *out, const qs *q)
{
	return sr_buf_puts(out, " href=\"") | esc(out, q->b.p ? q->b.p : "") | sr_buf_putc(out, '"');
}

static void qs_free(qs *q)
{
	sr_buf_cleanup(&q->b);
}

static int put_date(sr_buf *b, sr_date d)
{
	char s[11];
	sr_date_format(d, s);
	if (!s[0])
		return sr_buf_puts(b, "<span class=\"muted\">undated</span>");
	return sr_buf_printf(b, "<time datetime=\"%s\">%s</time>", s, s);
}

/* A trend label as a badge that says it in words. */
static int put_label(sr_buf *b, sr_trend t)
{
	const char *name = sr_trend_name(t);
	if (!name)
		return sr_buf_puts(b, "<span class=\"label none\">no label</span>");
	return sr_buf_printf(b, "<span class=\"label %s\">%s</span>", name, name);
}

static const char *quad_name(int q)
{
	static const char *names[] = {"unknown", "verbal cooperation", "material cooperation", "verbal conflict",
				      "material conflict"};
	return q >= 1 && q <= 4 ? names[q] : names[0];
}

/* An actor as "name (CODE)", or what of it is known. */
static int put_actor(sr_buf *b, const char *code, const char *name)
{
	int hn = name && *name, hc = code && *code, rc = 0;
	if (hn)
		rc |= esc(b, name);
	if (hc) {
		rc |= sr_buf_puts(b, hn ? " <code>" : "<code>");
		rc |= esc(b, code);
		rc |= sr_buf_puts(b, "</code>");
	}
	if (!hn && !hc)
		rc |= sr_buf_puts(b, "<span class=\"muted\">none</span>");
	return rc;
}

static int put_goldstein(sr_buf *b, int quad, double g)
{
	if (!quad || !isfinite(g))
		return sr_buf_puts(b, "<span class=\"muted\">–</span>");
	char s[16];
	sr_bl_goldstein(g, s);
	return sr_buf_printf(b, "<span class=\"%s\">%s</span>", g > 0 ? "pos" : g < 0 ? "neg" : "zero", s);
}

/* The page's end after a failed append: the body hit its cap. */
static int finish(const sr_web_req *r, sr_web_resp *resp, int rc)
{
	if (rc == 0 && sr_page_end(&resp->body) == 0)
		return 0;
	return sr_web_fail(r, resp, 500, "the page grew too large");
}

static int store_fail(const sr_web_req *r, sr_web_resp *resp, int rc, const sr_error *err)
{
	if (rc == SR_EINPUT)
		return sr_web_fail(r, resp, 400, "%s", err->msg);
	return sr_web_fail(r, resp, 500, "the store failed: %s", err->msg);
}

/* The arguments every listing shares. */
typedef struct page_args {
	sr_date from, to;
	long page;
} page_args;

static int read_page_args(const sr_web_req *r, sr_web_resp *resp, page_args *a)
{
	if (sr_web_arg_date(r, "from", &a->from) < 0)
		return sr_web_fail(r, resp, 400, "from: a date YYYY-MM-DD, please");
	if (sr_web_arg_date(r, "to", &a->to) < 0)
		return sr_web_fail(r, resp, 400, "to: a date YYYY-MM-DD, please");
	if (a->from && a->to && a->from > a->to)
		return sr_web_fail(r, resp, 400, "from is after to");
	if (sr_web_arg_long(r, "page", 1, PAGE_MAX, 1, &a->page) < 0)
		return sr_web_fail(r, resp, 400, "page: a number from 1 to %d", PAGE_MAX);
	return 0;
}

/* An argument, with "" for absent. */
static const char *arg(const sr_web_req *r, const char *name)
{
	const char *v = sr_web_arg(r, name);
	return v ? v : "";
}

static const char *nz(const char *s)
{
	return s && *s ? s : NULL;
}

/* The "previous / next" links of a listing. */
static int put_pager(sr_buf *b, qs *base, long page, int has_next)
{
	int rc = 0;
	if (page <= 1 && !has_next)
		return 0;
	rc |= sr_buf_puts(b, "<nav class=\"pager\" aria-label=\"pages\">");
	size_t mark = base->b.len;
	if (page > 1) {
		qs_addl(base, "page", page - 1);
		rc |= sr_buf_puts(b, "<a rel=\"prev\"");
		rc |= qs_href(b, base);
		rc |= sr_buf_puts(b, ">← previous</a> ");
		base->b.len = mark;
		base->b.p[mark] = '\0';
	}
	rc |= sr_buf_printf(b, "<span>page %ld</span>", page);
	if (has_next) {
		qs_addl(base, "page", page + 1);
		rc |= sr_buf_puts(b, " <a rel=\"next\"");
		rc |= qs_href(b, base);
		rc |= sr_buf_puts(b, ">next →</a>");
		base->b.len = mark;
		if (base->b.p)
			base->b.p[mark] = '\0';
	}
	return rc | sr_buf_puts(b, "</nav>\n");
}

static int put_input(sr_buf *b, const char *label, const char *name, const char *type, const char *value,
		     const char *placeholder)
{
	int rc = sr_buf_printf(b, "<label>%s <input type=\"%s\" name=\"%s\"", label, type, name);
	if (placeholder) {
		rc |= sr_buf_puts(b, " placeholder=\"");
		rc |= esc(b, placeholder);
		rc |= sr_buf_putc(b, '"');
	}
	rc |= sr_buf_puts(b, " value=\"");
	rc |= esc(b, value);
	return rc | sr_buf_puts(b, "\"></label>\n");
}

/* ---- the frame ---- */

int sr_page_begin(sr_buf *b, const char *title, const char *nav, const char *query)
{
	static const struct {
		const char *id, *href, *text;
	} items[] = {
		{"dashboard", "/", "Dashboard"},     {"search", "/search", "Search"},
		{"events", "/events", "Events"},     {"timeline", "/timeline", "Timeline"},
		{"bulletins", "/bulletins", "Bulletins"},
	};
	int rc = sr_buf_puts(b, "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
				"<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>");
	if (title && *title) {
		rc |= esc(b, title);
		rc |= sr_buf_puts(b, " — ");
	}
	rc |= sr_buf_puts(b, "sitrep</title>\n<link rel=\"icon\" href=\"data:,\">\n<link rel=\"stylesheet\" href=\"/static/sitrep.css\">\n"
			     "<script src=\"/static/sitrep.js\" defer></script>\n"
			     "<link rel=\"alternate\" type=\"application/atom+xml\" title=\"Situation bulletins\" "
			     "href=\"/feed.atom\">\n</head>\n<body>\n<header class=\"site\">\n<nav class=\"top\">\n"
			     "<a class=\"brand\" href=\"/\">sitrep</a>\n<ul>\n");
	for (size_t i = 0; i < sizeof items / sizeof items[0]; i++) {
		int cur = nav && !strcmp(nav, items[i].id);
		rc |= sr_buf_printf(b, "<li><a href=\"%s\"%s>%s</a></li>\n", items[i].href,
				    cur ? " aria-current=\"page\"" : "", items[i].text);
	}
	rc |= sr_buf_puts(b, "</ul>\n<form class=\"quick\" action=\"/search\" method=\"get\" role=\"search\">"
			     "<input type=\"search\" name=\"q\" aria-label=\"Search the articles\" "
			     "placeholder=\"Search articles\" value=\"");
	rc |= esc(b, query);
	rc |= sr_buf_puts(b, "\"><button type=\"submit\">Search</button></form>\n</nav>\n</header>\n<main>\n");
	return rc ? -1 : 0;
}

int sr_page_end(sr_buf *b)
{
	return sr_buf_puts(b, "</main>\n<footer class=\"site\"><p>sitrep — a read-only view of the store. "
			      "<a href=\"/feed.atom\">Atom feed</a> · <a href=\"/api/\">JSON API</a></p>"
			      "</footer>\n</body>\n</html>\n");
}

/* ---- search ---- */

typedef struct search_st {
	sr_buf *b;
	int rc;
	size_t n;
} search_st;

static int put_doc_head(sr_buf *b, int64_t id, const char *title, sr_date date, const char *publication,
			const char *section)
{
	int rc = sr_buf_printf(b, "<li>\n<h3><a href=\"/article/%" PRId64 "\">", id);
	rc |= esc(b, title && *title ? title : "(untitled)");
	rc |= sr_buf_puts(b, "</a></h3>\n<p class=\"meta\">");
	rc |= put_date(b, date);
	if (publication && *publication) {
		rc |= sr_buf_puts(b, " · ");
		rc |= esc(b, publication);
	}
	if (section && *section) {
		rc |= sr_buf_puts(b, " · <span class=\"section\">");
		rc |= esc(b, section);
		rc |= sr_buf_puts(b, "</span>");
	}
	return rc | sr_buf_puts(b, "</p>\n");
}

static int search_hit(void *ud, const sr_search_hit *h)
{
	search_st *st = ud;
	st->rc |= put_doc_head(st->b, h->id, h->title, h->date, h->publication, h->section);
	st->rc |= sr_buf_puts(st->b, "<p class=\"snippet\">");
	st->rc |= sr_page_snippet(st->b, h->snippet);
	st->rc |= sr_buf_puts(st->b, "</p>\n</li>\n");
	st->n++;
	return st->rc != 0;
}

static int search_doc(void *ud, const sr_doc_row *d)
{
	search_st *st = ud;
	st->rc |= put_doc_head(st->b, d->id, d->title, d->date, d->publication, d->section);
	if (d->trend_assessed != SR_TREND_NONE) {
		st->rc |= sr_buf_puts(st->b, "<p class=\"meta\">sitrep's reading: ");
		st->rc |= put_label(st->b, d->trend_assessed);
		st->rc |= sr_buf_puts(st->b, "</p>\n");
	}
	st->rc |= sr_buf_puts(st->b, "</li>\n");
	st->n++;
	return st->rc != 0;
}

static int page_search(const sr_web_req *r, sr_web_resp *resp)
{
	page_args a = {0};
	int rc = read_page_args(r, resp, &a);
	if (rc)
		return rc;
	const char *q = arg(r, "q"), *pub = arg(r, "publication"), *sec = arg(r, "section");
	int has_q = sr_text_has_word(q, strlen(q));
	sr_buf *b = &resp->body;
	sr_error err;
	sr_error_clear(&err);
	search_st st = {.b = b};
	size_t total = 0;
	sr_buf list;
	sr_buf_init(&list, SR_WEB_BODY_MAX);
	st.b = &list;
	size_t offset = (size_t)(a.page - 1) * PAGE_HITS;
	if (has_q) {
		sr_search_query sq = {.text = q, .from = a.from, .to = a.to, .publication = nz(pub),
				      .section = nz(sec), .limit = PAGE_HITS, .offset = offset};
		rc = sr_store_search(r->ctx->store, &sq, search_hit, &st, &total, &err);
	} else {
		sr_doc_query dq = {.from = a.from, .to = a.to, .publication = nz(pub), .section = nz(sec),
				   .limit = PAGE_HITS, .offset = offset};
		rc = sr_store_documents(r->ctx->store, &dq, search_doc, &st, &total, &err);
	}
	if (rc < 0) {
		sr_buf_cleanup(&list);
		return store_fail(r, resp, rc, &err);
	}
	char from[11], to[11];
	sr_date_format(a.from, from);
	sr_date_format(a.to, to);
	rc = sr_page_begin(b, has_q ? q : "Search", "search", q);
	rc |= sr_buf_puts(b, "<h1>Search the articles</h1>\n"
			     "<form class=\"filters\" action=\"/search\" method=\"get\">\n");
	rc |= put_input(b, "Words", "q", "search", q, "\"Union Shield\" OR Zapad");
	rc |= put_input(b, "From", "from", "date", from, "YYYY-MM-DD");
	rc |= put_input(b, "To", "to", "date", to, "YYYY-MM-DD");
	rc |= put_input(b, "Publication", "publication", "text", pub, NULL);
	rc |= put_input(b, "Section", "section", "text", sec, NULL);
	rc |= sr_buf_puts(b, "<button type=\"submit\">Search</button>\n</form>\n"
			     "<p class=\"help\">Words must all occur; <code>\"a b\"</code> a phrase, "
			     "<code>a OR b</code> either, <code>-word</code> not, <code>word*</code> a prefix.</p>\n");
	if (has_q)
		rc |= sr_buf_printf(b, "<p class=\"count\">%zu article%s match.</p>\n", total, total == 1 ? "" : "s");
	else
		rc |= sr_buf_printf(b, "<h2>Latest articles</h2>\n<p class=\"count\">%zu article%s.</p>\n", total,
				    total == 1 ? "" : "s");
	if (st.n) {
		rc |= sr_buf_puts(b, "<ol class=\"hits\">\n");
		rc |= sr_buf_append(b, list.p, list.len);
		rc |= sr_buf_puts(b, "</ol>\n");
	} else if (has_q || a.page > 1) {
		rc |= sr_buf_puts(b, "<p class=\"empty\">Nothing here.</p>\n");
	}
	sr_buf_cleanup(&list);
	qs base;
	qs_init(&base, "/search");
	qs_add(&base, "q", q);
	qs_add(&base, "from", from);
	qs_add(&base, "to", to);
	qs_add(&base, "publication", pub);
	qs_add(&base, "section", sec);
	rc |= put_pager(b, &base, a.page, offset + st.n < total);
	qs_free(&base);
	return finish(r, resp, rc | st.rc);
}

/* ---- article ---- */

/* An event of the article, as far as the body needs it. */
typedef struct art_ev {
	int64_t id;
	int sentence;
	int n; /* its number in the table */
} art_ev;

typedef struct art_st {
	const sr_web_req *r;
	sr_buf rows;
	art_ev *ev;
	size_t n, cap;
	int rc;
} art_st;

static int put_cameo(sr_buf *b, const sr_dict *dict, const char *cameo)
{
	int rc = sr_buf_puts(b, "<code>");
	rc |= esc(b, cameo);
	rc |= sr_buf_puts(b, "</code>");
	sr_cameo_info ci;
	if (dict && cameo && sr_dict_cameo(dict, cameo, &ci) == 0 && ci.name) {
		rc |= sr_buf_puts(b, " ");
		rc |= esc(b, ci.name);
	}
	return rc;
}

static int art_event(void *ud, const sr_event_row *row)
{
	art_st *st = ud;
	if (st->n == st->cap) {
		size_t cap = st->cap ? 2 * st->cap : 32;
		art_ev *p = realloc(st->ev, cap * sizeof *p);
		if (!p) {
			st->rc = -1;
			return 1;
		}
		st->ev = p;
		st->cap = cap;
	}
	int k = (int)st->n + 1;
	st->ev[st->n++] = (art_ev){row->id, row->ev.sentence, k};
	const sr_store_event *e = &row->ev;
	sr_buf *b = &st->rows;
	int rc = sr_buf_printf(b, "<tr id=\"event-%" PRId64 "\"><td><a href=\"#ev-%" PRId64 "\" title=\"to the sentence\">[%d]</a></td><td>",
			       row->id, row->id, k);
	rc |= put_date(b, e->date);
	rc |= sr_buf_puts(b, "</td><td>");
	rc |= put_actor(b, e->source, e->source_name);
	rc |= sr_buf_puts(b, " → ");
	rc |= put_actor(b, e->target, e->target_name);
	rc |= sr_buf_puts(b, "</td><td>");
	rc |= put_cameo(b, st->r->ctx->dict, e->cameo);
	rc |= sr_buf_puts(b, "</td><td class=\"num\">");
	rc |= put_goldstein(b, e->quad, e->goldstein);
	rc |= sr_buf_printf(b, "</td><td>%s</td></tr>\n", quad_name(e->quad));
	st->rc |= rc;
	return st->rc != 0;
}

/* The link a mention gets: a person's or actor's timeline, an exercise's
 * topic timeline; places none. */
static void mention_link(qs *q, const sr_mention *m)
{
	const char *name = m->name && *m->name ? m->name : NULL;
	if (m->kind == SR_MEN_PERSON && (name || m->code[0])) {
		qs_add(q, "actor", name ? name : m->code);
	} else if (m->kind == SR_MEN_ACTOR && (m->code[0] || name)) {
		qs_add(q, "actor", m->code[0] ? m->code : name);
	} else if (m->kind == SR_MEN_EXERCISE && name) {
		qs_add(q, "topic", name);
	} else {
		q->b.len = 0;
	}
}

static const char *mention_class(sr_mention_kind k)
{
	switch (k) {
	case SR_MEN_ACTOR: return "actor";
	case SR_MEN_PERSON: return "person";
	case SR_MEN_PLACE: return "place";
	case SR_MEN_EXERCISE: return "exercise";
	default: return NULL;
	}
}

/* One sentence with its mentions wrapped. */
static int put_sentence(sr_buf *b, sr_coder *coder, const char *s, size_t len, sr_date date)
{
	sr_mention men[MENTIONS_MAX];
	int n = coder ? sr_coder_mentions(coder, s, len, date, men, MENTIONS_MAX) : 0;
	if (n > MENTIONS_MAX)
		n = MENTIONS_MAX;
	if (n < 0)
		n = 0;
	/* in order of start, longest first; overlaps are dropped below */
	for (int i = 1; i < n; i++) {
		sr_mention t = men[i];
		int j = i - 1;
		while (j >= 0 && (men[j].start > t.start || (men[j].start == t.start && men[j].end < t.end))) {
			men[j + 1] = men[j];
			j--;
		}
		men[j + 1] = t;
	}
	int rc = 0;
	size_t at = 0;
	for (int i = 0; i < n; i++) {
		const sr_mention *m = &men[i];
		const char *cls = mention_class(m->kind);
		if (!cls || m->start < at || m->end > len || m->end <= m->start)
			continue;
		rc |= sr_html_esc_n(b, s + at, m->start - at);
		rc |= sr_buf_printf(b, "<span class=\"%s\" title=\"", cls);
		if (m->code[0]) {
			rc |= esc(b, m->code);
			if (m->name && *m->name)
				rc |= sr_buf_puts(b, " — ");
		}
		rc |= esc(b, m->name);
		rc |= sr_buf_puts(b, "\">");
		qs link;
		qs_init(&link, "/timeline");
		mention_link(&link, m);
		if (link.b.len) {
			rc |= sr_buf_puts(b, "<a");
			rc |= qs_href(b, &link);
			rc |= sr_buf_putc(b, '>');
		}
		rc |= sr_html_esc_n(b, s + m->start, m->end - m->start);
		if (link.b.len)
			rc |= sr_buf_puts(b, "</a>");
		qs_free(&link);
		rc |= sr_buf_puts(b, "</span>");
		at = m->end;
	}
	return rc | sr_html_esc_n(b, s + at, len - at);
}

/* 1 if text[from..to) holds a blank line: a paragraph break. */
static int has_break(const char *t, size_t from, size_t to)
{
	int nl = 0;
	for (size_t i = from; i < to; i++) {
		if (t[i] == '\n') {
			if (++nl == 2)
				return 1;
		} else if (t[i] != ' ' && t[i] != '\t' && t[i] != '\r') {
			nl = 0;
		}
	}
	return 0;
}

/* The body paragraph by paragraph, sentence by sentence (the sentences
 * the coder numbered: one sentencer over the whole body), evidence
 * sentences marked with their events' numbers. */
static int put_body(sr_buf *b, const sr_doc *d, sr_coder *coder, const art_ev *ev, size_t nev)
{
	const char *t = d->body ? d->body : "";
	size_t len = d->body ? d->body_len : 0;
	sr_sentencer *sn = sr_sentencer_new(t, len);
	if (!sn)
		return -1;
	int rc = sr_buf_puts(b, "<div class=\"body\">\n<p>");
	sr_span sp;
	size_t prev = 0;
	int idx = 0;
	while (rc == 0 && sr_sentencer_next(sn, &sp)) {
		if (idx > 0 && has_break(t, prev, sp.start))
			rc |= sr_buf_puts(b, "</p>\n<p>");
		else if (idx > 0)
			rc |= sr_buf_putc(b, ' ');
		int first = -1;
		for (size_t k = 0; k < nev; k++)
			if (ev[k].sentence == idx) {
				first = (int)k;
				break;
			}
		if (first >= 0)
			rc |= sr_buf_printf(b, "<span class=\"evidence\" id=\"ev-%" PRId64 "\">", ev[first].id);
		rc |= put_sentence(b, coder, t + sp.start, sp.end - sp.start, d->date);
		if (first >= 0) {
			rc |= sr_buf_puts(b, "</span>");
			for (size_t k = (size_t)first; k < nev; k++) {
				if (ev[k].sentence != idx)
					continue;
				rc |= sr_buf_puts(b, "<a class=\"evmark\"");
				if ((int)k != first)
					rc |= sr_buf_printf(b, " id=\"ev-%" PRId64 "\"", ev[k].id);
				rc |= sr_buf_printf(b, " href=\"#event-%" PRId64 "\" title=\"coded event %d\">[%d]</a>",
						    ev[k].id, ev[k].n, ev[k].n);
			}
		}
		prev = sp.end;
		idx++;
	}
	sr_sentencer_free(sn);
	return rc | sr_buf_puts(b, "</p>\n</div>\n");
}

static int dt(sr_buf *b, const char *name)
{
	return sr_buf_printf(b, "<dt>%s</dt><dd>", name);
}

static int put_meta(sr_buf *b, const sr_doc *d, int64_t dup_of)
{
	int rc = sr_buf_puts(b, "<dl class=\"meta\">\n");
	if (d->publication) {
		rc |= dt(b, "Publication");
		rc |= esc(b, d->publication);
		rc |= sr_buf_puts(b, "</dd>\n");
	}
	if (d->byline) {
		rc |= dt(b, "Byline");
		rc |= esc(b, d->byline);
		rc |= sr_buf_puts(b, "</dd>\n");
	}
	if (d->section) {
		rc |= dt(b, "Section");
		rc |= esc(b, d->section);
		rc |= sr_buf_puts(b, "</dd>\n");
	}
	if (d->period_start || d->period_end) {
		rc |= dt(b, "Period");
		rc |= put_date(b, d->period_start);
		rc |= sr_buf_puts(b, " – ");
		rc |= put_date(b, d->period_end);
		rc |= sr_buf_puts(b, "</dd>\n");
	}
	rc |= dt(b, "Date");
	rc |= put_date(b, d->date);
	const char *basis = sr_basis_name(d->date_basis);
	if (d->date && basis)
		rc |= sr_buf_printf(b, " <span class=\"muted\">(%s)</span>", basis);
	rc |= sr_buf_puts(b, "</dd>\n");
	rc |= dt(b, "Trend");
	rc |= sr_buf_puts(b, "the source says ");
	rc |= put_label(b, d->trend);
	rc |= sr_buf_puts(b, "; sitrep reads ");
	rc |= put_label(b, d->trend_assessed);
	rc |= sr_buf_puts(b, "</dd>\n");
	if (d->volume >= 0 || d->issue >= 0) {
		rc |= dt(b, "Volume");
		if (d->volume >= 0)
			rc |= sr_buf_printf(b, "volume %d", d->volume);
		if (d->issue >= 0)
			rc |= sr_buf_printf(b, "%sissue %d", d->volume >= 0 ? ", " : "", d->issue);
		rc |= sr_buf_puts(b, "</dd>\n");
	}
	if (d->language[0]) {
		rc |= dt(b, "Language");
		rc |= esc(b, d->language);
		rc |= sr_buf_puts(b, "</dd>\n");
	}
	if (d->url && *d->url) {
		rc |= dt(b, "URL");
		if (sr_bl_url_ok(d->url)) {
			rc |= sr_buf_puts(b, "<a class=\"url\" rel=\"noreferrer noopener\" href=\"");
			rc |= esc(b, d->url);
			rc |= sr_buf_puts(b, "\">");
			rc |= esc(b, d->url);
			rc |= sr_buf_puts(b, "</a>");
		} else {
			rc |= sr_buf_puts(b, "<span class=\"url\">");
			rc |= esc(b, d->url);
			rc |= sr_buf_puts(b, "</span>");
		}
		rc |= sr_buf_puts(b, "</dd>\n");
	}
	if (d->file) {
		rc |= dt(b, "File");
		rc |= sr_buf_puts(b, "<code>");
		rc |= esc(b, d->file);
		if (d->line > 0)
			rc |= sr_buf_printf(b, ":%ld", d->line);
		rc |= sr_buf_puts(b, "</code></dd>\n");
	}
	if (d->id) {
		rc |= dt(b, "Input id");
		rc |= esc(b, d->id);
		rc |= sr_buf_puts(b, "</dd>\n");
	}
	if (dup_of) {
		rc |= dt(b, "Copy of");
		rc |= sr_buf_printf(b, "<a href=\"/article/%" PRId64 "\">article %" PRId64
				       "</a> (a near-duplicate: its events count there)</dd>\n",
				    dup_of, dup_of);
	}
	return rc | sr_buf_puts(b, "</dl>\n");
}

static int put_legend(sr_buf *b)
{
	return sr_buf_puts(b, "<p class=\"legend\">Highlighted: <span class=\"actor\">actor</span> "
			      "<span class=\"person\">person</span> <span class=\"place\">place</span> "
			      "<span class=\"exercise\">exercise</span> <span class=\"evidence\">evidence of a "
			      "coded event</span> <a class=\"evmark\" href=\"#events\">[n]</a> its event. "
			      "Hover a name for its code; names link to their timeline.</p>\n");
}

/* A positive decimal id, all of s. */
static int parse_id(const char *s, int64_t *out)
{
	int64_t v = 0;
	if (!s || !*s || *s == '0')
		return -1;
	for (; *s; s++) {
		if (*s < '0' || *s > '9' || v > (INT64_MAX - 9) / 10)
			return -1;
		v = v * 10 + (*s - '0');
	}
	*out = v;
	return 0;
}

static int page_article(const sr_web_req *r, sr_web_resp *resp)
{
	int64_t id;
	if (parse_id(r->rest, &id) < 0)
		return sr_web_fail(r, resp, 404, "no article here: an article's address is /article/ID");
	sr_error err;
	sr_error_clear(&err);
	sr_doc d;
	int64_t dup_of = 0;
	int rc = sr_store_get_doc(r->ctx->store, id, &d, &dup_of, &err);
	if (rc < 0) {
		sr_doc_cleanup(&d);
		if (rc == SR_EINPUT)
			return sr_web_fail(r, resp, 404, "there is no article %" PRId64, id);
		return store_fail(r, resp, rc, &err);
	}
	art_st st = {.r = r};
	sr_buf_init(&st.rows, SR_WEB_BODY_MAX);
	/* a near-duplicate's events are stored with its original */
	sr_event_query eq = {.doc_id = id};
	rc = sr_store_events(r->ctx->store, &eq, art_event, &st, &err);
	if (rc < 0 || st.rc) {
		sr_doc_cleanup(&d);
		sr_buf_cleanup(&st.rows);
		free(st.ev);
		return rc < 0 ? store_fail(r, resp, rc, &err) : sr_web_fail(r, resp, 500, "out of memory");
	}
	sr_buf *b = &resp->body;
	const char *title = d.title && *d.title ? d.title : "(untitled)";
	rc = sr_page_begin(b, title, NULL, NULL);
	rc |= sr_buf_puts(b, "<article class=\"doc\">\n<h1>");
	rc |= esc(b, title);
	rc |= sr_buf_puts(b, "</h1>\n");
	rc |= put_meta(b, &d, dup_of);
	if (d.ncites) {
		rc |= sr_buf_puts(b, "<details class=\"cites\"><summary>");
		rc |= sr_buf_printf(b, "Cited sources (%zu)</summary>\n<ul>\n", d.ncites);
		for (size_t i = 0; i < d.ncites; i++) {
			rc |= sr_buf_puts(b, "<li>");
			if (d.cites[i].name)
				rc |= esc(b, d.cites[i].name);
			else
				rc |= sr_buf_puts(b, "<span class=\"muted\">(name lost)</span>");
			rc |= sr_buf_puts(b, ", ");
			rc |= put_date(b, d.cites[i].date);
			rc |= sr_buf_puts(b, "</li>\n");
		}
		rc |= sr_buf_puts(b, "</ul>\n</details>\n");
	}
	rc |= put_legend(b);
	rc |= put_body(b, &d, r->ctx->coder, st.ev, st.n);
	rc |= sr_buf_printf(b, "<h2 id=\"events\">Coded events (%zu)</h2>\n", st.n);
	if (st.n) {
		rc |= sr_buf_puts(b, "<div class=\"scroll\"><table class=\"events\">\n<thead><tr><th></th><th>Date</th>"
				     "<th>Source → target</th><th>Event (CAMEO)</th><th>Goldstein</th><th>Quad</th>"
				     "</tr></thead>\n<tbody>\n");
		rc |= sr_buf_append(b, st.rows.p, st.rows.len);
		rc |= sr_buf_puts(b, "</tbody>\n</table></div>\n");
	} else {
		rc |= sr_buf_puts(b, dup_of ? "<p class=\"empty\">None here: a near-duplicate's events are its "
					      "original's.</p>\n"
					    : "<p class=\"empty\">No event was coded in this article.</p>\n");
	}
	rc |= sr_buf_puts(b, "</article>\n");
	sr_doc_cleanup(&d);
	sr_buf_cleanup(&st.rows);
	free(st.ev);
	return finish(r, resp, rc);
}

/* ---- events ---- */

typedef struct ev_st {
	const sr_web_req *r;
	sr_buf *b;
	size_t n, limit;
	int rc;
} ev_st;

static int ev_row(void *ud, const sr_event_row *row)
{
	ev_st *st = ud;
	if (++st->n > st->limit)
		return 1; /* the one past the page: there is a next page */
	const sr_store_event *e = &row->ev;
	sr_buf *b = st->b;
	int rc = sr_buf_printf(b, "<tr id=\"event-%" PRId64 "\"><td>", row->id);
	rc |= put_date(b, e->date);
	rc |= sr_buf_puts(b, "</td><td>");
	rc |= put_actor(b, e->source, e->source_name);
	rc |= sr_buf_puts(b, " → ");
	rc |= put_actor(b, e->target, e->target_name);
	rc |= sr_buf_puts(b, "</td><td>");
	rc |= put_cameo(b, st->r->ctx->dict, e->cameo);
	rc |= sr_buf_printf(b, "<br><span class=\"muted\">%s</span></td><td class=\"num\">", quad_name(e->quad));
	rc |= put_goldstein(b, e->quad, e->goldstein);
	rc |= sr_buf_puts(b, "</td><td class=\"evtext\">");
	if (e->text)
		rc |= sr_html_esc_n(b, e->text, e->text_len);
	rc |= sr_buf_printf(b, "<br><a href=\"/article/%" PRId64 "#ev-%" PRId64 "\">", row->doc_id, row->id);
	rc |= esc(b, row->title && *row->title ? row->title : "(untitled)");
	rc |= sr_buf_puts(b, "</a>");
	if (row->publication && *row->publication) {
		rc |= sr_buf_puts(b, " <span class=\"muted\">");
		rc |= esc(b, row->publication);
		rc |= sr_buf_puts(b, "</span>");
	}
	rc |= sr_buf_puts(b, "</td></tr>\n");
	st->rc |= rc;
	return st->rc != 0;
}

/* An uppercase code of letters and digits, at most SR_STORE_CODE_MAX. */
static int code_ok(const char *s, size_t n)
{
	if (n == 0 || n > SR_STORE_CODE_MAX)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (!((s[i] >= 'A' && s[i] <= 'Z') || (s[i] >= '0' && s[i] <= '9')))
			return 0;
	return 1;
}

static int page_events(const sr_web_req *r, sr_web_resp *resp)
{
	page_args a = {0};
	int rc = read_page_args(r, resp, &a);
	if (rc)
		return rc;
	const char *dyad = arg(r, "dyad"), *actor = arg(r, "actor"), *root = arg(r, "root");
	long quad = 0, directed = 0;
	int64_t doc = 0;
	char pa[SR_STORE_CODE_MAX + 1] = "", pb[SR_STORE_CODE_MAX + 1] = "";
	if (*dyad) {
		const char *dash = strchr(dyad, '-');
		if (!dash || !code_ok(dyad, (size_t)(dash - dyad)) || !code_ok(dash + 1, strlen(dash + 1)))
			return sr_web_fail(r, resp, 400, "dyad: two parties A-B in capitals (BLR-RUS)");
		memcpy(pa, dyad, (size_t)(dash - dyad));
		memcpy(pb, dash + 1, strlen(dash + 1));
	}
	if (*actor && !code_ok(actor, strlen(actor)))
		return sr_web_fail(r, resp, 400, "actor: a code prefix in capitals (BLR, RUSMIL)");
	if (*root && !(strlen(root) == 2 && root[0] >= '0' && root[0] <= '9' && root[1] >= '0' && root[1] <= '9'))
		return sr_web_fail(r, resp, 400, "root: a CAMEO root, two digits (06)");
	if (sr_web_arg_long(r, "quad", 1, 4, 0, &quad) < 0)
		return sr_web_fail(r, resp, 400, "quad: 1, 2, 3 or 4");
	if (sr_web_arg_long(r, "directed", 0, 1, 0, &directed) < 0)
		return sr_web_fail(r, resp, 400, "directed: 0 or 1");
	const char *docs = arg(r, "doc");
	if (*docs && parse_id(docs, &doc) < 0)
		return sr_web_fail(r, resp, 400, "doc: an article's id");
	sr_event_query q = {.party_a = pa[0] ? pa : NULL, .party_b = pb[0] ? pb : NULL,
			    .directed = pa[0] && directed, .actor = nz(actor), .root = nz(root), .quad = (int)quad,
			    .from = a.from, .to = a.to, .doc_id = doc, .limit = PAGE_EVENTS + 1,
			    .offset = (size_t)(a.page - 1) * PAGE_EVENTS};
	sr_buf rows;
	sr_buf_init(&rows, SR_WEB_BODY_MAX);
	ev_st st = {.r = r, .b = &rows, .limit = PAGE_EVENTS};
	sr_error err;
	sr_error_clear(&err);
	rc = sr_store_events(r->ctx->store, &q, ev_row, &st, &err);
	if (rc < 0) {
		sr_buf_cleanup(&rows);
		return store_fail(r, resp, rc, &err);
	}
	char from[11], to[11], quads[4] = "", docstr[24] = "";
	sr_date_format(a.from, from);
	sr_date_format(a.to, to);
	if (quad)
		snprintf(quads, sizeof quads, "%ld", quad);
	if (doc)
		snprintf(docstr, sizeof docstr, "%" PRId64, doc);
	sr_buf *b = &resp->body;
	rc = sr_page_begin(b, "Events", "events", NULL);
	rc |= sr_buf_puts(b, "<h1>Coded events</h1>\n<form class=\"filters\" action=\"/events\" method=\"get\">\n");
	rc |= put_input(b, "Dyad", "dyad", "text", dyad, "BLR-RUS");
	rc |= sr_buf_printf(b, "<label class=\"check\"><input type=\"checkbox\" name=\"directed\" value=\"1\"%s> "
			       "only A → B</label>\n",
			    q.directed ? " checked" : "");
	rc |= put_input(b, "Actor", "actor", "text", actor, "RUSMIL");
	rc |= put_input(b, "CAMEO root", "root", "text", root, "06");
	rc |= sr_buf_puts(b, "<label>Quad <select name=\"quad\"><option value=\"\">any</option>");
	for (int i = 1; i <= 4; i++)
		rc |= sr_buf_printf(b, "<option value=\"%d\"%s>%d %s</option>", i, quad == i ? " selected" : "", i,
				    quad_name(i));
	rc |= sr_buf_puts(b, "</select></label>\n");
	rc |= put_input(b, "From", "from", "date", from, "YYYY-MM-DD");
	rc |= put_input(b, "To", "to", "date", to, "YYYY-MM-DD");
	if (doc)
		rc |= put_input(b, "Article", "doc", "text", docstr, NULL);
	rc |= sr_buf_puts(b, "<button type=\"submit\">Show</button>\n</form>\n");
	size_t shown = st.n > PAGE_EVENTS ? PAGE_EVENTS : st.n;
	if (shown) {
		rc |= sr_buf_puts(b, "<div class=\"scroll\"><table class=\"events\">\n<thead><tr><th>Date</th>"
				     "<th>Source → target</th><th>Event</th><th>Goldstein</th><th>Evidence and article</th>"
				     "</tr></thead>\n<tbody>\n");
		rc |= sr_buf_append(b, rows.p, rows.len);
		rc |= sr_buf_puts(b, "</tbody>\n</table></div>\n");
	} else {
		rc |= sr_buf_puts(b, "<p class=\"empty\">No event matches.</p>\n");
	}
	sr_buf_cleanup(&rows);
	qs base;
	qs_init(&base, "/events");
	qs_add(&base, "dyad", dyad);
	if (q.directed)
		qs_add(&base, "directed", "1");
	qs_add(&base, "actor", actor);
	qs_add(&base, "root", root);
	qs_add(&base, "quad", quads);
	qs_add(&base, "from", from);
	qs_add(&base, "to", to);
	qs_add(&base, "doc", docstr);
	rc |= put_pager(b, &base, a.page, st.n > PAGE_EVENTS);
	qs_free(&base);
	return finish(r, resp, rc | st.rc);
}

/* ---- timeline ---- */

static int tl_entry(sr_buf *b, const sr_timeline_entry *e)
{
	int rc = sr_buf_puts(b, "<li class=\"entry\">\n<p class=\"when\">");
	rc |= put_date(b, e->date);
	if (e->kind == SR_TL_EVENT) {
		rc |= sr_buf_puts(b, " · ");
		rc |= put_actor(b, e->source, e->source_name);
		rc |= sr_buf_puts(b, " → ");
		rc |= put_actor(b, e->target, e->target_name);
		rc |= sr_buf_puts(b, " · <code>");
		rc |= esc(b, e->cameo);
		rc |= sr_buf_puts(b, "</code>");
		if (e->cameo_name) {
			rc |= sr_buf_putc(b, ' ');
			rc |= esc(b, e->cameo_name);
		}
		rc |= sr_buf_puts(b, " · Goldstein ");
		rc |= put_goldstein(b, e->quad, e->goldstein);
	} else {
		rc |= sr_buf_puts(b, " · <span class=\"muted\">article</span>");
	}
	rc |= sr_buf_puts(b, "</p>\n");
	if (e->text) {
		rc |= sr_buf_puts(b, "<blockquote>");
		rc |= esc(b, e->text);
		rc |= sr_buf_puts(b, "</blockquote>\n");
	}
	rc |= sr_buf_printf(b, "<p class=\"from\"><a href=\"/article/%" PRId64, e->doc_id);
	if (e->kind == SR_TL_EVENT && e->event_id)
		rc |= sr_buf_printf(b, "#ev-%" PRId64, e->event_id);
	rc |= sr_buf_puts(b, "\">");
	rc |= esc(b, e->title && *e->title ? e->title : "(untitled)");
	rc |= sr_buf_puts(b, "</a>");
	if (e->publication && *e->publication) {
		rc |= sr_buf_puts(b, ", ");
		rc |= esc(b, e->publication);
	}
	if (e->doc_date && e->doc_date != e->date) {
		rc |= sr_buf_puts(b, ", ");
		rc |= put_date(b, e->doc_date);
	}
	return rc | sr_buf_puts(b, "</p>\n</li>\n");
}

static int page_timeline(const sr_web_req *r, sr_web_resp *resp)
{
	page_args a = {0};
	int rc = read_page_args(r, resp, &a);
	if (rc)
		return rc;
	const char *actor = arg(r, "actor"), *topic = arg(r, "topic");
	if (*actor && *topic)
		return sr_web_fail(r, resp, 400, "an actor or a topic, not both");
	sr_error err;
	sr_error_clear(&err);
	sr_timeline *t = NULL;
	rc = 0;
	if (*actor)
		rc = sr_timeline_actor(r->ctx->store, r->ctx->dict, r->ctx->coder, actor, a.from, a.to, &t, &err);
	else if (*topic)
		rc = sr_timeline_topic(r->ctx->store, r->ctx->dict, topic, a.from, a.to, &t, &err);
	if (rc < 0 && rc != SR_EINPUT) {
		sr_timeline_free(t);
		return store_fail(r, resp, rc, &err);
	}
	char from[11], to[11];
	sr_date_format(a.from, from);
	sr_date_format(a.to, to);
	sr_buf *b = &resp->body;
	int w = sr_page_begin(b, *actor ? actor : *topic ? topic : "Timeline", "timeline", NULL);
	w |= sr_buf_puts(b, "<h1>Timeline</h1>\n<form class=\"filters\" action=\"/timeline\" method=\"get\">\n");
	w |= put_input(b, "Actor", "actor", "text", actor, "Lukashenka, BLRMIL, NATO");
	w |= put_input(b, "or topic", "topic", "text", topic, "Union Shield");
	w |= put_input(b, "From", "from", "date", from, "YYYY-MM-DD");
	w |= put_input(b, "To", "to", "date", to, "YYYY-MM-DD");
	w |= sr_buf_puts(b, "<button type=\"submit\">Show</button>\n</form>\n");
	if (rc == SR_EINPUT) {
		resp->status = 400;
		w |= sr_buf_puts(b, "<p class=\"error\">");
		w |= esc(b, err.msg);
		w |= sr_buf_puts(b, "</p>\n");
	} else if (t) {
		size_t off = (size_t)(a.page - 1) * PAGE_TIMELINE, end = off + PAGE_TIMELINE;
		if (end > t->n)
			end = t->n;
		w |= sr_buf_puts(b, "<p class=\"count\">");
		if (*actor) {
			w |= sr_buf_puts(b, t->who.person ? "The person " : "Actors coded ");
			w |= sr_buf_puts(b, "<strong>");
			w |= esc(b, t->who.person ? t->who.person : t->who.code);
			w |= sr_buf_puts(b, t->who.person ? "</strong>" : "</strong>…");
		} else {
			w |= sr_buf_puts(b, "The topic <strong>");
			w |= esc(b, topic);
			w |= sr_buf_puts(b, "</strong>");
		}
		w |= sr_buf_printf(b, ": %zu entr%s, in order of date.</p>\n", t->n, t->n == 1 ? "y" : "ies");
		if (off < end)
			w |= sr_buf_puts(b, "<ol class=\"timeline\">\n");
		for (size_t i = off; i < end; i++)
			w |= tl_entry(b, &t->entries[i]);
		if (off < end)
			w |= sr_buf_puts(b, "</ol>\n");
		qs base;
		qs_init(&base, "/timeline");
		qs_add(&base, "actor", actor);
		qs_add(&base, "topic", topic);
		qs_add(&base, "from", from);
		qs_add(&base, "to", to);
		w |= put_pager(b, &base, a.page, end < t->n);
		qs_free(&base);
	} else {
		w |= sr_buf_puts(b, "<p class=\"help\">An actor is a code prefix in capitals (BLR, RUSMIL) or a name "
				    "the dictionaries know, in any of their languages (Lukashenka, Шойгу); a person is "
				    "followed across the posts held. A topic is a phrase (Union Shield, Запад-2021).</p>\n");
	}
	sr_timeline_free(t);
	return finish(r, resp, w);
}

/* ---- bulletins ---- */

static int bulletin_weeks(const sr_web_req *r, char (**weeks)[9], size_t *n, sr_error *err)
{
	*weeks = NULL;
	*n = 0;
	return sr_bulletin_weeks(r->ctx->store, weeks, n, err);
}

/* Make the bulletins of weeks[0..n) (newest first) with one maker over
 * the events they need. */
static int make_weeks(const sr_web_req *r, char (*weeks)[9], size_t n, sr_bulletin **made, sr_error *err)
{
	sr_date from = 0, to = 0, f, t;
	if (n && sr_bulletin_window(weeks[n - 1], &f, &t))
		from = f;
	if (n && sr_bulletin_window(weeks[0], &f, &t))
		to = t;
	sr_bulletin_maker *m = NULL;
	int rc = sr_bulletin_maker_create(r->ctx->store, r->ctx->spheres, r->ctx->dict, r->ctx->focus, from, to,
					  &m, err);
	for (size_t i = 0; rc == 0 && i < n; i++)
		rc = sr_bulletin_make(m, weeks[i], &made[i], err);
	sr_bulletin_maker_free(m);
	return rc;
}

static int page_bulletins(const sr_web_req *r, sr_web_resp *resp)
{
	long page = 1;
	if (sr_web_arg_long(r, "page", 1, PAGE_MAX, 1, &page) < 0)
		return sr_web_fail(r, resp, 400, "page: a number from 1 to %d", PAGE_MAX);
	char(*weeks)[9];
	size_t n;
	sr_error err;
	sr_error_clear(&err);
	int rc = bulletin_weeks(r, &weeks, &n, &err);
	if (rc < 0)
		return store_fail(r, resp, rc, &err);
	size_t off = (size_t)(page - 1) * ARCHIVE_WEEKS;
	size_t k = off < n ? n - off : 0;
	if (k > ARCHIVE_WEEKS)
		k = ARCHIVE_WEEKS;
	sr_bulletin *made[ARCHIVE_WEEKS] = {0};
	if (k)
		rc = make_weeks(r, weeks + off, k, made, &err);
	if (rc < 0) {
		for (size_t i = 0; i < k; i++)
			sr_bulletin_free(made[i]);
		free(weeks);
		return store_fail(r, resp, rc, &err);
	}
	sr_buf *b = &resp->body;
	rc = sr_page_begin(b, "Bulletins", "bulletins", NULL);
	rc |= sr_buf_printf(b, "<h1>Situation bulletins</h1>\n<p class=\"meta\">%zu week%s with articles, newest "
			       "first. <a href=\"/feed.atom\">Atom feed</a> of the latest %d.</p>\n",
			    n, n == 1 ? "" : "s", FEED_WEEKS);
	if (!k)
		rc |= sr_buf_puts(b, "<p class=\"empty\">No bulletins here.</p>\n");
	else
		rc |= sr_buf_puts(b, "<ol class=\"weeks\">\n");
	for (size_t i = 0; i < k; i++) {
		sr_bulletin_summary s;
		sr_bulletin_summarize(made[i], &s);
		char period[96] = "";
		sr_bl_period(s.start, s.end, period, sizeof period);
		rc |= sr_buf_printf(b, "<li>\n<h2><a href=\"/bulletin/%s\">%s</a></h2>\n<p class=\"meta\">", s.week,
				    s.week);
		rc |= esc(b, period);
		rc |= sr_buf_printf(b, " · %ld article%s, %ld event%s</p>\n", s.documents, s.documents == 1 ? "" : "s",
				    s.events, s.events == 1 ? "" : "s");
		if (s.nspheres)
			rc |= sr_buf_puts(b, "<ul class=\"spheres\">\n");
		for (size_t j = 0; j < s.nspheres; j++) {
			rc |= sr_buf_puts(b, "<li>");
			rc |= put_label(b, s.labels[j]);
			rc |= sr_buf_puts(b, " <strong>");
			rc |= esc(b, s.sphere_titles[j]);
			rc |= sr_buf_puts(b, ":</strong> ");
			rc |= esc(b, s.headlines[j]);
			rc |= sr_buf_puts(b, "</li>\n");
		}
		if (s.nspheres)
			rc |= sr_buf_puts(b, "</ul>\n");
		rc |= sr_buf_puts(b, "</li>\n");
	}
	if (k)
		rc |= sr_buf_puts(b, "</ol>\n");
	qs base;
	qs_init(&base, "/bulletins");
	rc |= put_pager(b, &base, page, off + k < n);
	qs_free(&base);
	for (size_t i = 0; i < k; i++)
		sr_bulletin_free(made[i]);
	free(weeks);
	return finish(r, resp, rc);
}

static int page_feed(const sr_web_req *r, sr_web_resp *resp)
{
	char(*weeks)[9];
	size_t n;
	sr_error err;
	sr_error_clear(&err);
	int rc = bulletin_weeks(r, &weeks, &n, &err);
	if (rc < 0)
		return store_fail(r, resp, rc, &err);
	if (n > FEED_WEEKS)
		n = FEED_WEEKS;
	sr_bulletin *made[FEED_WEEKS] = {0};
	rc = make_weeks(r, weeks, n, made, &err);
	/* links resolve on this server: /bulletin/2019-W12.html, /bulletin/feed.atom;
	 * no charts: feed readers drop inline SVG, and it was most of the bytes */
	sr_render_opts ro = {.base_url = "/bulletin/", .charts = 0};
	if (rc == 0)
		rc = sr_bulletin_render_atom((const sr_bulletin *const *)made, n, NULL, &ro, &resp->body, &err);
	for (size_t i = 0; i < n; i++)
		sr_bulletin_free(made[i]);
	free(weeks);
	if (rc < 0)
		return rc == SR_ENOMEM ? sr_web_fail(r, resp, 500, "the feed grew too large")
				       : store_fail(r, resp, rc, &err);
	resp->type = "application/atom+xml";
	return 0;
}

/* /bulletin/2019-W12 (also with ".html", as the feed links it),
 * /bulletin/index.html (the archive), /bulletin/feed.atom. */
static int page_bulletin(const sr_web_req *r, sr_web_resp *resp)
{
	const char *rest = r->rest ? r->rest : "";
	if (!strcmp(rest, "") || !strcmp(rest, "index.html"))
		return page_bulletins(r, resp);
	if (!strcmp(rest, "feed.atom"))
		return page_feed(r, resp);
	char week[9];
	size_t len = strlen(rest);
	if (len == 13 && !strcmp(rest + 8, ".html"))
		len = 8;
	if (len != 8)
		return sr_web_fail(r, resp, 404, "no bulletin here: a week is YYYY-Www (2019-W12)");
	memcpy(week, rest, 8);
	week[8] = '\0';
	sr_date from, to;
	if (!sr_week_monday(week) || !sr_bulletin_window(week, &from, &to))
		return sr_web_fail(r, resp, 404, "no such week: %s", week);
	sr_error err;
	sr_error_clear(&err);
	sr_bulletin_maker *m = NULL;
	sr_bulletin *bl = NULL;
	int rc = sr_bulletin_maker_create(r->ctx->store, r->ctx->spheres, r->ctx->dict, r->ctx->focus, from, to, &m,
					  &err);
	if (rc == 0)
		rc = sr_bulletin_make(m, week, &bl, &err);
	sr_bulletin_maker_free(m);
	if (rc < 0) {
		sr_bulletin_free(bl);
		return rc == SR_EINPUT ? sr_web_fail(r, resp, 404, "no such week: %s", week)
				       : store_fail(r, resp, rc, &err);
	}
	/* the neighbours among the weeks with articles */
	char(*weeks)[9] = NULL;
	size_t n = 0;
	char prev[9] = "", next[9] = "";
	if (bulletin_weeks(r, &weeks, &n, &err) == 0) {
		for (size_t i = 0; i < n; i++) {
			int c = strcmp(weeks[i], week);
			if (c > 0)
				memcpy(next, weeks[i], 9); /* newest first: the last one above is the nearest */
			else if (c < 0 && !prev[0])
				memcpy(prev, weeks[i], 9);
		}
	}
	free(weeks);
	sr_buf *b = &resp->body;
	char title[32];
	snprintf(title, sizeof title, "Bulletin %s", week);
	rc = sr_page_begin(b, title, "bulletins", NULL);
	rc |= sr_buf_puts(b, "<nav class=\"pager weeks\" aria-label=\"weeks\">");
	if (prev[0])
		rc |= sr_buf_printf(b, "<a rel=\"prev\" href=\"/bulletin/%s\">← %s</a> ", prev, prev);
	rc |= sr_buf_puts(b, "<a href=\"/bulletins\">all weeks</a>");
	if (next[0])
		rc |= sr_buf_printf(b, " <a rel=\"next\" href=\"/bulletin/%s\">%s →</a>", next, next);
	rc |= sr_buf_puts(b, "</nav>\n<article class=\"bulletin\">\n");
	if (rc == 0) {
		sr_render_opts ro = {.base_url = "/bulletin/", .charts = 1};
		int brc = sr_bl_html_body(bl, &ro, b, &err);
		if (brc < 0) {
			sr_bulletin_free(bl);
			return brc == SR_ENOMEM ? sr_web_fail(r, resp, 500, "the page grew too large")
						: sr_web_fail(r, resp, 500, "%s", err.msg);
		}
	}
	rc |= sr_buf_puts(b, "</article>\n");
	sr_bulletin_free(bl);
	return finish(r, resp, rc);
}

/* ---- dashboard ---- */

/* The trend table's row: the latest week's label per primary sphere. */
typedef struct dyad_row {
	char a[SR_STORE_CODE_MAX + 1], b[SR_STORE_CODE_MAX + 1];
	int64_t events;
	signed char label[SR_SPHERES_MAX]; /* -1: no events that week */
	int64_t week_events[SR_SPHERES_MAX];
} dyad_row;

typedef struct dash_st {
	dyad_row rows[DASH_DYADS];
	size_t n;
	const char *week; /* the latest week */
	dyad_row *cur;
	/* the top dyad's chart */
	sr_chart_point pts[64];
	char periods[64][16];
	size_t npts;
} dash_st;

static int dash_dyad(void *ud, const char *a, const char *b, int64_t events)
{
	dash_st *st = ud;
	if (st->n == DASH_DYADS || strlen(a) > SR_STORE_CODE_MAX || strlen(b) > SR_STORE_CODE_MAX)
		return st->n == DASH_DYADS;
	dyad_row *row = &st->rows[st->n++];
	snprintf(row->a, sizeof row->a, "%s", a);
	snprintf(row->b, sizeof row->b, "%s", b);
	row->events = events;
	memset(row->label, -1, sizeof row->label);
	return 0;
}

static int dash_sphere(void *ud, int sphere, const sr_series_bucket *k)
{
	dash_st *st = ud;
	if (sphere >= 0 && sphere < SR_SPHERES_MAX && !strcmp(k->period, st->week) && k->events > 0) {
		st->cur->label[sphere] = (signed char)k->trend.label;
		st->cur->week_events[sphere] = k->events;
	}
	return 0;
}

static int dash_point(void *ud, const sr_series_bucket *k)
{
	dash_st *st = ud;
	if (st->npts == sizeof st->pts / sizeof st->pts[0]) {
		/* keep the newest: shift one out */
		memmove(st->pts, st->pts + 1, (st->npts - 1) * sizeof st->pts[0]);
		memmove(st->periods, st->periods + 1, (st->npts - 1) * sizeof st->periods[0]);
		st->npts--;
	}
	memcpy(st->periods[st->npts], k->period, sizeof k->period);
	st->pts[st->npts++] = (sr_chart_point){NULL, (double)k->cooperation, (double)k->conflict, k->goldstein_mean,
					       k->scored > 0};
	return 0;
}

static int dash_headlines(const sr_web_req *r, sr_buf *b, const char *week, sr_error *err)
{
	sr_bulletin *bl = NULL;
	char w[9];
	memcpy(w, week, 9);
	int rc = make_weeks(r, &w, 1, &bl, err);
	if (rc < 0) {
		sr_bulletin_free(bl);
		return rc;
	}
	char period[96] = "";
	sr_bl_period(bl->start, bl->end, period, sizeof period);
	rc = sr_buf_printf(b, "<section class=\"week\">\n<h2>This week: <a href=\"/bulletin/%s\">%s</a></h2>\n"
			      "<p class=\"meta\">",
			   week, week);
	rc |= esc(b, period);
	rc |= sr_buf_printf(b, " · %ld article%s</p>\n", bl->documents, bl->documents == 1 ? "" : "s");
	if (!bl->nspheres)
		rc |= sr_buf_puts(b, "<p class=\"empty\">Nothing to report for this week.</p>\n");
	else
		rc |= sr_buf_puts(b, "<ul class=\"headlines\">\n");
	for (size_t i = 0; i < bl->nspheres; i++) {
		const sr_bulletin_sphere *s = &bl->spheres[i];
		rc |= sr_buf_puts(b, "<li>");
		rc |= put_label(b, s->label);
		rc |= sr_buf_printf(b, " <a href=\"/bulletin/%s#sphere-", week);
		rc |= esc(b, s->id);
		rc |= sr_buf_puts(b, "\"><strong>");
		rc |= esc(b, s->title && *s->title ? s->title : s->id);
		rc |= sr_buf_puts(b, "</strong></a>: ");
		rc |= esc(b, s->headline);
		rc |= sr_buf_printf(b, " <span class=\"muted\">(%ld event%s)</span></li>\n", s->events,
				    s->events == 1 ? "" : "s");
	}
	if (bl->nspheres)
		rc |= sr_buf_puts(b, "</ul>\n");
	rc |= sr_buf_puts(b, "</section>\n");
	sr_bulletin_free(bl);
	return rc ? SR_ENOMEM : 0;
}

static int dash_trends(const sr_web_req *r, sr_buf *b, const char *week, sr_error *err)
{
	const sr_spheres *sph = r->ctx->spheres;
	dash_st *st = calloc(1, sizeof *st);
	if (!st)
		return SR_ENOMEM;
	st->week = week;
	sr_date from, to, mon = sr_week_monday(week);
	int rc = sr_bulletin_window(week, &from, &to) ? 0 : SR_EINPUT;
	sr_date rank_from = sr_date_add(mon, -7L * (DASH_WEEKS - 1)), rank_to = sr_date_add(mon, 6);
	if (rc == 0)
		rc = sr_store_top_dyads(r->ctx->store, rank_from, rank_to, DASH_DYADS, dash_dyad, st, err);
	for (size_t i = 0; rc == 0 && i < st->n && sph; i++) {
		st->cur = &st->rows[i];
		sr_series_query q = {.party_a = st->rows[i].a, .party_b = st->rows[i].b, .spheres = sph,
				     .by = SR_SERIES_WEEK, .from = from, .to = rank_to};
		rc = sr_store_series_spheres(r->ctx->store, &q, dash_sphere, st, err);
	}
	if (rc == 0 && st->n) {
		sr_series_query q = {.party_a = st->rows[0].a, .party_b = st->rows[0].b, .by = SR_SERIES_WEEK,
				     .from = rank_from, .to = rank_to};
		rc = sr_store_series(r->ctx->store, &q, dash_point, st, err);
	}
	if (rc < 0) {
		free(st);
		return rc;
	}
	int w = sr_buf_printf(b, "<section class=\"trends\">\n<h2>Dyads of the last %d weeks</h2>\n", DASH_WEEKS);
	if (!st->n) {
		w |= sr_buf_puts(b, "<p class=\"empty\">No coded events in these weeks.</p>\n</section>\n");
		free(st);
		return w ? SR_ENOMEM : 0;
	}
	w |= sr_buf_printf(b, "<p class=\"meta\">The %zu dyads with most events; each sphere's label for %s "
			      "(– : no event of that sphere that week).</p>\n",
			   st->n, week);
	w |= sr_buf_puts(b, "<div class=\"scroll\"><table class=\"trend\">\n<thead><tr><th>Dyad</th><th>Events</th>");
	size_t ns = sph ? sr_spheres_count(sph) : 0;
	if (ns > SR_SPHERES_MAX)
		ns = SR_SPHERES_MAX;
	for (size_t s = 0; s < ns; s++) {
		if (sr_spheres_is_overlay(sph, s))
			continue;
		w |= sr_buf_puts(b, "<th>");
		w |= esc(b, sr_spheres_title(sph, s));
		w |= sr_buf_puts(b, "</th>");
	}
	w |= sr_buf_puts(b, "</tr></thead>\n<tbody>\n");
	for (size_t i = 0; i < st->n; i++) {
		dyad_row *row = &st->rows[i];
		qs link;
		qs_init(&link, "/events");
		char dy[2 * SR_STORE_CODE_MAX + 2];
		snprintf(dy, sizeof dy, "%s-%s", row->a, row->b);
		qs_add(&link, "dyad", dy);
		w |= sr_buf_puts(b, "<tr><th scope=\"row\"><a");
		w |= qs_href(b, &link);
		w |= sr_buf_puts(b, ">");
		w |= esc(b, dy);
		w |= sr_buf_printf(b, "</a></th><td class=\"num\">%" PRId64 "</td>", row->events);
		qs_free(&link);
		for (size_t s = 0; s < ns; s++) {
			if (sr_spheres_is_overlay(sph, s))
				continue;
			w |= sr_buf_puts(b, "<td>");
			if (row->label[s] < 0)
				w |= sr_buf_puts(b, "<span class=\"muted\">–</span>");
			else
				w |= put_label(b, (sr_trend)row->label[s]);
			w |= sr_buf_puts(b, "</td>");
		}
		w |= sr_buf_puts(b, "</tr>\n");
	}
	w |= sr_buf_puts(b, "</tbody>\n</table></div>\n");
	for (size_t i = 0; i < st->npts; i++)
		st->pts[i].period = st->periods[i];
	char title[2 * SR_STORE_CODE_MAX + 32];
	snprintf(title, sizeof title, "%s–%s, weekly", st->rows[0].a, st->rows[0].b);
	w |= sr_buf_puts(b, "<figure class=\"chart\">\n");
	sr_chart_opts co = {.title = title, .highlight = week};
	rc = sr_chart_svg(st->pts, st->npts, &co, b, err);
	w |= sr_buf_puts(b, "\n<figcaption>");
	w |= esc(b, title);
	w |= sr_buf_puts(b, ": events of cooperation (up) and conflict (down), and the mean Goldstein score, by "
			    "week.</figcaption>\n</figure>\n</section>\n");
	free(st);
	if (rc < 0)
		return rc;
	return w ? SR_ENOMEM : 0;
}

static int page_dashboard(const sr_web_req *r, sr_web_resp *resp)
{
	sr_error err;
	sr_error_clear(&err);
	sr_store_stats stats;
	int rc = sr_store_stats_get(r->ctx->store, &stats, &err);
	char(*weeks)[9] = NULL;
	size_t n = 0;
	if (rc == 0)
		rc = bulletin_weeks(r, &weeks, &n, &err);
	if (rc < 0) {
		free(weeks);
		return store_fail(r, resp, rc, &err);
	}
	sr_buf *b = &resp->body;
	int w = sr_page_begin(b, "Dashboard", "dashboard", NULL);
	char first[11], last[11];
	sr_date_format(stats.first, first);
	sr_date_format(stats.last, last);
	w |= sr_buf_printf(b, "<h1>Situation desk</h1>\n<p class=\"stats\">%" PRId64 " article%s (%" PRId64
			      " near-duplicate%s), %" PRId64 " coded event%s, %" PRId64 " citation%s",
			   stats.documents, stats.documents == 1 ? "" : "s", stats.near_duplicates,
			   stats.near_duplicates == 1 ? "" : "s", stats.events, stats.events == 1 ? "" : "s",
			   stats.citations, stats.citations == 1 ? "" : "s");
	if (first[0])
		w |= sr_buf_printf(b, "; dated %s to %s", first, last);
	w |= sr_buf_puts(b, ".</p>\n");
	if (!n) {
		w |= sr_buf_puts(b, "<p class=\"empty\">The store holds no dated article yet: nothing to report.</p>\n");
	} else if (w == 0) {
		rc = dash_headlines(r, b, weeks[0], &err);
		if (rc == 0)
			rc = dash_trends(r, b, weeks[0], &err);
	}
	free(weeks);
	if (rc == SR_ENOMEM)
		w = -1;
	else if (rc < 0)
		return store_fail(r, resp, rc, &err);
	return finish(r, resp, w);
}

/* ---- routes ---- */

const sr_web_route sr_web_page_routes[] = {
	{"/", page_dashboard},
	{"/search", page_search},
	{"/article/", page_article},
	{"/events", page_events},
	{"/timeline", page_timeline},
	{"/bulletins", page_bulletins},
	{"/bulletin/", page_bulletin},
	{"/feed.atom", page_feed},
	{NULL, NULL},
};
