/* dict.c — dictionary storage: interned words, the phrase trie, actors,
 * agents, verbs and patterns, synsets, discards and the CAMEO table.
 *
 * Loaders call the builder functions of dict_build.h; sr_dict_finish() sorts
 * what needs sorting and freezes the tables for the coder (dict_int.h). */
#include "dict.h"

#include <errno.h>
#include <libstemmer.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dict_default.h"
#include "dict_int.h"
#include "text.h"
#include "util/hash.h"

static char *xstrdup(const char *s)
{
	if (!s)
		return NULL;
	size_t n = strlen(s) + 1;
	char *p = malloc(n);
	if (p)
		memcpy(p, s, n);
	return p;
}

/* Grow an array of elements of size esz to hold one more; 0 or -1. */
static int grow(void **arr, size_t *cap, size_t n, size_t esz)
{
	if (n < *cap)
		return 0;
	size_t nc = *cap ? *cap * 2 : 16;
	void *p = realloc(*arr, nc * esz);
	if (!p)
		return -1;
	*arr = p;
	*cap = nc;
	return 0;
}
#define GROW(arr, n, cap) grow((void **)&(arr), &(cap), (n), sizeof *(arr))

sr_dict *sr_dict_create(void)
{
	sr_dict *d = calloc(1, sizeof *d);
	if (!d)
		return NULL;
	d->stem_en = sb_stemmer_new("english", "UTF_8");
	d->stem_ru = sb_stemmer_new("russian", "UTF_8");
	d->nnodes = 2; /* 0 unused, 1 root */
	d->nodes_cap = 1024;
	d->node_term = malloc(d->nodes_cap * sizeof *d->node_term);
	d->edges_cap = 4096;
	d->edges = calloc(d->edges_cap, sizeof *d->edges);
	d->wslot_cap = 4096;
	d->wslot = calloc(d->wslot_cap, sizeof *d->wslot);
	if (!d->stem_en || !d->stem_ru || !d->node_term || !d->edges || !d->wslot) {
		sr_dict_free(d);
		return NULL;
	}
	d->node_term[0] = d->node_term[1] = SR_NONE;
	return d;
}

void sr_dict_free(sr_dict *d)
{
	if (!d)
		return;
	for (size_t i = 0; i < d->nactors; i++) {
		free(d->actors[i].key);
		free(d->actors[i].code);
		free(d->actors[i].name);
		free(d->actors[i].party);
	}
	for (size_t i = 0; i < d->nroles; i++)
		free(d->roles[i].code);
	for (size_t i = 0; i < d->nagents; i++) {
		free(d->agents[i].code);
		free(d->agents[i].name);
	}
	for (size_t i = 0; i < d->nverbs; i++)
		free(d->verbs[i].lemma);
	for (size_t i = 0; i < d->nsynsets; i++)
		free(d->synsets[i].name);
	for (size_t i = 0; i < d->ncameo; i++) {
		free(d->cameo[i].plover);
		free(d->cameo[i].name);
	}
	free(d->actors);
	free(d->roles);
	free(d->agents);
	free(d->verbs);
	free(d->patterns);
	free(d->synsets);
	free(d->synphr);
	free(d->cameo);
	free(d->code_index);
	free(d->root_child);
	free(d->word_kinds);
	free(d->pool);
	free(d->words);
	free(d->wslot);
	free(d->node_term);
	free(d->edges);
	free(d->terms);
	if (d->stem_en)
		sb_stemmer_delete(d->stem_en);
	if (d->stem_ru)
		sb_stemmer_delete(d->stem_ru);
	free(d);
}

/* ---- words ---------------------------------------------------------------- */

int sr_dict_fold(const char *s, size_t len, char *out, size_t cap)
{
	int ascii = 1;
	for (size_t i = 0; i < len; i++)
		if ((unsigned char)s[i] >= 0x80) {
			ascii = 0;
			break;
		}
	if (ascii) {
		if (len >= cap)
			return -1;
		for (size_t i = 0; i < len; i++) {
			char c = s[i];
			out[i] = (c >= 'A' && c <= 'Z') ? (char)(c + 32) : c;
		}
		out[len] = 0;
		return (int)len;
	}
	/* Not ASCII: the text stage's folding (NFC + case fold), then ё → е. */
	size_t n = 0;
	char *f = sr_text_fold(s, len, &n);
	if (!f || n >= cap) {
		free(f);
		return -1;
	}
	memcpy(out, f, n);
	out[n] = 0;
	free(f);
	/* ё and е are one letter in most Russian print; fold them together. */
	for (size_t i = 0; i + 1 < n; i++)
		if ((unsigned char)out[i] == 0xD1 && (unsigned char)out[i + 1] == 0x91) {
			out[i] = (char)0xD0;
			out[i + 1] = (char)0xB5;
		}
	return (int)n;
}

static int has_cyrillic(const char *w, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)w[i];
		if (c == 0xD0 || c == 0xD1 || c == 0xD2 || c == 0xD3)
			return 1;
	}
	return 0;
}

