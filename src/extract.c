/* extract.c — the extract stage's dispatcher: one raw input becomes one
 * sr_doc.
 *
 * HTML goes to sr_html_extract, plain text to sr_plain_extract; then common
 * steps run on both: metadata lines at the head of an HTML body, the JSONL
 * "title", "date", "publication", "byline"/"author" and "section", the
 * publication's canonical name, the language, inline
 * citations, and the article's date with its basis. The date rule, strongest
 * evidence first (docs/extract.md):
 *   stated (page, dateline, JSONL) > end of the stated week period >
 *   latest dated citation, combined with the volume/issue range of a numbered
 *   journal when there is one > volume/issue alone > a named dated event.
 * Citations without a year take theirs from the best anchor available. */
#include "extract.h"

#include <jansson.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "cite.h"
#include "datex.h"
#include "extract_html.h"
#include "extract_plain.h"
#include "publications.h"
#include "text.h"
#include "util/buf.h"
#include "util/limits.h"

struct sr_extractor {
	/* Scratch space reused across documents: the raw citations of one. */
	sr_cite_ref *refs;
	size_t nrefs, cap;
};

sr_extractor *sr_extract_new(void)
{
	return calloc(1, sizeof(sr_extractor));
}

void sr_extract_free(sr_extractor *x)
{
	if (!x)
		return;
	free(x->refs);
	free(x);
}

/* Bytes of the body the language is told from. */
#define LANG_SAMPLE 1024

/* Raw citations kept per document before de-duplication: a bound on memory
 * for a page that is one long list of parenthesised dates. */
#define MAX_RAW_CITES (4 * SR_MAX_CITATIONS)

static int collect(void *ud, const sr_cite_ref *ref, size_t at)
{
	(void)at;
	sr_extractor *x = ud;
	if (x->nrefs >= MAX_RAW_CITES)
		return 1;
	if (x->nrefs == x->cap) {
		size_t cap = x->cap ? x->cap * 2 : 32;
		sr_cite_ref *r = realloc(x->refs, cap * sizeof *r);
		if (!r)
			return 1;
		x->refs = r;
		x->cap = cap;
	}
	x->refs[x->nrefs++] = *ref;
	return 0;
}

/* The first day an issue can have appeared: issue N of a journal that
 * publishes at most once a weekday is out on or after the N-th weekday. */
static sr_date nth_weekday(int year, int n)
{
	sr_date d = sr_date_make(year, 1, 1);
	if (!d || n < 1)
		return d;
	long days = sr_date_to_days(d);
	int wd = sr_date_weekday(d), count = 0;
	for (long k = 0; k < 366; k++, wd = wd % 7 + 1) {
		if (wd <= 5 && ++count == n)
			return sr_date_from_days(days + k);
	}
	return sr_date_make(year, 12, 31);
}

static int plausible(sr_date d)
{
	return d >= 19000101 && d <= 21001231;
}

