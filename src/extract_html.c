/* extract_html.c — main text of an HTML page: blocks, scores, region, body.
 *
 * One iterative walk over libxml2's tree cuts the page into text blocks (the
 * inline text between two block-level boundaries), noting for each its
 * innermost block element, its length, how much of it is link text, and
 * whether a class/id/role on the way down called it boilerplate. Scripts,
 * styles, forms controls, navigation, asides, figures and hidden elements
 * give no blocks. Each block is then classed (good, near-good, short, bad)
 * from length, link density, punctuation and stop words; the weights of the
 * classes are summed up the tree and the element with the greatest sum is the
 * article's region; inside it the good blocks, and the short ones that good
 * blocks surround, make the body. Metadata is gathered on the same walk and
 * resolved in extract_html_meta.c. */
#include "extract_html.h"
#include "extract_html_int.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libxml/HTMLparser.h>

#include "util/buf.h"
#include "util/limits.h"

/* ---- thresholds (see docs/extract-html.md for why these values) ---- */

/* A block this long (code points, spaces excluded) with little link text is
 * prose on its own. */
#define GOOD_CHARS 120
/* Below this a block says too little to be judged alone (captions, labels,
 * "Share", one-line quotes); its neighbours decide. */
#define SHORT_CHARS 50
/* Link share above which a block is navigation, whatever its length. */
#define BAD_LINK_DENSITY 0.5
/* Link share above which a block cannot be good prose. */
#define MAX_GOOD_LINK_DENSITY 0.33
/* Stop-word share that marks running text in a language we have a list for. */
#define STOP_DENSITY 0.22
/* A boilerplate-named element holding this share of the page's prose is the
 * site's name for its content column, not boilerplate. */
#define PRUNE_SAVE_SHARE 0.4
/* A teaser card (a link to another story and its summary) is small; an
 * article's section is not. */
#define CARD_MAX_CHARS 600
/* Siblings looked at either side when testing an element for repetition;
 * bounds the work on a list of thousands. */
#define CARD_SIBLING_SCAN 16

/* ---- tags ---- */

enum {
	T_INLINE = 0, /* text flows through */
	T_BLOCK,      /* a block boundary */
	T_SKIP,       /* no text from here down */
	T_BR,         /* a line break: a block boundary too */
	T_MUTE,       /* page furniture: no text, but metadata (h1, time, by-line) */
	T_CELL,       /* a table cell: a space; the row is the block */
};

typedef struct tag_info {
	const char *name;
	unsigned char kind;
	unsigned char bkind; /* block kind for T_BLOCK */
	unsigned char id;    /* HX_T_* */
} tag_info;

/* Sorted by name for bsearch. Everything not listed is inline, except names
 * with a '-' (custom elements), which are block wrappers in practice. */
static const tag_info tags[] = {
	{"a", T_INLINE, 0, HX_T_A},             {"address", T_BLOCK, HX_B_PARA, 0},
	{"applet", T_SKIP, 0, 0},               {"area", T_SKIP, 0, 0},
	{"article", T_BLOCK, HX_B_PARA, HX_T_ARTICLE}, {"aside", T_MUTE, 0, 0},
	{"audio", T_SKIP, 0, 0},                {"base", T_SKIP, 0, 0},
	{"blockquote", T_BLOCK, HX_B_QUOTE, 0}, {"body", T_BLOCK, HX_B_PARA, 0},
	{"br", T_BR, 0, 0},                     {"button", T_SKIP, 0, 0},
	{"canvas", T_SKIP, 0, 0},               {"caption", T_BLOCK, HX_B_CELL, 0},
	{"center", T_BLOCK, HX_B_PARA, 0},      {"datalist", T_SKIP, 0, 0},
	{"dd", T_BLOCK, HX_B_ITEM, 0},          {"details", T_BLOCK, HX_B_PARA, 0},
	{"dialog", T_MUTE, 0, 0},               {"dir", T_BLOCK, HX_B_PARA, 0},
	{"div", T_BLOCK, HX_B_PARA, 0},         {"dl", T_BLOCK, HX_B_PARA, 0},
	{"dt", T_BLOCK, HX_B_ITEM, 0},          {"embed", T_SKIP, 0, 0},
	{"fieldset", T_BLOCK, HX_B_PARA, 0},    {"figcaption", T_MUTE, 0, 0},
	{"figure", T_MUTE, 0, 0},               {"footer", T_MUTE, 0, 0},
	{"form", T_BLOCK, HX_B_PARA, 0},        {"frame", T_SKIP, 0, 0},
	{"frameset", T_SKIP, 0, 0},             {"h1", T_BLOCK, HX_B_HEAD, HX_T_H1},
	{"h2", T_BLOCK, HX_B_HEAD, 0},          {"h3", T_BLOCK, HX_B_HEAD, 0},
	{"h4", T_BLOCK, HX_B_HEAD, 0},          {"h5", T_BLOCK, HX_B_HEAD, 0},
	{"h6", T_BLOCK, HX_B_HEAD, 0},          {"head", T_MUTE, 0, 0},
	{"header", T_MUTE, 0, 0},               {"hgroup", T_BLOCK, HX_B_HEAD, 0},
	{"hr", T_BLOCK, HX_B_PARA, 0},          {"html", T_BLOCK, HX_B_PARA, 0},
	{"iframe", T_SKIP, 0, 0},               {"img", T_SKIP, 0, 0},
	{"input", T_SKIP, 0, 0},                {"legend", T_BLOCK, HX_B_PARA, 0},
	{"li", T_BLOCK, HX_B_ITEM, 0},          {"link", T_SKIP, 0, HX_T_LINK},
	{"main", T_BLOCK, HX_B_PARA, HX_T_MAIN}, {"map", T_SKIP, 0, 0},
	{"math", T_SKIP, 0, 0},                 {"menu", T_MUTE, 0, 0},
	{"meta", T_SKIP, 0, HX_T_META},         {"nav", T_MUTE, 0, 0},
	{"noembed", T_SKIP, 0, 0},              {"noframes", T_SKIP, 0, 0},
	{"noscript", T_SKIP, 0, 0},             {"object", T_SKIP, 0, 0},
	{"ol", T_BLOCK, HX_B_PARA, 0},          {"optgroup", T_SKIP, 0, 0},
	{"option", T_SKIP, 0, 0},               {"p", T_BLOCK, HX_B_PARA, HX_T_P},
	{"param", T_SKIP, 0, 0},                {"picture", T_SKIP, 0, 0},
	{"pre", T_BLOCK, HX_B_PRE, 0},          {"progress", T_SKIP, 0, 0},
	{"script", T_SKIP, 0, HX_T_SCRIPT},     {"section", T_BLOCK, HX_B_PARA, 0},
	{"select", T_SKIP, 0, 0},               {"source", T_SKIP, 0, 0},
	{"style", T_SKIP, 0, 0},                {"summary", T_BLOCK, HX_B_PARA, 0},
	{"svg", T_SKIP, 0, 0},                  {"table", T_BLOCK, HX_B_PARA, 0},
	{"tbody", T_BLOCK, HX_B_PARA, 0},       {"td", T_CELL, 0, 0},
	{"template", T_SKIP, 0, 0},             {"textarea", T_SKIP, 0, 0},
	{"tfoot", T_BLOCK, HX_B_PARA, 0},       {"th", T_CELL, 0, 0},
	{"thead", T_BLOCK, HX_B_PARA, 0},       {"time", T_INLINE, 0, HX_T_TIME},
	{"title", T_SKIP, 0, HX_T_TITLE},       {"tr", T_BLOCK, HX_B_CELL, 0},
	{"track", T_SKIP, 0, 0},                {"ul", T_BLOCK, HX_B_PARA, 0},
	{"video", T_SKIP, 0, 0},
};

