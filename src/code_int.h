/* code_int.h — the coder's token layer (code_tok.c), shared with code.c.
 *
 * A sentence becomes tokens; each distinct token surface is looked up in the
 * dictionary once and cached with its word ids and flags, so the common case
 * (a word seen before) costs one hash probe. The cache is bounded and cleared
 * when full, which keeps memory flat in input size. */
#ifndef SITREP_CODE_INT_H
#define SITREP_CODE_INT_H

#include <stddef.h>
#include <stdint.h>

#include "code.h"
#include "dict_int.h"
#include "util/buf.h"

/* Token flags, from the folded surface. */
enum {
	TF_ROOT = 1u << 0,   /* some word id starts a trie phrase */
	TF_NEG = 1u << 1,    /* not, never, no, failed, refrained, не … */
	TF_AND = 1u << 2,    /* and, и, as well as (first word) */
	TF_COMMA = 1u << 3,
	TF_CLAUSE = 1u << 4, /* ; and : end a clause */
	TF_LOC = 1u << 5,    /* in, at, near, в, на: a metonym after it is a place */
	TF_OF = 1u << 6,     /* of, for (agent of actor) */
	TF_POSS = 1u << 7,   /* 's */
	TF_DET = 1u << 8,    /* the, a, an */
	TF_MODAL = 1u << 9,  /* plans, intends, ready, may, намерен, готов … */
	TF_SAY = 1u << 10,   /* said, alleged, claimed: reported speech follows */
	TF_CAP = 1u << 11,   /* starts with a capital letter */
	TF_MONTH = 1u << 12, /* a month name: a date may start here */
	TF_NUM = 1u << 13,   /* a number */
	TF_WORD = 1u << 14,  /* letters or digits */
	TF_THAT = 1u << 15,  /* that, что: opens a reported clause */
	TF_CONJ = 1u << 16,  /* but, while, whereas, although, а, но: a new clause after a comma */
	TF_BE = 1u << 17,    /* was, were, is, been: a passive verb may follow */
	TF_BY = 1u << 18,    /* by: the doer of a passive verb follows */
	TF_VSTART = 1u << 19, /* may start a verb form */
	TF_ASTART = 1u << 20, /* may start an actor or agent phrase */
	TF_OPEN = 1u << 21,   /* ( */
	TF_CLOSE = 1u << 22,  /* ) */
	TF_FROM = 1u << 23,   /* from, из: "soldiers from Gondor" */
	TF_SPEC = 1u << 24,   /* likely, probably, expected: a forecast, not an event */
	TF_PREP = 1u << 25,   /* a preposition: an actor after it is no subject */
	TF_CONT = 1u << 26,   /* some word id is a phrase's second or later word */
};

typedef struct ctok {
	uint32_t start, end; /* bytes in the sentence */
	uint32_t flags;
	uint8_t nids;
	uint32_t ids[SR_TOKEN_IDS_MAX]; /* the dictionary words it matches */
} ctok;

/* What the cache knows of a surface, copied into each token of it. */
typedef struct tok_info {
	uint32_t flags;
	uint8_t nids;
	uint32_t ids[SR_TOKEN_IDS_MAX]; /* unused ones are 0 */
} tok_info;

/* A token's key: its first 16 bytes, zero-padded, as two words, so that
 * the common token (a word of 16 bytes or fewer) is compared in two
 * instructions; a longer one compares the rest in the pool. */
typedef struct tok_key {
	uint64_t k[2];
	size_t n; /* bytes */
	uint64_t hash;
} tok_key;

/* One cache line: the probe, the comparison and the copy touch only it. */
typedef struct tok_entry {
	tok_info info;
	uint64_t k[2];
	uint32_t len;  /* surface bytes; 0 = empty slot */
	uint32_t hash; /* low half of the key's hash: its slot */
	uint32_t off;  /* the whole surface in the pool, if longer than 16 bytes */
} tok_entry;
_Static_assert(sizeof(tok_entry) <= 64, "a cache entry fits a cache line");

