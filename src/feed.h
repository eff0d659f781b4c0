/* feed.h — RSS 2.0, RSS 1.0 (RDF) and Atom 1.0 feeds parsed from memory.
 *
 * The first step of live intake: the bytes of a feed (fetched by fetch.h, or
 * read from a file) become a list of items, each with an id to remember it
 * by, an absolute link to fetch its page from, a title, a date and the text
 * the feed itself carries. The XML is parsed by libxml2 with network access
 * and entity substitution off; a document that declares entities in a DTD is
 * refused (no billion laughs, no external entities). docs/feeds.md has the
 * details and the limits. */
#ifndef SITREP_FEED_H
#define SITREP_FEED_H

#include <stddef.h>

#include "util/date.h"
#include "util/error.h"

/* A feed's bytes: real feeds are well under 2 MB, full-content ones a few.
 * libxml2's tree of many small elements takes up to ~30 times the input, so
 * this also bounds memory (the fetcher's default body cap is the same). */
#define SR_FEED_MAX_BYTES (8u * 1024u * 1024u)
/* Items kept per feed: the largest real feeds (full archives) carry a few
 * thousand; more is a dump, refused rather than cut. */
#define SR_FEED_MAX_ITEMS 100000u
/* Authors kept per item; the rest are dropped (a byline list, not a dump). */
#define SR_FEED_MAX_AUTHORS 64u

typedef enum {
	SR_FEED_RSS2 = 1, /* <rss> (also 0.9x) */
	SR_FEED_RSS1,     /* <rdf:RDF> with RSS 1.0 (or 0.90) items */
	SR_FEED_ATOM,     /* <feed xmlns="http://www.w3.org/2005/Atom"> */
} sr_feed_kind;

/* One item. Every pointer is owned by the feed and valid until sr_feed_free;
 * text is UTF-8 with whitespace runs collapsed; NULL when absent. */
typedef struct sr_feed_item {
	const char *id;   /* guid / atom:id / rdf:about, else the link; never NULL */
	const char *link; /* absolute http(s) URL (resolved against xml:base and the
			     feed's URL); NULL when the item has none usable */
	const char *title;
	sr_date date;          /* calendar date as stated (in the stated zone); 0 unknown */
	long long published;   /* seconds since 1970-01-01 UTC; valid when has_time */
	int has_time;          /* the date had a time of day (and zone, else UTC) */
	int tz_minutes;        /* the stated zone's offset east of UTC */
	const char *summary;   /* description / atom:summary as text (HTML stripped) */
	const char *content;   /* content:encoded / atom:content as text */
	const char *content_html; /* the same content as the feed's HTML markup, when
				     it was HTML (to extract from when the page cannot
				     be fetched); NULL when it was plain text */
	const char *const *authors; /* names (or RSS e-mail forms), nauthors of them */
	size_t nauthors;
	long line; /* line of the item's element in the feed */
} sr_feed_item;

typedef struct sr_feed_opts {
	size_t max_bytes; /* 0: SR_FEED_MAX_BYTES */
	size_t max_items; /* 0: SR_FEED_MAX_ITEMS */
} sr_feed_opts;

typedef struct sr_feed sr_feed;

/* Parse bytes[0..len). url (may be NULL) is where the feed came from: the base
 * relative links resolve against (after any xml:base). On success *out is a new
 * feed (sr_feed_free it) and 0 is returned. SR_EINPUT with err filled when the
 * XML is not well-formed (err->line is libxml2's line), declares entities, is
 * not RSS or Atom, has an element with more than SR_MAX_HTML_ATTRS attributes
 * (libxml2 checks them pairwise), or passes a limit; SR_ENOMEM. err->file is url (or empty).
 * Items lacking both an id and a link are skipped and counted, not fatal. */
int sr_feed_parse(const char *bytes, size_t len, const char *url, const sr_feed_opts *opts,
		  sr_feed **out /* OUT */, sr_error *err /* OUT */);
void sr_feed_free(sr_feed *f);

/* The feed's own fields. */
sr_feed_kind sr_feed_get_kind(const sr_feed *f);
const char *sr_feed_title(const sr_feed *f); /* NULL when absent */
const char *sr_feed_link(const sr_feed *f);  /* the site's page, absolute; NULL when absent */

/* Items in document order. */
size_t sr_feed_count(const sr_feed *f);
const sr_feed_item *sr_feed_item_at(const sr_feed *f, size_t i); /* NULL past the end */
size_t sr_feed_skipped(const sr_feed *f); /* items dropped for having no id and no link */

/* A feed date: RFC 822/1123 ("Mon, 18 Mar 2019 10:00:00 +0300", two-digit
 * years, zone names, no day name, no seconds) or RFC 3339 / W3CDTF
 * ("2019-03-18T10:00:00.5+03:00", "2019-03-18"). 1 and the outputs filled
 * (*has_time 0 for a date alone), 0 when s is neither. */
int sr_feed_parse_date(const char *s, sr_date *date /* OUT */, long long *epoch /* OUT */,
		       int *tz_minutes /* OUT */, int *has_time /* OUT */);

#endif