static int cmp_tag(const void *key, const void *elem)
{
	return strcmp(key, ((const tag_info *)elem)->name);
}

static const tag_info *tag_lookup(const char *name)
{
	return bsearch(name, tags, sizeof tags / sizeof tags[0], sizeof tags[0], cmp_tag);
}

/* What the element's name does, through the page's cache of names. */
static hx_tag tag_of(hx *x, const xmlChar *name)
{
	uintptr_t h = (uintptr_t)name;
	size_t k = (size_t)((h >> 3) ^ (h >> 9)) % HX_TAG_CACHE;
	if (x->tag_cache[k].name == name)
		return x->tag_cache[k].t;
	const tag_info *ti = tag_lookup((const char *)name);
	hx_tag t;
	if (ti) {
		t.kind = ti->kind, t.bkind = ti->bkind, t.id = ti->id;
	} else {
		/* custom elements (a '-' in the name) are block wrappers */
		t.kind = strchr((const char *)name, '-') ? T_BLOCK : T_INLINE;
		t.bkind = HX_B_PARA, t.id = HX_T_OTHER;
	}
	x->tag_cache[k].name = name;
	x->tag_cache[k].t = t;
	return t;
}

/* ---- class/id hints ---- */

/* A pattern in a lowercased class/id string. Whole-word patterns must stand
 * between non-letters ("ad" in "top-ad", not in "header"). */
typedef struct hint_pat {
	const char *s;
	signed char w; /* HX_NEG: boilerplate, HX_POS: content, HX_STRONG: the body */
	unsigned char word;
} hint_pat;

enum { HX_HARD = -2, HX_NEG = -1, HX_POS = 1, HX_STRONG = 2 };

/* Sorted by string (byte order) so one binary search finds the patterns that
 * can start at a position. */
static const hint_pat hint_pats[] = {
	{"ad", HX_NEG, 1},
	{"ads", HX_NEG, 1},
	{"advert", HX_NEG, 0},
	{"also-read", HX_NEG, 0},
	{"article", HX_POS, 0},
	{"article-body", HX_STRONG, 0},
	{"article-content", HX_STRONG, 0},
	{"article-text", HX_STRONG, 0},
	{"article__body", HX_STRONG, 0},
	{"article__content", HX_STRONG, 0},
	{"article_body", HX_STRONG, 0},
	{"articlebody", HX_STRONG, 0},
	{"articlecontent", HX_STRONG, 0},
	{"articletext", HX_STRONG, 0},
	{"author", HX_NEG, 0},
	{"banner", HX_NEG, 0},
	{"blog", HX_POS, 0},
	{"body", HX_POS, 0},
	{"breadcrumb", HX_NEG, 0},
	{"byline", HX_NEG, 0},
	{"caption", HX_NEG, 0},
	{"comment", HX_HARD, 0},
	{"consent", HX_NEG, 0},
	{"content", HX_POS, 0},
	{"cookie", HX_NEG, 0},
	{"credit", HX_NEG, 0},
	{"disqus", HX_HARD, 0},
	{"entry", HX_POS, 0},
	{"entry-content", HX_STRONG, 0},
	{"footer", HX_NEG, 0},
	{"gallery", HX_NEG, 0},
	{"gdpr", HX_NEG, 0},
	{"header", HX_NEG, 0},
	{"hentry", HX_POS, 0},
	{"main", HX_POS, 0},
	{"masthead", HX_NEG, 0},
	{"menu", HX_NEG, 0},
	{"meta", HX_NEG, 1},
	{"modal", HX_NEG, 0},
	{"more-stories", HX_NEG, 0},
	{"most-popular", HX_NEG, 0},
	{"most-read", HX_NEG, 0},
	{"nav", HX_NEG, 1},
	{"navbar", HX_NEG, 0},
	{"navigation", HX_NEG, 0},
	{"newsletter", HX_NEG, 0},
	{"outbrain", HX_NEG, 0},
	{"pager", HX_NEG, 0},
	{"pagination", HX_NEG, 0},
	{"popular", HX_NEG, 0},
	{"popup", HX_NEG, 0},
	{"post", HX_POS, 0},
	{"post-body", HX_STRONG, 0},
	{"post-content", HX_STRONG, 0},
	{"post-text", HX_STRONG, 0},
	{"post_body", HX_STRONG, 0},
	{"post_content", HX_STRONG, 0},
	{"postbody", HX_STRONG, 0},
	{"postcontent", HX_STRONG, 0},
	{"print", HX_NEG, 1},
	{"promo", HX_NEG, 0},
	{"rail", HX_NEG, 1},
	{"read-more", HX_NEG, 0},
	{"readmore", HX_NEG, 0},
	{"recommend", HX_NEG, 0},
	{"related", HX_NEG, 0},
	{"share", HX_NEG, 0},
	{"sharing", HX_NEG, 0},
	{"sidebar", HX_NEG, 0},
	{"signup", HX_NEG, 0},
	{"skip", HX_NEG, 1},
	{"slideshow", HX_NEG, 0},
	{"social", HX_NEG, 0},
	{"sponsor", HX_NEG, 0},
	{"story", HX_POS, 0},
	{"story-body", HX_STRONG, 0},
	{"story-content", HX_STRONG, 0},
	{"storybody", HX_STRONG, 0},
	{"subscri", HX_NEG, 0},
	{"taboola", HX_NEG, 0},
	{"tag", HX_NEG, 1},
	{"tags", HX_NEG, 1},
	{"text", HX_POS, 0},
	{"toolbar", HX_NEG, 0},
	{"trending", HX_NEG, 0},
	{"widget", HX_NEG, 0},
};

int hx_is_alpha_ascii(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* Scan a lowercased attribute value; *neg, *pos, *strong count the hits. A
 * "comment" that is really "commentary" (an opinion section) is no hit. */
static void hint_scan(const char *s, size_t n, int *neg, int *pos, int *strong, int *hard)
{
	const size_t np = sizeof hint_pats / sizeof hint_pats[0];
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c < 'a' || c > 'z')
			continue;
		/* first pattern starting with c */
		size_t lo = 0, hi = np;
		while (lo < hi) {
			size_t mid = (lo + hi) / 2;
			if ((unsigned char)hint_pats[mid].s[0] < c)
				lo = mid + 1;
			else
				hi = mid;
		}
		for (size_t k = lo; k < np && (unsigned char)hint_pats[k].s[0] == c; k++) {
			const hint_pat *hp = &hint_pats[k];
			size_t m = strlen(hp->s);
			if (m > n - i || memcmp(s + i, hp->s, m) != 0)
				continue;
			if (hp->word && ((i > 0 && hx_is_alpha_ascii((unsigned char)s[i - 1])) ||
					 (i + m < n && hx_is_alpha_ascii((unsigned char)s[i + m]))))
				continue;
			if (m == 7 && memcmp(hp->s, "comment", 7) == 0 && i + 10 <= n &&
			    memcmp(s + i + 7, "ary", 3) == 0)
				continue;
			if (hp->w == HX_HARD)
				(*hard)++, (*neg)++;
			else if (hp->w == HX_NEG)
				(*neg)++;
			else if (hp->w == HX_STRONG)
				(*strong)++;
			else
				(*pos)++;
		}
	}
}

/* Lowercased copy of an attribute into buf (at most cap-1 bytes, since a
 * class list longer than that tells nothing more); returns its length. */
size_t hx_attr_lower_at(const xmlAttr *a, char *buf, size_t cap)
{
	if (!a || !a->children || !a->children->content)
		return 0;
	const char *v = (const char *)a->children->content;
	size_t n = 0;
	for (; v[n] && n + 1 < cap; n++) {
		unsigned char c = (unsigned char)v[n];
		buf[n] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
	}
	buf[n] = '\0';
	return n;
}

