/* cite.h — inline source citations: "(Interfax, October 25)".
 *
 * Analytical articles name their sources in parentheses: a name and a date,
 * "(RT, October 28, 2019)", "(see EDM, October 10, 2017)", several in one
 * "(Kremlin.ru, September 14; see EDM, September 16)", several days of one
 * source "(see EDM, September 10, 15, October 1)", or a trailing list
 * "(Belarusian Radio, April 20; Belapan News Agency, April 20)". Scrapes lose
 * linked names, leaving "(, October 29)": the date is kept, the name is NULL.
 * A parenthesis is a citation only when all of it reads as names and dates;
 * prose in parentheses is not. Dates are left as written (year 0 when not
 * given); the extract stage resolves them against the article's date.
 *
 * Both functions read only s[0..n) and are safe on arbitrary bytes. */
#ifndef SITREP_CITE_H
#define SITREP_CITE_H

#include <stddef.h>

/* One cited source and date. name points into the parsed text (borrowed);
 * name_len 0 means the name was lost. */
typedef struct sr_cite_ref {
	const char *name;
	size_t name_len;
	int y, m, d; /* y 0 when the text gave no year */
} sr_cite_ref;

/* The longest parenthesis looked at; longer ones are prose. */
#define SR_CITE_MAX_PAREN 600

/* Parse the inside of one parenthesis (without the brackets). Writes up to
 * max refs, returns how many it found (may exceed max: only max are
 * written; refs may be NULL when max is 0), 0 when the text is not a
 * citation. */
size_t sr_cite_parse(const char *s, size_t n, sr_cite_ref *refs /* OUT */, size_t max);

/* Call fn for every cited source in text, in order; at is the byte offset of
 * the opening parenthesis. fn returns non-zero to stop. Returns the number of
 * refs reported. */
typedef int (*sr_cite_fn)(void *ud, const sr_cite_ref *ref, size_t at);
size_t sr_cite_scan(const char *text, size_t len, sr_cite_fn fn, void *ud);

#endif
