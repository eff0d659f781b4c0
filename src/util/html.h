/* html.h — the one escaping of text for HTML and XML.
 *
 * Every value a page, a bulletin, a feed or a chart prints goes through
 * here: & < > " ' become entities (safe in text and in quoted attribute
 * values), C0 controls other than tab and newline are dropped (CR becomes a
 * newline), and invalid UTF-8 becomes U+FFFD, so the result is also
 * well-formed XML 1.0. */
#ifndef SITREP_HTML_H
#define SITREP_HTML_H

#include <stddef.h>

#include "util/buf.h"

/* Append s[0..len) escaped; 0, or -1 when out's cap is reached. */
int sr_html_esc_n(sr_buf *out, const char *s, size_t len);
/* The same for a NUL-terminated string; NULL appends nothing. */
int sr_html_esc(sr_buf *out, const char *s);

#endif
