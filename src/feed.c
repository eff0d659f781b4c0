/* feed.c — RSS and Atom feeds into items (see feed.h).
 *
 * libxml2 builds the tree (no network, no entity substitution, no DTD
 * loading, libxml2's own size limits left on); a SAX hook refuses the first
 * entity declaration, so neither entity expansion nor external entities can
 * happen. Elements are matched by namespace and local name, so an atom:link
 * inside an RSS channel is not taken for the RSS <link>. */
#include "feed.h"

#include <ctype.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libxml/HTMLparser.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/uri.h>

#include "util/buf.h"
#include "util/limits.h"

#define NS_ATOM "http://www.w3.org/2005/Atom"
#define NS_RDF "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
#define NS_RSS1 "http://purl.org/rss/1.0/"
#define NS_RSS090 "http://my.netscape.com/rdf/simple/0.9/"
#define NS_DC "http://purl.org/dc/elements/1.1/"
#define NS_CONTENT "http://purl.org/rss/1.0/modules/content/"

typedef struct item {
	sr_feed_item pub;
	char *id, *link, *title, *summary, *content, *content_html;
	char **authors;
	size_t nauthors;
} item;

struct sr_feed {
	sr_feed_kind kind;
	char *title, *link;
	item *items;
	size_t n, cap, skipped;
};

/* ---- small helpers ---- */

static int is_el(const xmlNode *n, const char *ns, const char *name)
{
	if (!n || n->type != XML_ELEMENT_NODE || strcmp((const char *)n->name, name) != 0)
		return 0;
	if (!ns)
		return n->ns == NULL;
	return n->ns && n->ns->href && strcmp((const char *)n->ns->href, ns) == 0;
}

static const char *ns_of(const xmlNode *n)
{
	return n->ns && n->ns->href ? (const char *)n->ns->href : NULL;
}

static int is_space(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

/* Append s with whitespace runs collapsed to one space (a run at the start of
 * out, or after a paragraph break, is dropped). */
static int put_collapsed(sr_buf *out, const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		if (is_space(c)) {
			if (out->len && out->p[out->len - 1] != ' ' && out->p[out->len - 1] != '\n' &&
			    sr_buf_putc(out, ' ') < 0)
				return -1;
			continue;
		}
		/* U+00A0 (no-break space) is a space for our purposes */
		if (c == 0xC2 && i + 1 < len && (unsigned char)s[i + 1] == 0xA0) {
			i++;
			if (out->len && out->p[out->len - 1] != ' ' && out->p[out->len - 1] != '\n' &&
			    sr_buf_putc(out, ' ') < 0)
				return -1;
			continue;
		}
		if (sr_buf_putc(out, (char)c) < 0)
			return -1;
	}
	return 0;
}

/* Strip trailing spaces and newlines. */
static void trim_end(sr_buf *b)
{
	while (b->len && (b->p[b->len - 1] == ' ' || b->p[b->len - 1] == '\n'))
		b->len--;
	if (b->p)
		b->p[b->len] = '\0';
}

/* End a paragraph: the text so far ends in one blank line. */
static int para_break(sr_buf *out)
{
	trim_end(out);
	if (!out->len)
		return 0;
	return sr_buf_puts(out, "\n\n");
}

/* Duplicate the buffer's text, NULL when empty (absent and empty are one). */
static char *take_text(sr_buf *b, int *oom)
{
	trim_end(b);
	if (!b->len)
		return NULL;
	char *s = sr_strndup(b->p, b->len);
	if (!s)
		*oom = 1;
	return s;
}

/* The first of the three bytes pat in s[0..n), NULL if none. */
static const char *find3(const char *s, size_t n, const char *pat)
{
	while (n >= 3) {
		const char *p = memchr(s, pat[0], n - 2);
		if (!p)
			return NULL;
		if (p[1] == pat[1] && p[2] == pat[2])
			return p;
		n -= (size_t)(p - s) + 1;
		s = p + 1;
	}
	return NULL;
}

/* The most attributes on one element of s[0..n), counted before parsing:
 * libxml2 (2.9) compares each attribute of an element with all earlier ones,
 * so a few MB of one element's attributes would take hours. A '=' counts
 * once per attribute; quoted values are skipped only after a '=' (a stray
 * quote in text cannot hide what follows), comments and CDATA sections are
 * skipped whole (the HTML inside CDATA is counted when it is parsed). */
