/* extract_json.c — an extracted article as one JSON object, written
 * directly (extract_json.h says why and to which bytes). */
#include "extract_json.h"

#include <string.h>

#include "text.h"
#include "util/jsonesc.h"

/* What json_string accepts: valid UTF-8. Fields are short and nearly always
 * ASCII, which is looked at eight bytes at a time. */
static int valid_text(const char *s, size_t n)
{
	size_t i = 0;
	for (; i + 8 <= n; i += 8) {
		unsigned long long w;
		memcpy(&w, s + i, 8);
		if (w & 0x8080808080808080ULL)
			return sr_utf8_valid(s + i, n - i, NULL);
	}
	for (; i < n; i++)
		if ((unsigned char)s[i] >= 0x80)
			return sr_utf8_valid(s + i, n - i, NULL);
	return 1;
}

/* ,"key": (no comma before the first member) */
static int key(sr_buf *b, const char *k)
{
	size_t n = strlen(k);
	char tmp[32];
	size_t o = 0;
	if (b->len && b->p[b->len - 1] != '{')
		tmp[o++] = ',';
	tmp[o++] = '"';
	memcpy(tmp + o, k, n);
	o += n;
	tmp[o++] = '"';
	tmp[o++] = ':';
	return sr_buf_append(b, tmp, o);
}

/* "key":"s" or "key":null; a string jansson would refuse drops the member,
 * as json_object_set_new of a NULL value does. */
static int str_member(sr_buf *b, const char *k, const char *s)
{
	if (!s)
		return key(b, k) || sr_buf_append(b, "null", 4) ? -1 : 0;
	size_t n = strlen(s);
	if (!valid_text(s, n))
		return 0;
	return key(b, k) || sr_json_append_string(b, s, n) ? -1 : 0;
}

/* "YYYY-MM-DD" as sr_date_format writes it, or null for an unknown date. */
static int date_member(sr_buf *b, const char *k, sr_date d)
{
	if (key(b, k))
		return -1;
	if (!sr_date_valid(d))
		return sr_buf_append(b, "null", 4);
	int y = d / 10000 % 10000, m = d / 100 % 100, day = d % 100;
	char t[12] = {'"',
		      (char)('0' + y / 1000),
		      (char)('0' + y / 100 % 10),
		      (char)('0' + y / 10 % 10),
		      (char)('0' + y % 10),
		      '-',
		      (char)('0' + m / 10),
		      (char)('0' + m % 10),
		      '-',
		      (char)('0' + day / 10),
		      (char)('0' + day % 10),
		      '"'};
	return sr_buf_append(b, t, sizeof t);
}

static int int_member(sr_buf *b, const char *k, long long v)
{
	char t[24];
	size_t o = sizeof t;
	int neg = v < 0;
	unsigned long long u = neg ? 0ULL - (unsigned long long)v : (unsigned long long)v;
	do
		t[--o] = (char)('0' + u % 10);
	while (u /= 10);
	if (neg)
		t[--o] = '-';
	return key(b, k) || sr_buf_append(b, t + o, sizeof t - o) ? -1 : 0;
}

int sr_extract_json(sr_buf *b, const sr_doc *d)
{
	/* members in cli_doc_to_json's order; -1 sticks once any append fails */
	int rc = sr_buf_putc(b, '{');
	rc |= str_member(b, "file", d->file);
	if (d->line)
		rc |= int_member(b, "line", d->line);
	if (d->id)
		rc |= str_member(b, "id", d->id);
	if (d->url)
		rc |= str_member(b, "url", d->url);
	rc |= str_member(b, "publication", d->publication);
	rc |= str_member(b, "title", d->title);
	rc |= str_member(b, "byline", d->byline);
	rc |= str_member(b, "section", d->section);
	rc |= date_member(b, "period_start", d->period_start);
	rc |= date_member(b, "period_end", d->period_end);
	rc |= date_member(b, "date", d->date);
	rc |= str_member(b, "date_basis", sr_basis_name(d->date_basis));
	rc |= str_member(b, "trend", sr_trend_name(d->trend));
	rc |= str_member(b, "trend_assessed", sr_trend_name(d->trend_assessed));
	if (d->volume >= 0)
		rc |= int_member(b, "volume", d->volume);
	else
		rc |= str_member(b, "volume", NULL);
	if (d->issue >= 0)
		rc |= int_member(b, "issue", d->issue);
	else
		rc |= str_member(b, "issue", NULL);
	rc |= str_member(b, "language", d->language);
	rc |= key(b, "cited_sources") | sr_buf_putc(b, '[');
	for (size_t i = 0; i < d->ncites; i++) {
		if (i)
			rc |= sr_buf_putc(b, ',');
		rc |= sr_buf_putc(b, '{');
		rc |= str_member(b, "name", d->cites[i].name);
		rc |= date_member(b, "date", d->cites[i].date);
		rc |= sr_buf_putc(b, '}');
	}
	rc |= sr_buf_putc(b, ']');
	rc |= key(b, "body");
	rc |= d->body ? sr_json_append_string(b, d->body, d->body_len) : sr_buf_append(b, "\"\"", 2);
	rc |= sr_buf_putc(b, '}');
	return rc ? -1 : 0;
}
