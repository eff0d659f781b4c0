/* bulletin_int.h — helpers shared by the bulletin renderers (Markdown,
 * HTML, Atom); not part of the public interface.
 *
 * Every appending helper returns 0, or -1 when out's cap was reached or
 * memory ran out (the renderers turn that into SR_ENOMEM). */
#ifndef SITREP_BULLETIN_INT_H
#define SITREP_BULLETIN_INT_H

#include <stddef.h>

#include "bulletin.h"

/* ---- shared facts (bulletin_md.c) ---- */

/* The week's Monday and Sunday: b's own start/end when valid, else from
 * the week string. Returns 0, or -1 if neither gives a date. */
int sr_bl_week_dates(const char week[9], sr_date start, sr_date end, sr_date *mon /* OUT */,
		     sr_date *sun /* OUT */);
/* 1 if week is "YYYY-Www" (what goes into file names, links and ids). */
int sr_bl_week_valid(const char week[9]);
/* The seeds' period line: "March 18 – March 24, 2019", or across a year
 * "December 30, 2019 – January 5, 2020"; "" when a date is unknown. */
void sr_bl_period(sr_date start, sr_date end, char *out, size_t size);
/* 1 if url may be emitted as a link: http:// or https:// (any case) and
 * no control characters or spaces. */
int sr_bl_url_ok(const char *url);
/* base_url as a prefix for links between pages: "" for NULL; 0, or -1 if
 * it names a scheme other than http(s) (a "javascript:" prefix would turn
 * every archive link into a script). */
int sr_bl_base(const sr_render_opts *o, const char **base /* OUT */);
/* Goldstein as "+7.4" / "-3.0" / "0.0". */
void sr_bl_goldstein(double g, char out[16]);
/* CSS class word for a label: "better", "unchanged", "worse", "none". */
const char *sr_bl_label_class(sr_trend t);
/* Truncate out back to len and fill err; returns SR_ENOMEM. */
int sr_bl_nomem(sr_buf *out, size_t len, sr_error *err);
/* Check the model's indexes and required fields; SR_EINPUT with err. */
int sr_bl_check(const sr_bulletin *b, sr_error *err);

/* The archive index as Markdown; base already checked (sr_bl_base). */
int sr_bl_index_md(const sr_bulletin_summary *weeks, size_t n, const char *base, sr_buf *out,
		   sr_error *err);

/* ---- HTML and XML (bulletin_html.c) ---- */

/* Append s escaped for HTML/XML text and attribute values (&<>"'), with
 * C0 controls other than tab and newline dropped and invalid UTF-8
 * replaced by U+FFFD, so the result is well-formed XML 1.0 as well. */
int sr_bl_html_esc(sr_buf *out, const char *s);
/* The bulletin's body, everything inside <article>: shared by the page
 * and the feed's content. */
int sr_bl_html_body(const sr_bulletin *b, const sr_render_opts *o, sr_buf *out, sr_error *err);

#endif