static size_t max_attrs(const char *s, size_t n)
{
	size_t best = 0, i = 0;
	while (i < n) {
		const char *lt = memchr(s + i, '<', n - i);
		if (!lt)
			break;
		i = (size_t)(lt - s) + 1;
		const char *close = NULL;
		if (n - i >= 3 && memcmp(s + i, "!--", 3) == 0)
			close = "-->";
		else if (n - i >= 8 && memcmp(s + i, "![CDATA[", 8) == 0)
			close = "]]>";
		if (close) {
			const char *end = find3(s + i, n - i, close);
			if (!end)
				break;
			i = (size_t)(end - s) + 3;
			continue;
		}
		size_t attrs = 0;
		int after_eq = 0;
		while (i < n && s[i] != '>') {
			char c = s[i];
			if (c == '=') {
				attrs++;
				after_eq = 1;
			} else if (after_eq && (c == '"' || c == '\'')) {
				const char *q = memchr(s + i + 1, c, n - i - 1);
				if (!q) {
					i = n;
					break;
				}
				i = (size_t)(q - s);
				after_eq = 0;
			} else if (!is_space((unsigned char)c)) {
				after_eq = 0;
			}
			i++;
		}
		if (attrs > best)
			best = attrs;
	}
	return best;
}

/* ---- HTML to text ---- */

static int is_block_tag(const char *n)
{
	static const char *const tags[] = {"p",  "div", "br", "li", "ul", "ol", "h1", "h2",
					   "h3", "h4",  "h5", "h6", "tr", "table", "blockquote",
					   "pre", "section", "article", "header", "footer",
					   "figure", "figcaption", "dd", "dt", "hr"};
	for (size_t i = 0; i < sizeof tags / sizeof tags[0]; i++)
		if (strcmp(n, tags[i]) == 0)
			return 1;
	return 0;
}

/* Text of a (X)HTML subtree: blocks become paragraphs, script and style are
 * dropped. Iterative: a hostile nesting depth cannot exhaust the stack. */
static int html_text(const xmlNode *root, sr_buf *out)
{
	const xmlNode *n = root->children;
	while (n) {
		int descend = 0;
		if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
			if (n->content && put_collapsed(out, (const char *)n->content,
							strlen((const char *)n->content)) < 0)
				return -1;
		} else if (n->type == XML_ELEMENT_NODE) {
			const char *name = (const char *)n->name;
			if (strcmp(name, "script") != 0 && strcmp(name, "style") != 0) {
				if (is_block_tag(name) && para_break(out) < 0)
					return -1;
				descend = 1;
			}
		} else if (n->type == XML_ENTITY_REF_NODE) {
			descend = 1;
		}
		if (descend && n->children) {
			n = n->children;
			continue;
		}
		/* next: a sibling, or up (closing blocks) until one has a sibling */
		while (n && n != root && !n->next) {
			n = n->parent;
			if (n && n != root && n->type == XML_ELEMENT_NODE &&
			    is_block_tag((const char *)n->name) && para_break(out) < 0)
				return -1;
		}
		if (!n || n == root)
			break;
		n = n->next;
	}
	return 0;
}

/* HTML markup (as an RSS description carries it) to text. Markup-free text
 * only has its whitespace collapsed. */
static int strip_html(const char *s, size_t len, sr_buf *out)
{
	if (!memchr(s, '<', len) && !memchr(s, '&', len))
		return put_collapsed(out, s, len);
	if (len > INT_MAX)
		return -1;
	if (max_attrs(s, len) > SR_MAX_HTML_ATTRS)
		return put_collapsed(out, s, len); /* hostile markup: kept as text */
	int opts = HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
		   HTML_PARSE_NONET | HTML_PARSE_COMPACT;
	htmlDocPtr doc = htmlReadMemory(len ? s : " ", len ? (int)len : 1, NULL, "UTF-8", opts);
	if (!doc)
		return put_collapsed(out, s, len);
	int rc = html_text((xmlNode *)doc, out);
	xmlFreeDoc(doc);
	return rc;
}

/* ---- dates ---- */

static int digits(const char *s, size_t *i, int min, int max, int *v)
{
	int n = 0, x = 0;
	while (n < max && isdigit((unsigned char)s[*i])) {
		x = x * 10 + (s[*i] - '0');
		(*i)++;
		n++;
	}
	if (n < min)
		return 0;
	*v = x;
	return 1;
}

static void skip_ws(const char *s, size_t *i)
{
	while (s[*i] && is_space((unsigned char)s[*i]))
		(*i)++;
}

static int finish_date(int y, int mo, int d, int h, int mi, int sec, int tz, int has_time,
		       sr_date *date, long long *epoch, int *tz_out, int *has_time_out)
{
	sr_date dt = sr_date_make(y, mo, d);
	if (!dt || h > 23 || mi > 59 || sec > 60 || tz < -18 * 60 || tz > 18 * 60)
		return 0;
	if (sec == 60)
		sec = 59; /* a leap second: the same minute is close enough */
	*date = dt;
	*epoch = (long long)sr_date_to_days(dt) * 86400 + h * 3600 + mi * 60 + sec - tz * 60LL;
	*tz_out = tz;
	*has_time_out = has_time;
	return 1;
}