size_t sr_dict_stem(struct sb_stemmer *en, struct sb_stemmer *ru, const char *w, size_t len,
		    char *out, size_t cap)
{
	struct sb_stemmer *st = has_cyrillic(w, len) ? ru : en;
	/* Digits and very short words stay as they are. */
	if (len <= 2 || (w[0] >= '0' && w[0] <= '9')) {
		size_t n = len < cap ? len : cap - 1;
		memcpy(out, w, n);
		out[n] = 0;
		return n;
	}
	const sb_symbol *r = sb_stemmer_stem(st, (const sb_symbol *)w, (int)len);
	size_t n = r ? (size_t)sb_stemmer_length(st) : 0;
	if (!r) {
		r = (const sb_symbol *)w;
		n = len;
	}
	if (n >= cap)
		n = cap - 1;
	memcpy(out, r, n);
	out[n] = 0;
	return n;
}

static uint64_t word_hash(sr_word_mode mode, const char *key, size_t len)
{
	return sr_hash64(key, len, 0x9e3779b97f4a7c15ULL * (uint64_t)(mode + 1));
}

uint32_t sr_dict_word_find(const sr_dict *d, sr_word_mode mode, const char *key, size_t len)
{
	size_t mask = d->wslot_cap - 1;
	for (size_t i = word_hash(mode, key, len) & mask;; i = (i + 1) & mask) {
		uint32_t v = d->wslot[i];
		if (!v)
			return SR_NONE;
		const sr_word *w = &d->words[v - 1];
		if (w->mode == mode && w->len == len && memcmp(d->pool + w->off, key, len) == 0)
			return v - 1;
	}
}

static int wslot_grow(sr_dict *d)
{
	size_t nc = d->wslot_cap * 2;
	uint32_t *ns = calloc(nc, sizeof *ns);
	if (!ns)
		return -1;
	for (size_t k = 0; k < d->nwords; k++) {
		const sr_word *w = &d->words[k];
		size_t i = word_hash(w->mode, d->pool + w->off, w->len) & (nc - 1);
		while (ns[i])
			i = (i + 1) & (nc - 1);
		ns[i] = (uint32_t)k + 1;
	}
	free(d->wslot);
	d->wslot = ns;
	d->wslot_cap = nc;
	return 0;
}

static int64_t word_intern(sr_dict *d, sr_word_mode mode, const char *key, size_t len)
{
	uint32_t id = sr_dict_word_find(d, mode, key, len);
	if (id != SR_NONE)
		return id;
	if ((d->nwords + 1) * 2 > d->wslot_cap && wslot_grow(d) < 0)
		return SR_ENOMEM;
	while (d->pool_len + len + 1 > d->pool_cap) {
		size_t nc = d->pool_cap ? d->pool_cap * 2 : 65536;
		char *p = realloc(d->pool, nc);
		if (!p)
			return SR_ENOMEM;
		d->pool = p;
		d->pool_cap = nc;
	}
	if (GROW(d->words, d->nwords, d->words_cap) < 0)
		return SR_ENOMEM;
	memcpy(d->pool + d->pool_len, key, len);
	d->pool[d->pool_len + len] = 0;
	d->words[d->nwords] = (sr_word){(uint32_t)d->pool_len, (uint32_t)len, (uint8_t)mode};
	d->pool_len += len + 1;
	size_t mask = d->wslot_cap - 1;
	size_t i = word_hash(mode, key, len) & mask;
	while (d->wslot[i])
		i = (i + 1) & mask;
	d->wslot[i] = (uint32_t)d->nwords + 1;
	if (mode == SR_W_PREFIX && len < 64)
		d->prefix_lens |= 1ULL << len;
	d->has_case |= mode == SR_W_CASE;
	d->has_exact |= mode == SR_W_EXACT;
	d->has_prefix |= mode == SR_W_PREFIX;
	return (int64_t)d->nwords++;
}

/* The key a dictionary word is stored under, for its mode. */
static int word_key(sr_dict *d, const char *w, size_t len, sr_word_mode mode, char *out,
		    size_t cap)
{
	if (mode == SR_W_CASE) {
		if (len >= cap)
			return -1;
		memcpy(out, w, len);
		out[len] = 0;
		return (int)len;
	}
	char f[SR_WORD_MAX * 2];
	int n = sr_dict_fold(w, len, f, sizeof f);
	if (n < 0)
		return -1;
	if (mode == SR_W_STEM)
		return (int)sr_dict_stem(d->stem_en, d->stem_ru, f, (size_t)n, out, cap);
	if ((size_t)n >= cap)
		return -1;
	memcpy(out, f, (size_t)n + 1);
	return n;
}

