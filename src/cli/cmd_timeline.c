/* cmd_timeline.c — `sitrep timeline`: what one actor did, or what happened
 * around a topic, in order of date.
 *
 * An actor is a code prefix (BLR, RUSMIL) or a name the dictionaries know: a
 * person is matched by canonical name, since a person's code changes with
 * the posts held; a country or organisation by its code. A topic is a phrase:
 * the articles that hold it, each with its coded events whose evidence names
 * it, or, without one, the article itself with its first sentence naming it.
 * Entries are collected, sorted (undated last, unlike `events`) and printed
 * as readable blocks or JSON lines. */
#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "code.h"
#include "dict.h"
#include "store.h"
#include "text.h"
#include "util/buf.h"
#include "util/jsonesc.h"

static const char usage_text[] =
	"usage: sitrep timeline [--db PATH] (--actor X | --topic TEXT) [--from D] [--to D]\n"
	"                       [--limit N] [--json] [--dict PATH]...\n"
	"\n"
	"What an actor did, or what happened around a topic, in order of date (then\n"
	"article and sentence; undated entries last), each entry with its evidence\n"
	"sentence and article.\n"
	"\n"
	"  --db PATH          the database (default sitrep.db)\n"
	"  --actor X          an actor code prefix in capitals (BLR, BLRMIL, IGOWSTNAT):\n"
	"                     the events with such a code as source or target; or a\n"
	"                     name the dictionaries know (Lukashenka, Шойгу, NATO):\n"
	"                     a person's events by the person's name, whatever code\n"
	"                     the post held gave; a country's or organisation's by its\n"
	"                     code. A capitalised name the dictionaries know as a whole\n"
	"                     (NATO, EU) is read as that name\n"
	"  --topic TEXT       a phrase (Union Shield, Запад-2021; search syntax when it\n"
	"                     holds quotes): the articles holding it, near-duplicates\n"
	"                     left out, each with its events whose evidence sentence\n"
	"                     holds the phrase (case and punctuation aside);\n"
	"                     an article with none is one entry with its first\n"
	"                     sentence that holds it\n"
	"  --from D, --to D   only entries dated D (YYYY-MM-DD) or later / earlier;\n"
	"                     undated entries are then left out. An event is dated by\n"
	"                     the event, an article entry by the article\n"
	"  --limit N          at most N entries, the first in order (default 0: all)\n"
	"  --json             one JSON object per entry: kind (event or article), date,\n"
	"                     event_id, doc_id, source and target ({code, name}),\n"
	"                     cameo, cameo_name, goldstein, text, title, publication,\n"
	"                     doc_date; null where unknown or not an event's\n"
	"  --dict PATH        dictionaries to read names and CAMEO codes with instead of\n"
	"                     the bundled ones (repeatable)\n"
	"  -h, --help         this text\n"
	"\n"
	"Exit status: 0 ok (also when nothing matched), 2 usage (also an actor name\n"
	"the dictionaries do not know), 3 fatal store or output error.\n";

enum { KIND_EVENT, KIND_ARTICLE };

typedef struct tl_entry {
	int kind;
	sr_date date, doc_date;
	int64_t event_id, doc_id;
	int sentence;
	char *source, *source_name, *target, *target_name, *cameo;
	int quad;
	double goldstein;
	char *text, *title, *publication;
} tl_entry;

typedef struct tl_state {
	/* what to keep */
	const char *person;  /* --actor as a person: the canonical name */
	const char *topic;   /* --topic normalised (norm_fold), NULL otherwise */
	sr_date from, to;
	/* what was kept */
	tl_entry *e;
	size_t n, cap;
	int oom;
	size_t doc_events; /* topic: events kept for the current document */
} tl_state;

static void entry_free(tl_entry *e)
{
	free(e->source);
	free(e->source_name);
	free(e->target);
	free(e->target_name);
	free(e->cameo);
	free(e->text);
	free(e->title);
	free(e->publication);
}

/* A copy of s (len bytes; len SIZE_MAX: up to its NUL), NULL for NULL or "";
 * sets *oom when the copy fails. */
static char *dup_or_null(const char *s, size_t len, int *oom)
{
	if (!s)
		return NULL;
	if (len == SIZE_MAX)
		len = strlen(s);
	if (!len)
		return NULL;
	char *p = sr_strndup(s, len);
	if (!p)
		*oom = 1;
	return p;
}