static int parse_3339(const char *s, sr_date *date, long long *epoch, int *tz_out, int *ht)
{
	size_t i = 0;
	int y, mo, d, h = 0, mi = 0, sec = 0, tz = 0, has_time = 0;
	skip_ws(s, &i);
	if (!digits(s, &i, 4, 4, &y) || s[i++] != '-' || !digits(s, &i, 2, 2, &mo) ||
	    s[i++] != '-' || !digits(s, &i, 2, 2, &d))
		return 0;
	if (s[i] == 'T' || s[i] == 't' || (s[i] == ' ' && isdigit((unsigned char)s[i + 1]))) {
		i++;
		if (!digits(s, &i, 2, 2, &h) || s[i++] != ':' || !digits(s, &i, 2, 2, &mi))
			return 0;
		if (s[i] == ':') {
			i++;
			if (!digits(s, &i, 2, 2, &sec))
				return 0;
			if (s[i] == '.' || s[i] == ',') {
				i++;
				while (isdigit((unsigned char)s[i]))
					i++;
			}
		}
		has_time = 1;
		if (s[i] == 'Z' || s[i] == 'z') {
			i++;
		} else if (s[i] == '+' || s[i] == '-') {
			int sign = s[i++] == '-' ? -1 : 1, th, tm = 0;
			if (!digits(s, &i, 2, 2, &th))
				return 0;
			if (s[i] == ':')
				i++;
			if (isdigit((unsigned char)s[i]) && !digits(s, &i, 2, 2, &tm))
				return 0;
			if (tm > 59)
				return 0;
			tz = sign * (th * 60 + tm);
		}
	}
	skip_ws(s, &i);
	if (s[i])
		return 0;
	return finish_date(y, mo, d, h, mi, sec, tz, has_time, date, epoch, tz_out, ht);
}

/* RFC 822 zone names (RFC 2822 section 4.3); military letters other than Z
 * were never used consistently and count as UTC, as RFC 2822 advises. */
static int zone_name(const char *z, size_t n, int *tz)
{
	static const struct {
		const char *name;
		int off;
	} zones[] = {{"UT", 0},	       {"UTC", 0},	   {"GMT", 0},	       {"Z", 0},
		     {"EST", -5 * 60}, {"EDT", -4 * 60}, {"CST", -6 * 60}, {"CDT", -5 * 60},
		     {"MST", -7 * 60}, {"MDT", -6 * 60}, {"PST", -8 * 60}, {"PDT", -7 * 60},
		     {"MSK", 3 * 60}};
	for (size_t k = 0; k < sizeof zones / sizeof zones[0]; k++)
		if (strlen(zones[k].name) == n && strncasecmp(z, zones[k].name, n) == 0) {
			*tz = zones[k].off;
			return 1;
		}
	if (n == 1 && isalpha((unsigned char)z[0])) {
		*tz = 0;
		return 1;
	}
	return 0;
}

static int parse_822(const char *s, sr_date *date, long long *epoch, int *tz_out, int *ht)
{
	size_t i = 0;
	int d, mo, y, h = 0, mi = 0, sec = 0, tz = 0, has_time = 0;
	skip_ws(s, &i);
	/* optional day name: letters, then a comma or a space */
	if (isalpha((unsigned char)s[i])) {
		while (isalpha((unsigned char)s[i]))
			i++;
		if (s[i] == ',')
			i++;
		skip_ws(s, &i);
	}
	if (!digits(s, &i, 1, 2, &d))
		return 0;
	skip_ws(s, &i);
	if (s[i] == '-')
		i++; /* "18-Mar-2019", seen in old feeds */
	size_t ml = 0;
	mo = sr_month_lookup(s + i, strlen(s + i), &ml);
	if (!mo || !isalpha((unsigned char)s[i]))
		return 0;
	i += ml;
	while (isalpha((unsigned char)s[i]) || s[i] == '.')
		i++;
	skip_ws(s, &i);
	if (s[i] == '-')
		i++;
	size_t y0 = i;
	if (!digits(s, &i, 2, 4, &y) || i - y0 == 3)
		return 0;
	if (i - y0 == 2)
		y += y < 50 ? 2000 : 1900;
	skip_ws(s, &i);
	if (isdigit((unsigned char)s[i])) {
		if (!digits(s, &i, 1, 2, &h) || s[i++] != ':' || !digits(s, &i, 2, 2, &mi))
			return 0;
		if (s[i] == ':') {
			i++;
			if (!digits(s, &i, 2, 2, &sec))
				return 0;
		}
		has_time = 1;
		skip_ws(s, &i);
		if (s[i] == '+' || s[i] == '-') {
			int sign = s[i++] == '-' ? -1 : 1, th, tm = 0;
			if (!digits(s, &i, 2, 2, &th))
				return 0;
			if (s[i] == ':')
				i++;
			if (isdigit((unsigned char)s[i]) && !digits(s, &i, 2, 2, &tm))
				return 0;
			if (tm > 59)
				return 0;
			tz = sign * (th * 60 + tm);
		} else if (isalpha((unsigned char)s[i])) {
			size_t z0 = i;
			while (isalpha((unsigned char)s[i]))
				i++;
			if (!zone_name(s + z0, i - z0, &tz))
				return 0;
		}
		skip_ws(s, &i);
		if (s[i] == '(') /* "+0000 (UTC)" comments */
			while (s[i] && s[i] != ')')
				i++;
		if (s[i] == ')')
			i++;
		skip_ws(s, &i);
	}
	if (s[i])
		return 0;
	return finish_date(y, mo, d, h, mi, sec, tz, has_time, date, epoch, tz_out, ht);
}

