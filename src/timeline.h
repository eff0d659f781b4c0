/* timeline.h — the analyze stage's timelines: what one actor did, or what
 * happened around a topic, in order of date.
 *
 * An actor is a code prefix (BLR, RUSMIL) or a name the dictionaries know: a
 * person is matched by canonical name, since a person's code changes with
 * the posts held; a country or organisation by its code. A topic is a phrase:
 * the articles that hold it (near-duplicates left out), each with its coded
 * events whose evidence sentence names it (case and punctuation aside), or,
 * with none, the article itself with its first sentence naming it.
 *
 * Entries come sorted by date (undated last, unlike the store's event
 * order), then article, sentence, event. Nothing is printed; the caller
 * pages (n is the total). */
#ifndef SITREP_TIMELINE_H
#define SITREP_TIMELINE_H

#include <stddef.h>
#include <stdint.h>

#include "code.h"
#include "dict.h"
#include "store.h"
#include "util/buf.h"
#include "util/date.h"
#include "util/error.h"

typedef enum {
	SR_TL_EVENT = 0,   /* a coded event */
	SR_TL_ARTICLE = 1, /* a topic's article without an event naming it */
} sr_timeline_kind;

/* One entry. Strings are NULL when unknown or, for an article, not an
 * event's (source, target, cameo); they belong to the timeline, except
 * cameo_name, which is the dictionary's (valid while the dict is). */
typedef struct sr_timeline_entry {
	sr_timeline_kind kind;
	sr_date date;      /* the event's date, or the article's; 0 undated */
	sr_date doc_date;  /* the article's; 0 unknown */
	int64_t event_id;  /* 0 for an article */
	int64_t doc_id;
	int sentence;      /* 0-based; for an article the sentence shown, INT32_MAX none */
	const char *source, *source_name, *target, *target_name;
	const char *cameo, *cameo_name;
	int quad;          /* 1..4, 0 unknown */
	double goldstein;  /* meaningful when quad != 0 */
	const char *text;  /* the evidence sentence (whole, not cut) */
	const char *title, *publication;
} sr_timeline_entry;

/* How an actor argument was read: a person by canonical name, or an actor
 * code prefix (possibly the argument itself). */
typedef struct sr_timeline_who {
	const char *person;      /* the dictionary's canonical name (borrowed), or NULL */
	char code[SR_CODE_MAX];  /* the code prefix when person is NULL */
} sr_timeline_who;

typedef struct sr_timeline {
	const sr_timeline_entry *entries;
	size_t n;
	sr_timeline_who who;     /* for an actor timeline; zeroed for a topic */
	void *owner;             /* the allocations; callers never touch it */
} sr_timeline;

/* What actor names: capitals are a code prefix ("BLR", "BLRGOV") unless the
 * dictionaries know all of them as a name ("NATO", "EU"); anything else is
 * a name the dictionaries must know (a person's, a country's or an
 * organisation's, in any language they hold). Returns 0 and *who, or
 * SR_EINPUT ("no actor named 'X' in the dictionaries", with a hint when X
 * is a place, an exercise or a bare role; or a code longer than any). */
int sr_timeline_resolve(sr_coder *coder, const char *actor, sr_timeline_who *who /* OUT */,
			sr_error *err);

/* The actor's events within [from, to] (0 = open; either set leaves undated
 * events out). coder resolves the actor (sr_timeline_resolve); dict (may be
 * NULL) names the CAMEO codes. Returns 0 and *out (free with
 * sr_timeline_free), SR_EINPUT (an unknown actor, from after to),
 * SR_ESTORE, SR_ENOMEM. */
int sr_timeline_actor(sr_store *s, const sr_dict *dict, sr_coder *coder, const char *actor,
		      sr_date from, sr_date to, sr_timeline **out /* OUT */, sr_error *err);

/* The topic's entries within [from, to]: events dated by the event,
 * articles by the article. topic is a phrase, quoted for the search unless
 * it holds quotes itself (then search syntax). Returns 0 and *out,
 * SR_EINPUT (a topic without a word or not UTF-8, a query the search cannot
 * parse, from after to), SR_ESTORE, SR_ENOMEM. */
int sr_timeline_topic(sr_store *s, const sr_dict *dict, const char *topic, sr_date from, sr_date to,
		      sr_timeline **out /* OUT */, sr_error *err);

void sr_timeline_free(sr_timeline *t); /* NULL is fine */

/* One entry as a JSON object (no newline): kind ("event"/"article"), date,
 * event_id, doc_id, source and target ({code, name}), cameo, cameo_name,
 * goldstein, text, title, publication, doc_date; null where unknown or not
 * an event's. The shape of `sitrep timeline --json`. 0 or -1 (out's cap). */
int sr_timeline_entry_json(const sr_timeline_entry *e, sr_buf *out);

#endif
