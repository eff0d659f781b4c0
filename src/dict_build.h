/* dict_build.h — how loaders fill an sr_dict (internal to the dict stage).
 *
 * Loaders (dict_sd.c for our format, dict_tabari.c for TABARI/PETRARCH files)
 * translate their syntax into these calls; dict.c owns the storage, the word
 * normalisation (fold + stem) and, at sr_dict_finish(), the match tables.
 * Every string argument is copied; none is kept. All calls fail with
 * SR_EUSAGE after sr_dict_finish(). */
#ifndef SITREP_DICT_BUILD_H
#define SITREP_DICT_BUILD_H

#include <stddef.h>
#include <stdint.h>

#include "dict.h"

/* How a dictionary word matches a text token. */
typedef enum {
	SR_W_STEM = 0,   /* case-folded and stemmed on both sides (our default) */
	SR_W_EXACT = 1,  /* case-folded, not stemmed ("minsk=") */
	SR_W_CASE = 2,   /* exact bytes, case included ("US!") */
	SR_W_PREFIX = 3, /* TABARI: any token that starts with it ("BULGAR") */
} sr_word_mode;

/* Elements of a phrase. Names, aliases and nouns hold only words; verb
 * forms hold words; patterns hold words, synsets and slots. */
typedef enum {
	SR_EL_WORD = 0,
	SR_EL_SYNSET,
	SR_EL_VERB,     /* `*` */
	SR_EL_SOURCE,   /* `$` */
	SR_EL_TARGET,   /* `+` */
	SR_EL_COMPOUND, /* `%` */
	SR_EL_SKIP,     /* `^` */
} sr_el_kind;

#define SR_PHRASE_MAX 24

typedef struct sr_phrase_el {
	uint32_t id;      /* word id (SR_EL_WORD) or synset id (SR_EL_SYNSET) */
	uint8_t kind;     /* sr_el_kind */
	uint8_t adjacent; /* must follow the previous element with no word between */
} sr_phrase_el;

typedef struct sr_phrase {
	sr_phrase_el el[SR_PHRASE_MAX];
	int n;
} sr_phrase;

static inline void sr_phrase_init(sr_phrase *p) { p->n = 0; }

/* Append one word (UTF-8, no spaces; a hyphenated word is split into its
 * parts, each adjacent). The word is normalised for mode here. Returns 0,
 * or SR_EINPUT if the phrase is full or the word has no letter or digit. */
int sr_dict_phrase_word(sr_dict *d, sr_phrase *p, const char *w, size_t len,
			sr_word_mode mode, int adjacent);
/* Append a slot (SR_EL_VERB … SR_EL_SKIP). */
int sr_dict_phrase_slot(sr_phrase *p, sr_el_kind kind, int adjacent);
/* Append a synset reference by name (without '&'); the synset is created if
 * new, so patterns may name synsets defined later in the file. */
int sr_dict_phrase_synset(sr_dict *d, sr_phrase *p, const char *name, size_t len,
			  int adjacent);
/* Our-format phrase text: words at spaces; '_' joins words that must be
 * consecutive; trailing '=' SR_W_EXACT, trailing '!' SR_W_CASE, else
 * SR_W_STEM; with allow_slots, `* $ + % ^` and `&NAME` too. 0 or SR_EINPUT
 * with a reason in *why (static string). */
int sr_dict_phrase_parse(sr_dict *d, sr_phrase *p, const char *text, size_t len,
			 int allow_slots, const char **why /* OUT */);

typedef enum {
	SR_ACT_OTHER = 0,
	SR_ACT_COUNTRY,
	SR_ACT_GOVERNMENT,
	SR_ACT_MILITARY,
	SR_ACT_IGO,
	SR_ACT_NGO,
	SR_ACT_PARTY,
	SR_ACT_MEDIA,
	SR_ACT_GROUP,
	SR_ACT_BUSINESS,
	SR_ACT_PERSON,   /* codes come from dated roles */
	SR_ACT_PLACE,    /* recognised, never an event's actor */
	SR_ACT_EXERCISE, /* recognised, never an event's actor */
} sr_actor_type;

/* Parse "country", "igo", … ; -1 if unknown. */
int sr_actor_type_parse(const char *s);

/* Phrase flags for actor phrases. */
#define SR_PH_ADJECTIVE 1u /* "Belarusian": names the actor before a noun */
#define SR_PH_METONYM 2u   /* "Minsk": a place after in/at/near */

/* An actor, person, place or exercise. code may be NULL for a person (codes
 * from roles) or "---" (recognised, coded as no actor, as in TABARI). key is
 * the record's ID (may equal code). party: the dyad key, NULL = first three
 * letters of code. Returns the actor's id (>= 0) or a negative sr_status. */
int sr_dict_add_actor(sr_dict *d, const char *key, const char *code, const char *name,
		      sr_actor_type type, const char *party);
int sr_dict_actor_phrase(sr_dict *d, int actor, const sr_phrase *p, unsigned flags);
/* A dated role: from/to are yyyymmdd, 0 = open. */
int sr_dict_actor_role(sr_dict *d, int actor, const char *code, sr_date from, sr_date to);

/* An agent: code appended to the actor's (placement 0: BLR + MIL) or put
 * before it (placement 1, TABARI's "NGO~"). Returns the agent's id. */
int sr_dict_add_agent(sr_dict *d, const char *code, const char *name, int placement);
int sr_dict_agent_phrase(sr_dict *d, int agent, const sr_phrase *p);

/* A verb: lemma for messages; code of the bare verb, NULL or "---" = none.
 * Forms are phrases of words (the first word is the verb's head; "take part"
 * is a two-word form). A pattern must hold exactly one SR_EL_VERB. */
int sr_dict_add_verb(sr_dict *d, const char *lemma, const char *code);
int sr_dict_verb_form(sr_dict *d, int verb, const sr_phrase *p);
int sr_dict_verb_pattern(sr_dict *d, int verb, const sr_phrase *p, const char *code);

/* Synsets: get-or-create by name (without '&'), then add phrases. */
int sr_dict_synset(sr_dict *d, const char *name, size_t len);
int sr_dict_synset_phrase(sr_dict *d, int synset, const sr_phrase *p);

/* Discards: a sentence (story = 0) or a whole article (story = 1) holding
 * the phrase is not coded. */
int sr_dict_add_discard(sr_dict *d, const sr_phrase *p, int story);

/* One row of the CAMEO table (a later row for the same code replaces it). */
int sr_dict_add_cameo(sr_dict *d, const char *code, double goldstein, int quad,
		      const char *plover, const char *name);

/* Loaders (dict_sd.c, dict_tabari.c): fill d from buf; errors name name:line. */
int sr_dict_load_sd(sr_dict *d, const char *name, const char *buf, size_t len, sr_error *err);
int sr_dict_load_tabari(sr_dict *d, const char *name, const char *buf, size_t len,
			sr_error *err);
/* 1 if buf looks like our format (a "# sitrep dictionary" line or a
 * "[kind ...]" record line before any TABARI-style line), else 0. */
int sr_dict_is_sd(const char *buf, size_t len);

#endif