int sr_feed_parse_date(const char *s, sr_date *date, long long *epoch, int *tz_minutes,
		       int *has_time)
{
	sr_date d0;
	long long e0;
	int t0, h0;
	if (!s)
		return 0;
	if (parse_3339(s, &d0, &e0, &t0, &h0) || parse_822(s, &d0, &e0, &t0, &h0)) {
		*date = d0;
		*epoch = e0;
		*tz_minutes = t0;
		*has_time = h0;
		return 1;
	}
	return 0;
}

/* ---- building the feed ---- */

typedef struct parse_state {
	sr_feed *f;
	xmlDocPtr doc;
	int oom;
	sr_buf tmp;
	size_t max_items;
	int too_many;
} parse_state;

/* Text of an element: its text and CDATA descendants, collapsed. For
 * as_html, markup inside that text (escaped HTML, CDATA HTML) is stripped. */
static char *el_text(parse_state *ps, const xmlNode *n, int as_html)
{
	sr_buf *b = &ps->tmp;
	sr_buf_reset(b);
	xmlChar *raw = xmlNodeGetContent(n);
	if (!raw) {
		return NULL;
	}
	size_t len = strlen((const char *)raw);
	int rc = as_html ? strip_html((const char *)raw, len, b) : put_collapsed(b, (const char *)raw, len);
	xmlFree(raw);
	if (rc < 0) {
		ps->oom = 1;
		return NULL;
	}
	return take_text(b, &ps->oom);
}

/* Raw content of an element as text (the escaped HTML an RSS description or
 * an Atom type="html" carries), NULL when empty. */
static char *el_raw(parse_state *ps, const xmlNode *n)
{
	xmlChar *raw = xmlNodeGetContent(n);
	if (!raw)
		return NULL;
	const char *p = (const char *)raw;
	while (*p && is_space((unsigned char)*p))
		p++;
	char *s = NULL;
	if (*p) {
		s = strdup(p);
		if (!s)
			ps->oom = 1;
	}
	xmlFree(raw);
	return s;
}

/* An Atom text construct (title, summary, content, rights): type text, html
 * or xhtml. *html_out, when given, receives the markup for html/xhtml. */
static char *atom_text(parse_state *ps, const xmlNode *n, char **html_out)
{
	xmlChar *type = xmlGetProp(n, (const xmlChar *)"type");
	const char *t = type ? (const char *)type : "text";
	char *s = NULL;
	if (strcmp(t, "xhtml") == 0) {
		sr_buf *b = &ps->tmp;
		sr_buf_reset(b);
		if (html_text(n, b) < 0)
			ps->oom = 1;
		else
			s = take_text(b, &ps->oom);
		if (html_out && s) {
			/* the inline XHTML itself, serialised */
			xmlBufferPtr xb = xmlBufferCreate();
			if (xb) {
				for (xmlNode *c = n->children; c; c = c->next)
					xmlNodeDump(xb, ps->doc, c, 0, 0);
				*html_out = strdup((const char *)xmlBufferContent(xb));
				if (!*html_out)
					ps->oom = 1;
				xmlBufferFree(xb);
			} else {
				ps->oom = 1;
			}
		}
	} else if (strcmp(t, "html") == 0 || strcmp(t, "text/html") == 0) {
		s = el_text(ps, n, 1);
		if (html_out && s)
			*html_out = el_raw(ps, n);
	} else {
		s = el_text(ps, n, 0);
	}
	xmlFree(type);
	return s;
}

/* Replace *field with s (taking it). */
static void set_field(char **field, char *s)
{
	if (!s)
		return;
	free(*field);
	*field = s;
}

/* The href resolved against the element's base (xml:base chain and the
 * document URL); NULL unless the result is an absolute http(s) URL. */
