/* publications.h — known publications: names, other names, web hosts, and
 * how their issues are numbered.
 *
 * A table of data, not logic: the extractor recognises a publication from a
 * "Publication: …" line, a line naming it, or the host of its URL, and turns
 * an EDM-style "Volume: N Issue: N" into a date range. */
#ifndef SITREP_PUBLICATIONS_H
#define SITREP_PUBLICATIONS_H

#include <stddef.h>

typedef struct sr_publication {
	const char *name;    /* canonical */
	const char *aliases; /* other names, '|'-separated, matched case-insensitively */
	const char *hosts;   /* web hosts, '|'-separated (subdomains match too) */
	int volume1_year;    /* calendar year of volume 1 (volume N = year + N - 1), 0 if none */
} sr_publication;

/* The publication whose name or alias is exactly s[0..n) (case-insensitive,
 * surrounding spaces and a final full stop ignored); NULL if none. */
const sr_publication *sr_pub_by_name(const char *s, size_t n);

/* The publication whose host the URL's host is, or is a subdomain of; NULL
 * if none (or url is NULL). */
const sr_publication *sr_pub_by_url(const char *url);

#endif
