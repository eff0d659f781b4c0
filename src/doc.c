/* doc.c — the article record. */
#include "doc.h"

#include <stdlib.h>
#include <string.h>

#include "util/buf.h"
#include "util/limits.h"

void sr_doc_init(sr_doc *d)
{
	memset(d, 0, sizeof *d);
	d->volume = d->issue = -1;
	memcpy(d->language, "und", 4);
}

void sr_doc_cleanup(sr_doc *d)
{
	if (!d)
		return;
	free(d->file);
	free(d->id);
	free(d->url);
	free(d->publication);
	free(d->title);
	free(d->byline);
	free(d->section);
	for (size_t i = 0; i < d->ncites; i++)
		free(d->cites[i].name);
	free(d->cites);
	free(d->body);
	sr_doc_init(d);
}

int sr_doc_set(char **field, const char *p, size_t len)
{
	char *s = sr_strndup(p, len);
	if (!s)
		return -1;
	free(*field);
	*field = s;
	return 0;
}

int sr_doc_add_cite(sr_doc *d, const char *name, size_t name_len, sr_date date)
{
	if (d->ncites >= SR_MAX_CITATIONS)
		return -1;
	if (d->ncites == d->cites_cap) {
		size_t cap = d->cites_cap ? d->cites_cap * 2 : 8;
		sr_citation *c = realloc(d->cites, cap * sizeof *c);
		if (!c)
			return -1;
		d->cites = c;
		d->cites_cap = cap;
	}
	char *n = NULL;
	if (name && !(n = sr_strndup(name, name_len)))
		return -1;
	d->cites[d->ncites].name = n;
	d->cites[d->ncites].date = date;
	d->ncites++;
	return 0;
}

static const char *const trend_names[] = {NULL, "better", "unchanged", "worse"};
static const char *const basis_names[] = {NULL, "stated", "period", "citation", "volume", "event"};

const char *sr_trend_name(sr_trend t)
{
	return (unsigned)t < 4 ? trend_names[t] : NULL;
}

sr_trend sr_trend_parse(const char *s)
{
	for (int i = 1; s && i < 4; i++)
		if (!strcmp(s, trend_names[i]))
			return (sr_trend)i;
	return SR_TREND_NONE;
}

const char *sr_basis_name(sr_date_basis b)
{
	return (unsigned)b < 6 ? basis_names[b] : NULL;
}

sr_date_basis sr_basis_parse(const char *s)
{
	for (int i = 1; s && i < 6; i++)
		if (!strcmp(s, basis_names[i]))
			return (sr_date_basis)i;
	return SR_BASIS_NONE;
}