static char *resolve(parse_state *ps, const xmlNode *n, const char *href)
{
	while (*href && is_space((unsigned char)*href))
		href++;
	size_t len = strlen(href);
	while (len && is_space((unsigned char)href[len - 1]))
		len--;
	if (!len)
		return NULL;
	char *h = sr_strndup(href, len);
	if (!h) {
		ps->oom = 1;
		return NULL;
	}
	xmlChar *base = xmlNodeGetBase(ps->doc, n);
	xmlChar *abs = xmlBuildURI((const xmlChar *)h, base);
	if (!abs) {
		/* libxml2 wants URIs, feeds carry IRIs (Cyrillic paths) and stray
		 * spaces: escape what is not URI syntax and try again */
		xmlChar *esc = xmlURIEscapeStr((const xmlChar *)h,
					       (const xmlChar *)":/?#[]@!$&'()*+,;=%~");
		if (esc)
			abs = xmlBuildURI(esc, base);
		xmlFree(esc);
	}
	xmlFree(base);
	free(h);
	if (!abs)
		return NULL;
	char *out = NULL;
	xmlURIPtr u = xmlParseURI((const char *)abs);
	if (u && u->scheme && u->server && u->server[0] &&
	    (strcasecmp(u->scheme, "http") == 0 || strcasecmp(u->scheme, "https") == 0)) {
		out = strdup((const char *)abs);
		if (!out)
			ps->oom = 1;
		/* schemes are case-insensitive; hand on the canonical lower case
		 * so callers can compare URLs and prefixes bytewise */
		for (char *p = out; p && *p && *p != ':'; p++)
			*p = (char)tolower((unsigned char)*p);
	}
	xmlFreeURI(u);
	xmlFree(abs);
	return out;
}

static void add_author(parse_state *ps, item *it, char *name)
{
	if (!name)
		return;
	if (it->nauthors >= SR_FEED_MAX_AUTHORS) {
		free(name);
		return;
	}
	for (size_t k = 0; k < it->nauthors; k++)
		if (strcmp(it->authors[k], name) == 0) {
			free(name);
			return;
		}
	char **a = realloc(it->authors, (it->nauthors + 1) * sizeof *a);
	if (!a) {
		free(name);
		ps->oom = 1;
		return;
	}
	it->authors = a;
	it->authors[it->nauthors++] = name;
}

static void item_cleanup(item *it)
{
	free(it->id);
	free(it->link);
	free(it->title);
	free(it->summary);
	free(it->content);
	free(it->content_html);
	for (size_t k = 0; k < it->nauthors; k++)
		free(it->authors[k]);
	free(it->authors);
}

static void set_date(item *it, const char *s, int overwrite)
{
	sr_date d;
	long long e;
	int tz, ht;
	if (it->pub.date && !overwrite)
		return;
	if (s && sr_feed_parse_date(s, &d, &e, &tz, &ht)) {
		it->pub.date = d;
		it->pub.published = e;
		it->pub.tz_minutes = tz;
		it->pub.has_time = ht;
	}
}

static void date_of(parse_state *ps, item *it, const xmlNode *n, int overwrite)
{
	xmlChar *raw = xmlNodeGetContent(n);
	if (!raw)
		return;
	set_date(it, (const char *)raw, overwrite);
	xmlFree(raw);
}

/* Keep the item if it can be remembered (an id or a link); it is consumed. */
static void keep_item(parse_state *ps, item *it)
{
	sr_feed *f = ps->f;
	if (!it->id && it->link) {
		it->id = strdup(it->link);
		if (!it->id)
			ps->oom = 1;
	}
	if (!it->id || ps->oom) {
		if (!ps->oom)
			f->skipped++;
		item_cleanup(it);
		return;
	}
	if (f->n >= ps->max_items) {
		ps->too_many = 1;
		item_cleanup(it);
		return;
	}
	if (f->n == f->cap) {
		size_t cap = f->cap ? f->cap * 2 : 16;
		item *p = realloc(f->items, cap * sizeof *p);
		if (!p) {
			ps->oom = 1;
			item_cleanup(it);
			return;
		}
		f->items = p;
		f->cap = cap;
	}
	f->items[f->n++] = *it;
}

/* An RSS 2.0 <item> or RSS 1.0 <item rdf:about>. rss_ns: the namespace of
 * the RSS elements (NULL for 2.0). */
static void rss_item(parse_state *ps, const xmlNode *el, const char *rss_ns)
{
	item it;
	memset(&it, 0, sizeof it);
	it.pub.line = xmlGetLineNo(el);
	char *guid_link = NULL;
	for (const xmlNode *c = el->children; c && !ps->oom; c = c->next) {
		if (c->type != XML_ELEMENT_NODE)
			continue;
		if (is_el(c, rss_ns, "title")) {
			set_field(&it.title, el_text(ps, c, 0));
		} else if (is_el(c, rss_ns, "link")) {
			xmlChar *raw = xmlNodeGetContent(c);
			if (raw) {
				set_field(&it.link, resolve(ps, c, (const char *)raw));
				xmlFree(raw);
			}
		} else if (is_el(c, rss_ns, "guid")) {
			set_field(&it.id, el_text(ps, c, 0));
			xmlChar *perma = xmlGetProp(c, (const xmlChar *)"isPermaLink");
			if (it.id && (!perma || strcmp((const char *)perma, "false") != 0)) {
				free(guid_link);
				guid_link = resolve(ps, c, it.id);
			}
			xmlFree(perma);
		} else if (is_el(c, rss_ns, "description")) {
			set_field(&it.summary, el_text(ps, c, 1));
		} else if (is_el(c, NS_CONTENT, "encoded")) {
			set_field(&it.content, el_text(ps, c, 1));
			set_field(&it.content_html, el_raw(ps, c));
		} else if (is_el(c, rss_ns, "pubDate")) {
			date_of(ps, &it, c, 1);
		} else if (is_el(c, NS_DC, "date")) {
			date_of(ps, &it, c, 0);
		} else if (is_el(c, rss_ns, "author") || is_el(c, NS_DC, "creator")) {
			add_author(ps, &it, el_text(ps, c, 0));
		}
	}
	if (!it.id && rss_ns) {
		xmlChar *about = xmlGetNsProp(el, (const xmlChar *)"about", (const xmlChar *)NS_RDF);
		if (about && about[0]) {
			it.id = strdup((const char *)about);
			if (!it.id)
				ps->oom = 1;
		}
		xmlFree(about);
	}
	if (!it.link && guid_link) {
		it.link = guid_link;
		guid_link = NULL;
	}
	free(guid_link);
	keep_item(ps, &it);
}

