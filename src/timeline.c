/* timeline.c — what one actor did, or what happened around a topic, in
 * order of date (timeline.h). Entries are collected from the store's event
 * listing (an actor) or its search and each found article's events (a
 * topic), then sorted: undated last, since a timeline is read from the
 * first dated entry on. */
#include "timeline.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "text.h"
#include "util/jsonesc.h"

typedef struct tl_state {
	/* what to keep */
	const char *person; /* an actor as a person: the canonical name */
	const char *topic;  /* the topic folded (norm_fold), NULL otherwise */
	sr_date from, to;
	/* what was kept */
	sr_timeline_entry *e;
	size_t n, cap;
	int oom;
	size_t doc_events; /* topic: events kept for the current document */
} tl_state;

static void entry_free(sr_timeline_entry *e)
{
	free((char *)e->source);
	free((char *)e->source_name);
	free((char *)e->target);
	free((char *)e->target_name);
	free((char *)e->cameo);
	free((char *)e->text);
	free((char *)e->title);
	free((char *)e->publication);
}

static void state_cleanup(tl_state *st)
{
	for (size_t i = 0; i < st->n; i++)
		entry_free(&st->e[i]);
	free(st->e);
	st->e = NULL;
	st->n = st->cap = 0;
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

static sr_timeline_entry *entry_new(tl_state *st)
{
	if (st->n == st->cap) {
		size_t cap = st->cap ? 2 * st->cap : 64;
		sr_timeline_entry *p = realloc(st->e, cap * sizeof *p);
		if (!p) {
			st->oom = 1;
			return NULL;
		}
		st->e = p;
		st->cap = cap;
	}
	sr_timeline_entry *e = &st->e[st->n++];
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
	sr_timeline_entry *e = entry_new(st);
	if (!e)
		return 1;
	int *oom = &st->oom;
	*e = (sr_timeline_entry){
		.kind = SR_TL_EVENT,
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

/* An actor: every event the store's query let through, or only the person's. */
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

/* A topic: one document's events, those whose evidence names the topic. */
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

/* ---- a topic: the articles ---- */

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

static void hits_clear(tl_hits *hs)
{
	for (size_t i = 0; i < hs->n; i++) {
		free(hs->h[i].title);
		free(hs->h[i].publication);
		free(hs->h[i].snippet);
	}
	hs->n = 0;
}

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
 * the search's snippet). 0, or an error (err filled). */
static int keep_article(tl_state *st, sr_store *s, const tl_hit *h, sr_error *err)
{
	if (!in_range(st, h->date))
		return 0;
	sr_doc d;
	int rc = sr_store_get_doc(s, h->id, &d, NULL, err);
	if (rc < 0)
		return rc;
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
	sr_timeline_entry *e = st->oom ? NULL : entry_new(st);
	if (e) {
		*e = (sr_timeline_entry){
			.kind = SR_TL_ARTICLE,
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

static int no_memory(sr_error *err)
{
	return sr_error_set(err, SR_ENOMEM, NULL, 0, -1, "out of memory");
}

/* Every article holding the topic, then its entries. 0 or an error. */
static int topic_entries(tl_state *st, sr_store *s, const char *query, sr_error *err)
{
	tl_hits hs = {0};
	size_t total = 0;
	sr_search_query sq = {.text = query, .limit = 1};
	/* Count, then take every hit in one call: the store ranks by score, and
	 * pages of a ranking with ties need not add up to the whole. */
	int rc = sr_store_search(s, &sq, keep_hit, &hs, &total, err);
	if (rc == 0 && !hs.oom && total > hs.n) {
		hits_clear(&hs);
		sq.limit = total;
		rc = sr_store_search(s, &sq, keep_hit, &hs, NULL, err);
	}
	if (hs.oom) {
		rc = no_memory(err);
		goto out;
	}
	if (rc < 0)
		goto out;
	/* In document order: the store's rows are read in one sweep. */
	if (hs.n)
		qsort(hs.h, hs.n, sizeof *hs.h, cmp_hit_id);
	for (size_t i = 0; i < hs.n && rc == 0; i++) {
		if (i && hs.h[i].id == hs.h[i - 1].id)
			continue;
		sr_event_query q = {.doc_id = hs.h[i].id};
		st->doc_events = 0;
		rc = sr_store_events(s, &q, topic_row, st, err);
		if (rc == 0 && !st->oom && !st->doc_events)
			rc = keep_article(st, s, &hs.h[i], err);
		if (st->oom)
			rc = no_memory(err);
	}
out:
	hits_clear(&hs);
	free(hs.h);
	return rc;
}

/* ---- order and the result ---- */

static int cmp_entry(const void *pa, const void *pb)
{
	const sr_timeline_entry *a = pa, *b = pb;
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

/* Sort st's entries, name their CAMEO codes and hand them over as *out. */
static int finish(tl_state *st, const sr_dict *dict, const sr_timeline_who *who, sr_timeline **out,
		  sr_error *err)
{
	sr_timeline *t = calloc(1, sizeof *t);
	if (!t) {
		state_cleanup(st);
		return no_memory(err);
	}
	if (st->n)
		qsort(st->e, st->n, sizeof *st->e, cmp_entry);
	for (size_t i = 0; dict && i < st->n; i++) {
		sr_cameo_info ci;
		if (st->e[i].cameo && sr_dict_cameo(dict, st->e[i].cameo, &ci) == 0)
			st->e[i].cameo_name = ci.name;
	}
	t->entries = st->e;
	t->n = st->n;
	t->owner = st->e;
	if (who)
		t->who = *who;
	st->e = NULL;
	st->n = st->cap = 0;
	*out = t;
	return 0;
}

static int check_range(sr_date from, sr_date to, sr_error *err)
{
	if (from && to && from > to)
		return sr_error_set(err, SR_EINPUT, NULL, 0, -1, "from is after to");
	return 0;
}

/* ---- an actor ---- */

static int is_code(const char *s)
{
	if (!*s)
		return 0;
	for (; *s; s++)
		if (!((*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9')))
			return 0;
	return 1;
}

enum { MAX_MENTIONS = 16, NAME_SHOWN = 200 };

/* How many bytes of s an error message shows: at most NAME_SHOWN, never
 * half a UTF-8 character, so that the message stays valid text. */
static int shown_len(const char *s)
{
	size_t n = strlen(s);
	if (n <= NAME_SHOWN)
		return (int)n;
	n = NAME_SHOWN;
	while (n && ((unsigned char)s[n] & 0xC0) == 0x80)
		n--;
	return (int)n;
}

int sr_timeline_resolve(sr_coder *coder, const char *x, sr_timeline_who *who, sr_error *err)
{
	memset(who, 0, sizeof *who);
	if (!x || !*x)
		return sr_error_set(err, SR_EINPUT, NULL, 0, -1, "an actor needs a code or a name");
	sr_mention m[MAX_MENTIONS];
	size_t len = strlen(x);
	int n = sr_coder_mentions(coder, x, len, 0, m, MAX_MENTIONS);
	if (n > MAX_MENTIONS)
		n = MAX_MENTIONS;
	if (is_code(x)) {
		/* Capitals are a code prefix, unless the dictionaries know the
		 * whole of them as a name: NATO, EU, UK. */
		for (int i = 0; i < n; i++) {
			if (m[i].start != 0 || m[i].end != len)
				continue;
			if (m[i].kind == SR_MEN_PERSON && m[i].name) {
				who->person = m[i].name;
				return 0;
			}
			if ((m[i].kind == SR_MEN_ACTOR || m[i].kind == SR_MEN_AGENT) && m[i].code[0]) {
				snprintf(who->code, sizeof who->code, "%s", m[i].code);
				return 0;
			}
		}
		if (len >= SR_CODE_MAX)
			return sr_error_set(err, SR_EINPUT, NULL, 0, -1,
					    "'%.*s' is longer than any actor code", shown_len(x), x);
		memcpy(who->code, x, len + 1);
		return 0;
	}
	const char *other = NULL;
	for (int i = 0; i < n; i++) {
		if (m[i].kind == SR_MEN_PERSON && m[i].name) {
			who->person = m[i].name;
			return 0;
		}
		if ((m[i].kind == SR_MEN_ACTOR || m[i].kind == SR_MEN_AGENT) && m[i].code[0]) {
			snprintf(who->code, sizeof who->code, "%s", m[i].code);
			return 0;
		}
		if (!other && m[i].kind == SR_MEN_EXERCISE)
			other = "an exercise: try a topic";
		if (!other && m[i].kind == SR_MEN_AGENT)
			other = "a role without a country: name both (Belarus military) or give a code";
		if (!other && m[i].kind == SR_MEN_PLACE)
			other = "a place: try a topic";
	}
	if (other)
		return sr_error_set(err, SR_EINPUT, NULL, 0, -1,
				    "no actor named '%.*s' in the dictionaries (%s)", shown_len(x), x,
				    other);
	return sr_error_set(err, SR_EINPUT, NULL, 0, -1, "no actor named '%.*s' in the dictionaries",
			    shown_len(x), x);
}

int sr_timeline_actor(sr_store *s, const sr_dict *dict, sr_coder *coder, const char *actor,
		      sr_date from, sr_date to, sr_timeline **out, sr_error *err)
{
	*out = NULL;
	int rc = check_range(from, to, err);
	if (rc < 0)
		return rc;
	sr_timeline_who who;
	if ((rc = sr_timeline_resolve(coder, actor, &who, err)) < 0)
		return rc;
	tl_state st = {.person = who.person, .from = from, .to = to};
	sr_event_query q = {.actor = who.person ? NULL : who.code, .from = from, .to = to};
	rc = sr_store_events(s, &q, actor_row, &st, err);
	if (st.oom)
		rc = no_memory(err);
	if (rc < 0) {
		state_cleanup(&st);
		return rc;
	}
	return finish(&st, dict, &who, out, err);
}

/* ---- a topic ---- */

int sr_timeline_topic(sr_store *s, const sr_dict *dict, const char *topic, sr_date from, sr_date to,
		      sr_timeline **out, sr_error *err)
{
	*out = NULL;
	int rc = check_range(from, to, err);
	if (rc < 0)
		return rc;
	size_t tlen = topic ? strlen(topic) : 0;
	if (!sr_utf8_valid(topic ? topic : "", tlen, NULL))
		return sr_error_set(err, SR_EINPUT, NULL, 0, -1, "the topic is not valid UTF-8");
	char *norm = norm_fold(topic ? topic : "", tlen);
	if (!norm)
		return no_memory(err);
	if (!strcmp(norm, " ")) {
		free(norm);
		return sr_error_set(err, SR_EINPUT, NULL, 0, -1, "the topic needs a word");
	}
	/* The phrase as the search's: quoted, unless the caller quoted. */
	sr_buf qb;
	sr_buf_init(&qb, tlen + 8);
	rc = strchr(topic, '"') ? sr_buf_puts(&qb, topic) : sr_buf_printf(&qb, "\"%s\"", topic);
	if (rc < 0) {
		sr_buf_cleanup(&qb);
		free(norm);
		return no_memory(err);
	}
	tl_state st = {.topic = norm, .from = from, .to = to};
	rc = topic_entries(&st, s, qb.p, err);
	sr_buf_cleanup(&qb);
	free(norm);
	if (rc < 0) {
		state_cleanup(&st);
		return rc;
	}
	return finish(&st, dict, NULL, out, err);
}

void sr_timeline_free(sr_timeline *t)
{
	if (!t)
		return;
	sr_timeline_entry *e = t->owner;
	for (size_t i = 0; i < t->n; i++)
		entry_free(&e[i]);
	free(e);
	free(t);
}

/* ---- JSON ---- */

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

int sr_timeline_entry_json(const sr_timeline_entry *e, sr_buf *b)
{
	char date[11], doc_date[11];
	sr_date_format(e->date, date);
	sr_date_format(e->doc_date, doc_date);
	int ev = e->kind == SR_TL_EVENT;
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
	rc |= json_str(b, e->cameo_name);
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
	rc |= sr_buf_putc(b, '}');
	return rc ? -1 : 0;
}
