/* extract_html_meta.c — metadata of an HTML page: title, by-line, date,
 * publication, section and URL.
 *
 * The tree walk of extract_html.c hands every element that can carry
 * metadata to hx_meta_hook and by-line-named ones to hx_byline_hook; they
 * collect candidates (meta tags, JSON-LD, <time>, <h1>, rel=author,
 * canonical links) in hx.meta. Once the article's region is known,
 * hx_meta_resolve picks among them by the order docs/extract-html.md gives
 * and cleans them (a site's name off a title, lead-ins off a by-line). */
#include "extract_html_int.h"

#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "util/limits.h"

/* ==== metadata ==== */

static int ascii_lower(int c)
{
	return c >= 'A' && c <= 'Z' ? c + 32 : c;
}

static int starts_ci(const char *s, size_t n, const char *pre)
{
	size_t m = strlen(pre);
	if (m > n)
		return 0;
	for (size_t i = 0; i < m; i++)
		if (ascii_lower((unsigned char)s[i]) != ascii_lower((unsigned char)pre[i]))
			return 0;
	return 1;
}

/* Whitespace-normalised heap copy of s[0..n); NULL when empty, over
 * SR_MAX_FIELD (a field that long is not the field), or out of memory. */
static char *norm_dup(const char *s, size_t n)
{
	if (n > 8 * SR_MAX_FIELD)
		return NULL;
	char *out = malloc(n + 1);
	if (!out)
		return NULL;
	size_t k = 0;
	int sp = 0;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c <= 0x20 || (c == 0xC2 && i + 1 < n && (unsigned char)s[i + 1] == 0xA0)) {
			if (c == 0xC2)
				i++;
			sp = 1;
			continue;
		}
		if (sp && k)
			out[k++] = ' ';
		sp = 0;
		out[k++] = (char)c;
	}
	out[k] = '\0';
	if (k == 0 || k > SR_MAX_FIELD) {
		free(out);
		return NULL;
	}
	return out;
}

/* Text under n, normalised; NULL if none or too long. The walk calls this a
 * bounded number of times per page, so the subtree copies stay linear. */
static char *node_text(xmlNode *n)
{
	xmlChar *c = xmlNodeGetContent(n);
	if (!c)
		return NULL;
	char *s = norm_dup((const char *)c, strlen((const char *)c));
	xmlFree(c);
	return s;
}

static char *attr_dup(xmlNode *el, const char *name)
{
	xmlAttr *a = xmlHasProp(el, (const xmlChar *)name);
	if (!a || !a->children || !a->children->content)
		return NULL;
	const char *v = (const char *)a->children->content;
	return norm_dup(v, strlen(v));
}

/* Take v into *field unless it is set already; v is consumed. */
static void set_once(char **field, char *v)
{
	if (!v)
		return;
	if (*field) {
		free(v);
		return;
	}
	*field = v;
}

static int is_url(const char *s)
{
	return starts_ci(s, strlen(s), "http://") || starts_ci(s, strlen(s), "https://") ||
	       s[0] == '/';
}

static int read_num(const char *s, size_t n, size_t *i, int maxdigits)
{
	int v = 0, d = 0;
	while (*i < n && s[*i] >= '0' && s[*i] <= '9' && d < maxdigits) {
		v = v * 10 + (s[*i] - '0');
		(*i)++;
		d++;
	}
	if (*i < n && s[*i] >= '0' && s[*i] <= '9')
		return -1; /* more digits than a date field has */
	return d ? v : -1;
}

/* A date in the forms pages state one: ISO 8601 ("2019-11-19T10:00Z"),
 * yyyy/mm/dd, dd.mm.yyyy, mm/dd/yyyy, "Nov. 19, 2019", "19 November 2019",
 * "19 ноября 2019 г.". 0 when none is found. */