/* The name of an Atom person construct. */
static char *atom_person(parse_state *ps, const xmlNode *p)
{
	for (const xmlNode *c = p->children; c; c = c->next)
		if (is_el(c, NS_ATOM, "name"))
			return el_text(ps, c, 0);
	return NULL;
}

/* The link an Atom element points to: rel="alternate" (or no rel), an HTML
 * type preferred. */
static char *atom_alternate(parse_state *ps, const xmlNode *parent)
{
	char *best = NULL;
	int best_score = -1;
	for (const xmlNode *c = parent->children; c && !ps->oom; c = c->next) {
		if (!is_el(c, NS_ATOM, "link"))
			continue;
		xmlChar *rel = xmlGetProp(c, (const xmlChar *)"rel");
		xmlChar *type = xmlGetProp(c, (const xmlChar *)"type");
		xmlChar *href = xmlGetProp(c, (const xmlChar *)"href");
		int alt = !rel || strcmp((const char *)rel, "alternate") == 0;
		int score = !type ? 1
				  : (strcmp((const char *)type, "text/html") == 0 ||
				     strcmp((const char *)type, "application/xhtml+xml") == 0)
				  ? 2
				  : 0;
		if (alt && href && score > best_score) {
			char *r = resolve(ps, c, (const char *)href);
			if (r) {
				free(best);
				best = r;
				best_score = score;
			}
		}
		xmlFree(rel);
		xmlFree(type);
		xmlFree(href);
	}
	return best;
}

static void atom_entry(parse_state *ps, const xmlNode *el, char *const *feed_authors,
		       size_t nfeed_authors)
{
	item it;
	memset(&it, 0, sizeof it);
	it.pub.line = xmlGetLineNo(el);
	int have_published = 0;
	for (const xmlNode *c = el->children; c && !ps->oom; c = c->next) {
		if (c->type != XML_ELEMENT_NODE || !ns_of(c) || strcmp(ns_of(c), NS_ATOM) != 0)
			continue;
		const char *name = (const char *)c->name;
		if (strcmp(name, "id") == 0) {
			set_field(&it.id, el_text(ps, c, 0));
		} else if (strcmp(name, "title") == 0) {
			set_field(&it.title, atom_text(ps, c, NULL));
		} else if (strcmp(name, "summary") == 0) {
			set_field(&it.summary, atom_text(ps, c, NULL));
		} else if (strcmp(name, "content") == 0) {
			xmlChar *src = xmlGetProp(c, (const xmlChar *)"src");
			if (!src) {
				char *html = NULL;
				set_field(&it.content, atom_text(ps, c, &html));
				set_field(&it.content_html, html);
			}
			xmlFree(src);
		} else if (strcmp(name, "published") == 0) {
			date_of(ps, &it, c, 1);
			have_published = it.pub.date != 0;
		} else if (strcmp(name, "updated") == 0) {
			date_of(ps, &it, c, !have_published);
		} else if (strcmp(name, "author") == 0) {
			add_author(ps, &it, atom_person(ps, c));
		}
	}
	it.link = atom_alternate(ps, el);
	/* an entry without authors has the feed's (RFC 4287 4.2.1) */
	int inherit = it.nauthors == 0;
	for (size_t k = 0; inherit && k < nfeed_authors && !ps->oom; k++) {
		char *a = strdup(feed_authors[k]);
		if (!a)
			ps->oom = 1;
		add_author(ps, &it, a);
	}
	keep_item(ps, &it);
}