size_t hx_attr_lower(xmlNode *el, const char *name, char *buf, size_t cap)
{
	return hx_attr_lower_at(xmlHasProp(el, (const xmlChar *)name), buf, cap);
}

static int attr_at_is(const xmlAttr *a, const char *value)
{
	char buf[64];
	size_t n = hx_attr_lower_at(a, buf, sizeof buf);
	return n == strlen(value) && memcmp(buf, value, n) == 0;
}

int hx_attr_is(xmlNode *el, const char *name, const char *value)
{
	return attr_at_is(xmlHasProp(el, (const xmlChar *)name), value);
}

/* The attributes of hx_attrs in one pass over the element's list, instead
 * of a search of the list for each. The HTML parser declares no attribute
 * defaults, so the list is all xmlHasProp would find. */
static void attrs_read(xmlNode *el, hx_attrs *at)
{
	memset(at, 0, sizeof *at);
	for (xmlAttr *a = el->properties; a; a = a->next) {
		const char *n = (const char *)a->name;
		xmlAttr **slot = NULL;
		switch (n[0]) {
		case 'c':
			slot = !strcmp(n, "class") ? &at->cls : NULL;
			break;
		case 'i':
			slot = !strcmp(n, "id") ? &at->id : !strcmp(n, "itemprop") ? &at->itemprop : NULL;
			break;
		case 'r':
			slot = !strcmp(n, "role") ? &at->role : !strcmp(n, "rel") ? &at->rel : NULL;
			break;
		case 's':
			slot = !strcmp(n, "style") ? &at->style : NULL;
			break;
		case 'h':
			slot = !strcmp(n, "href") ? &at->href : !strcmp(n, "hidden") ? &at->hidden : NULL;
			break;
		case 'a':
			slot = !strcmp(n, "aria-hidden") ? &at->aria_hidden : NULL;
			break;
		default:
			break;
		}
		if (slot && !*slot)
			*slot = a;
	}
}

/* One of the usual screen-reader-only classes as a whole space-separated
 * token of cls. */
static int hidden_class(const char *cls, size_t ncls)
{
	static const char *const hid[] = {"hidden", "hide", "sr-only", "visually-hidden",
					  "visuallyhidden", "screen-reader-text", "offscreen",
					  "element-invisible", "invisible"};
	for (size_t i = 0; i < ncls;) {
		size_t e = i;
		while (e < ncls && cls[e] != ' ')
			e++;
		size_t m = e - i;
		if (m >= 4 && m <= 18) {
			for (size_t k = 0; k < sizeof hid / sizeof hid[0]; k++)
				if (strlen(hid[k]) == m && memcmp(cls + i, hid[k], m) == 0)
					return 1;
		}
		i = e + 1;
	}
	return 0;
}

/* Hidden from readers: the hidden attribute, display:none, or the usual
 * screen-reader-only classes. */
static int is_hidden(const hx_attrs *at, const char *cls, size_t ncls)
{
	if (at->hidden)
		return 1;
	char st[256];
	size_t n = hx_attr_lower_at(at->style, st, sizeof st);
	if (n) {
		char *p = st;
		/* "display:none" with any spacing */
		while ((p = strstr(p, "display")) != NULL) {
			p += 7;
			while (*p == ' ' || *p == ':')
				p++;
			if (strncmp(p, "none", 4) == 0)
				return 1;
		}
		if (strstr(st, "visibility:hidden") || strstr(st, "visibility: hidden"))
			return 1;
	}
	if (attr_at_is(at->aria_hidden, "true"))
		return 1;
	return hidden_class(cls, ncls);
}

/* The element's own hint from class, id, role and itemprop, and whether it
 * is hidden; *cls_neg counts the boilerplate patterns in its class. */
static void element_hint(const hx_attrs *at, int tag, hx_info *in, char cls[256],
			 size_t *ncls_out, int *cls_neg)
{
	char id[128], role[32], prop[32];
	size_t ncls = hx_attr_lower_at(at->cls, cls, 256);
	*ncls_out = ncls;
	size_t nid = hx_attr_lower_at(at->id, id, sizeof id);
	int neg = 0, pos = 0, strong = 0, hard = 0;
	if (ncls)
		hint_scan(cls, ncls, &neg, &pos, &strong, &hard);
	*cls_neg = neg;
	if (nid)
		hint_scan(id, nid, &neg, &pos, &strong, &hard);
	if (hx_attr_lower_at(at->role, role, sizeof role)) {
		if (!strcmp(role, "navigation") || !strcmp(role, "complementary") ||
		    !strcmp(role, "contentinfo") || !strcmp(role, "banner") ||
		    !strcmp(role, "menu") || !strcmp(role, "dialog") || !strcmp(role, "alert"))
			neg++;
		else if (!strcmp(role, "main") || !strcmp(role, "article"))
			pos++;
	}
	if (hx_attr_lower_at(at->itemprop, prop, sizeof prop)) {
		if (!strcmp(prop, "articlebody") || !strcmp(prop, "text"))
			strong++;
	}
	if (tag == HX_T_ARTICLE)
		pos++;
	in->hidden = (unsigned char)((ncls || at->style || at->hidden || at->aria_hidden) &&
				     is_hidden(at, cls, ncls));
	if (strong)
		in->hint = HX_STRONG;
	else if (hard)
		in->hint = HX_HARD;
	else if (neg)
		in->hint = HX_NEG;
	else if (pos)
		in->hint = HX_POS;
	else
		in->hint = 0;
	/* <article> and <main> mark the body region unless their class says
	 * otherwise (a comment rendered as an <article>). */
	if (!neg && (tag == HX_T_ARTICLE || tag == HX_T_MAIN) && in->hint < HX_STRONG)
		in->strong_tag = 1;
}

/* ---- the walk ---- */

static hx_info *info_of(hx *x, xmlNode *n)
{
	uintptr_t k = (uintptr_t)n->_private;
	return k ? &x->info[k - 1] : NULL;
}

static int info_new(hx *x, xmlNode *n)
{
	if (x->ninfo == x->info_cap) {
		size_t cap = x->info_cap ? x->info_cap * 2 : 1024;
		hx_info *p = realloc(x->info, cap * sizeof *p);
		if (!p)
			return -1;
		x->info = p;
		x->info_cap = cap;
	}
	memset(&x->info[x->ninfo], 0, sizeof x->info[0]);
	x->ninfo++;
	n->_private = (void *)(uintptr_t)x->ninfo;
	return 0;
}

/* What the code point at s[i] is to the text: 0 a character, 1 white
 * space (ASCII controls and spaces, no-break and typographic spaces), 2
 * dropped (zero-width spaces and joiners, the BOM); *n is its length in
 * bytes for 1 and 2. */
static int cp_kind(const unsigned char *s, size_t i, size_t *n)
{
	unsigned char c = s[i];
	*n = 1;
	if (c <= 0x20 || c == 0x7f)
		return 1;
	if (c < 0x80)
		return 0;
	if (c == 0xC2 && s[i + 1] == 0xA0) {
		*n = 2; /* no-break space */
		return 1;
	}
	if (c == 0xE2 && s[i + 1] == 0x80) {
		unsigned char d = s[i + 2];
		*n = 3;
		if (d <= 0x8A || d == 0xA8 || d == 0xA9 || d == 0xAF)
			return 1; /* U+2000..200A, line/paragraph separators, U+202F */
		if (d >= 0x8B && d <= 0x8D)
			return 2; /* zero-width space and joiners */
		return 0;
	}
	if (c == 0xE2 && s[i + 1] == 0x81 && (s[i + 2] == 0xA0 || s[i + 2] == 0x9F)) {
		*n = 3; /* medium mathematical space; word joiner */
		return s[i + 2] == 0x9F ? 1 : 2;
	}
	if (c == 0xEF && s[i + 1] == 0xBB && s[i + 2] == 0xBF) {
		*n = 3; /* BOM / zero-width no-break space */
		return 2;
	}
	if (c == 0xE3 && s[i + 1] == 0x80 && s[i + 2] == 0x80) {
		*n = 3; /* ideographic space */
		return 1;
	}
	return 0;
}