static sr_date parse_date_any(const char *s, size_t n)
{
	if (n > 200)
		n = 200; /* a date is stated near the start of its text */
	for (size_t i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			continue;
		if (i > 0 && s[i - 1] >= '0' && s[i - 1] <= '9')
			continue;
		size_t j = i;
		int a = read_num(s, n, &j, 4);
		if (a < 0)
			continue;
		size_t dig = j - i;
		if (j + 1 < n && (s[j] == '-' || s[j] == '/' || s[j] == '.')) {
			char sep = s[j];
			size_t k = j + 1;
			int b = read_num(s, n, &k, 2);
			if (b >= 0 && k + 1 < n && s[k] == sep) {
				size_t l = k + 1;
				int c = read_num(s, n, &l, 4);
				if (dig == 4 && l - k - 1 <= 2 && c > 0) {
					sr_date d = sr_date_make(a, b, c);
					if (d)
						return d;
				} else if (dig <= 2 && l - k - 1 == 4) {
					/* dd.mm.yyyy in Europe, mm/dd/yyyy in the US */
					sr_date d = sep == '/' ? sr_date_make(c, a, b) : sr_date_make(c, b, a);
					if (!d)
						d = sep == '/' ? sr_date_make(c, b, a) : sr_date_make(c, a, b);
					if (d)
						return d;
				}
			}
		}
	}
	/* month names: find one, then a day and a year around it */
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (!(hx_is_alpha_ascii(c) || c >= 0xC0))
			continue;
		if (i > 0 && (hx_is_alpha_ascii((unsigned char)s[i - 1]) ||
			      (unsigned char)s[i - 1] >= 0x80))
			continue;
		size_t ml = 0;
		int mon = sr_month_lookup(s + i, n - i, &ml);
		if (!mon)
			continue;
		int day = -1, year = -1;
		/* day before the month: "19 November 2019" */
		size_t b = i;
		while (b > 0 && (s[b - 1] == ' ' || s[b - 1] == '.'))
			b--;
		size_t e = b;
		while (b > 0 && s[b - 1] >= '0' && s[b - 1] <= '9')
			b--;
		if (e > b && e - b <= 2) {
			size_t q = b;
			day = read_num(s, n, &q, 2);
		}
		/* after the month: "Nov. 19, 2019", "November 2019", "ноября 2019" */
		size_t j = i + ml;
		while (j < n && !(s[j] >= '0' && s[j] <= '9') && j < i + ml + 4)
			j++;
		size_t q = j;
		int v = read_num(s, n, &q, 4);
		if (v >= 0 && q - j <= 2 && day < 0) {
			day = v;
			while (q < n && (s[q] == ',' || s[q] == ' ' || s[q] == '.' || s[q] == 't' ||
					 s[q] == 'h' || s[q] == 's' || s[q] == 'n' || s[q] == 'd' ||
					 s[q] == 'r') && q < j + 8)
				q++;
			size_t r = q;
			v = read_num(s, n, &r, 4);
			if (r - q == 4)
				year = v;
		} else if (v >= 0 && q - j == 4) {
			year = v;
		}
		if (year > 0 && day > 0) {
			sr_date d = sr_date_make(year, mon, day);
			if (d)
				return d;
		}
	}
	return 0;
}

static int attr_has(xmlNode *el, const char *name)
{
	return xmlHasProp(el, (const xmlChar *)name) != NULL;
}

/* Names of a JSON-LD author value: a string, an object with "name", or an
 * array of those; joined by ", ". */
static char *ld_names(json_t *v)
{
	sr_buf b;
	sr_buf_init(&b, SR_MAX_FIELD);
	json_t *items[8];
	size_t n = 0;
	if (json_is_array(v)) {
		for (size_t i = 0; i < json_array_size(v) && n < 8; i++)
			items[n++] = json_array_get(v, i);
	} else {
		items[n++] = v;
	}
	for (size_t i = 0; i < n; i++) {
		json_t *it = items[i];
		if (json_is_object(it))
			it = json_object_get(it, "name");
		const char *s = json_string_value(it);
		if (!s || !*s || is_url(s))
			continue;
		if ((b.len && sr_buf_puts(&b, ", ") != 0) || sr_buf_puts(&b, s) != 0)
			break;
	}
	char *out = b.len ? norm_dup(b.p, b.len) : NULL;
	sr_buf_cleanup(&b);
	return out;
}

static char *ld_str(json_t *v)
{
	if (json_is_array(v))
		v = json_array_get(v, 0);
	if (json_is_object(v))
		v = json_object_get(v, "name");
	const char *s = json_string_value(v);
	return s ? norm_dup(s, strlen(s)) : NULL;
}

/* How much a JSON-LD @type says "this is the article": 3 for *Article and
 * *Posting types, 1 for web pages, 0 otherwise. */