/* Citations' dates, and the article's date when the page did not state it. */
static int date_and_cites(sr_extractor *x, sr_doc *d, const sr_input *in,
			  const sr_plain_hints *hints)
{
	x->nrefs = 0;
	if (d->body)
		sr_cite_scan(d->body, d->body_len, collect, x);
	if (hints->sources_len && hints->sources_off + hints->sources_len <= in->len)
		sr_cite_scan(in->bytes + hints->sources_off, hints->sources_len, collect, x);

	/* a numbered journal: volume → year, issue → earliest day */
	sr_date vlo = 0, vhi = 0;
	const sr_publication *pub = d->publication ? sr_pub_by_name(d->publication, strlen(d->publication)) : NULL;
	if (pub && pub->volume1_year && d->volume > 0 && d->volume < 500) {
		int year = pub->volume1_year + d->volume - 1;
		vlo = d->issue > 0 ? nth_weekday(year, d->issue) : sr_date_make(year, 1, 1);
		vhi = sr_date_make(year, 12, 31);
	}
	sr_date ev_lo = 0, ev_hi = 0;
	int ev = d->body ? sr_datex_event(d->body, d->body_len, &ev_lo, &ev_hi) : 0;
	if (ev != 1)
		ev_hi = 0; /* a year alone is too coarse to date an article by */

	/* the latest citation that states its year */
	sr_date dmax = 0;
	for (size_t i = 0; i < x->nrefs; i++) {
		const sr_cite_ref *r = &x->refs[i];
		sr_date c = r->y ? sr_date_make(r->y, r->m, r->d) : 0;
		if (c > dmax && plausible(c))
			dmax = c;
	}

	/* the anchor that dates "October 25" */
	sr_date anchor = 0;
	int nearest_year = 0;
	if (d->date)
		anchor = d->date;
	else if (d->period_end)
		anchor = sr_date_add(d->period_end, 7); /* published in the days after */
	else if (vhi)
		anchor = vhi;
	else if (dmax)
		nearest_year = dmax / 10000;
	else if (ev_hi)
		anchor = ev_hi;

	sr_date cmax = 0;
	for (size_t i = 0; i < x->nrefs; i++) {
		const sr_cite_ref *r = &x->refs[i];
		sr_date c = 0;
		if (r->y)
			c = sr_date_make(r->y, r->m, r->d);
		else if (anchor)
			c = sr_datex_on_or_before(r->m, r->d, anchor);
		else if (nearest_year) {
			/* undated citations are recent: the year of the latest dated
			 * one, or the next when that puts them half a year before it */
			c = sr_date_make(nearest_year, r->m, r->d);
			if (c && sr_date_to_days(c) < sr_date_to_days(dmax) - 182)
				c = sr_date_make(nearest_year + 1, r->m, r->d);
		}
		if (!plausible(c))
			c = 0;
		if (vhi && c > vhi)
			c = 0; /* cannot cite what came after the issue's year */
		if (c > cmax)
			cmax = c;
		/* one entry per source and date */
		int dup = 0;
		for (size_t k = 0; k < d->ncites && !dup; k++) {
			const sr_citation *o = &d->cites[k];
			if (o->date != c)
				continue;
			if (!o->name && !r->name_len)
				dup = 1;
			else if (o->name && r->name_len && strlen(o->name) == r->name_len &&
				 !memcmp(o->name, r->name, r->name_len))
				dup = 1;
		}
		if (!dup && sr_doc_add_cite(d, r->name_len ? r->name : NULL, r->name_len, c) &&
		    d->ncites < SR_MAX_CITATIONS)
			return SR_ENOMEM;
	}

	/* a dateline's month and day take the year the rest of the text gives */
	if (!d->date && hints->dateline_m) {
		sr_date ref = cmax ? cmax : d->period_end ? d->period_end : vhi ? vlo : ev_hi;
		sr_date c = ref ? sr_datex_nearest(hints->dateline_m, hints->dateline_d, ref) : 0;
		if (c && cmax && c < cmax)
			c = sr_date_make(c / 10000 + 1, hints->dateline_m, hints->dateline_d);
		if (c) {
			d->date = c;
			d->date_basis = SR_BASIS_STATED;
		}
	}

	if (d->date)
		return 0;
	if (d->period_end) {
		d->date = d->period_end;
		d->date_basis = SR_BASIS_PERIOD;
	} else if (vlo) {
		int year = vhi / 10000;
		if (cmax && cmax / 10000 == year && cmax >= vlo) {
			d->date = cmax;
			d->date_basis = SR_BASIS_CITATION;
		} else {
			d->date = vlo;
			d->date_basis = SR_BASIS_VOLUME;
		}
	} else if (cmax) {
		d->date = cmax;
		d->date_basis = SR_BASIS_CITATION;
	} else if (ev_hi) {
		d->date = ev_hi;
		d->date_basis = SR_BASIS_EVENT;
	}
	return 0;
}

/* Names in one JSON value: a string, an object with a "name" (schema.org
 * style, {"@type": "Person", "name": …}), or an array of those, joined by
 * ", ". Whitespace around each name is dropped, empty names skipped. */
