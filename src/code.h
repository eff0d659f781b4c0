/* code.h — the recognize and code stages: actors in a sentence, and the
 * events between them (CAMEO code, Goldstein score, quad class, PLOVER).
 *
 * An sr_coder holds one thread's scratch space and caches over a frozen,
 * shared sr_dict. Events are handed to a callback as they are found; the
 * event and its strings live until the callback returns. */
#ifndef SITREP_CODE_H
#define SITREP_CODE_H

#include <stddef.h>

#include "dict.h"
#include "util/date.h"

#define SR_CODE_MAX 32

typedef struct sr_event {
	int sentence;      /* 0-based sentence index in the text coded */
	sr_date date;      /* stated in the sentence, else the article's */
	char source[SR_CODE_MAX], target[SR_CODE_MAX]; /* "" if none */
	const char *source_name, *target_name;         /* canonical; may be NULL */
	char source_party[8], target_party[8];         /* dyad keys: BLR, RUS, NAT; "" if none */
	char cameo[8];     /* "062", "1712" … as the verb dictionary has it */
	char root[3];      /* first two digits ("06"), "" if not numeric */
	int quad;          /* 1..4; 0 if the code is not in the CAMEO table */
	double goldstein;  /* 0 when unknown */
	const char *plover; /* "COOPERATE" …, NULL if unmapped */
	size_t start, end; /* evidence: byte span in the text coded */
	unsigned flags;    /* SR_EV_* */
} sr_event;

#define SR_EV_MODAL 1u    /* intent, plan or readiness: coded as 03x */
#define SR_EV_REPORTED 2u /* said by someone else ("X alleged that Y …") */

/* Return nonzero to stop coding. */
typedef int (*sr_event_fn)(const sr_event *ev, void *ctx);

/* What the recognizer found in a sentence. */
typedef enum {
	SR_MEN_ACTOR = 1,
	SR_MEN_PERSON,
	SR_MEN_AGENT,
	SR_MEN_PLACE,
	SR_MEN_EXERCISE,
	SR_MEN_QUANTITY,
} sr_mention_kind;

typedef struct sr_mention {
	sr_mention_kind kind;
	size_t start, end;        /* bytes in the sentence */
	char code[SR_CODE_MAX];   /* actor code with its agent, "" if none */
	const char *name;         /* canonical name; NULL for a QUANTITY */
	double value;             /* QUANTITY: the number ("20 million" = 2e7) */
	size_t unit_start, unit_end; /* QUANTITY: what it counts ("troops", "USD") */
} sr_mention;

typedef struct sr_coder sr_coder;

sr_coder *sr_coder_create(const sr_dict *d);
void sr_coder_free(sr_coder *c);

/* Options, as PETRARCH names them: "require_dyad" (default 1: an event
 * needs a source and a target). Returns 0, or -1 for an unknown name. */
int sr_coder_set_option(sr_coder *c, const char *name, int value);

/* Code a text (an article's body): split into sentences, each coded with
 * date as the article's date (0 unknown). Returns the number of events, or
 * a negative sr_status. */
long sr_coder_code_text(sr_coder *c, const char *text, size_t len, sr_date date,
			sr_event_fn fn, void *ctx);

/* Code one sentence; its events carry index and spans offset by base. */
long sr_coder_code_sentence(sr_coder *c, const char *s, size_t len, sr_date date,
			    int index, size_t base, sr_event_fn fn, void *ctx);

/* The recognizer alone: up to max mentions of one sentence into out;
 * returns how many there were (may exceed max). */
int sr_coder_mentions(sr_coder *c, const char *s, size_t len, sr_date date,
		      sr_mention *out, int max);

#endif