static int ld_type_rank(json_t *t)
{
	int best = 0;
	size_t n = json_is_array(t) ? json_array_size(t) : 1;
	for (size_t i = 0; i < n && i < 8; i++) {
		const char *s = json_string_value(json_is_array(t) ? json_array_get(t, i) : t);
		if (!s)
			continue;
		size_t m = strlen(s);
		int r = 0;
		if ((m >= 7 && !strcmp(s + m - 7, "Article")) || (m >= 7 && !strcmp(s + m - 7, "Posting")) ||
		    !strcmp(s, "Report") || !strcmp(s, "LiveBlogPosting"))
			r = 3;
		else if (m >= 7 && !strcmp(s + m - 7, "WebPage"))
			r = 1;
		if (r > best)
			best = r;
	}
	return best;
}

/* Walk a JSON-LD value (bounded depth: the graph of a page is shallow) and
 * take the fields of its most article-like object. */
static void ld_take(hx_meta *m, json_t *v, int depth)
{
	if (depth > 6 || !v)
		return;
	if (json_is_array(v)) {
		for (size_t i = 0; i < json_array_size(v) && i < 64; i++)
			ld_take(m, json_array_get(v, i), depth + 1);
		return;
	}
	if (!json_is_object(v))
		return;
	ld_take(m, json_object_get(v, "@graph"), depth + 1);
	int rank = ld_type_rank(json_object_get(v, "@type"));
	if (rank > m->ld_rank) {
		const char *d = json_string_value(json_object_get(v, "datePublished"));
		if (!d)
			d = json_string_value(json_object_get(v, "dateCreated"));
		sr_date date = d ? parse_date_any(d, strlen(d)) : 0;
		char *h = ld_str(json_object_get(v, "headline"));
		char *a = ld_names(json_object_get(v, "author"));
		json_t *pub = json_object_get(v, "publisher");
		char *p = json_is_object(pub) || json_is_string(pub) ? ld_str(pub) : NULL;
		char *s = ld_str(json_object_get(v, "articleSection"));
		if (date || h || a) {
			m->ld_rank = rank;
			m->ld_date = date;
			free(m->ld_headline), m->ld_headline = h, h = NULL;
			free(m->ld_author), m->ld_author = a, a = NULL;
			free(m->ld_publisher), m->ld_publisher = p, p = NULL;
			free(m->ld_section), m->ld_section = s, s = NULL;
		}
		free(h), free(a), free(p), free(s);
	}
	ld_take(m, json_object_get(v, "mainEntity"), depth + 1);
}

/* Largest JSON-LD script we parse; real ones are a few KB. */
#define HX_MAX_JSONLD (1024u * 1024u)

static void ld_script(hx_meta *m, xmlNode *el)
{
	xmlNode *c = el->children;
	if (!c || !c->content || c->next)
		return;
	const char *s = (const char *)c->content;
	size_t n = strlen(s);
	if (n > HX_MAX_JSONLD)
		return;
	json_t *j = json_loadb(s, n, JSON_DECODE_ANY, NULL);
	if (!j)
		return;
	ld_take(m, j, 0);
	json_decref(j);
}

static void meta_tag(hx_meta *m, xmlNode *el)
{
	char key[64];
	size_t n = hx_attr_lower(el, "property", key, sizeof key);
	if (!n)
		n = hx_attr_lower(el, "name", key, sizeof key);
	if (!n)
		n = hx_attr_lower(el, "itemprop", key, sizeof key);
	if (!n)
		return;
	char *v = attr_dup(el, "content");
	if (!v)
		return;
	if (!strcmp(key, "og:title")) {
		set_once(&m->og_title, v);
	} else if (!strcmp(key, "twitter:title")) {
		set_once(&m->tw_title, v);
	} else if (!strcmp(key, "og:site_name")) {
		set_once(&m->site_name, v);
	} else if (!strcmp(key, "application-name")) {
		set_once(&m->app_name, v);
	} else if (!strcmp(key, "og:url")) {
		set_once(&m->og_url, v);
	} else if (!strcmp(key, "article:section")) {
		set_once(&m->section, v);
	} else if (!strcmp(key, "author") || !strcmp(key, "article:author") ||
		   !strcmp(key, "byl") || !strcmp(key, "parsely-author") ||
		   !strcmp(key, "sailthru.author") || !strcmp(key, "dc.creator") ||
		   !strcmp(key, "citation_author")) {
		if (is_url(v))
			free(v);
		else
			set_once(&m->author_meta, v);
	} else if (!strcmp(key, "article:published_time") || !strcmp(key, "datepublished") ||
		   !strcmp(key, "og:published_time")) {
		if (!m->pub_date)
			m->pub_date = parse_date_any(v, strlen(v));
		free(v);
	} else if (!strcmp(key, "date") || !strcmp(key, "pubdate") || !strcmp(key, "publishdate") ||
		   !strcmp(key, "publish-date") || !strcmp(key, "publish_date") ||
		   !strcmp(key, "dc.date") || !strcmp(key, "dc.date.issued") ||
		   !strcmp(key, "dcterms.date") || !strcmp(key, "sailthru.date") ||
		   !strcmp(key, "parsely-pub-date") || !strcmp(key, "citation_publication_date") ||
		   !strcmp(key, "article.published") || !strcmp(key, "datecreated")) {
		if (!m->meta_date)
			m->meta_date = parse_date_any(v, strlen(v));
		free(v);
	} else {
		free(v);
	}
}

