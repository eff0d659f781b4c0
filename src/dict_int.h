/* dict_int.h — the dictionary's tables, shared by dict.c (which builds them)
 * and code.c (which reads them). Not for other stages.
 *
 * Every phrase that starts a match (actor names, agent nouns, verb forms,
 * synset members, discards) is a path in one trie over word ids; a node's
 * terminals say what ends there. Words are interned once with their match
 * mode; a text token maps to the set of word ids it matches (stemmed key,
 * exact key, case-sensitive key, TABARI prefixes), which the coder caches. */
#ifndef SITREP_DICT_INT_H
#define SITREP_DICT_INT_H

#include <stddef.h>
#include <stdint.h>

#include "dict_build.h"

#define SR_NONE UINT32_MAX
#define SR_TOKEN_IDS_MAX 6 /* word ids one text token may match */
#define SR_WORD_MAX 128    /* longest token (bytes) that can match a word */

struct sb_stemmer;

typedef enum {
	SR_TERM_ACTOR = 1,
	SR_TERM_AGENT,
	SR_TERM_VERB,
	SR_TERM_SYNSET,
	SR_TERM_DISCARD,
} sr_term_kind;

typedef struct sr_term {
	uint32_t id;    /* actor, agent, verb, synset or discard index */
	uint32_t next;  /* next terminal of the same node, SR_NONE at the end */
	uint16_t kind;  /* sr_term_kind */
	uint16_t flags; /* SR_PH_* for actors; story flag for discards */
	uint16_t len;   /* words in the phrase */
} sr_term;

typedef struct sr_word {
	uint32_t off, len; /* key in the pool */
	uint8_t mode;      /* sr_word_mode */
} sr_word;

typedef struct sr_role {
	uint32_t actor;
	char *code;
	sr_date from, to; /* 0 = open */
} sr_role;

typedef struct sr_actor {
	char *key, *code, *name, *party; /* code NULL for people */
	int type;                        /* sr_actor_type */
	uint32_t role0, nrole;           /* into roles, after finish */
} sr_actor;

typedef struct sr_agent {
	char *code, *name;
	int placement; /* 0: actor + code; 1: code + actor */
} sr_agent;

typedef struct sr_pattern {
	uint32_t verb;
	char code[16]; /* "062"; TABARI's "032:033" codes the reverse direction too */
	uint8_t n, verb_at, weight; /* weight: words and synsets, for ordering */
	sr_phrase_el el[SR_PHRASE_MAX];
} sr_pattern;

typedef struct sr_verb {
	char *lemma;
	char code[16]; /* "" = none; may be "032:033" as for patterns */
	uint32_t pat0, npat; /* into patterns, after finish (best first) */
} sr_verb;

typedef struct sr_synset {
	char *name;
	int defined;
} sr_synset;

typedef struct sr_cameo_row {
	char code[8];
	double goldstein;
	int quad;
	char *plover, *name;
} sr_cameo_row;

typedef struct sr_edge {
	uint64_t key; /* node << 32 | word; 0 = empty slot (node ids start at 1) */
	uint32_t child;
} sr_edge;

typedef struct sr_stored_phrase { /* synset members, kept until finish */
	uint32_t synset;
	sr_phrase p;
} sr_stored_phrase;

struct sr_dict {
	int frozen;

	char *pool; /* word keys */
	size_t pool_len, pool_cap;
	sr_word *words;
	size_t nwords, words_cap;
	uint32_t *wslot; /* open addressing: word id + 1, 0 empty */
	size_t wslot_cap;
	uint64_t prefix_lens; /* bit L: some SR_W_PREFIX word is L bytes long */
	uint8_t *word_kinds;  /* per word: bit (kind - 1) if a phrase of that kind starts with it */
	size_t word_kinds_cap;
	int has_case, has_exact, has_prefix;

	uint32_t *node_term; /* node → first terminal; node 0 unused, 1 = root */
	size_t nnodes, nodes_cap;
	sr_edge *edges;
	size_t nedges, edges_cap;
	sr_term *terms;
	size_t nterms, terms_cap;

	sr_actor *actors;
	size_t nactors, actors_cap;
	sr_role *roles;
	size_t nroles, roles_cap;
	sr_agent *agents;
	size_t nagents, agents_cap;
	sr_verb *verbs;
	size_t nverbs, verbs_cap;
	sr_pattern *patterns;
	size_t npatterns, patterns_cap;
	sr_synset *synsets;
	size_t nsynsets, synsets_cap;
	sr_stored_phrase *synphr;
	size_t nsynphr, synphr_cap;
	sr_cameo_row *cameo;
	size_t ncameo, cameo_cap;
	size_t ndiscards, nphrases;

	uint32_t *root_child; /* per word: its child of the root, 0 if none (after finish) */
	uint32_t *code_index; /* actor ids sorted by code, after finish */
	size_t ncode_index;

	struct sb_stemmer *stem_en, *stem_ru; /* for loading only */
};

/* Walk the trie: child of node by word, 0 if none. Root is 1. */
uint32_t sr_dict_child(const sr_dict *d, uint32_t node, uint32_t word);

/* The root's child by word: an array lookup, for the first word of every
 * phrase tried (the hottest walk). */
static inline uint32_t sr_dict_root_child(const sr_dict *d, uint32_t word)
{
	return word < d->nwords ? d->root_child[word] : 0;
}

/* The word ids a text token matches (up to max), using the caller's
 * stemmers (libstemmer objects are not thread-safe). */
int sr_dict_token_ids(const sr_dict *d, struct sb_stemmer *en, struct sb_stemmer *ru,
		      const char *tok, size_t len, uint32_t *ids, int max);

/* Fold a token for matching into out (size SR_WORD_MAX * 2); its length, or
 * -1 if it does not fit. ASCII lowercases into out without allocating; the
 * rest goes through sr_text_fold, with ё folded to е. */
int sr_dict_fold(const char *s, size_t len, char *out, size_t cap);

/* Stem a folded word into out (NUL-terminated); its length. */
size_t sr_dict_stem(struct sb_stemmer *en, struct sb_stemmer *ru, const char *w, size_t len,
		    char *out, size_t cap);

/* The role of a person actor on date (0 = any): its code, or NULL. */
const char *sr_dict_role_code(const sr_dict *d, uint32_t actor, sr_date date);

/* The word id of an exact key in a mode, or SR_NONE. */
uint32_t sr_dict_word_find(const sr_dict *d, sr_word_mode mode, const char *key, size_t len);

#endif