/* Where in s[0..8) the first byte that is not printable ASCII (a space, a
 * control, DEL, a byte of a multi-byte character) lies; 8 if none. Eight
 * bytes at a time where the machine allows, since the words of a page pass
 * through here. */
static size_t plain_ascii_run8(const unsigned char *s)
{
#if defined(__GNUC__) && defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	const uint64_t ones = 0x0101010101010101u, highs = 0x8080808080808080u;
	uint64_t v;
	memcpy(&v, s, 8);
	/* high bit of a byte set for bytes < 0x21 and >= 0x7f; exact for
	 * the lowest such byte, which is all we ask */
	uint64_t bad = ((v - 0x21 * ones) | (v + ones) | v) & highs;
	return bad ? (size_t)__builtin_ctzll(bad) / 8 : 8;
#else
	size_t i = 0;
	while (i < 8 && s[i] > 0x20 && s[i] < 0x7f)
		i++;
	return i;
#endif
}

/* Whitespace-normalised append of UTF-8 text to the open block. Most of a
 * page's bytes pass through here, so the text is gathered in runs (the
 * characters between two spaces) on the stack and goes into the block's
 * buffer in a few appends per text node, not one per character. */
static int put_text(hx *x, const char *text)
{
	const unsigned char *s = (const unsigned char *)text;
	sr_buf *b = &x->text;
	char out[4096];
	size_t k = 0; /* bytes in out, not yet in b */
	if (x->mute_depth)
		return 0;
	size_t len = strlen(text), i = 0, n;
	while (i < len) {
		unsigned char c0 = s[i];
		if (c0 <= 0x20 || c0 == 0x7f) { /* ASCII white space and controls */
			x->pending_space = 1;
			i++;
			continue;
		}
		int kind = c0 < 0x80 ? 0 : cp_kind(s, i, &n);
		if (kind != 0) {
			x->pending_space |= kind == 1;
			i += n;
			continue;
		}
		/* a run of characters up to the next space, dropped code point or
		 * the end, each code point copied whole */
		size_t start = i;
		unsigned w = 0;
		for (;;) {
			size_t r;
			if (i + 8 <= len) {
				r = plain_ascii_run8(s + i);
			} else {
				for (r = 0; i + r < len && s[i + r] > 0x20 && s[i + r] < 0x7f; r++)
					;
			}
			i += r, w += (unsigned)r;
			if (r == 8)
				continue;
			unsigned char c = s[i];
			if (i >= len || c < 0x80 || cp_kind(s, i, &n) != 0)
				break; /* a space, a control, the end */
			size_t m = c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
			size_t j = 1;
			while (j < m && s[i + j])
				j++;
			i += j;
			/* a CJK or Hangul character carries about a word's worth */
			w += (c >= 0xE3 && c <= 0xED) ? 3 : 1;
		}
		size_t have = b->len + k, run = i - start;
		if (have == x->block_start)
			x->cur_link_first = x->link_depth > 0;
		int space = x->pending_space && have > x->block_start;
		x->pending_space = 0;
		if (k + 1 + run > sizeof out) {
			if (sr_buf_append(b, out, k) != 0)
				return -1;
			k = 0;
		}
		if (space)
			out[k++] = ' ';
		if (k + run > sizeof out) { /* a run longer than out */
			if (sr_buf_append(b, out, k) != 0 || sr_buf_append(b, s + start, run) != 0)
				return -1;
			k = 0;
		} else {
			memcpy(out + k, s + start, run);
			k += run;
		}
		x->cur_chars += w;
		if (x->link_depth)
			x->cur_link += w;
	}
	return k && sr_buf_append(b, out, k) != 0 ? -1 : 0;
}

/* Close the open block: record it if it holds any text. */
static int flush_block(hx *x)
{
	x->pending_space = 0;
	if (x->text.len == x->block_start)
		return 0;
	if (x->nblocks == x->blocks_cap) {
		size_t cap = x->blocks_cap ? x->blocks_cap * 2 : 256;
		hx_block *p = realloc(x->blocks, cap * sizeof *p);
		if (!p)
			return -1;
		x->blocks = p;
		x->blocks_cap = cap;
	}
	hx_block *b = &x->blocks[x->nblocks++];
	memset(b, 0, sizeof *b);
	b->el = x->cur_el;
	b->off = x->block_start;
	b->len = x->text.len - x->block_start;
	b->chars = x->cur_chars;
	b->link = x->cur_link;
	b->kind = x->cur_kind;
	b->link_first = (unsigned char)x->cur_link_first;
	b->neg = (unsigned char)(x->neg_depth > 0);
	b->pos = (unsigned char)(x->pos_depth > 0);
	if (sr_buf_putc(&x->text, '\0') != 0)
		return -1;
	x->block_start = x->text.len;
	x->cur_chars = x->cur_link = 0;
	return 0;
}

/* Nearest block element at or above n: the element a block's text belongs to. */
static void set_cur_el(hx *x, xmlNode *n)
{
	for (; n && n->type == XML_ELEMENT_NODE; n = n->parent) {
		hx_info *in = info_of(x, n);
		if (in && in->is_block) {
			x->cur_el = n;
			x->cur_kind = in->bkind;
			return;
		}
	}
	x->cur_el = NULL;
	x->cur_kind = HX_B_PARA;
}

/* Entering element el: metadata hooks, then what it does to the text.
 * Returns 1 to descend, 0 to skip its subtree, -1 on no memory. */
static int enter(hx *x, xmlNode *el)
{
	if (info_new(x, el) != 0)
		return -1;
	hx_info *in = info_of(x, el);
	hx_tag t = tag_of(x, el->name);
	in->tag = t.id;
	if (hx_meta_hook(x, el, t.id) != 0)
		return -1;
	int kind = t.kind;
	if (kind == T_SKIP)
		return 0;
	hx_attrs at;
	attrs_read(el, &at);
	char cls[256];
	size_t ncls;
	int cls_neg;
	element_hint(&at, t.id, in, cls, &ncls, &cls_neg);
	if (in->hidden)
		return 0;
	hx_byline_hook(x, el, &at, cls, ncls, cls_neg);
	if (kind == T_BR) {
		return flush_block(x) != 0 ? -1 : 0;
	}
	if (kind == T_CELL)
		x->pending_space = 1;
	if (in->hint == HX_STRONG || in->strong_tag) {
		/* mark the way up: these ancestors hold the body, never prune them */
		for (xmlNode *p = el->parent; p && p->type == XML_ELEMENT_NODE; p = p->parent) {
			hx_info *pi = info_of(x, p);
			if (!pi || pi->strong_below)
				break;
			pi->strong_below = 1;
		}
	}
	if (!el->children)
		return 0;
	/* an article inside an article is another one: a teaser or a comment */
	if (in->strong_tag && t.id == HX_T_ARTICLE && x->article_depth > 0 && in->hint >= 0) {
		in->hint = HX_NEG;
		in->strong_tag = 0;
	}
	in->under_neg = (unsigned char)(x->neg_depth > 0 || in->hint < 0);
	/* from here on we descend, and leave() undoes what is counted here */
	if (t.id == HX_T_ARTICLE)
		in->is_article = 1, x->article_depth++;
	if (in->hint < 0)
		x->neg_depth++;
	if (in->hint >= HX_POS)
		x->pos_depth++;
	if (kind == T_MUTE) {
		if (flush_block(x) != 0)
			return -1;
		in->is_mute = 1;
		x->mute_depth++;
		return 1;
	}
	if (kind == T_BLOCK) {
		if (flush_block(x) != 0)
			return -1;
		in->is_block = 1;
		in->bkind = t.bkind;
		x->cur_el = el;
		x->cur_kind = in->bkind;
	}
	if (t.id == HX_T_A && at.href)
		in->is_link = 1, x->link_depth++;
	return 1;
}