/* Tries at reading a by-line element's text; bounds the subtree copies. */
#define HX_MAX_BYLINE_TRIES 8

int hx_meta_hook(hx *x, xmlNode *el, int tag)
{
	hx_meta *m = &x->meta;
	switch (tag) {
	case HX_T_META:
		meta_tag(m, el);
		return 0;
	case HX_T_LINK:
		if (hx_attr_is(el, "rel", "canonical"))
			set_once(&m->canonical, attr_dup(el, "href"));
		return 0;
	case HX_T_TITLE:
		if (!m->title_tag && el->parent && el->parent->name &&
		    !strcmp((const char *)el->parent->name, "head"))
			m->title_tag = node_text(el);
		return 0;
	case HX_T_TIME: {
		char *v = attr_dup(el, "datetime");
		if (!v)
			v = attr_dup(el, "content");
		if (v) {
			sr_date d = parse_date_any(v, strlen(v));
			char ip[32];
			int pub = attr_has(el, "pubdate") ||
				  (hx_attr_lower(el, "itemprop", ip, sizeof ip) &&
				   !strcmp(ip, "datepublished"));
			if (d && pub && !m->time_pub)
				m->time_pub = d;
			if (d && !m->time_any)
				m->time_any = d;
			free(v);
		}
		return 0;
	}
	case HX_T_SCRIPT:
		if (hx_attr_is(el, "type", "application/ld+json"))
			ld_script(m, el);
		return 0;
	case HX_T_H1:
		if (m->nh1 < HX_MAX_H1)
			m->h1[m->nh1++] = el;
		return 0;
	default:
		return 0;
	}
}

/* By-line elements: rel=author links, itemprop=author, class/id "byline" or
 * "author". Called with the lowercased class. */
void hx_byline_hook(hx *x, xmlNode *el, const hx_attrs *at, const char *cls, size_t ncls,
		    int cls_neg)
{
	hx_meta *m = &x->meta;
	if (x->byline_tries >= HX_MAX_BYLINE_TRIES || (m->byline_el && m->rel_author))
		return;
	if (!at->rel && !at->itemprop && !cls_neg)
		return;
	char ip[32], rl[64];
	size_t nrl = hx_attr_lower_at(at->rel, rl, sizeof rl);
	int rel = nrl == 6 && !strcmp(rl, "author");
	int prop = hx_attr_lower_at(at->itemprop, ip, sizeof ip) && !strcmp(ip, "author");
	int cl = ncls && cls_neg &&
		 (strstr(cls, "byline") || strstr(cls, "author-name") ||
		  strstr(cls, "authorname") || !strcmp(cls, "author"));
	if (!rel && !prop && !cl)
		return;
	x->byline_tries++;
	char *t = node_text(el);
	if (!t)
		return;
	if (strlen(t) > 120 || !hx_byline_clean(t)) {
		free(t);
		return;
	}
	set_once(rel ? &m->rel_author : &m->byline_el, t);
}

/* Strip a by-line's lead-in ("By", "Written by", "Автор:") and trail
 * (" | Site", a date after a comma) in place; 1 if what is left reads as
 * one or a few names. */
