/* extract_html_int.h — what the two halves of the HTML extractor share:
 * the working state of one page (per-element info, text blocks, metadata
 * candidates) and the metadata hooks the walk calls. Private to
 * extract_html.c (tree walk, block classes, region, body) and
 * extract_html_meta.c (meta tags, JSON-LD, by-lines, title, date). */
#ifndef SITREP_EXTRACT_HTML_INT_H
#define SITREP_EXTRACT_HTML_INT_H

#include <stddef.h>

#include <libxml/HTMLparser.h>

#include "doc.h"
#include "util/buf.h"
#include "util/date.h"

/* ---- working state ---- */

/* What kind of block an element makes. */
enum { HX_B_PARA = 0, HX_B_HEAD, HX_B_ITEM, HX_B_QUOTE, HX_B_PRE, HX_B_CELL };

/* Element names the two halves test for (hx_info.tag, hx_meta_hook). */
enum {
	HX_T_OTHER = 0, HX_T_A, HX_T_P, HX_T_ARTICLE, HX_T_MAIN, HX_T_META, HX_T_LINK,
	HX_T_TITLE, HX_T_TIME, HX_T_SCRIPT, HX_T_H1,
};

/* A block's class. */
enum { HX_SHORT = 0, HX_BAD, HX_NEAR, HX_GOOD, HX_HEAD };

/* Per element, hung on xmlNode._private (index + 1 into hx.info). */
typedef struct hx_info {
	double score;             /* summed block weights below */
	double good;              /* chars of good and near-good blocks below */
	unsigned chars;           /* chars of all blocks below */
	unsigned link;            /* of which link text */
	unsigned char seen;       /* a block below was met */
	unsigned char link_first; /* the first block below starts as a link */
	unsigned char card;       /* 0 unknown, 1 a teaser card, 2 not */
	signed char hint;         /* HX_NEG, 0, HX_POS, HX_STRONG from class/id/role */
	unsigned char hidden;     /* not shown to readers */
	unsigned char strong_tag; /* <article>/<main> without a boilerplate class */
	unsigned char strong_below; /* an element below has a strong hint */
	unsigned char is_block, bkind, is_link, is_mute, visited;
	unsigned char under_neg;  /* it or an ancestor has a boilerplate hint */
	unsigned char is_article;
	unsigned char tag;        /* HX_T_* */
} hx_info;

/* The attributes the walk reads on every element, found in one pass over
 * its list (the first of a name, as xmlHasProp finds it); NULL if absent. */
typedef struct hx_attrs {
	xmlAttr *cls, *id, *role, *itemprop, *style, *hidden, *aria_hidden, *rel, *href;
} hx_attrs;

/* What a tag name does to the text (extract_html.c's T_*, HX_B_*, HX_T_*). */
typedef struct hx_tag {
	unsigned char kind, bkind, id;
} hx_tag;

/* Names met on the page, by address: libxml2 keeps element names in its
 * dictionary, so the few a page uses repeat at the same address and a
 * name is looked up in the tag table about once. */
#define HX_TAG_CACHE 64

typedef struct hx_block {
	xmlNode *el;        /* innermost block element holding the text */
	size_t off, len;    /* bytes in hx.text, NUL-terminated there */
	unsigned chars;     /* code points, spaces excluded */
	unsigned link;      /* of which inside <a href> */
	/* Counted only where they decide the class (0 in headings and in
	 * blocks bad by their links or wording); a block with ASCII
	 * punctuation is prose whatever its words, so it has punct 1 and no
	 * words counted. */
	unsigned words, stops, punct;
	unsigned char kind; /* HX_B_* */
	unsigned char neg;  /* some ancestor's class says boilerplate */
	unsigned char pos;  /* some ancestor's class says content */
	unsigned char cls;  /* HX_SHORT … */
	unsigned char pruned, in, keep;
	unsigned char card; /* inside a repeated teaser card */
	unsigned char link_first; /* its text starts inside a link */
} hx_block;

#define HX_MAX_H1 16

/* Metadata candidates met on the walk; resolved once the region is known. */
typedef struct hx_meta {
	char *og_title, *tw_title, *title_tag, *ld_headline;
	char *site_name, *ld_publisher, *app_name;
	char *canonical, *og_url;
	char *section, *ld_section;
	char *author_meta, *ld_author, *byline_el, *rel_author;
	sr_date ld_date, pub_date, meta_date, time_pub, time_any;
	int ld_rank; /* how article-like the JSON-LD object that gave the above was */
	xmlNode *h1[HX_MAX_H1];
	size_t nh1;
} hx_meta;

typedef struct hx {
	sr_buf text;             /* all blocks' text, each NUL-terminated */
	size_t block_start;      /* where the open block starts in text */
	int pending_space;
	unsigned cur_chars, cur_link;
	int cur_link_first;
	int link_depth, neg_depth, pos_depth, mute_depth, article_depth;
	int byline_tries;
	xmlNode *cur_el;
	unsigned char cur_kind;
	hx_info *info;
	size_t ninfo, info_cap;
	struct {
		const xmlChar *name;
		hx_tag t;
	} tag_cache[HX_TAG_CACHE];
	hx_block *blocks;
	size_t nblocks, blocks_cap;
	int max_depth;
	double good_total;       /* chars of good and near-good blocks in the page */
	xmlNode *region;
	hx_meta meta;
} hx;

/* ---- small helpers (extract_html.c) ---- */

int hx_is_alpha_ascii(unsigned char c);
/* The attribute's value lower-cased (ASCII) into buf; its length, 0 when
 * absent. */
size_t hx_attr_lower(xmlNode *el, const char *name, char *buf, size_t cap);
/* The same for an attribute already found (a may be NULL). */
size_t hx_attr_lower_at(const xmlAttr *a, char *buf, size_t cap);
/* The attribute's value is value (ASCII case ignored). */
int hx_attr_is(xmlNode *el, const char *name, const char *value);
/* The same text, ignoring spaces, line breaks and ASCII case. */
int hx_same_text(const char *a, size_t na, const char *b, size_t nb);

/* ---- metadata (extract_html_meta.c) ---- */

/* An element met on the walk (tag: its HX_T_*): meta tags, JSON-LD
 * scripts, <title>, <time>, <h1>, canonical links. Returns 0; non-zero (no
 * memory) stops the walk. */
int hx_meta_hook(hx *x, xmlNode *el, int tag);
/* An element that may be a by-line: rel=author, itemprop=author, or a
 * lowercased class cls (ncls bytes) naming one; cls_neg is 0 when the hint
 * patterns found nothing boilerplate in the class, which rules out the
 * by-line names, all being such patterns. */
void hx_byline_hook(hx *x, xmlNode *el, const hx_attrs *at, const char *cls, size_t ncls,
		    int cls_neg);
/* Resolve the candidates into out's title, by-line, date, publication,
 * section and URL. 0 or -1 on no memory. */
int hx_meta_resolve(hx *x, sr_doc *out);
/* A leading body block that is metadata (the title again, a by-line, a
 * date alone). */
int hx_leading_meta_line(const sr_doc *out, const char *s, size_t n);
void hx_meta_cleanup(hx_meta *m);
/* Strip lead-ins and a trailing "| Site" from a by-line in place; 0 when
 * what remains does not look like names. */
int hx_byline_clean(char *s);

#endif