static int leave(hx *x, xmlNode *el)
{
	hx_info *in = info_of(x, el);
	if (!in)
		return 0;
	if (in->is_mute)
		x->mute_depth--;
	if (in->is_article)
		x->article_depth--;
	if (in->is_link)
		x->link_depth--;
	if (in->hint < 0)
		x->neg_depth--;
	if (in->hint >= HX_POS)
		x->pos_depth--;
	if (in->is_block) {
		if (flush_block(x) != 0)
			return -1;
		set_cur_el(x, el->parent);
	}
	return 0;
}

/* Pre-order walk with enter/leave, iterative: the tree's parent pointers are
 * the stack, so depth costs nothing but the check against the limit. */
static int walk(hx *x, xmlNode *root)
{
	xmlNode *n = root;
	int depth = 0;
	while (n) {
		int down = 0;
		if (n->type == XML_ELEMENT_NODE) {
			down = enter(x, n);
			if (down < 0)
				return SR_ENOMEM;
		} else if ((n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) &&
			   n->content) {
			if (put_text(x, (const char *)n->content) != 0)
				return SR_ENOMEM;
		}
		if (down && n->children) {
			if (++depth > x->max_depth)
				x->max_depth = depth;
			n = n->children;
			continue;
		}
		while (n) {
			if (n != root && n->next) {
				n = n->next;
				break;
			}
			if (n == root) {
				n = NULL;
				break;
			}
			n = n->parent;
			depth--;
			if (n->type == XML_ELEMENT_NODE && leave(x, n) != 0)
				return SR_ENOMEM;
			if (n == root) {
				n = NULL;
				break;
			}
		}
	}
	return flush_block(x) != 0 ? SR_ENOMEM : 0;
}

/* ---- block features ---- */

/* Common function words of the languages sitrep reads (English, Russian,
 * Belarusian) and a few neighbours; sorted (byte order) for bsearch. Their
 * share separates running prose from lists of names and links. */
static const char *const stopwords[] = {
	"a",     "about", "after", "all",   "also",  "an",    "and",   "are",   "as",
	"at",    "be",    "because", "been", "but",  "by",    "can",   "could", "de",
	"der",   "des",   "die",   "do",    "e",     "el",    "en",    "et",    "for",
	"from",  "had",   "has",   "have",  "he",    "her",   "his",   "i",     "if",
	"in",    "into",  "is",    "it",    "its",   "la",    "le",    "les",   "more",
	"most",  "no",    "not",   "o",     "of",    "on",    "one",   "or",    "our",
	"out",   "said",  "she",   "so",    "some",  "than",  "that",  "the",   "their",
	"them",  "then",  "there", "these", "they",  "this",  "to",    "und",   "up",
	"was",   "we",    "were",  "what",  "when",  "which", "who",   "will",  "with",
	"would", "you",   "your",
	"і",     "у",     "ў",     "а",     "в",     "во",    "вы",    "да",    "для",
	"до",    "его",   "если",  "есть",  "же",    "за",    "и",     "из",    "к",
	"как",   "ко",    "ли",    "мы",    "на",    "над",   "не",    "но",    "о",
	"об",    "он",    "она",   "они",   "от",    "па",    "по",    "под",   "при",
	"с",     "так",   "также", "то",    "у",     "что",   "это",   "як",    "які",
	"які",   "што",
};

static int cmp_cstr(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Lowercase one word (ASCII and the Cyrillic block, by code point) into out;
 * 0 when it does not fit. */
static size_t word_lower(const unsigned char *s, size_t n, char *out, size_t cap)
{
	if (n >= cap)
		return 0;
	size_t k = 0;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = s[i];
		if (c >= 'A' && c <= 'Z') {
			out[k++] = (char)(c + 32);
		} else if (c == 0xD0 && i + 1 < n && s[i + 1] >= 0x90 && s[i + 1] <= 0xAF) {
			/* А..Я → а..я */
			unsigned cp = 0x410u + (s[i + 1] - 0x90u) + 0x20u;
			out[k++] = (char)(0xC0 | (cp >> 6));
			out[k++] = (char)(0x80 | (cp & 0x3F));
			i++;
		} else if (c == 0xD0 && i + 1 < n && (s[i + 1] == 0x86 || s[i + 1] == 0x8E)) {
			/* І → і, Ў → ў */
			unsigned cp = s[i + 1] == 0x86 ? 0x456u : 0x45Eu;
			out[k++] = (char)(0xC0 | (cp >> 6));
			out[k++] = (char)(0x80 | (cp & 0x3F));
			i++;
		} else {
			out[k++] = (char)c;
		}
	}
	out[k] = '\0';
	return k;
}

/* Words, punctuation and stop words of a block. */
static void block_counts(hx *x, hx_block *b)
{
	const unsigned char *s = (const unsigned char *)x->text.p + b->off;
	size_t n = b->len;
	unsigned words = 0, stops = 0, punct = 0;
	size_t i = 0;
	while (i < n) {
		unsigned char c = s[i];
		if ((c == 0xE3 && i + 2 < n && s[i + 1] == 0x80 && (s[i + 2] == 0x81 || s[i + 2] == 0x82)) ||
		    (c == 0xEF && i + 2 < n && s[i + 1] == 0xBC &&
		     (s[i + 2] == 0x8C || s[i + 2] == 0x81 || s[i + 2] == 0x9F))) {
			punct++; /* CJK comma, full stop, ！ and ？ */
			i += 3;
			continue;
		}
		if (c >= 0x80 || (c >= '0' && c <= '9') || hx_is_alpha_ascii(c)) {
			size_t j = i;
			while (j < n && (s[j] >= 0x80 || (s[j] >= '0' && s[j] <= '9') ||
					 hx_is_alpha_ascii(s[j]) || s[j] == '\''))
				j++;
			/* a run of bytes >= 0x80 may hold punctuation (“ ” — «) too:
			 * good enough for counting words */
			words++;
			char w[32];
			if (j - i <= 12 && word_lower(s + i, j - i, w, sizeof w)) {
				const char *key = w;
				if (bsearch(&key, stopwords, sizeof stopwords / sizeof stopwords[0],
					    sizeof stopwords[0], cmp_cstr))
					stops++;
			}
			i = j;
			continue;
		}
		if (c == '.' || c == ',' || c == '!' || c == '?' || c == ';' || c == ':')
			punct++;
		i++;
	}
	b->words = words;
	b->stops = stops;
	b->punct = punct;
}

/* A block's features as far as they decide anything. Punctuation alone
 * marks prose, and ASCII punctuation is never part of a word, so a block
 * with some is done at the first one; only the rest are counted in full,
 * stop words (a lookup per word) included. */
static void block_features(hx *x, hx_block *b)
{
	/* the block's text is NUL-terminated in x->text and holds no NUL */
	const char *s = x->text.p + b->off;
	if (s[strcspn(s, ".,!?;:")]) {
		b->words = b->stops = 0;
		b->punct = 1;
		return;
	}
	block_counts(x, b);
}

/* Short texts that are boilerplate in any site's markup: calls to share,
 * subscribe or read on, notices and credits. One signal among several: only a
 * short block is judged by it. */