int hx_byline_clean(char *s)
{
	/* ASCII letters match in any case, other bytes exactly */
	static const char *const lead[] = {"written by ", "posted by ", "published by ", "by: ",
					   "by ", "Автор: ", "автор: ", "Аўтар: ", "аўтар: "};
	size_t n = strlen(s);
	for (size_t i = 0; i < sizeof lead / sizeof lead[0]; i++) {
		size_t m = strlen(lead[i]);
		if (m <= n && starts_ci(s, n, lead[i])) {
			memmove(s, s + m, n - m + 1);
			n -= m;
			break;
		}
	}
	/* a trailing " | …" or " - …" is the site or a date */
	for (size_t i = 0; i + 2 < n; i++)
		if (s[i] == ' ' && (s[i + 1] == '|' || s[i + 1] == '-' || s[i + 1] == '/') &&
		    s[i + 2] == ' ') {
			s[i] = '\0';
			n = i;
			break;
		}
	while (n && (s[n - 1] == ' ' || s[n - 1] == ',' || s[n - 1] == ':'))
		s[--n] = '\0';
	if (n == 0 || n > 100)
		return 0;
	/* names: a few words, mostly starting with a capital or non-ASCII
	 * letter, no digits, no sentence punctuation */
	int words = 0, caps = 0;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if ((c >= '0' && c <= '9') || c == '!' || c == '?' || c == '@' || c == ':' ||
		    c == '/')
			return 0;
		if (i == 0 || s[i - 1] == ' ') {
			words++;
			if ((c >= 'A' && c <= 'Z') || c >= 0xC0)
				caps++;
		}
	}
	return words >= 1 && words <= 12 && caps * 2 >= words;
}

static char *dup_str(const char *s)
{
	return s ? sr_strndup(s, strlen(s)) : NULL;
}

static int same_ci(const char *a, const char *b)
{
	return a && b && hx_same_text(a, strlen(a), b, strlen(b));
}

/* Site-name separators in <title> and og:title, widest first. */
static const char *const title_seps[] = {" | ", " – ", " — ", " - ", " :: ", " » ", " · ",
					 " // ", " : "};

/* Strip the site name from a page title: a part before the first or after
 * the last separator goes when it is the site's name, or, failing a known
 * name, when it is a short tail after a longer headline. Returns a new
 * string. */
static char *title_clean(const char *t, const char *site)
{
	char *s = dup_str(t);
	if (!s)
		return NULL;
	for (int round = 0; round < 2; round++) {
		size_t n = strlen(s);
		size_t first = n, first_m = 0, last = n, last_m = 0;
		for (size_t k = 0; k < sizeof title_seps / sizeof title_seps[0]; k++) {
			size_t m = strlen(title_seps[k]);
			const char *p = strstr(s, title_seps[k]);
			if (!p)
				continue;
			if ((size_t)(p - s) < first)
				first = (size_t)(p - s), first_m = m;
			const char *q = p;
			while ((p = strstr(p + 1, title_seps[k])) != NULL)
				q = p;
			if (last == n || (size_t)(q - s) > last)
				last = (size_t)(q - s), last_m = m;
			if (first_m)
				break; /* one kind of separator per title */
		}
		if (first == n)
			break;
		const char *tail = s + last + last_m;
		const char *headend = s + first;
		size_t tail_words = 1, head_words = 1;
		for (const char *p = tail; *p; p++)
			tail_words += *p == ' ';
		for (const char *p = s; p < headend; p++)
			head_words += *p == ' ';
		int tail_site = site && (same_ci(tail, site) || strstr(site, tail) ||
					 (strlen(site) > 3 && strstr(tail, site)));
		char headbuf[SR_MAX_FIELD + 1];
		snprintf(headbuf, sizeof headbuf, "%.*s", (int)first, s);
		int head_site = site && (same_ci(headbuf, site) ||
					 (strlen(site) > 3 && strstr(headbuf, site)));
		if (tail_site || (!site && tail_words <= 4 && head_words > tail_words)) {
			s[last] = '\0';
		} else if (head_site) {
			memmove(s, s + first + first_m, n - first - first_m + 1);
		} else if (site && tail_words <= 3 && head_words >= 3 * tail_words) {
			s[last] = '\0'; /* "Headline - Section" or an unfamiliar brand */
		} else {
			break;
		}
	}
	return s;
}

/* Does a title candidate t name the same headline as the h1 text h? */
static int title_matches(const char *h, const char *t)
{
	if (!h || !t)
		return 0;
	size_t nh = strlen(h), nt = strlen(t);
	if (hx_same_text(h, nh, t, nt))
		return 1;
	/* the h1 as the start of a longer title ("Headline | Site") */
	return nh >= 12 && nt > nh && hx_same_text(h, nh, t, nh);
}