typedef struct tok_cache {
	tok_entry *e; /* open addressing over the entries themselves */
	size_t cap, n;
	char *pool;
	size_t pool_len, pool_cap;
	struct sb_stemmer *en, *ru;
	const sr_dict *d;
	/* From the dictionary's trie, so the phrase walk probes no edge that
	 * cannot exist: per word id, whether it follows a phrase's first word
	 * somewhere (TF_CONT); per node, whether it has children. */
	uint8_t *word_cont, *node_kids;
} tok_cache;

int tok_cache_init(tok_cache *c, const sr_dict *d);
void tok_cache_cleanup(tok_cache *c);

/* Tokens of s[0..len) into out (at most max); returns how many. The cache
 * is cleared here, between sentences, when it is full. */
int tok_sentence(tok_cache *c, const char *s, size_t len, ctok *out, int max);

/* ---- the coder's per-sentence state (recognize.c fills it, code.c reads it) */

#define MAX_TOK 400
#define MAX_MATCH 2048
#define MAX_MENTION 96
#define MAX_GROUP 64
#define MAX_MEMBERS 8
#define MAX_VERB 64
#define STEP_BUDGET 4000

typedef struct match {
	uint16_t pos, len;
	uint16_t kind, flags;
	uint32_t id;
} match;

typedef struct mention {
	int s, e;       /* token span [s, e) */
	int actor;      /* -1 for an agent alone */
	int agent;      /* the first agent, -1 if none */
	int agent2[2];  /* further agents, in order ("Danish Islamist media"), -1 if none */
	int place;      /* a place, exercise, or metonym used as a place */
	int adj;        /* named by an adjective ("Belarusian") */
	int dead;       /* merged into another */
	char code[SR_CODE_MAX];
	char name[96];
	char party[8];
} mention;

typedef struct group {
	int s, e;
	int nm;
	int m[MAX_MEMBERS]; /* mention indices */
} group;

typedef struct verbocc {
	int pos, len;
	uint32_t verb;
} verbocc;

/* Slots a pattern filled: group indices, -1 if not placed. */
typedef struct slots {
	int source, target, compound;
	int end; /* last token the pattern used + 1 */
	int start;
} slots;

struct sr_coder {
	const sr_dict *d;
	tok_cache cache;
	int require_dyad;
	ctok tok[MAX_TOK];
	int ntok;
	match mt[MAX_MATCH];
	int nmt;
	mention men[MAX_MENTION];
	int nmen;
	group grp[MAX_GROUP];
	int ngrp;
	int grp_at_start[MAX_TOK + 1], grp_at_end[MAX_TOK + 1];
	verbocc vo[MAX_VERB];
	int nvo;
	int clause[MAX_TOK + 1];  /* clause number of each token */
	char inherit[MAX_TOK + 1]; /* clause takes the previous clause's source */
	int covered[MAX_TOK + 1]; /* token inside an actor or agent */
	int steps;
	const char *s; /* the sentence */
	int mt_first[MAX_TOK + 1]; /* first match starting at each token */
	uint32_t *word_seen, *syn_seen; /* == serial: in this sentence */
	uint32_t serial;
	/* A 64-bit summary of the words and synsets each pattern needs, and of
	 * those the sentence holds: a pattern needing a bit the sentence lacks
	 * cannot match, found without reading the pattern (see sig_bit). */
	uint64_t *pat_sig;
	uint64_t sent_sig;
	int marked; /* word_seen and syn_seen hold this sentence */
};


/* recognize.c */
void rec_phrases(sr_coder *c);                 /* every dictionary phrase present */
void rec_mentions(sr_coder *c, sr_date date);   /* actors, agents, people, places */
void rec_groups(sr_coder *c, sr_date date);     /* compounds, agents of groups */

#endif