static const char *const boiler_phrases[] = {
	"advertisement", "all rights reserved", "click here", "continue reading",
	"cookie", "copyright", "follow us", "log in", "read more", "related:",
	"share this", "sign up", "subscribe", "©", "click to share", "share on",
	"you may also like", "recommended for you", "sponsored", "читайте также",
	"подписывайтесь", "реклама",
};

static int boiler_text(const char *s, size_t n)
{
	char low[256];
	if (n >= sizeof low)
		return 0;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		low[i] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
	}
	low[n] = '\0';
	for (size_t k = 0; k < sizeof boiler_phrases / sizeof boiler_phrases[0]; k++)
		if (strstr(low, boiler_phrases[k]))
			return 1;
	return 0;
}

/* ---- classes, pruning, region ---- */

/* A block under an element whose class called it boilerplate is dropped,
 * unless that element also holds the body: an ancestor of a strong hint, or
 * (for the softer hints: "widget", "sidebar" are in some sites' names for
 * everything) the holder of a good share of the page's prose. Comment
 * sections can outweigh their article, so that share does not save them. */
static int block_pruned(hx *x, const hx_block *b)
{
	if (!b->neg)
		return 0;
	for (xmlNode *p = b->el; p && p->type == XML_ELEMENT_NODE; p = p->parent) {
		hx_info *in = info_of(x, p);
		if (!in)
			continue;
		if (in->hint >= HX_STRONG || in->strong_tag)
			return 0; /* the body's own container said so first */
		if (in->hint >= 0 || in->strong_below)
			continue;
		if (in->hint == HX_HARD || in->good < PRUNE_SAVE_SHARE * x->good_total)
			return 1;
	}
	return 0;
}

static void classify(hx *x, hx_block *b)
{
	double ld = b->chars ? (double)b->link / b->chars : 0;
	if (b->kind == HX_B_HEAD) {
		b->cls = ld > BAD_LINK_DENSITY ? HX_BAD : HX_HEAD;
		return;
	}
	if (ld > BAD_LINK_DENSITY || (b->chars < SHORT_CHARS * 2 && ld > MAX_GOOD_LINK_DENSITY)) {
		b->cls = HX_BAD;
		return;
	}
	if (b->chars < 160 && boiler_text(x->text.p + b->off, b->len)) {
		b->cls = HX_BAD;
		return;
	}
	/* only now do punctuation and stop words decide anything */
	block_features(x, b);
	double sd = b->words ? (double)b->stops / b->words : 0;
	int prose = b->punct > 0 || sd >= STOP_DENSITY;
	if (b->chars >= GOOD_CHARS && ld <= MAX_GOOD_LINK_DENSITY && prose) {
		b->cls = HX_GOOD;
		return;
	}
	if (b->chars >= SHORT_CHARS && prose) {
		b->cls = HX_NEAR;
		return;
	}
	b->cls = HX_SHORT;
}

/* ---- repetition: teaser cards ---- */

/* Next class token without digits ("post-7816" names one item, not a kind)
 * from *p; its length, 0 at the end. */
static size_t class_token(const char **p, const char **tok)
{
	for (;;) {
		const char *s = *p;
		while (*s == ' ' || *s == '\t' || *s == '\n')
			s++;
		if (!*s)
			return 0;
		const char *e = s;
		int digit = 0;
		while (*e && *e != ' ' && *e != '\t' && *e != '\n')
			digit |= *e >= '0' && *e <= '9', e++;
		*p = e;
		if (!digit) {
			*tok = s;
			return (size_t)(e - s);
		}
	}
}

/* Same class list, item-numbering tokens aside. */
static int same_class(xmlNode *a, xmlNode *b)
{
	xmlAttr *x = xmlHasProp(a, (const xmlChar *)"class");
	xmlAttr *y = xmlHasProp(b, (const xmlChar *)"class");
	const char *u = x && x->children && x->children->content ? (const char *)x->children->content : "";
	const char *v = y && y->children && y->children->content ? (const char *)y->children->content : "";
	for (;;) {
		const char *tu = NULL, *tv = NULL;
		size_t nu = class_token(&u, &tu), nv = class_token(&v, &tv);
		if (nu != nv || (nu && memcmp(tu, tv, nu) != 0))
			return 0;
		if (!nu)
			return 1;
	}
}

static int same_kind(xmlNode *a, xmlNode *b)
{
	return b->type == XML_ELEMENT_NODE &&
	       (a->name == b->name || strcmp((const char *)a->name, (const char *)b->name) == 0) &&
	       same_class(a, b);
}

/* Shaped like a teaser: small, starting with a link (the headline leading
 * to another story), then some text that is not a link (the summary). A
 * paragraph is never one: its links sit inside its sentences. */
static int card_shaped(hx *x, xmlNode *e)
{
	hx_info *in = info_of(x, e);
	if (!in || !in->link_first || in->chars > CARD_MAX_CHARS || in->link < 10 ||
	    in->link * 10 < in->chars || in->tag == HX_T_P)
		return 0;
	return in->chars - in->link >= 30;
}

/* A teaser card: card-shaped, and one of three or more like siblings (same
 * tag and class) shaped so too. Lists of such cards are "related", "more
 * stories", "latest news", whatever a site calls them; their summaries read
 * as prose and only the repetition gives them away. */
static int is_card(hx *x, xmlNode *e)
{
	hx_info *in = info_of(x, e);
	if (!in)
		return 0;
	if (in->card)
		return in->card == 1;
	in->card = 2;
	if (!card_shaped(x, e))
		return 0;
	int like = 0;
	xmlNode *s = e->prev;
	for (int k = 0; s && k < CARD_SIBLING_SCAN; s = s->prev)
		if (s->type == XML_ELEMENT_NODE)
			k++, like += same_kind(e, s) && card_shaped(x, s);
	s = e->next;
	for (int k = 0; s && k < CARD_SIBLING_SCAN; s = s->next)
		if (s->type == XML_ELEMENT_NODE)
			k++, like += same_kind(e, s) && card_shaped(x, s);
	if (like < 2)
		return 0;
	/* inside the container the site names as its article body, a list of
	 * linked items is the article (a news round-up), not a teaser list */
	for (xmlNode *p = e->parent; p && p->type == XML_ELEMENT_NODE; p = p->parent) {
		hx_info *pi = info_of(x, p);
		if (pi && pi->hint == HX_STRONG)
			return 0;
	}
	in->card = 1;
	return 1;
}

/* Depth, from a block's element, at which its card would be. */
#define CARD_LEVELS 5

static void mark_cards(hx *x)
{
	for (size_t i = 0; i < x->nblocks; i++) {
		hx_block *b = &x->blocks[i];
		for (xmlNode *p = b->el; p && p->type == XML_ELEMENT_NODE; p = p->parent) {
			hx_info *in = info_of(x, p);
			if (!in)
				continue;
			if (!in->seen)
				in->seen = 1, in->link_first = b->link_first;
			in->chars += b->chars;
			in->link += b->link;
		}
	}
	for (size_t i = 0; i < x->nblocks; i++) {
		hx_block *b = &x->blocks[i];
		int k = 0;
		for (xmlNode *p = b->el; p && p->type == XML_ELEMENT_NODE && k < CARD_LEVELS;
		     p = p->parent, k++) {
			if (is_card(x, p)) {
				b->card = 1;
				break;
			}
		}
	}
}

/* What a block says about the region around it: its text without links is
 * evidence of content, the more so the more it reads as prose; its link
 * text, and text that reads as boilerplate, evidence against. */
static double block_weight(const hx_block *b)
{
	double text = (double)b->chars - b->link, link = b->link;
	if (b->card)
		return -0.3 * (double)b->chars;
	switch (b->cls) {
	case HX_GOOD:
		return text - 0.5 * link;
	case HX_NEAR:
		return 0.7 * text - 0.5 * link;
	case HX_SHORT:
		return (b->punct || b->stops ? 0.4 : 0.2) * text - 0.5 * link;
	case HX_BAD:
		return -0.5 * (double)b->chars;
	default:
		return 0;
	}
}

