/* extract_html.h — main text and metadata from one HTML page.
 *
 * The HTML half of the extract stage: libxml2's HTML parser builds the tree,
 * the page is cut into text blocks, each block is scored (length, link
 * density, punctuation and stop words, tag and class/id hints, boilerplate
 * phrasing), the DOM region holding the most content weight is chosen, and
 * its content blocks become the body. Metadata comes from meta tags, JSON-LD,
 * <time>, rel=author and by-lines. docs/extract-html.md explains the method. */
#ifndef SITREP_EXTRACT_HTML_H
#define SITREP_EXTRACT_HTML_H

#include <stddef.h>

#include "doc.h"
#include "util/error.h"

/* Fill out->title, byline, date (+ date_basis = SR_BASIS_STATED when the page
 * states it), publication, url (only when out->url is NULL), section and body
 * (main text, paragraphs separated by one blank line) from html[0..len).
 * `out` is already sr_doc_init'ed; only what is found is set, and what is set
 * replaces what was there. Returns 0, or SR_EINPUT with err's message filled
 * (no file name: the caller adds it) when the page has no text at all or is
 * hostile beyond the limits of util/limits.h, or SR_ENOMEM. */
int sr_html_extract(const char *html, size_t len, sr_doc *out /* OUT */,
		    sr_error *err /* OUT */);

#endif