static void parse_atom(parse_state *ps, const xmlNode *root)
{
	sr_feed *f = ps->f;
	item feed_people; /* only its authors are used */
	memset(&feed_people, 0, sizeof feed_people);
	for (const xmlNode *c = root->children; c && !ps->oom; c = c->next) {
		if (is_el(c, NS_ATOM, "title"))
			set_field(&f->title, atom_text(ps, c, NULL));
		else if (is_el(c, NS_ATOM, "author"))
			add_author(ps, &feed_people, atom_person(ps, c));
	}
	f->link = atom_alternate(ps, root);
	for (const xmlNode *c = root->children; c && !ps->oom && !ps->too_many; c = c->next)
		if (is_el(c, NS_ATOM, "entry"))
			atom_entry(ps, c, feed_people.authors, feed_people.nauthors);
	item_cleanup(&feed_people);
}

static void rss_channel_fields(parse_state *ps, const xmlNode *ch, const char *rss_ns)
{
	sr_feed *f = ps->f;
	for (const xmlNode *c = ch->children; c && !ps->oom; c = c->next) {
		if (is_el(c, rss_ns, "title")) {
			set_field(&f->title, el_text(ps, c, 0));
		} else if (is_el(c, rss_ns, "link")) {
			xmlChar *raw = xmlNodeGetContent(c);
			if (raw) {
				set_field(&f->link, resolve(ps, c, (const char *)raw));
				xmlFree(raw);
			}
		}
	}
}

static void parse_rss2(parse_state *ps, const xmlNode *root)
{
	for (const xmlNode *ch = root->children; ch && !ps->oom; ch = ch->next) {
		if (!is_el(ch, NULL, "channel"))
			continue;
		rss_channel_fields(ps, ch, NULL);
		for (const xmlNode *c = ch->children; c && !ps->oom && !ps->too_many; c = c->next)
			if (is_el(c, NULL, "item"))
				rss_item(ps, c, NULL);
		break; /* one channel per feed (RSS 2.0) */
	}
}

static void parse_rss1(parse_state *ps, const xmlNode *root, const char *rss_ns)
{
	for (const xmlNode *c = root->children; c && !ps->oom && !ps->too_many; c = c->next) {
		if (is_el(c, rss_ns, "channel"))
			rss_channel_fields(ps, c, rss_ns);
		else if (is_el(c, rss_ns, "item"))
			rss_item(ps, c, rss_ns);
	}
}

/* ---- libxml2 hooks ---- */

typedef struct hooks {
	xmlParserCtxtPtr ctxt;
	int entity_decl;
	long entity_line;
	int have_error;
	long err_line;
	char err_msg[200];
} hooks;

static void on_entity_decl(void *ud, const xmlChar *name, int type, const xmlChar *public_id,
			   const xmlChar *system_id, xmlChar *content)
{
	xmlParserCtxtPtr ctxt = ud;
	hooks *h = ctxt->_private;
	if (!h->entity_decl) {
		h->entity_decl = 1;
		h->entity_line = xmlSAX2GetLineNumber(ctxt);
	}
	/* stop at the first declaration: nothing declared can be referenced,
	 * so nothing is ever expanded */
	xmlStopParser(ctxt);
}

static void on_error(void *ud, xmlErrorPtr e)
{
	xmlParserCtxtPtr ctxt = ud;
	hooks *h = ctxt ? ctxt->_private : NULL;
	if (!h || !e || e->level != XML_ERR_FATAL || h->have_error)
		return;
	h->have_error = 1;
	h->err_line = e->line;
	const char *m = e->message ? e->message : "malformed XML";
	size_t n = strlen(m);
	while (n && (m[n - 1] == '\n' || m[n - 1] == ' '))
		n--;
	if (n >= sizeof h->err_msg)
		n = sizeof h->err_msg - 1;
	memcpy(h->err_msg, m, n);
	h->err_msg[n] = '\0';
}