/* The element with the greatest summed weight below it. */
static xmlNode *pick_region(hx *x)
{
	xmlNode *best = NULL;
	double best_score = 0;
	for (size_t i = 0; i < x->nblocks; i++) {
		hx_block *b = &x->blocks[i];
		if (b->pruned || !b->el)
			continue;
		double w = block_weight(b);
		if (w == 0)
			continue;
		for (xmlNode *p = b->el; p && p->type == XML_ELEMENT_NODE; p = p->parent) {
			hx_info *in = info_of(x, p);
			if (in)
				in->score += w;
		}
	}
	/* candidates are the ancestors of blocks; visit each once via blocks */
	for (size_t i = 0; i < x->nblocks; i++) {
		hx_block *b = &x->blocks[i];
		if (b->pruned || !b->el)
			continue;
		for (xmlNode *p = b->el; p && p->type == XML_ELEMENT_NODE; p = p->parent) {
			hx_info *in = info_of(x, p);
			if (!in || in->visited)
				break;
			in->visited = 1;
			/* the site's own name for its article body is worth a little */
			double sc = in->score;
			if (sc > 0 && (in->hint == HX_STRONG || in->strong_tag))
				sc *= 1.25;
			/* a footer or sidebar saved from pruning by its size is
			 * still a poor place for the article */
			if (sc > 0 && in->under_neg)
				sc *= 0.5;
			if (!best || sc > best_score) {
				best = p;
				best_score = sc;
			}
		}
	}
	return best;
}

static int inside(xmlNode *n, xmlNode *region)
{
	for (; n; n = n->parent)
		if (n == region)
			return 1;
	return 0;
}

/* The class of the nearest block before (dir -1) or after (+1) block i in
 * the region, skipping short blocks, headings and, if skip_near, near-good
 * ones; HX_BAD at the region's edge. For near-good and short blocks, the
 * kept state of a near-good neighbour is what counts. */
static int neighbour(const hx *x, size_t i, int dir, int skip_near, int skip_bad)
{
	for (size_t j = i;;) {
		if (dir < 0) {
			if (j == 0)
				return HX_BAD;
			j--;
		} else {
			if (++j >= x->nblocks)
				return HX_BAD;
		}
		const hx_block *o = &x->blocks[j];
		if (!o->in || o->cls == HX_SHORT || o->cls == HX_HEAD || (skip_bad && o->cls == HX_BAD))
			continue;
		if (o->cls == HX_NEAR) {
			if (skip_near)
				continue;
			return o->keep ? HX_GOOD : HX_BAD;
		}
		return o->cls;
	}
}

/* Keep the region's good blocks; its near-good ones unless boilerplate (or
 * the region's edge) lies on both sides; short ones and headings where kept
 * text surrounds or follows them. The context rules of jusText, inside the
 * region the DOM scores chose. */
static void select_blocks(hx *x, xmlNode *region)
{
	size_t n = x->nblocks;
	int any_good = 0;
	for (size_t i = 0; i < n; i++) {
		hx_block *b = &x->blocks[i];
		b->in = (unsigned char)(!b->pruned && !b->card && b->el && inside(b->el, region));
		b->keep = b->in && b->cls == HX_GOOD;
		any_good |= b->keep;
	}
	if (!any_good) {
		/* a page of short paragraphs, lists or tables: the region is all
		 * we know, keep what in it is not plainly boilerplate */
		for (size_t i = 0; i < n; i++) {
			hx_block *b = &x->blocks[i];
			b->keep = b->in && b->cls != HX_BAD;
		}
		return;
	}
	for (size_t i = 0; i < n; i++) {
		hx_block *b = &x->blocks[i];
		if (b->in && b->cls == HX_NEAR)
			b->keep = 1;
	}
	for (size_t i = 0; i < n; i++) {
		hx_block *b = &x->blocks[i];
		if (!b->in || (b->cls != HX_SHORT && b->cls != HX_HEAD))
			continue;
		/* a link list wedged into the text does not cut it */
		int next = neighbour(x, i, +1, 0, 1);
		if (b->cls == HX_HEAD)
			b->keep = next == HX_GOOD;
		else
			b->keep = next == HX_GOOD && neighbour(x, i, -1, 0, 1) == HX_GOOD;
	}
}

/* Text equality ignoring case of ASCII letters and space differences. */
int hx_same_text(const char *a, size_t na, const char *b, size_t nb)
{
	size_t i = 0, j = 0;
	for (;;) {
		while (i < na && (a[i] == ' ' || a[i] == '\n'))
			i++;
		while (j < nb && (b[j] == ' ' || b[j] == '\n'))
			j++;
		if (i == na || j == nb)
			return i == na && j == nb;
		unsigned char c = (unsigned char)a[i], d = (unsigned char)b[j];
		if (c >= 'A' && c <= 'Z')
			c = (unsigned char)(c + 32);
		if (d >= 'A' && d <= 'Z')
			d = (unsigned char)(d + 32);
		if (c != d)
			return 0;
		i++, j++;
	}
}

static int build_body(hx *x, sr_doc *out)
{
	sr_buf body;
	sr_buf_init(&body, 2 * x->text.len + 16);
	int seen_text = 0;
	for (size_t i = 0; i < x->nblocks; i++) {
		hx_block *b = &x->blocks[i];
		if (!b->keep)
			continue;
		const char *s = x->text.p + b->off;
		/* the title again at the top, or the by-line, is not body text */
		if (!seen_text && out->title && hx_same_text(s, b->len, out->title, strlen(out->title)))
			continue;
		if (!seen_text && hx_leading_meta_line(out, s, b->len))
			continue;
		if (body.len && sr_buf_append(&body, "\n\n", 2) != 0)
			goto nomem;
		if (sr_buf_append(&body, s, b->len) != 0)
			goto nomem;
		if (b->cls == HX_GOOD || b->cls == HX_NEAR)
			seen_text = 1;
	}
	if (body.len) {
		size_t n;
		char *p = sr_buf_detach(&body, &n);
		free(out->body);
		out->body = p;
		out->body_len = n;
	}
	sr_buf_cleanup(&body);
	return 0;
nomem:
	sr_buf_cleanup(&body);
	return SR_ENOMEM;
}

/* ---- entry ---- */

static int ascii_letter(unsigned char c)
{
	return (c | 0x20) >= 'a' && (c | 0x20) <= 'z';
}