static int json_names(json_t *v, sr_buf *out, int depth)
{
	if (json_is_object(v) && depth < 2)
		return json_names(json_object_get(v, "name"), out, depth + 1);
	if (json_is_array(v) && depth < 1) {
		size_t i;
		json_t *e;
		json_array_foreach(v, i, e) {
			if (json_names(e, out, depth + 1))
				return -1;
		}
		return 0;
	}
	if (!json_is_string(v))
		return 0;
	const char *p = json_string_value(v);
	size_t n = json_string_length(v);
	while (n && (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r'))
		p++, n--;
	while (n && (p[n - 1] == ' ' || p[n - 1] == '\t' || p[n - 1] == '\n' || p[n - 1] == '\r'))
		n--;
	if (!n || memchr(p, '\0', n)) /* "\u0000" cannot go into a C string */
		return 0;
	if (out->len && sr_buf_append(out, ", ", 2))
		return -1;
	return sr_buf_append(out, p, n);
}

/* Set *field from the first of keys that names something. A field is a
 * label: a longer value is cut at SR_MAX_FIELD on a character boundary. */
static int meta_field(json_t *o, const char *const *keys, char **field)
{
	sr_buf b;
	sr_buf_init(&b, 4 * SR_MAX_FIELD);
	int rc = 0;
	for (; *keys && !rc; keys++) {
		sr_buf_reset(&b);
		/* a failed append means past the cap: the cut below keeps the start */
		json_names(json_object_get(o, *keys), &b, 0);
		if (!b.len)
			continue;
		size_t n = b.len;
		if (n > SR_MAX_FIELD) {
			n = SR_MAX_FIELD;
			while (n && ((unsigned char)b.p[n] & 0xC0) == 0x80)
				n--;
		}
		rc = sr_doc_set(field, b.p, n) ? -1 : 1;
	}
	sr_buf_cleanup(&b);
	return rc < 0 ? -1 : 0;
}

/* The JSONL line's own "publication", "byline"/"author"/"authors" and
 * "section": stated by the source, they replace what the text gave, as
 * "title" and "date" do. The reader has parsed the line already but hands
 * on only its text; parsing it again costs as much as the first time, so
 * it is done only when one of these keys can be in it (a key written with
 * \u escapes is not looked for). */
static int jsonl_meta(const char *json, sr_doc *d)
{
	if (!strstr(json, "publication\"") && !strstr(json, "byline\"") && !strstr(json, "author\"") &&
	    !strstr(json, "authors\"") && !strstr(json, "section\""))
		return 0;
	json_error_t jerr;
	json_t *o = json_loads(json, 0, &jerr);
	if (!o)
		return 0; /* the reader accepted the line; nothing more to take */
	static const char *const pub[] = {"publication", NULL};
	static const char *const by[] = {"byline", "author", "authors", NULL};
	static const char *const sec[] = {"section", NULL};
	int rc = 0;
	if (json_is_object(o))
		rc = meta_field(o, pub, &d->publication) | meta_field(o, by, &d->byline) |
		     meta_field(o, sec, &d->section);
	json_decref(o);
	return rc;
}

static int fail(sr_error *err, const sr_input *in, int code)
{
	if (err) {
		if (!err->file[0] && in->file)
			snprintf(err->file, sizeof err->file, "%s", in->file);
		if (!err->line)
			err->line = in->line;
		err->code = (sr_status)code;
	}
	return code;
}

/* Put a text field in Unicode NFC, so that "й" typed as и + breve and "é" as
 * e + accent match, hash and index like their composed forms. Most text is
 * ASCII, which is NFC already: only fields with other bytes are mapped. */
/* The first byte at or after i that is not ASCII, or n: sixteen bytes at a
 * time with SSE2 (their sign bits), else eight. */
static size_t ascii_run(const unsigned char *s, size_t i, size_t n)
{
#ifdef __SSE2__
	for (; i + 16 <= n; i += 16) {
		unsigned m = (unsigned)_mm_movemask_epi8(_mm_loadu_si128((const __m128i *)(const void *)(s + i)));
		if (m)
			return i + (size_t)__builtin_ctz(m);
	}
#endif
	for (uint64_t w; i + 8 <= n; i += 8) {
		memcpy(&w, s + i, 8);
		if (w & 0x8080808080808080ULL)
			break;
	}
	while (i < n && s[i] < 0x80)
		i++;
	return i;
}

/* Already NFC for certain: every code point below U+0300 (no combining
 * marks there, and the precomposed letters are NFC's own), in the Cyrillic
 * letters U+0400..U+0482 and U+048A..U+04FF, or in U+2010..U+205E (dashes,
 * quotes, bullets: nothing composes with them or decomposes). Typographic
 * quotes and dashes are in nearly every article; without this test NFC
 * through utf8proc was a quarter of HTML extraction time. */
static int nfc_already(const unsigned char *s, size_t n)
{
	for (size_t i = 0; i < n;) {
		unsigned char c = s[i];
		if (c < 0x80) {
			/* the ASCII between two quotes or dashes: most of every body */
			i = ascii_run(s, i + 1, n);
		} else if (c < 0xCC && i + 1 < n) {
			i += 2; /* U+0080..U+02FF */
		} else if ((c == 0xD0 || c == 0xD1 || c == 0xD3) && i + 1 < n) {
			i += 2; /* U+0400..U+047F, U+04C0..U+04FF */
		} else if (c == 0xD2 && i + 1 < n && (s[i + 1] <= 0x82 || s[i + 1] >= 0x8A)) {
			i += 2; /* U+0480..U+0482, U+048A..U+04BF */
		} else if (c == 0xE2 && i + 2 < n &&
			   ((s[i + 1] == 0x80 && s[i + 2] >= 0x90) || (s[i + 1] == 0x81 && s[i + 2] <= 0x9E))) {
			i += 3; /* U+2010..U+205E */
		} else {
			return 0;
		}
	}
	return 1;
}

static int nfc_field(char **f, size_t *len)
{
	if (!*f)
		return 0;
	size_t n = len ? *len : strlen(*f);
	size_t i = ascii_run((const unsigned char *)*f, 0, n);
	if (i == n || nfc_already((const unsigned char *)*f + i, n - i))
		return 0;
	size_t m;
	char *c = sr_text_nfc(*f, n, &m);
	if (!c) /* bytes that are not UTF-8 (read never hands those on) stay as they are */
		return sr_utf8_valid(*f, n, NULL) ? -1 : 0;
	free(*f);
	*f = c;
	if (len)
		*len = m;
	return 0;
}

static int nfc_doc(sr_doc *d)
{
	if (nfc_field(&d->body, &d->body_len) || nfc_field(&d->title, NULL) || nfc_field(&d->byline, NULL) ||
	    nfc_field(&d->section, NULL) || nfc_field(&d->publication, NULL))
		return -1;
	for (size_t i = 0; i < d->ncites; i++)
		if (nfc_field(&d->cites[i].name, NULL))
			return -1;
	return 0;
}

int sr_extract_doc(sr_extractor *x, const sr_input *in, sr_doc *out, sr_error *err)
{
	sr_doc_init(out);
	if (err)
		sr_error_clear(err);
	if (!x || !in || !in->bytes)
		return sr_error_set(err, SR_EUSAGE, NULL, 0, -1, "no input");
	out->line = in->line;
	if ((in->file && sr_doc_set(&out->file, in->file, strlen(in->file))) ||
	    (in->id && sr_doc_set(&out->id, in->id, strlen(in->id))) ||
	    (in->url && sr_doc_set(&out->url, in->url, strlen(in->url))))
		return sr_error_set(err, SR_ENOMEM, in->file, in->line, -1, "out of memory");

	sr_plain_hints hints = {0, 0, 0, 0};
	int rc;
	if (in->format == SR_FMT_HTML) {
		rc = sr_html_extract(in->bytes, in->len, out, err);
		if (!rc)
			rc = sr_plain_body_meta(out, err);
	} else {
		rc = sr_plain_extract(in->bytes, in->len, out, &hints, err);
	}
	if (rc)
		return fail(err, in, rc);

	if (in->title && sr_doc_set(&out->title, in->title, strlen(in->title)))
		return sr_error_set(err, SR_ENOMEM, in->file, in->line, -1, "out of memory");
	if (in->date) {
		out->date = in->date;
		out->date_basis = SR_BASIS_STATED;
	}
	if (in->meta_json && jsonl_meta(in->meta_json, out))
		return sr_error_set(err, SR_ENOMEM, in->file, in->line, -1, "out of memory");

	/* the publication's own name for itself */
	const sr_publication *pub = NULL;
	if (out->publication)
		pub = sr_pub_by_name(out->publication, strlen(out->publication));
	else
		pub = sr_pub_by_url(out->url);
	if (pub && sr_doc_set(&out->publication, pub->name, strlen(pub->name)))
		return sr_error_set(err, SR_ENOMEM, in->file, in->line, -1, "out of memory");

	const char *lt = out->body ? out->body : out->title;
	if (lt) {
		/* a few KB settle the language; cut on a character boundary */
		size_t n = out->body ? out->body_len : strlen(lt);
		if (n > LANG_SAMPLE) {
			n = LANG_SAMPLE;
			while (n && ((unsigned char)lt[n] & 0xC0) == 0x80)
				n--;
		}
		const char *lang = sr_text_language(lt, n);
		snprintf(out->language, sizeof out->language, "%s", lang ? lang : "und");
	}

	if (date_and_cites(x, out, in, &hints))
		return sr_error_set(err, SR_ENOMEM, in->file, in->line, -1, "out of memory");

	/* A page with a title and nothing under it is not an article to store. */
	if (!out->body || !out->body_len)
		return sr_error_set(err, SR_EINPUT, in->file, in->line, -1,
				    out->title ? "no main text (only a title)" : "no main text found");
	if (nfc_doc(out))
		return sr_error_set(err, SR_ENOMEM, in->file, in->line, -1, "out of memory");
	return 0;
}
