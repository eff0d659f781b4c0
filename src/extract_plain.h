/* extract_plain.h — main text and metadata from scraped plain text.
 *
 * A scraped page is a sequence of lines: navigation, a kicker, the headline,
 * metadata (a week period, a sphere, the analysts' label, "Publication: …
 * Volume: N Issue: N", a dateline, image credits), the article, then the
 * site's boilerplate (newsletter box, "Read more", language switch, related
 * articles). Each line gets cheap features in one pass (length, words,
 * sentence end, function-word share, boilerplate vocabulary, date shapes);
 * the body runs from the first real paragraph to the last paragraph before
 * trailing boilerplate, and metadata comes from the lines around it.
 * docs/extract.md explains the rules. */
#ifndef SITREP_EXTRACT_PLAIN_H
#define SITREP_EXTRACT_PLAIN_H

#include <stddef.h>

#include "doc.h"
#include "util/error.h"
#include "util/limits.h"


/* What the text gave that the doc has no field for: a dateline's month and
 * day without a year ("MINSK, March 3 (Reuters) –"), to be resolved by the
 * caller once the year is known, and where a trailing source list is. */
typedef struct sr_plain_hints {
	int dateline_m, dateline_d; /* 0 when none */
	/* A trailing source list right after the body, "(Belarusian Radio,
	 * April 20; Belapan, April 20)": not text, but its citations count.
	 * Byte range in the input; len 0 when none. */
	size_t sources_off, sources_len;
} sr_plain_hints;

/* Fill title, byline, section, publication (as named in the text: "Belarus in
 * focus", "Publication: Eurasia Daily Monitor"), period, date (stated ones
 * only, basis SR_BASIS_STATED), trend, volume, issue and body of `out`
 * (already sr_doc_init'ed) from text[0..len). Returns 0, or SR_EINPUT (past
 * SR_MAX_PLAIN_LINES) / SR_ENOMEM with err filled. hints may be NULL. */
int sr_plain_extract(const char *text, size_t len, sr_doc *out /* IN/OUT */,
		     sr_plain_hints *hints /* OUT, may be NULL */, sr_error *err /* OUT */);

/* The same metadata lines at the head of a body found another way (HTML):
 * a period, the label, "Publication: … Volume: N Issue: N", a date line,
 * image credits, the repeated headline. They fill the doc's still-empty
 * fields and are removed from d->body. Returns 0 or SR_ENOMEM. */
int sr_plain_body_meta(sr_doc *d, sr_error *err /* OUT */);

/* The analysts' label in one line ("The situation has gotten worse",
 * "- (The situation has improved)", "Category status: …", Russian and
 * Belarusian forms); SR_TREND_NONE when the line is not one. */
sr_trend sr_plain_trend_label(const char *s, size_t n);

#endif