static int html_space(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

/* Past the end of a comment, doctype or processing instruction at s[i]
 * ("<!--" … "-->", "<!" … ">", "<?" … ">"). */
static size_t skip_markup_decl(const char *s, size_t n, size_t i)
{
	if (i + 3 < n && s[i + 1] == '!' && s[i + 2] == '-' && s[i + 3] == '-') {
		for (size_t j = i + 4; j + 2 < n; j++) {
			const char *e = memchr(s + j, '-', n - j);
			if (!e)
				return n;
			j = (size_t)(e - s);
			if (j + 2 < n && s[j + 1] == '-' && s[j + 2] == '>')
				return j + 3;
		}
		return n;
	}
	const char *e = memchr(s + i, '>', n - i);
	return e ? (size_t)(e - s) + 1 : n;
}

/* Past the raw text of a <script> or <style> at s[i] (just after its start
 * tag): tags in it are not markup. */
static size_t skip_raw_text(const char *s, size_t n, size_t i, const char *name, size_t nl)
{
	while (i < n) {
		const char *lt = memchr(s + i, '<', n - i);
		if (!lt)
			return n;
		i = (size_t)(lt - s) + 1;
		if (i + nl < n && s[i] == '/') {
			size_t k = 0;
			while (k < nl && (s[i + 1 + k] | 0x20) == name[k])
				k++;
			if (k == nl)
				return i - 1;
		}
	}
	return n;
}

/* The most attributes any start tag of the page carries, counted over the
 * raw bytes in one pass the way an HTML tokenizer reads them: names
 * separated by white space, '/' or a value ("a=1 b='x>y' c"). libxml2
 * checks an element's attributes pairwise for duplicates, so thousands on
 * one element take seconds; this pass is linear and lets such a page be
 * refused before it is parsed. Stops counting past SR_MAX_HTML_ATTRS. */
static size_t max_tag_attrs(const char *s, size_t n)
{
	size_t best = 0, i = 0;
	while (i < n) {
		const char *lt = memchr(s + i, '<', n - i);
		if (!lt)
			break;
		i = (size_t)(lt - s);
		if (i + 1 >= n)
			break;
		unsigned char c = (unsigned char)s[i + 1];
		if (c == '!' || c == '?') {
			i = skip_markup_decl(s, n, i);
			continue;
		}
		if (!ascii_letter(c)) { /* an end tag or a literal '<' */
			i++;
			continue;
		}
		/* the tag name */
		size_t ns = i + 1, j = ns;
		while (j < n && !html_space((unsigned char)s[j]) && s[j] != '>' && s[j] != '/')
			j++;
		size_t nl = j - ns;
		size_t attrs = 0;
		while (j < n && s[j] != '>') {
			unsigned char d = (unsigned char)s[j];
			if (html_space(d) || d == '/') {
				j++;
				continue;
			}
			/* an attribute name (a stray quote or '=' starts one too) */
			attrs++;
			j++;
			while (j < n && !html_space((unsigned char)s[j]) && s[j] != '>' && s[j] != '/' &&
			       s[j] != '=')
				j++;
			size_t k = j;
			while (k < n && html_space((unsigned char)s[k]))
				k++;
			if (k < n && s[k] == '=') { /* its value */
				k++;
				while (k < n && html_space((unsigned char)s[k]))
					k++;
				if (k < n && (s[k] == '"' || s[k] == '\'')) {
					const char *q = memchr(s + k + 1, s[k], n - k - 1);
					k = q ? (size_t)(q - s) + 1 : n;
				} else {
					while (k < n && !html_space((unsigned char)s[k]) && s[k] != '>')
						k++;
				}
				j = k;
			}
			if (attrs > SR_MAX_HTML_ATTRS)
				return attrs;
		}
		if (attrs > best)
			best = attrs;
		i = j < n ? j + 1 : n;
		if (nl == 6 && !strncasecmp(s + ns, "script", 6))
			i = skip_raw_text(s, n, i, "script", 6);
		else if (nl == 5 && !strncasecmp(s + ns, "style", 5))
			i = skip_raw_text(s, n, i, "style", 5);
	}
	return best;
}

/* Valid UTF-8 (tells a page to parse as UTF-8 from one in a legacy charset). */
static int utf8_ok(const unsigned char *s, size_t n)
{
	size_t i = 0;
	while (i < n) {
		/* markup is ASCII: eight bytes at a time while no high bit is set */
		uint64_t v;
		while (i + 8 <= n && (memcpy(&v, s + i, 8), (v & 0x8080808080808080u) == 0))
			i += 8;
		if (i >= n)
			break;
		unsigned char c = s[i];
		if (c < 0x80) {
			i++;
			continue;
		}
		size_t k = (c >= 0xC2 && c <= 0xDF) ? 1 : (c >= 0xE0 && c <= 0xEF) ? 2
						     : (c >= 0xF0 && c <= 0xF4) ? 3 : 0;
		if (k == 0 || k >= n - i)
			return 0;
		for (size_t j = 1; j <= k; j++)
			if ((s[i + j] & 0xC0) != 0x80)
				return 0;
		if ((c == 0xE0 && s[i + 1] < 0xA0) || (c == 0xED && s[i + 1] >= 0xA0) ||
		    (c == 0xF0 && s[i + 1] < 0x90) || (c == 0xF4 && s[i + 1] >= 0x90))
			return 0;
		i += k + 1;
	}
	return 1;
}

static void hx_cleanup(hx *x)
{
	free(x->info);
	free(x->blocks);
	sr_buf_cleanup(&x->text);
	hx_meta_cleanup(&x->meta);
}

int sr_html_extract(const char *html, size_t len, sr_doc *out, sr_error *err)
{
	if (len > SR_MAX_DOC_BYTES)
		return sr_error_set(err, SR_EINPUT, NULL, 0, -1,
				    "HTML page of %zu bytes is over the %u-byte limit", len,
				    SR_MAX_DOC_BYTES);
	if (len > INT32_MAX)
		return sr_error_set(err, SR_EINPUT, NULL, 0, -1, "HTML page too large");
	if (max_tag_attrs(html, len) > SR_MAX_HTML_ATTRS)
		return sr_error_set(err, SR_EINPUT, NULL, 0, -1,
				    "HTML element with more than %d attributes (SR_MAX_HTML_ATTRS)",
				    SR_MAX_HTML_ATTRS);
	const char *enc = utf8_ok((const unsigned char *)html, len) ? "UTF-8" : NULL;
	int opts = HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
		   HTML_PARSE_NONET | HTML_PARSE_COMPACT;
	htmlDocPtr doc = htmlReadMemory(html, (int)len, NULL, enc, opts);
	if (!doc)
		return sr_error_set(err, SR_EINPUT, NULL, 0, -1, "HTML page could not be parsed");
	hx x;
	memset(&x, 0, sizeof x);
	/* normalised text never outgrows the markup it came from by much:
	 * entities shrink, and we add one separator per block */
	sr_buf_init(&x.text, 2 * len + 4096);
	int rc = 0;
	xmlNode *root = xmlDocGetRootElement(doc);
	if (root)
		rc = walk(&x, root);
	if (rc == 0 && x.max_depth >= SR_MAX_HTML_DEPTH - 1) {
		/* libxml2 stops reading at its own depth limit and drops the
		 * rest: what we hold is not the page */
		rc = sr_error_set(err, SR_EINPUT, NULL, 0, -1,
				  "HTML nested deeper than %d elements", SR_MAX_HTML_DEPTH);
		goto done;
	}
	if (rc != 0) {
		rc = sr_error_set(err, SR_ENOMEM, NULL, 0, -1, "out of memory extracting HTML");
		goto done;
	}
	for (size_t i = 0; i < x.nblocks; i++) {
		hx_block *b = &x.blocks[i];
		classify(&x, b);
		if (b->cls != HX_GOOD && b->cls != HX_NEAR)
			continue;
		x.good_total += b->chars;
		for (xmlNode *p = b->el; p && p->type == XML_ELEMENT_NODE; p = p->parent) {
			hx_info *in = info_of(&x, p);
			if (in)
				in->good += b->chars;
		}
	}
	for (size_t i = 0; i < x.nblocks; i++)
		x.blocks[i].pruned = (unsigned char)block_pruned(&x, &x.blocks[i]);
	mark_cards(&x);
	xmlNode *region = pick_region(&x);
	if (region)
		select_blocks(&x, region);
	x.region = region;
	if (hx_meta_resolve(&x, out) != 0) {
		rc = sr_error_set(err, SR_ENOMEM, NULL, 0, -1, "out of memory extracting HTML");
		goto done;
	}
	if (build_body(&x, out) != 0) {
		rc = sr_error_set(err, SR_ENOMEM, NULL, 0, -1, "out of memory extracting HTML");
		goto done;
	}
	if (!out->body && !out->title)
		rc = sr_error_set(err, SR_EINPUT, NULL, 0, -1, "HTML page has no text");
done:
	hx_cleanup(&x);
	xmlFreeDoc(doc);
	return rc;
}