int sr_feed_parse(const char *bytes, size_t len, const char *url, const sr_feed_opts *opts,
		  sr_feed **out, sr_error *err)
{
	*out = NULL;
	size_t max_bytes = opts && opts->max_bytes ? opts->max_bytes : SR_FEED_MAX_BYTES;
	size_t max_items = opts && opts->max_items ? opts->max_items : SR_FEED_MAX_ITEMS;
	const char *file = url;
	if (len > max_bytes || len > INT_MAX)
		return sr_error_set(err, SR_EINPUT, file, 0, -1,
				    "feed of %zu bytes is larger than %zu bytes", len, max_bytes);
	if (len == 0)
		return sr_error_set(err, SR_EINPUT, file, 0, -1, "empty feed document");
	if (max_attrs(bytes, len) > SR_MAX_HTML_ATTRS)
		return sr_error_set(err, SR_EINPUT, file, 0, -1,
				    "feed has an element with more than %d attributes "
				    "(SR_MAX_HTML_ATTRS)",
				    SR_MAX_HTML_ATTRS);

	hooks h;
	memset(&h, 0, sizeof h);
	xmlParserCtxtPtr ctxt = xmlNewParserCtxt();
	if (!ctxt)
		return sr_error_set(err, SR_ENOMEM, file, 0, -1, "out of memory parsing feed");
	h.ctxt = ctxt;
	ctxt->_private = &h;
	ctxt->sax->entityDecl = on_entity_decl;
	ctxt->sax->serror = on_error;
	/* no NOENT (entities are not substituted), no DTDLOAD/DTDATTR (no
	 * external subset is read), no HUGE (libxml2's limits on text node
	 * size and depth stay on), no RECOVER (broken XML is an error) */
	int xopts = XML_PARSE_NONET | XML_PARSE_NOBLANKS | XML_PARSE_NOERROR | XML_PARSE_NOWARNING |
		    XML_PARSE_BIG_LINES;
	xmlDocPtr doc = xmlCtxtReadMemory(ctxt, bytes, (int)len, url, NULL, xopts);
	int rc = 0;
	if (h.entity_decl) {
		rc = sr_error_set(err, SR_EINPUT, file, h.entity_line, -1,
				  "feed declares entities in a DTD (refused: entity expansion)");
		goto out;
	}
	/* only fatal errors count: an undeclared entity under an external DTD
	 * (old RSS 0.91 feeds) or an undeclared namespace prefix is not one */
	if (!doc || !ctxt->wellFormed) {
		long line = h.have_error ? h.err_line : ctxt->input ? ctxt->input->line : 0;
		rc = sr_error_set(err, SR_EINPUT, file, line, -1, "feed is not well-formed XML: %s",
				  h.have_error ? h.err_msg : "parse failed");
		goto out;
	}
	xmlNode *root = xmlDocGetRootElement(doc);
	if (!root) {
		rc = sr_error_set(err, SR_EINPUT, file, 0, -1, "feed has no root element");
		goto out;
	}
	sr_feed *f = calloc(1, sizeof *f);
	if (!f) {
		rc = sr_error_set(err, SR_ENOMEM, file, 0, -1, "out of memory parsing feed");
		goto out;
	}
	parse_state ps;
	memset(&ps, 0, sizeof ps);
	ps.f = f;
	ps.doc = doc;
	ps.max_items = max_items;
	sr_buf_init(&ps.tmp, 2 * len + 4096);
	if (is_el(root, NULL, "rss")) {
		f->kind = SR_FEED_RSS2;
		parse_rss2(&ps, root);
	} else if (is_el(root, NS_ATOM, "feed")) {
		f->kind = SR_FEED_ATOM;
		parse_atom(&ps, root);
	} else if (is_el(root, NS_RDF, "RDF")) {
		f->kind = SR_FEED_RSS1;
		const char *ns = NS_RSS1;
		for (const xmlNode *c = root->children; c; c = c->next)
			if (is_el(c, NS_RSS090, "channel") || is_el(c, NS_RSS090, "item"))
				ns = NS_RSS090;
		parse_rss1(&ps, root, ns);
	} else {
		rc = sr_error_set(err, SR_EINPUT, file, xmlGetLineNo(root), -1,
				  "not an RSS or Atom feed (root element <%s>)", (const char *)root->name);
	}
	sr_buf_cleanup(&ps.tmp);
	if (!rc && ps.oom)
		rc = sr_error_set(err, SR_ENOMEM, file, 0, -1, "out of memory parsing feed");
	if (!rc && ps.too_many)
		rc = sr_error_set(err, SR_EINPUT, file, 0, -1, "feed has more than %zu items",
				  max_items);
	if (rc) {
		sr_feed_free(f);
		goto out;
	}
	/* the public views point into the owned strings (stable from here on) */
	for (size_t i = 0; i < f->n; i++) {
		item *it = &f->items[i];
		it->pub.id = it->id;
		it->pub.link = it->link;
		it->pub.title = it->title;
		it->pub.summary = it->summary;
		it->pub.content = it->content;
		it->pub.content_html = it->content_html;
		it->pub.authors = (const char *const *)it->authors;
		it->pub.nauthors = it->nauthors;
	}
	*out = f;
out:
	if (doc)
		xmlFreeDoc(doc);
	xmlFreeParserCtxt(ctxt);
	return rc;
}

void sr_feed_free(sr_feed *f)
{
	if (!f)
		return;
	for (size_t i = 0; i < f->n; i++)
		item_cleanup(&f->items[i]);
	free(f->items);
	free(f->title);
	free(f->link);
	free(f);
}

sr_feed_kind sr_feed_get_kind(const sr_feed *f)
{
	return f->kind;
}

const char *sr_feed_title(const sr_feed *f)
{
	return f->title;
}

const char *sr_feed_link(const sr_feed *f)
{
	return f->link;
}

size_t sr_feed_count(const sr_feed *f)
{
	return f->n;
}

const sr_feed_item *sr_feed_item_at(const sr_feed *f, size_t i)
{
	return i < f->n ? &f->items[i].pub : NULL;
}

size_t sr_feed_skipped(const sr_feed *f)
{
	return f->skipped;
}