static char *choose_title(hx *x, const char *site)
{
	hx_meta *m = &x->meta;
	const char *cands[4] = {m->og_title, m->ld_headline, m->tw_title, m->title_tag};
	for (size_t i = 0; i < m->nh1; i++) {
		char *h = node_text(m->h1[i]);
		if (!h)
			continue;
		for (size_t k = 0; k < 4; k++)
			if (title_matches(h, cands[k]))
				return h;
		free(h);
	}
	for (size_t k = 0; k < 4; k++)
		if (cands[k])
			return title_clean(cands[k], site);
	for (size_t i = 0; i < m->nh1; i++) {
		char *h = node_text(m->h1[i]);
		if (h)
			return h;
	}
	return NULL;
}

/* A short line at the top of the body that belongs to the metadata: a
 * by-line ("By Jane Doe"), or a date line. */
int hx_leading_meta_line(const sr_doc *out, const char *s, size_t n)
{
	if (n > 120)
		return 0;
	if (starts_ci(s, n, "by ") || starts_ci(s, n, "written by ") ||
	    starts_ci(s, n, "posted by ") || starts_ci(s, n, "published") ||
	    starts_ci(s, n, "updated"))
		return 1;
	if (out->byline && hx_same_text(s, n, out->byline, strlen(out->byline)))
		return 1;
	/* a line that is little more than a date */
	if (n <= 40 && parse_date_any(s, n))
		return 1;
	return 0;
}

static int hx_is_byline_text(const char *s, size_t n)
{
	if (n > 120 || !starts_ci(s, n, "by "))
		return 0;
	char *t = sr_strndup(s, n);
	if (!t)
		return 0;
	int ok = hx_byline_clean(t);
	free(t);
	return ok;
}

static int set_field(char **field, const char *v)
{
	if (!v)
		return 0;
	return sr_doc_set(field, v, strlen(v));
}

int hx_meta_resolve(hx *x, sr_doc *out)
{
	hx_meta *m = &x->meta;
	const char *pub = m->site_name ? m->site_name : m->ld_publisher ? m->ld_publisher
									  : m->app_name;
	if (set_field(&out->publication, pub) != 0)
		return -1;

	char *title = choose_title(x, pub);
	int rc = set_field(&out->title, title);
	free(title);
	if (rc != 0)
		return -1;

	/* by-line: structured data first, then what the page shows */
	const char *srcs[4] = {m->ld_author, m->author_meta, m->rel_author, m->byline_el};
	for (size_t k = 0; k < 4; k++) {
		if (!srcs[k] || same_ci(srcs[k], pub))
			continue;
		char *b = dup_str(srcs[k]);
		if (!b)
			return -1;
		if (hx_byline_clean(b)) {
			rc = set_field(&out->byline, b);
			free(b);
			if (rc != 0)
				return -1;
			break;
		}
		free(b);
	}
	if (!out->byline) {
		/* a "By …" line at the top of the region */
		for (size_t i = 0, seen = 0; i < x->nblocks && seen < 12; i++) {
			hx_block *b = &x->blocks[i];
			if (!b->in)
				continue;
			seen++;
			if (hx_is_byline_text(x->text.p + b->off, b->len)) {
				char *t = sr_strndup(x->text.p + b->off, b->len);
				if (!t)
					return -1;
				hx_byline_clean(t);
				rc = set_field(&out->byline, t);
				free(t);
				if (rc != 0)
					return -1;
				break;
			}
		}
	}

	sr_date d = m->ld_date ? m->ld_date : m->pub_date ? m->pub_date : m->meta_date ? m->meta_date
					     : m->time_pub ? m->time_pub : m->time_any;
	if (d) {
		out->date = d;
		out->date_basis = SR_BASIS_STATED;
	}

	if (set_field(&out->section, m->section ? m->section : m->ld_section) != 0)
		return -1;
	if (!out->url) {
		const char *u = m->canonical && starts_ci(m->canonical, strlen(m->canonical), "http")
					? m->canonical
					: m->og_url;
		if (u && starts_ci(u, strlen(u), "http") && set_field(&out->url, u) != 0)
			return -1;
	}
	return 0;
}

void hx_meta_cleanup(hx_meta *m)
{
	char **f[] = {&m->og_title,  &m->tw_title,     &m->title_tag,  &m->ld_headline,
		      &m->site_name, &m->ld_publisher, &m->app_name,   &m->canonical,
		      &m->og_url,    &m->section,      &m->ld_section, &m->author_meta,
		      &m->ld_author, &m->byline_el,    &m->rel_author};
	for (size_t i = 0; i < sizeof f / sizeof f[0]; i++) {
		free(*f[i]);
		*f[i] = NULL;
	}
}