static int is_word_byte(unsigned char c)
{
	return c >= 0x80 || (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
	       (c >= 'A' && c <= 'Z');
}

/* Append one hyphen-free piece. */
static int phrase_piece(sr_dict *d, sr_phrase *p, const char *w, size_t len, sr_word_mode mode,
			int adjacent)
{
	int any = 0;
	for (size_t i = 0; i < len; i++)
		if (is_word_byte((unsigned char)w[i]))
			any = 1;
	if (!any)
		return SR_EINPUT;
	if (p->n >= SR_PHRASE_MAX)
		return SR_EINPUT;
	char key[SR_WORD_MAX * 2];
	int kl = word_key(d, w, len, mode, key, sizeof key);
	if (kl <= 0)
		return SR_EINPUT;
	int64_t id = word_intern(d, mode, key, (size_t)kl);
	if (id < 0)
		return (int)id;
	p->el[p->n++] = (sr_phrase_el){(uint32_t)id, SR_EL_WORD, (uint8_t)(adjacent ? 1 : 0)};
	return 0;
}

int sr_dict_phrase_word(sr_dict *d, sr_phrase *p, const char *w, size_t len, sr_word_mode mode,
			int adjacent)
{
	if (d->frozen)
		return SR_EUSAGE;
	/* Trailing dots of abbreviations ("U.S.") are not part of the token. */
	while (len > 1 && w[len - 1] == '.')
		len--;
	if (len > SR_WORD_MAX)
		return SR_EINPUT;
	/* A hyphenated word is its parts, consecutive, as the tokenizer sees it. */
	size_t start = 0;
	int first = 1, added = 0;
	for (size_t i = 0; i <= len; i++) {
		if (i < len && w[i] != '-')
			continue;
		if (i > start) {
			int rc = phrase_piece(d, p, w + start, i - start, mode, first ? adjacent : 1);
			if (rc == SR_ENOMEM)
				return rc;
			if (rc == 0) {
				added = 1;
				first = 0;
			}
		}
		start = i + 1;
	}
	return added ? 0 : SR_EINPUT;
}

int sr_dict_phrase_slot(sr_phrase *p, sr_el_kind kind, int adjacent)
{
	if (p->n >= SR_PHRASE_MAX || kind < SR_EL_VERB || kind > SR_EL_SKIP)
		return SR_EINPUT;
	p->el[p->n++] = (sr_phrase_el){0, (uint8_t)kind, (uint8_t)(adjacent ? 1 : 0)};
	return 0;
}

int sr_dict_synset(sr_dict *d, const char *name, size_t len)
{
	for (size_t i = 0; i < d->nsynsets; i++)
		if (strlen(d->synsets[i].name) == len && strncmp(d->synsets[i].name, name, len) == 0)
			return (int)i;
	if (d->frozen)
		return SR_EUSAGE;
	if (GROW(d->synsets, d->nsynsets, d->synsets_cap) < 0)
		return SR_ENOMEM;
	char *n = malloc(len + 1);
	if (!n)
		return SR_ENOMEM;
	memcpy(n, name, len);
	n[len] = 0;
	/* Synset names compare case-insensitively, as TABARI writes them in capitals. */
	for (size_t i = 0; i < len; i++)
		if (n[i] >= 'a' && n[i] <= 'z')
			n[i] = (char)(n[i] - 32);
	for (size_t i = 0; i < d->nsynsets; i++)
		if (strcmp(d->synsets[i].name, n) == 0) {
			free(n);
			return (int)i;
		}
	d->synsets[d->nsynsets] = (sr_synset){n, 0};
	return (int)d->nsynsets++;
}

int sr_dict_phrase_synset(sr_dict *d, sr_phrase *p, const char *name, size_t len, int adjacent)
{
	if (d->frozen)
		return SR_EUSAGE;
	if (p->n >= SR_PHRASE_MAX || len == 0)
		return SR_EINPUT;
	int s = sr_dict_synset(d, name, len);
	if (s < 0)
		return s;
	p->el[p->n++] = (sr_phrase_el){(uint32_t)s, SR_EL_SYNSET, (uint8_t)(adjacent ? 1 : 0)};
	return 0;
}

int sr_dict_phrase_parse(sr_dict *d, sr_phrase *p, const char *text, size_t len, int allow_slots,
			 const char **why)
{
	static const char *dummy;
	if (!why)
		why = &dummy;
	*why = NULL;
	size_t i = 0;
	int adjacent = 0;
	while (i < len) {
		while (i < len && (text[i] == ' ' || text[i] == '\t')) {
			adjacent = 0;
			i++;
		}
		if (i >= len)
			break;
		size_t s = i;
		while (i < len && text[i] != ' ' && text[i] != '\t' && text[i] != '_')
			i++;
		const char *w = text + s;
		size_t wl = i - s;
		int rc = 0;
		if (wl == 0) {
			/* "_" alone between words: nothing to add */
		} else if (wl == 1 && strchr("*$+%^", w[0])) {
			if (!allow_slots) {
				*why = "slots (* $ + % ^) are only allowed in patterns";
				return SR_EINPUT;
			}
			static const sr_el_kind kinds[] = {SR_EL_VERB, SR_EL_SOURCE, SR_EL_TARGET,
							   SR_EL_COMPOUND, SR_EL_SKIP};
			rc = sr_dict_phrase_slot(p, kinds[strchr("*$+%^", w[0]) - "*$+%^"], adjacent);
		} else if (w[0] == '&') {
			if (!allow_slots) {
				*why = "synsets (&NAME) are only allowed in patterns";
				return SR_EINPUT;
			}
			rc = sr_dict_phrase_synset(d, p, w + 1, wl - 1, adjacent);
		} else {
			sr_word_mode mode = SR_W_STEM;
			if (wl > 1 && w[wl - 1] == '=') {
				mode = SR_W_EXACT;
				wl--;
			} else if (wl > 1 && w[wl - 1] == '!') {
				mode = SR_W_CASE;
				wl--;
			}
			rc = sr_dict_phrase_word(d, p, w, wl, mode, adjacent);
		}
		if (rc == SR_ENOMEM)
			return rc;
		if (rc < 0) {
			*why = p->n >= SR_PHRASE_MAX ? "phrase too long" : "a word without letters or digits";
			return SR_EINPUT;
		}
		adjacent = 0;
		if (i < len && text[i] == '_') {
			adjacent = 1;
			i++;
		}
	}
	if (p->n == 0) {
		*why = "empty phrase";
		return SR_EINPUT;
	}
	return 0;
}

/* ---- trie ----------------------------------------------------------------- */

static uint64_t mix64(uint64_t x)
{
	x ^= x >> 33;
	x *= 0xff51afd7ed558ccdULL;
	x ^= x >> 33;
	x *= 0xc4ceb9fe1a85ec53ULL;
	x ^= x >> 33;
	return x;
}

uint32_t sr_dict_child(const sr_dict *d, uint32_t node, uint32_t word)
{
	uint64_t key = ((uint64_t)node << 32) | word;
	size_t mask = d->edges_cap - 1;
	for (size_t i = mix64(key) & mask;; i = (i + 1) & mask) {
		if (d->edges[i].key == key)
			return d->edges[i].child;
		if (d->edges[i].key == 0)
			return 0;
	}
}

static int edges_grow(sr_dict *d)
{
	size_t nc = d->edges_cap * 2;
	sr_edge *ne = calloc(nc, sizeof *ne);
	if (!ne)
		return -1;
	for (size_t k = 0; k < d->edges_cap; k++) {
		if (!d->edges[k].key)
			continue;
		size_t i = mix64(d->edges[k].key) & (nc - 1);
		while (ne[i].key)
			i = (i + 1) & (nc - 1);
		ne[i] = d->edges[k];
	}
	free(d->edges);
	d->edges = ne;
	d->edges_cap = nc;
	return 0;
}

static int64_t trie_child_add(sr_dict *d, uint32_t node, uint32_t word)
{
	uint32_t c = sr_dict_child(d, node, word);
	if (c)
		return c;
	if ((d->nedges + 1) * 2 > d->edges_cap && edges_grow(d) < 0)
		return SR_ENOMEM;
	if (GROW(d->node_term, d->nnodes, d->nodes_cap) < 0)
		return SR_ENOMEM;
	c = (uint32_t)d->nnodes++;
	d->node_term[c] = SR_NONE;
	uint64_t key = ((uint64_t)node << 32) | word;
	size_t mask = d->edges_cap - 1;
	size_t i = mix64(key) & mask;
	while (d->edges[i].key)
		i = (i + 1) & mask;
	d->edges[i] = (sr_edge){key, c};
	d->nedges++;
	return c;
}

/* A phrase of words as a trie path ending in a terminal. */
static int trie_add(sr_dict *d, const sr_phrase *p, sr_term_kind kind, uint32_t id, unsigned flags)
{
	if (p->n == 0)
		return SR_EINPUT;
	uint32_t node = 1;
	/* What a phrase's first word can start lets the coder skip sentences
	 * that hold no verb or no actor without walking the trie. */
	uint32_t w0 = p->el[0].id;
	if (p->el[0].kind == SR_EL_WORD && w0 >= d->word_kinds_cap) {
		size_t nc = d->word_kinds_cap ? d->word_kinds_cap : 1024;
		while (nc <= w0)
			nc *= 2;
		uint8_t *wk = realloc(d->word_kinds, nc);
		if (!wk)
			return SR_ENOMEM;
		memset(wk + d->word_kinds_cap, 0, nc - d->word_kinds_cap);
		d->word_kinds = wk;
		d->word_kinds_cap = nc;
	}
	for (int i = 0; i < p->n; i++) {
		if (p->el[i].kind != SR_EL_WORD)
			return SR_EINPUT;
		int64_t c = trie_child_add(d, node, p->el[i].id);
		if (c < 0)
			return (int)c;
		node = (uint32_t)c;
	}
	/* The same phrase twice for the same thing is one entry. */
	for (uint32_t t = d->node_term[node]; t != SR_NONE; t = d->terms[t].next)
		if (d->terms[t].kind == kind && d->terms[t].id == id) {
			d->terms[t].flags |= (uint16_t)flags;
			return 0;
		}
	if (GROW(d->terms, d->nterms, d->terms_cap) < 0)
		return SR_ENOMEM;
	d->terms[d->nterms] = (sr_term){id, d->node_term[node], (uint16_t)kind, (uint16_t)flags,
					 (uint16_t)p->n};
	d->word_kinds[w0] |= (uint8_t)(1u << (kind - 1));
	d->node_term[node] = (uint32_t)d->nterms++;
	d->nphrases++;
	return 0;
}

/* ---- records -------------------------------------------------------------- */

int sr_actor_type_parse(const char *s)
{
	static const char *names[] = {"other", "country", "government", "military", "igo",
				      "ngo", "party", "media", "group", "business",
				      "person", "place", "exercise"};
	for (size_t i = 0; i < sizeof names / sizeof *names; i++)
		if (strcmp(s, names[i]) == 0)
			return (int)i;
	return -1;
}

int sr_dict_add_actor(sr_dict *d, const char *key, const char *code, const char *name,
		      sr_actor_type type, const char *party)
{
	if (d->frozen)
		return SR_EUSAGE;
	if (GROW(d->actors, d->nactors, d->actors_cap) < 0)
		return SR_ENOMEM;
	sr_actor *a = &d->actors[d->nactors];
	memset(a, 0, sizeof *a);
	a->type = type;
	a->key = xstrdup(key ? key : code ? code : "");
	a->code = code && strcmp(code, "---") != 0 ? xstrdup(code) : NULL;
	a->name = xstrdup(name ? name : key ? key : code ? code : "");
	if (party)
		a->party = xstrdup(party);
	else if (code && strlen(code) >= 3 && strcmp(code, "---") != 0) {
		a->party = malloc(4);
		if (a->party) {
			memcpy(a->party, code, 3);
			a->party[3] = 0;
		}
	}
	if (!a->key || !a->name || (code && strcmp(code, "---") && !a->code)) {
		free(a->key);
		free(a->code);
		free(a->name);
		free(a->party);
		return SR_ENOMEM;
	}
	return (int)d->nactors++;
}

int sr_dict_actor_phrase(sr_dict *d, int actor, const sr_phrase *p, unsigned flags)
{
	if (d->frozen)
		return SR_EUSAGE;
	if (actor < 0 || (size_t)actor >= d->nactors)
		return SR_EUSAGE;
	return trie_add(d, p, SR_TERM_ACTOR, (uint32_t)actor, flags);
}

int sr_dict_actor_role(sr_dict *d, int actor, const char *code, sr_date from, sr_date to)
{
	if (d->frozen)
		return SR_EUSAGE;
	if (actor < 0 || (size_t)actor >= d->nactors || !code || !*code)
		return SR_EUSAGE;
	if (GROW(d->roles, d->nroles, d->roles_cap) < 0)
		return SR_ENOMEM;
	char *c = xstrdup(code);
	if (!c)
		return SR_ENOMEM;
	d->roles[d->nroles++] = (sr_role){(uint32_t)actor, c, from, to};
	return 0;
}

int sr_dict_add_agent(sr_dict *d, const char *code, const char *name, int placement)
{
	if (d->frozen)
		return SR_EUSAGE;
	if (!code)
		return SR_EUSAGE;
	for (size_t i = 0; i < d->nagents; i++)
		if (strcmp(d->agents[i].code, code) == 0 && d->agents[i].placement == placement)
			return (int)i;
	if (GROW(d->agents, d->nagents, d->agents_cap) < 0)
		return SR_ENOMEM;
	sr_agent *a = &d->agents[d->nagents];
	a->code = xstrdup(code);
	a->name = xstrdup(name ? name : code);
	a->placement = placement;
	if (!a->code || !a->name) {
		free(a->code);
		free(a->name);
		return SR_ENOMEM;
	}
	return (int)d->nagents++;
}

int sr_dict_agent_phrase(sr_dict *d, int agent, const sr_phrase *p)
{
	if (d->frozen)
		return SR_EUSAGE;
	if (agent < 0 || (size_t)agent >= d->nagents)
		return SR_EUSAGE;
	return trie_add(d, p, SR_TERM_AGENT, (uint32_t)agent, 0);
}

static void set_code(char out[16], const char *code)
{
	out[0] = 0;
	if (code && strcmp(code, "---") != 0) {
		size_t n = strlen(code);
		if (n > 15)
			n = 15;
		memcpy(out, code, n);
		out[n] = 0;
	}
}

int sr_dict_add_verb(sr_dict *d, const char *lemma, const char *code)
{
	if (d->frozen)
		return SR_EUSAGE;
	if (GROW(d->verbs, d->nverbs, d->verbs_cap) < 0)
		return SR_ENOMEM;
	sr_verb *v = &d->verbs[d->nverbs];
	memset(v, 0, sizeof *v);
	v->lemma = xstrdup(lemma ? lemma : "");
	if (!v->lemma)
		return SR_ENOMEM;
	set_code(v->code, code);
	v->pat0 = SR_NONE;
	return (int)d->nverbs++;
}

int sr_dict_verb_form(sr_dict *d, int verb, const sr_phrase *p)
{
	if (d->frozen)
		return SR_EUSAGE;
	if (verb < 0 || (size_t)verb >= d->nverbs)
		return SR_EUSAGE;
	return trie_add(d, p, SR_TERM_VERB, (uint32_t)verb, 0);
}

int sr_dict_verb_pattern(sr_dict *d, int verb, const sr_phrase *p, const char *code)
{
	if (d->frozen)
		return SR_EUSAGE;
	if (verb < 0 || (size_t)verb >= d->nverbs)
		return SR_EUSAGE;
	int at = -1, weight = 0;
	for (int i = 0; i < p->n; i++) {
		if (p->el[i].kind == SR_EL_VERB) {
			if (at >= 0)
				return SR_EINPUT;
			at = i;
		} else if (p->el[i].kind == SR_EL_WORD || p->el[i].kind == SR_EL_SYNSET) {
			weight++;
		} else if (p->el[i].kind != SR_EL_SKIP) {
			weight++; /* an actor slot is as specific as a word */
		}
	}
	if (at < 0)
		return SR_EINPUT;
	if (GROW(d->patterns, d->npatterns, d->patterns_cap) < 0)
		return SR_ENOMEM;
	sr_pattern *pt = &d->patterns[d->npatterns++];
	memset(pt, 0, sizeof *pt);
	pt->verb = (uint32_t)verb;
	set_code(pt->code, code);
	pt->n = (uint8_t)p->n;
	pt->verb_at = (uint8_t)at;
	pt->weight = (uint8_t)weight;
	memcpy(pt->el, p->el, (size_t)p->n * sizeof *p->el);
	return 0;
}

int sr_dict_synset_phrase(sr_dict *d, int synset, const sr_phrase *p)
{
	if (d->frozen)
		return SR_EUSAGE;
	if (synset < 0 || (size_t)synset >= d->nsynsets || p->n == 0)
		return SR_EUSAGE;
	for (int i = 0; i < p->n; i++)
		if (p->el[i].kind != SR_EL_WORD && !(p->n == 1 && p->el[i].kind == SR_EL_SYNSET))
			return SR_EINPUT;
	if (GROW(d->synphr, d->nsynphr, d->synphr_cap) < 0)
		return SR_ENOMEM;
	d->synphr[d->nsynphr++] = (sr_stored_phrase){(uint32_t)synset, *p};
	d->synsets[synset].defined = 1;
	return 0;
}

int sr_dict_add_discard(sr_dict *d, const sr_phrase *p, int story)
{
	if (d->frozen)
		return SR_EUSAGE;
	int rc = trie_add(d, p, SR_TERM_DISCARD, (uint32_t)d->ndiscards, story ? 1u : 0u);
	if (rc == 0)
		d->ndiscards++;
	return rc;
}

int sr_dict_add_cameo(sr_dict *d, const char *code, double goldstein, int quad, const char *plover,
		      const char *name)
{
	if (d->frozen)
		return SR_EUSAGE;
	if (!code || !*code || strlen(code) > 7 || quad < 0 || quad > 4)
		return SR_EINPUT;
	sr_cameo_row *r = NULL;
	for (size_t i = 0; i < d->ncameo; i++)
		if (strcmp(d->cameo[i].code, code) == 0)
			r = &d->cameo[i];
	if (!r) {
		if (GROW(d->cameo, d->ncameo, d->cameo_cap) < 0)
			return SR_ENOMEM;
		r = &d->cameo[d->ncameo++];
		memset(r, 0, sizeof *r);
		snprintf(r->code, sizeof r->code, "%s", code);
	}
	free(r->plover);
	free(r->name);
	r->goldstein = goldstein;
	r->quad = quad;
	r->plover = plover && *plover ? xstrdup(plover) : NULL;
	r->name = xstrdup(name ? name : "");
	return r->name ? 0 : SR_ENOMEM;
}

/* ---- finish --------------------------------------------------------------- */


static int cmp_role(const void *a, const void *b)
{
	const sr_role *x = a, *y = b;
	if (x->actor != y->actor)
		return x->actor < y->actor ? -1 : 1;
	/* Latest start first, so the current role is found first. */
	if (x->from != y->from)
		return x->from > y->from ? -1 : 1;
	return 0;
}

static int cmp_pattern(const void *a, const void *b)
{
	const sr_pattern *x = a, *y = b;
	if (x->verb != y->verb)
		return x->verb < y->verb ? -1 : 1;
	if (x->weight != y->weight)
		return x->weight > y->weight ? -1 : 1;
	return (x > y) - (x < y);
}

static int cmp_cameo(const void *a, const void *b)
{
	return strcmp(((const sr_cameo_row *)a)->code, ((const sr_cameo_row *)b)->code);
}

/* qsort has no context argument: sort (code, id) pairs, not ids. */
typedef struct code_id {
	const char *code;
	uint32_t id;
} code_id;

static int cmp_code_id(const void *a, const void *b)
{
	const code_id *x = a, *y = b;
	int c = strcmp(x->code, y->code);
	return c ? c : (x->id > y->id) - (x->id < y->id);
}

/* Synset members go into the trie for each synset that includes them,
 * directly or through nested synsets (&ACCORDSYN holds &TIETYPES). */
static int synsets_finish(sr_dict *d)
{
	size_t ns = d->nsynsets;
	if (!ns)
		return 0;
	unsigned char *inc = calloc(ns * ns, 1); /* inc[a*ns+b]: a includes b */
	if (!inc)
		return SR_ENOMEM;
	for (size_t i = 0; i < ns; i++)
		inc[i * ns + i] = 1;
	for (size_t k = 0; k < d->nsynphr; k++) {
		const sr_stored_phrase *sp = &d->synphr[k];
		if (sp->p.n == 1 && sp->p.el[0].kind == SR_EL_SYNSET)
			inc[sp->synset * ns + sp->p.el[0].id] = 1;
	}
	for (size_t m = 0; m < ns; m++) /* transitive closure (few synsets) */
		for (size_t i = 0; i < ns; i++)
			if (inc[i * ns + m])
				for (size_t j = 0; j < ns; j++)
					if (inc[m * ns + j])
						inc[i * ns + j] = 1;
	int rc = 0;
	for (size_t k = 0; k < d->nsynphr && rc == 0; k++) {
		const sr_stored_phrase *sp = &d->synphr[k];
		if (sp->p.n == 1 && sp->p.el[0].kind == SR_EL_SYNSET)
			continue;
		for (size_t i = 0; i < ns && rc == 0; i++)
			if (inc[i * ns + sp->synset])
				rc = trie_add(d, &sp->p, SR_TERM_SYNSET, (uint32_t)i, 0);
	}
	free(inc);
	return rc;
}

int sr_dict_finish(sr_dict *d, sr_error *err)
{
	if (d->frozen)
		return 0;
	int rc = synsets_finish(d);
	if (rc < 0)
		return sr_error_set(err, rc, NULL, 0, -1, "out of memory building synsets");
	if (d->nroles)
		qsort(d->roles, d->nroles, sizeof *d->roles, cmp_role);
	for (size_t i = 0; i < d->nactors; i++) {
		d->actors[i].role0 = 0;
		d->actors[i].nrole = 0;
	}
	for (size_t i = d->nroles; i-- > 0;) {
		sr_actor *a = &d->actors[d->roles[i].actor];
		a->role0 = (uint32_t)i;
		a->nrole++;
	}
	if (d->npatterns)
		qsort(d->patterns, d->npatterns, sizeof *d->patterns, cmp_pattern);
	for (size_t i = d->npatterns; i-- > 0;) {
		sr_verb *v = &d->verbs[d->patterns[i].verb];
		v->pat0 = (uint32_t)i;
		v->npat++;
	}
	if (d->ncameo)
		qsort(d->cameo, d->ncameo, sizeof *d->cameo, cmp_cameo);
	d->root_child = calloc(d->nwords + 1, sizeof *d->root_child);
	if (!d->root_child)
		return sr_error_set(err, SR_ENOMEM, NULL, 0, -1, "out of memory");
	for (size_t w = 0; w < d->nwords; w++)
		d->root_child[w] = sr_dict_child(d, 1, (uint32_t)w);
	d->code_index = malloc((d->nactors + 1) * sizeof *d->code_index);
	if (!d->code_index)
		return sr_error_set(err, SR_ENOMEM, NULL, 0, -1, "out of memory");
	code_id *pairs = malloc((d->nactors + 1) * sizeof *pairs);
	if (!pairs)
		return sr_error_set(err, SR_ENOMEM, NULL, 0, -1, "out of memory");
	size_t np = 0;
	for (size_t i = 0; i < d->nactors; i++)
		if (d->actors[i].code)
			pairs[np++] = (code_id){d->actors[i].code, (uint32_t)i};
	if (np)
		qsort(pairs, np, sizeof *pairs, cmp_code_id);
	for (size_t i = 0; i < np; i++)
		d->code_index[i] = pairs[i].id;
	d->ncode_index = np;
	free(pairs);
	d->frozen = 1;
	return 0;
}

/* ---- lookups -------------------------------------------------------------- */

int sr_dict_token_ids(const sr_dict *d, struct sb_stemmer *en, struct sb_stemmer *ru,
		      const char *tok, size_t len, uint32_t *ids, int max)
{
	int n = 0;
	uint32_t id;
	if (len > SR_WORD_MAX)
		return 0;
#define ADD(x)                                                                                     \
	do {                                                                                       \
		uint32_t x_ = (x);                                                                 \
		int dup_ = 0;                                                                      \
		for (int k_ = 0; k_ < n; k_++)                                                     \
			dup_ |= ids[k_] == x_;                                                     \
		if (!dup_ && n < max)                                                              \
			ids[n++] = x_;                                                             \
	} while (0)
	if (d->has_case && (id = sr_dict_word_find(d, SR_W_CASE, tok, len)) != SR_NONE)
		ADD(id);
	char f[SR_WORD_MAX * 2];
	int fl = sr_dict_fold(tok, len, f, sizeof f);
	if (fl <= 0)
		return n;
	if (d->has_exact && (id = sr_dict_word_find(d, SR_W_EXACT, f, (size_t)fl)) != SR_NONE)
		ADD(id);
	char st[SR_WORD_MAX * 2];
	size_t sl = sr_dict_stem(en, ru, f, (size_t)fl, st, sizeof st);
	if (sl && (id = sr_dict_word_find(d, SR_W_STEM, st, sl)) != SR_NONE)
		ADD(id);
	if (d->has_prefix) {
		uint64_t lens = d->prefix_lens;
		for (int L = 1; L < 64 && L <= fl; L++) {
			if (!(lens >> L & 1))
				continue;
			if (L < fl && ((unsigned char)f[L] & 0xC0) == 0x80)
				continue; /* not a character boundary */
			if ((id = sr_dict_word_find(d, SR_W_PREFIX, f, (size_t)L)) != SR_NONE)
				ADD(id);
		}
	}
#undef ADD
	return n;
}

const char *sr_dict_role_code(const sr_dict *d, uint32_t actor, sr_date date)
{
	const sr_actor *a = &d->actors[actor];
	const char *fallback = NULL;
	for (uint32_t i = 0; i < a->nrole; i++) {
		const sr_role *r = &d->roles[a->role0 + i];
		if (!r->from && !r->to)
			fallback = fallback ? fallback : r->code;
		else if (!date)
			continue;
		else if ((!r->from || date >= r->from) && (!r->to || date <= r->to))
			return r->code;
	}
	return fallback;
}

int sr_dict_cameo(const sr_dict *d, const char *code, sr_cameo_info *out)
{
	size_t lo = 0, hi = d->ncameo;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		int c = strcmp(d->cameo[mid].code, code);
		if (c == 0) {
			const sr_cameo_row *r = &d->cameo[mid];
			*out = (sr_cameo_info){r->code, r->name, r->plover, r->goldstein, r->quad};
			return 0;
		}
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return -1;
}

static const sr_actor *actor_by_code(const sr_dict *d, const char *code, size_t len)
{
	size_t lo = 0, hi = d->ncode_index;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		const sr_actor *a = &d->actors[d->code_index[mid]];
		int c = strncmp(a->code, code, len);
		if (c == 0 && a->code[len])
			c = 1;
		if (c == 0)
			return a;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

const char *sr_dict_party(const sr_dict *d, const char *code)
{
	if (!code)
		return NULL;
	for (size_t l = strlen(code); l >= 3; l--) {
		const sr_actor *a = actor_by_code(d, code, l);
		if (a)
			return a->party;
	}
	return NULL;
}

const char *sr_dict_code_name(const sr_dict *d, const char *code, char *buf, size_t size)
{
	if (!code || !*code || size == 0)
		return NULL;
	size_t len = strlen(code);
	for (size_t l = len; l >= 3; l--) {
		const sr_actor *a = actor_by_code(d, code, l);
		if (!a)
			continue;
		size_t used = (size_t)snprintf(buf, size, "%s", a->name);
		/* The rest of the code: agents, three letters each. */
		for (size_t k = l; k + 3 <= len && used < size; k += 3) {
			const char *an = NULL;
			for (size_t i = 0; i < d->nagents; i++)
				if (strncmp(d->agents[i].code, code + k, 3) == 0 &&
				    strlen(d->agents[i].code) == 3)
					an = d->agents[i].name;
			if (!an)
				break;
			used += (size_t)snprintf(buf + used, size - used, " %s", an);
		}
		return buf;
	}
	return NULL;
}

void sr_dict_get_stats(const sr_dict *d, sr_dict_stats *out)
{
	memset(out, 0, sizeof *out);
	for (size_t i = 0; i < d->nactors; i++) {
		int t = d->actors[i].type;
		if (t == SR_ACT_PERSON)
			out->people++;
		else if (t == SR_ACT_PLACE)
			out->places++;
		else if (t == SR_ACT_EXERCISE)
			out->exercises++;
		else
			out->actors++;
	}
	out->roles = d->nroles;
	out->agents = d->nagents;
	out->verbs = d->nverbs;
	out->patterns = d->npatterns;
	out->synsets = d->nsynsets;
	out->discards = d->ndiscards;
	out->cameo_codes = d->ncameo;
	out->phrases = d->nphrases + d->nsynphr;
	out->words = d->nwords;
}

/* ---- loading -------------------------------------------------------------- */

int sr_dict_load_buffer(sr_dict *d, const char *name, const char *buf, size_t len, sr_error *err)
{
	if (d->frozen)
		return sr_error_set(err, SR_EUSAGE, name, 0, -1,
				    "dictionary already in use; load before coding");
	if (sr_dict_is_sd(buf, len))
		return sr_dict_load_sd(d, name, buf, len, err);
	return sr_dict_load_tabari(d, name, buf, len, err);
}

int sr_dict_load_file(sr_dict *d, const char *path, sr_error *err)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return sr_error_set(err, SR_EIO, path, 0, -1, "cannot open: %s", strerror(errno));
	char *buf = NULL;
	size_t len = 0, cap = 0;
	for (;;) {
		if (len + 65536 > cap) {
			size_t nc = cap ? cap * 2 : 262144;
			if (nc > (size_t)256 << 20) {
				free(buf);
				fclose(f);
				return sr_error_set(err, SR_EINPUT, path, 0, -1,
						    "dictionary larger than 256 MB");
			}
			char *p = realloc(buf, nc);
			if (!p) {
				free(buf);
				fclose(f);
				return sr_error_set(err, SR_ENOMEM, path, 0, -1, "out of memory");
			}
			buf = p;
			cap = nc;
		}
		size_t n = fread(buf + len, 1, cap - len, f);
		len += n;
		if (n == 0)
			break;
	}
	int bad = ferror(f);
	fclose(f);
	if (bad) {
		free(buf);
		return sr_error_set(err, SR_EIO, path, 0, -1, "read error");
	}
	int rc = sr_dict_load_buffer(d, path, buf, len, err);
	free(buf);
	return rc;
}

int sr_dict_load_default(sr_dict *d, sr_error *err)
{
	size_t n = 0;
	const sr_dict_file *files = sr_dict_default_files(&n);
	for (size_t i = 0; i < n; i++) {
		int rc = sr_dict_load_sd(d, files[i].name, files[i].data, files[i].len, err);
		if (rc < 0)
			return rc;
	}
	return 0;
}

int sr_dict_load_default_cameo(sr_dict *d, sr_error *err)
{
	size_t n = 0;
	const sr_dict_file *files = sr_dict_default_files(&n);
	for (size_t i = 0; i < n; i++) {
		size_t l = strlen(files[i].name);
		if (l < 8 || strcmp(files[i].name + l - 8, "cameo.sd") != 0)
			continue;
		int rc = sr_dict_load_sd(d, files[i].name, files[i].data, files[i].len, err);
		if (rc < 0)
			return rc;
	}
	return 0;
}