static tl_entry *entry_new(tl_state *st)
{
	if (st->n == st->cap) {
		size_t cap = st->cap ? 2 * st->cap : 64;
		tl_entry *p = realloc(st->e, cap * sizeof *p);
		if (!p) {
			st->oom = 1;
			return NULL;
		}
		st->e = p;
		st->cap = cap;
	}
	tl_entry *e = &st->e[st->n++];
	memset(e, 0, sizeof *e);
	return e;
}

static int in_range(const tl_state *st, sr_date d)
{
	if ((st->from || st->to) && !d)
		return 0;
	return !(st->from && d < st->from) && !(st->to && d > st->to);
}

/* Folded text for phrase matching: NFC and case-folded, every ASCII
 * character that is not a letter or digit a space, runs of spaces one, and
 * a space on either side, so that " union shield " is found in a sentence
 * only as whole words, however the sentence hyphenates, quotes or breaks
 * them — much as the full-text index tokenised the article it found. NULL
 * on no memory or invalid UTF-8. */
static char *norm_fold(const char *s, size_t len)
{
	size_t flen;
	char *f = sr_text_fold(s, len, &flen);
	if (!f)
		return NULL;
	char *out = malloc(flen + 3);
	if (!out) {
		free(f);
		return NULL;
	}
	size_t k = 0;
	out[k++] = ' ';
	for (size_t i = 0; i < flen; i++) {
		unsigned char c = (unsigned char)f[i];
		int word = c >= 0x80 || (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
			   (c >= 'A' && c <= 'Z');
		if (word)
			out[k++] = (char)c;
		else if (out[k - 1] != ' ')
			out[k++] = ' ';
	}
	if (out[k - 1] != ' ')
		out[k++] = ' ';
	out[k] = '\0';
	free(f);
	return out;
}

/* 1 if text holds the topic, 0 if not, -1 on no memory (or text that is not
 * valid UTF-8, which then does not match). */
static int holds_topic(const tl_state *st, const char *text, size_t len)
{
	if (!text || !len)
		return 0;
	char *f = norm_fold(text, len);
	if (!f)
		return sr_utf8_valid(text, len, NULL) ? -1 : 0;
	int hit = strstr(f, st->topic) != NULL;
	free(f);
	return hit;
}

static int keep_event(tl_state *st, const sr_event_row *r)
{
	const sr_store_event *ev = &r->ev;
	if (!in_range(st, ev->date))
		return 0;
	tl_entry *e = entry_new(st);
	if (!e)
		return 1;
	int *oom = &st->oom;
	*e = (tl_entry){
		.kind = KIND_EVENT,
		.date = ev->date,
		.doc_date = r->doc_date,
		.event_id = r->id,
		.doc_id = r->doc_id,
		.sentence = ev->sentence,
		.source = dup_or_null(ev->source, SIZE_MAX, oom),
		.source_name = dup_or_null(ev->source_name, SIZE_MAX, oom),
		.target = dup_or_null(ev->target, SIZE_MAX, oom),
		.target_name = dup_or_null(ev->target_name, SIZE_MAX, oom),
		.cameo = dup_or_null(ev->cameo, SIZE_MAX, oom),
		.quad = ev->quad,
		.goldstein = ev->goldstein,
		.text = dup_or_null(ev->text, ev->text ? ev->text_len : 0, oom),
		.title = dup_or_null(r->title, SIZE_MAX, oom),
		.publication = dup_or_null(r->publication, SIZE_MAX, oom),
	};
	return st->oom;
}

/* --actor: every event the store's query let through, or only the person's. */
static int actor_row(void *ud, const sr_event_row *r)
{
	tl_state *st = ud;
	if (st->person) {
		const char *s = r->ev.source_name, *t = r->ev.target_name;
		if (!(s && !strcmp(s, st->person)) && !(t && !strcmp(t, st->person)))
			return 0;
	}
	return keep_event(st, r);
}

/* --topic: one document's events, those whose evidence names the topic. */
static int topic_row(void *ud, const sr_event_row *r)
{
	tl_state *st = ud;
	int h = holds_topic(st, r->ev.text, r->ev.text_len);
	if (h < 0) {
		st->oom = 1;
		return 1;
	}
	if (!h)
		return 0;
	st->doc_events++; /* counted whatever its date: the article is covered */
	return keep_event(st, r);
}

/* ---- --topic: the articles ---- */

typedef struct tl_hit {
	int64_t id;
	sr_date date;
	char *title, *publication, *snippet;
} tl_hit;

typedef struct tl_hits {
	tl_hit *h;
	size_t n, cap;
	int oom;
} tl_hits;

static int keep_hit(void *ud, const sr_search_hit *hit)
{
	tl_hits *hs = ud;
	if (hs->n == hs->cap) {
		size_t cap = hs->cap ? 2 * hs->cap : 64;
		tl_hit *p = realloc(hs->h, cap * sizeof *p);
		if (!p) {
			hs->oom = 1;
			return 1;
		}
		hs->h = p;
		hs->cap = cap;
	}
	tl_hit *h = &hs->h[hs->n++];
	*h = (tl_hit){.id = hit->id, .date = hit->date};
	h->title = dup_or_null(hit->title, SIZE_MAX, &hs->oom);
	h->publication = dup_or_null(hit->publication, SIZE_MAX, &hs->oom);
	/* The snippet without its match markers: the article's words when no
	 * sentence holds the phrase as written (the index stems words). */
	if (hit->snippet) {
		size_t len = strlen(hit->snippet), k = 0;
		h->snippet = malloc(len + 1);
		if (!h->snippet) {
			hs->oom = 1;
		} else {
			for (size_t i = 0; i < len; i++)
				if (hit->snippet[i] != '\x02' && hit->snippet[i] != '\x03')
					h->snippet[k++] = hit->snippet[i];
			h->snippet[k] = '\0';
		}
	}
	return hs->oom;
}

static int cmp_hit_id(const void *a, const void *b)
{
	int64_t x = ((const tl_hit *)a)->id, y = ((const tl_hit *)b)->id;
	return (x > y) - (x < y);
}

/* The article as an entry: its first sentence that holds the topic (else
 * the search's snippet). 0, or an exit code (reported). */
static int keep_article(tl_state *st, sr_store *s, const tl_hit *h, sr_error *err)
{
	if (!in_range(st, h->date))
		return 0;
	sr_doc d;
	int rc = sr_store_get_doc(s, h->id, &d, NULL, err);
	if (rc < 0) {
		cli_report(err);
		return EXIT_FATAL;
	}
	const char *text = NULL;
	size_t len = 0;
	int sentence = -1;
	if (d.body) {
		sr_sentencer *sn = sr_sentencer_new(d.body, d.body_len);
		if (!sn) {
			st->oom = 1;
		} else {
			sr_span sp;
			for (int i = 0; sr_sentencer_next(sn, &sp); i++) {
				int hit = holds_topic(st, d.body + sp.start, sp.end - sp.start);
				if (hit < 0) {
					st->oom = 1;
					break;
				}
				if (hit) {
					text = d.body + sp.start;
					len = sp.end - sp.start;
					sentence = i;
					break;
				}
			}
			sr_sentencer_free(sn);
		}
	}
	if (!text && h->snippet) {
		text = h->snippet;
		len = strlen(text);
	}
	tl_entry *e = st->oom ? NULL : entry_new(st);
	if (e) {
		*e = (tl_entry){
			.kind = KIND_ARTICLE,
			.date = h->date,
			.doc_date = h->date,
			.doc_id = h->id,
			.sentence = sentence < 0 ? INT32_MAX : sentence,
			.text = dup_or_null(text, len, &st->oom),
			.title = dup_or_null(h->title, SIZE_MAX, &st->oom),
			.publication = dup_or_null(h->publication, SIZE_MAX, &st->oom),
		};
	}
	sr_doc_cleanup(&d);
	return 0;
}

/* Every article holding the topic, then its entries. 0, or an exit code
 * (reported). */
static int topic_entries(tl_state *st, sr_store *s, const char *query, sr_error *err)
{
	tl_hits hs = {0};
	size_t total = 0;
	int code = 0;
	sr_search_query sq = {.text = query, .limit = 1};
	/* Count, then take every hit in one call: the store ranks by score, and
	 * pages of a ranking with ties need not add up to the whole. */
	int rc = sr_store_search(s, &sq, keep_hit, &hs, &total, err);
	if (rc == 0 && total > hs.n) {
		for (size_t i = 0; i < hs.n; i++) {
			free(hs.h[i].title);
			free(hs.h[i].publication);
			free(hs.h[i].snippet);
		}
		hs.n = 0;
		sq.limit = total;
		rc = sr_store_search(s, &sq, keep_hit, &hs, NULL, err);
	}
	if (rc == SR_EINPUT) {
		code = cli_usage_error("timeline", "%s", err->msg);
		goto out;
	}
	if (rc < 0 && !hs.oom) {
		cli_report(err);
		code = EXIT_FATAL;
		goto out;
	}
	if (hs.oom)
		goto oom;
	/* In document order: the store's rows are read in one sweep. */
	if (hs.n)
		qsort(hs.h, hs.n, sizeof *hs.h, cmp_hit_id);
	for (size_t i = 0; i < hs.n && !code; i++) {
		if (i && hs.h[i].id == hs.h[i - 1].id)
			continue;
		sr_event_query q = {.doc_id = hs.h[i].id};
		st->doc_events = 0;
		rc = sr_store_events(s, &q, topic_row, st, err);
		if (st->oom)
			goto oom;
		if (rc < 0) {
			cli_report(err);
			code = EXIT_FATAL;
		} else if (!st->doc_events) {
			code = keep_article(st, s, &hs.h[i], err);
		}
		if (st->oom)
			goto oom;
	}
	goto out;
oom:
	fprintf(stderr, "sitrep: out of memory\n");
	code = EXIT_FATAL;
out:
	for (size_t i = 0; i < hs.n; i++) {
		free(hs.h[i].title);
		free(hs.h[i].publication);
		free(hs.h[i].snippet);
	}
	free(hs.h);
	return code;
}

/* ---- order and output ---- */

static int cmp_entry(const void *pa, const void *pb)
{
	const tl_entry *a = pa, *b = pb;
	if (!a->date != !b->date)
		return a->date ? -1 : 1; /* undated last */
	if (a->date != b->date)
		return a->date < b->date ? -1 : 1;
	if (a->doc_id != b->doc_id)
		return a->doc_id < b->doc_id ? -1 : 1;
	if (a->sentence != b->sentence)
		return a->sentence < b->sentence ? -1 : 1;
	return (a->event_id > b->event_id) - (a->event_id < b->event_id);
}

static int json_str(sr_buf *b, const char *s)
{
	return s ? sr_json_append_string(b, s, strlen(s)) : sr_buf_puts(b, "null");
}

static int json_actor(sr_buf *b, const char *code, const char *name)
{
	int rc = sr_buf_puts(b, "{\"code\":");
	rc |= json_str(b, code);
	rc |= sr_buf_puts(b, ",\"name\":");
	rc |= json_str(b, name);
	rc |= sr_buf_putc(b, '}');
	return rc;
}

static int json_entry(sr_buf *b, const tl_entry *e, const char *cameo_name)
{
	char date[11], doc_date[11];
	sr_date_format(e->date, date);
	sr_date_format(e->doc_date, doc_date);
	int ev = e->kind == KIND_EVENT;
	int rc = sr_buf_printf(b, "{\"kind\":\"%s\",\"date\":", ev ? "event" : "article");
	rc |= json_str(b, e->date ? date : NULL);
	if (ev)
		rc |= sr_buf_printf(b, ",\"event_id\":%lld", (long long)e->event_id);
	else
		rc |= sr_buf_puts(b, ",\"event_id\":null");
	rc |= sr_buf_printf(b, ",\"doc_id\":%lld,\"source\":", (long long)e->doc_id);
	rc |= ev ? json_actor(b, e->source, e->source_name) : sr_buf_puts(b, "null");
	rc |= sr_buf_puts(b, ",\"target\":");
	rc |= ev ? json_actor(b, e->target, e->target_name) : sr_buf_puts(b, "null");
	rc |= sr_buf_puts(b, ",\"cameo\":");
	rc |= json_str(b, e->cameo);
	rc |= sr_buf_puts(b, ",\"cameo_name\":");
	rc |= json_str(b, cameo_name);
	if (ev && e->quad > 0 && isfinite(e->goldstein))
		rc |= sr_buf_printf(b, ",\"goldstein\":%.6g", e->goldstein);
	else
		rc |= sr_buf_puts(b, ",\"goldstein\":null");
	rc |= sr_buf_puts(b, ",\"text\":");
	rc |= json_str(b, e->text);
	rc |= sr_buf_puts(b, ",\"title\":");
	rc |= json_str(b, e->title);
	rc |= sr_buf_puts(b, ",\"publication\":");
	rc |= json_str(b, e->publication);
	rc |= sr_buf_puts(b, ",\"doc_date\":");
	rc |= json_str(b, e->doc_date ? doc_date : NULL);
	rc |= sr_buf_puts(b, "}\n");
	return rc;
}

enum { TEXT_CUT = 200 }; /* characters of a sentence shown */

/* The sentence on one indented line, spaces collapsed, cut after TEXT_CUT
 * characters (never inside one) with an ellipsis. */
static int text_sentence(sr_buf *b, const char *s)
{
	int rc = sr_buf_puts(b, "    ");
	size_t chars = 0;
	int space = 0;
	for (const char *p = s; p && *p; p++) {
		unsigned char c = (unsigned char)*p;
		if (c == ' ' || c == '\n' || c == '\t' || c == '\r') {
			space = 1;
			continue;
		}
		if ((c & 0xC0) != 0x80) { /* a character starts */
			if (chars + space >= TEXT_CUT) {
				rc |= sr_buf_puts(b, " …");
				break;
			}
			chars += 1 + (size_t)space;
			if (space)
				rc |= sr_buf_putc(b, ' ');
			space = 0;
		}
		rc |= sr_buf_putc(b, (char)c);
	}
	if (!s)
		rc |= sr_buf_puts(b, "(no text)");
	rc |= sr_buf_putc(b, '\n');
	return rc;
}

static int text_entry(sr_buf *b, const tl_entry *e, const char *cameo_name)
{
	char date[11];
	sr_date_format(e->date, date);
	int rc = sr_buf_printf(b, "%-10s  ", e->date ? date : "undated");
	if (e->kind == KIND_EVENT) {
		rc |= sr_buf_printf(b, "%s → %s  %s", e->source ? e->source : "-",
				    e->target ? e->target : "-", e->cameo ? e->cameo : "-");
		if (cameo_name)
			rc |= sr_buf_printf(b, " %s", cameo_name);
		if (e->quad > 0 && isfinite(e->goldstein))
			rc |= sr_buf_printf(b, " (%+.1f)", e->goldstein);
		rc |= sr_buf_putc(b, '\n');
		rc |= text_sentence(b, e->text);
		char doc_date[11];
		sr_date_format(e->doc_date, doc_date);
		rc |= sr_buf_printf(b, "    — %s", e->title ? e->title : "(untitled)");
		if (e->publication && e->doc_date)
			rc |= sr_buf_printf(b, " (%s, %s)", e->publication, doc_date);
		else if (e->publication || e->doc_date)
			rc |= sr_buf_printf(b, " (%s)", e->publication ? e->publication : doc_date);
		rc |= sr_buf_putc(b, '\n');
	} else {
		rc |= sr_buf_printf(b, "article  %s", e->title ? e->title : "(untitled)");
		if (e->publication)
			rc |= sr_buf_printf(b, " (%s)", e->publication);
		rc |= sr_buf_putc(b, '\n');
		rc |= text_sentence(b, e->text);
	}
	return rc;
}

/* ---- --actor ---- */

static int is_code(const char *s)
{
	if (!*s)
		return 0;
	for (; *s; s++)
		if (!((*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9')))
			return 0;
	return 1;
}

enum { MAX_MENTIONS = 16 };

/* What --actor X names: *code (into code) or *person (the dictionary's
 * canonical name, borrowed from it). 0, or an exit code (reported). */
static int resolve_actor(sr_coder *coder, const char *x, char code[SR_CODE_MAX], const char **person)
{
	sr_mention m[MAX_MENTIONS];
	size_t len = strlen(x);
	int n = sr_coder_mentions(coder, x, len, 0, m, MAX_MENTIONS);
	if (n > MAX_MENTIONS)
		n = MAX_MENTIONS;
	code[0] = '\0';
	*person = NULL;
	if (is_code(x)) {
		/* Capitals are a code prefix, unless the dictionaries know the
		 * whole of them as a name: NATO, EU, UK. */
		for (int i = 0; i < n; i++) {
			if (m[i].start != 0 || m[i].end != len)
				continue;
			if (m[i].kind == SR_MEN_PERSON && m[i].name) {
				*person = m[i].name;
				return 0;
			}
			if ((m[i].kind == SR_MEN_ACTOR || m[i].kind == SR_MEN_AGENT) && m[i].code[0]) {
				snprintf(code, SR_CODE_MAX, "%s", m[i].code);
				return 0;
			}
		}
		if (len >= SR_CODE_MAX)
			return cli_usage_error("timeline", "--actor: '%s' is longer than any actor code", x);
		memcpy(code, x, len + 1);
		return 0;
	}
	const char *other = NULL;
	for (int i = 0; i < n; i++) {
		if (m[i].kind == SR_MEN_PERSON && m[i].name) {
			*person = m[i].name;
			return 0;
		}
		if ((m[i].kind == SR_MEN_ACTOR || m[i].kind == SR_MEN_AGENT) && m[i].code[0]) {
			snprintf(code, SR_CODE_MAX, "%s", m[i].code);
			return 0;
		}
		if (!other && m[i].kind == SR_MEN_EXERCISE)
			other = "an exercise: try --topic";
		if (!other && m[i].kind == SR_MEN_AGENT)
			other = "a role without a country: name both (Belarus military) or give a code";
		if (!other && m[i].kind == SR_MEN_PLACE)
			other = "a place: try --topic";
	}
	if (other)
		return cli_usage_error("timeline", "no actor named '%s' in the dictionaries (%s)", x, other);
	return cli_usage_error("timeline", "no actor named '%s' in the dictionaries", x);
}

/* A count option: digits only, within [min, max]. */
static int parse_count(const char *s, long long min, long long max, size_t *out)
{
	char *end;
	errno = 0;
	long long v = strtoll(s, &end, 10);
	if (errno || end == s || *end || v < min || v > max || *s == '-' || *s == '+' || *s == ' ')
		return -1;
	*out = (size_t)v;
	return 0;
}

int cmd_timeline(int argc, char **argv)
{
	static const struct option longopts[] = {
		{"db", required_argument, NULL, 'd'},
		{"actor", required_argument, NULL, 'a'},
		{"topic", required_argument, NULL, 'T'},
		{"from", required_argument, NULL, 'f'},
		{"to", required_argument, NULL, 't'},
		{"limit", required_argument, NULL, 'l'},
		{"json", no_argument, NULL, 'j'},
		{"dict", required_argument, NULL, 'D'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	const char *db = "sitrep.db", *actor = NULL, *topic = NULL;
	int json = 0, c, ndicts = 0;
	size_t limit = 0;
	tl_state st = {0};
	char **dicts = calloc((size_t)argc + 1, sizeof *dicts);
	if (!dicts) {
		fprintf(stderr, "sitrep: out of memory\n");
		return EXIT_FATAL;
	}
	int code = EXIT_ALLOK;
#define USAGE(...)                                                  \
	do {                                                        \
		code = cli_usage_error("timeline", __VA_ARGS__);    \
		goto done_args;                                     \
	} while (0)
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":h", longopts, NULL)) != -1) {
		switch (c) {
		case 'd': db = optarg; break;
		case 'a':
			if (actor)
				USAGE("--actor given twice");
			actor = optarg;
			break;
		case 'T':
			if (topic)
				USAGE("--topic given twice");
			topic = optarg;
			break;
		case 'f':
		case 't': {
			sr_date d = sr_date_parse_iso(optarg, strlen(optarg));
			if (!d)
				USAGE("--%s wants a date YYYY-MM-DD, not '%s'", c == 'f' ? "from" : "to", optarg);
			*(c == 'f' ? &st.from : &st.to) = d;
			break;
		}
		case 'l':
			if (parse_count(optarg, 0, 1000000000000LL, &limit) < 0)
				USAGE("--limit wants a number (0: all), not '%s'", optarg);
			break;
		case 'j': json = 1; break;
		case 'D':
			if (!*optarg)
				USAGE("--dict needs a path");
			dicts[ndicts++] = optarg;
			break;
		case 'h': fputs(usage_text, stdout); goto done_args;
		case ':': USAGE("option '%s' needs a value", argv[optind - 1]);
		default: USAGE("unknown option '%s'", argv[optind - 1]);
		}
	}
	if (optind < argc)
		USAGE("unexpected argument '%s'", argv[optind]);
	if (!actor == !topic)
		USAGE("give one of --actor and --topic");
	if (actor && !*actor)
		USAGE("--actor needs a code or a name");
	if (st.from && st.to && st.from > st.to)
		USAGE("--from is after --to");
	if (!*db)
		USAGE("--db needs a path");
	char *norm = NULL;
	if (topic) {
		if (!sr_utf8_valid(topic, strlen(topic), NULL))
			USAGE("--topic is not valid UTF-8");
		norm = norm_fold(topic, strlen(topic));
		if (!norm) {
			fprintf(stderr, "sitrep: out of memory\n");
			code = EXIT_FATAL;
			goto done_args;
		}
		if (!strcmp(norm, " ")) {
			free(norm);
			USAGE("--topic needs a word");
		}
		st.topic = norm;
	}
#undef USAGE

	/* The dictionaries: names for --actor, CAMEO names for the output. */
	sr_dict *dict = NULL;
	sr_coder *coder = NULL;
	char fp[CLI_DICT_FP_SIZE], actor_code[SR_CODE_MAX] = "";
	if (cli_dicts_load(dicts, ndicts, &dict, fp) < 0) {
		code = EXIT_FATAL;
		goto done;
	}
	if (actor) {
		if (!(coder = sr_coder_create(dict))) {
			fprintf(stderr, "sitrep: out of memory\n");
			code = EXIT_FATAL;
			goto done;
		}
		if ((code = resolve_actor(coder, actor, actor_code, &st.person)) != 0)
			goto done;
		if (!json && (st.person || strcmp(actor_code, actor)))
			fprintf(stderr, "sitrep timeline: '%s' is %s%s%s\n", actor,
				st.person ? st.person : actor_code, st.person ? " (a person, by name)" : "",
				st.person ? "" : " (actor code)");
	}

	sr_store *s = NULL;
	sr_error err;
	sr_error_clear(&err);
	if (sr_store_open(db, SR_STORE_READONLY, &s, &err) < 0) {
		cli_report(&err);
		code = EXIT_FATAL;
		goto done;
	}
	if (actor) {
		sr_event_query q = {.actor = st.person ? NULL : actor_code, .from = st.from, .to = st.to};
		int rc = sr_store_events(s, &q, actor_row, &st, &err);
		if (st.oom) {
			fprintf(stderr, "sitrep: out of memory\n");
			code = EXIT_FATAL;
		} else if (rc == SR_EINPUT) {
			code = cli_usage_error("timeline", "%s", err.msg);
		} else if (rc < 0) {
			cli_report(&err);
			code = EXIT_FATAL;
		}
	} else {
		/* The phrase as the search's: quoted, unless the user quoted. */
		sr_buf qb;
		sr_buf_init(&qb, strlen(topic) + 8);
		int rc = strchr(topic, '"') ? sr_buf_puts(&qb, topic)
					    : sr_buf_printf(&qb, "\"%s\"", topic);
		if (rc < 0) {
			fprintf(stderr, "sitrep: out of memory\n");
			code = EXIT_FATAL;
		} else {
			code = topic_entries(&st, s, qb.p, &err);
		}
		sr_buf_cleanup(&qb);
	}
	sr_store_close(s);
	if (code)
		goto done;

	if (st.n)
		qsort(st.e, st.n, sizeof *st.e, cmp_entry);
	size_t shown = limit && limit < st.n ? limit : st.n;
	sr_buf out;
	sr_buf_init(&out, (size_t)64 << 20);
	int write_failed = 0;
	for (size_t i = 0; i < shown && !write_failed; i++) {
		sr_cameo_info ci;
		const tl_entry *e = &st.e[i];
		const char *cname = e->cameo && sr_dict_cameo(dict, e->cameo, &ci) == 0 ? ci.name : NULL;
		sr_buf_reset(&out);
		int rc = json ? json_entry(&out, e, cname) : text_entry(&out, e, cname);
		if (!json && i + 1 < shown)
			rc |= sr_buf_putc(&out, '\n');
		if (rc < 0 || fwrite(out.p, 1, out.len, stdout) != out.len)
			write_failed = 1;
	}
	sr_buf_cleanup(&out);
	if (fflush(stdout) != 0 || write_failed) {
		fprintf(stderr, "sitrep timeline: cannot write output\n");
		code = EXIT_FATAL;
	} else if (!shown && !json) {
		fprintf(stderr, "sitrep timeline: nothing found for %s '%s'%s\n",
			actor ? "actor" : "topic", actor ? actor : topic,
			st.from || st.to ? " in those dates" : "");
	}

done:
	sr_coder_free(coder);
	sr_dict_free(dict);
done_args:
	for (size_t i = 0; i < st.n; i++)
		entry_free(&st.e[i]);
	free(st.e);
	free((char *)st.topic);
	free(dicts);
	return code;
}
