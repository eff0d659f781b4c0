/* doc.h — the article record that flows from extract to store and publish.
 *
 * An sr_doc owns every string it points to (init/cleanup). Unknown text fields
 * are NULL, unknown dates 0, unknown numbers -1. */
#ifndef SITREP_DOC_H
#define SITREP_DOC_H

#include <stddef.h>

#include "util/date.h"

typedef enum {
	SR_TREND_NONE = 0, /* no label */
	SR_TREND_BETTER,
	SR_TREND_UNCHANGED,
	SR_TREND_WORSE,
} sr_trend;

/* How the article's date was known, strongest first. */
typedef enum {
	SR_BASIS_NONE = 0,
	SR_BASIS_STATED,   /* the page states it (dateline, meta tag, JSONL "date") */
	SR_BASIS_PERIOD,   /* end of the stated week period */
	SR_BASIS_CITATION, /* the latest dated citation */
	SR_BASIS_VOLUME,   /* journal volume number (EDM volume 1 = 2004) */
	SR_BASIS_EVENT,    /* a named, dated event the text refers to */
} sr_date_basis;

typedef struct sr_citation {
	char *name;   /* "Interfax"; NULL when the scrape lost it "(, October 29)" */
	sr_date date; /* resolved against the article's date; 0 unknown */
} sr_citation;

typedef struct sr_doc {
	/* provenance */
	char *file; /* path or "-" */
	long line;  /* JSONL line number, 0 otherwise */
	char *id;   /* JSONL "id" */
	char *url;

	/* metadata */
	char *publication;
	char *title;
	char *byline;
	char *section;
	sr_date period_start, period_end;
	sr_date date;
	sr_date_basis date_basis;
	sr_trend trend;          /* the source's own label */
	sr_trend trend_assessed; /* sitrep's reading; NONE until analysis */
	int volume, issue;
	char language[4]; /* "en", "ru", "be", "und" */

	sr_citation *cites;
	size_t ncites, cites_cap;

	/* main text, paragraphs separated by a blank line */
	char *body;
	size_t body_len;
} sr_doc;

void sr_doc_init(sr_doc *d);
void sr_doc_cleanup(sr_doc *d);

/* Replace *field with a copy of p[0..len) (NUL-terminated); 0 or -1 on no memory. */
int sr_doc_set(char **field, const char *p, size_t len);

/* Append a citation (name may be NULL); 0, or -1 on no memory or past
 * SR_MAX_CITATIONS. */
int sr_doc_add_cite(sr_doc *d, const char *name, size_t name_len, sr_date date);

const char *sr_trend_name(sr_trend t);          /* "better" …, NULL for NONE */
sr_trend sr_trend_parse(const char *s);         /* inverse; NONE if unknown */
const char *sr_basis_name(sr_date_basis b);     /* "stated" …, NULL for NONE */
sr_date_basis sr_basis_parse(const char *s);

#endif
