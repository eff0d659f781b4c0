/* code_tok.c — tokens for the coder, with a cache of dictionary lookups.
 *
 * Words are runs of letters and digits; a hyphen splits a word into parts
 * ("Belarus-NATO" is two tokens) as dictionary phrases are split; "'s" and
 * "n't" are tokens of their own, as in the Penn Treebank that TABARI and
 * PETRARCH dictionaries were written against; a dot joins letters of an
 * abbreviation ("U.S"). Everything else that is not space is one punctuation
 * token. */
#include <libstemmer.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "code_int.h"
#include "util/date.h"

/* Cleared past this many entries or pool bytes, so memory stays flat
 * (about 2^18 slots of 64 bytes, 16 MB: the table is kept at most half
 * full, and is checked between sentences). */
#define CACHE_MAX_ENTRIES (1u << 17)
#define CACHE_MAX_POOL ((size_t)16 << 20)

static tok_entry *table_new(size_t cap)
{
	tok_entry *t = aligned_alloc(64, cap * sizeof *t);
	if (t)
		memset(t, 0, cap * sizeof *t);
	return t;
}

int tok_cache_init(tok_cache *c, const sr_dict *d)
{
	memset(c, 0, sizeof *c);
	c->d = d;
	c->cap = 1u << 14;
	c->e = table_new(c->cap);
	c->pool_cap = 1u << 16;
	c->pool = malloc(c->pool_cap);
	c->en = sb_stemmer_new("english", "UTF_8");
	c->ru = sb_stemmer_new("russian", "UTF_8");
	c->word_cont = calloc(d->nwords + 1, 1);
	c->node_kids = calloc(d->nnodes + 1, 1);
	if (!c->e || !c->pool || !c->en || !c->ru || !c->word_cont || !c->node_kids) {
		tok_cache_cleanup(c);
		return -1;
	}
	for (size_t k = 0; k < d->edges_cap; k++) {
		uint64_t key = d->edges[k].key;
		if (!key)
			continue;
		uint32_t node = (uint32_t)(key >> 32), word = (uint32_t)key;
		if (node <= d->nnodes)
			c->node_kids[node] = 1;
		if (node != 1 && word <= d->nwords)
			c->word_cont[word] = 1;
	}
	return 0;
}

void tok_cache_cleanup(tok_cache *c)
{
	free(c->e);
	free(c->pool);
	free(c->word_cont);
	free(c->node_kids);
	if (c->en)
		sb_stemmer_delete(c->en);
	if (c->ru)
		sb_stemmer_delete(c->ru);
	memset(c, 0, sizeof *c);
}

static void cache_clear(tok_cache *c)
{
	memset(c->e, 0, c->cap * sizeof *c->e);
	c->n = 0;
	c->pool_len = 0;
}

static int cache_grow(tok_cache *c)
{
	size_t nc = c->cap * 2;
	tok_entry *ne = table_new(nc);
	if (!ne)
		return -1;
	for (size_t k = 0; k < c->cap; k++) {
		if (!c->e[k].len)
			continue;
		size_t i = c->e[k].hash & (nc - 1);
		while (ne[i].len)
			i = (i + 1) & (nc - 1);
		ne[i] = c->e[k];
	}
	free(c->e);
	c->e = ne;
	c->cap = nc;
	return 0;
}

/* Words that steer the coder, by folded form. */
static const struct {
	const char *w;
	size_t n; /* bytes of w: a miss costs a length compare, not a strlen */
	uint32_t f;
} fixed_words[] = {
#define F(w, f) {w, sizeof w - 1, f}
	F("not", TF_NEG), F("n't", TF_NEG), F("never", TF_NEG), F("no", TF_NEG),
	F("cannot", TF_NEG), F("nor", TF_AND), F("не", TF_NEG),
	F("ни", TF_NEG), F("нет", TF_NEG), F("нельга", TF_NEG), F("failed", TF_NEG),
	F("fails", TF_NEG), F("refrained", TF_NEG), F("refrains", TF_NEG), F("abandoned", TF_NEG),
	F("likely", TF_SPEC), F("unlikely", TF_SPEC), F("probably", TF_SPEC), F("possibly", TF_SPEC),
	F("expected", TF_SPEC), F("вероятно", TF_SPEC), F("возможно", TF_SPEC),
	F("видимо", TF_SPEC),
	F("of", TF_PREP), F("for", TF_PREP), F("in", TF_PREP), F("at", TF_PREP), F("on", TF_PREP),
	F("with", TF_PREP), F("to", TF_PREP), F("from", TF_PREP), F("by", TF_PREP), F("near", TF_PREP),
	F("during", TF_PREP), F("after", TF_PREP), F("before", TF_PREP), F("under", TF_PREP),
	F("against", TF_PREP), F("about", TF_PREP), F("between", TF_PREP), F("among", TF_PREP),
	F("into", TF_PREP), F("within", TF_PREP), F("towards", TF_PREP), F("toward", TF_PREP),
	F("amid", TF_PREP), F("despite", TF_PREP), F("via", TF_PREP), F("over", TF_PREP),
	F("в", TF_PREP), F("во", TF_PREP), F("на", TF_PREP), F("с", TF_PREP), F("со", TF_PREP),
	F("по", TF_PREP), F("о", TF_PREP), F("об", TF_PREP), F("для", TF_PREP), F("к", TF_PREP),
	F("при", TF_PREP), F("у", TF_PREP), F("из", TF_PREP), F("от", TF_PREP), F("до", TF_PREP),
	F("за", TF_PREP), F("под", TF_PREP), F("между", TF_PREP),
	F("and", TF_AND), F("и", TF_AND), F("і", TF_AND), F("&", TF_AND),
	F(",", TF_COMMA),
	F(";", TF_CLAUSE), F(":", TF_CLAUSE), F("(", TF_OPEN), F(")", TF_CLOSE),
	F("in", TF_LOC), F("at", TF_LOC), F("near", TF_LOC), F("inside", TF_LOC),
	F("outside", TF_LOC), F("from", TF_FROM), F("в", TF_LOC), F("во", TF_LOC),
	F("у", TF_LOC), F("под", TF_LOC), F("из", TF_FROM),
	F("of", TF_OF), F("for", TF_OF),
	F("'s", TF_POSS), F("’s", TF_POSS), F("'", TF_POSS), F("’", TF_POSS),
	F("the", TF_DET), F("a", TF_DET), F("an", TF_DET), F("its", TF_DET), F("their", TF_DET),
	F("his", TF_DET), F("her", TF_DET),
	F("plan", TF_MODAL), F("plans", TF_MODAL), F("planned", TF_MODAL), F("planning", TF_MODAL),
	F("intend", TF_MODAL), F("intends", TF_MODAL), F("intended", TF_MODAL),
	F("ready", TF_MODAL), F("readiness", TF_MODAL), F("willing", TF_MODAL),
	F("willingness", TF_MODAL), F("prepared", TF_MODAL),
	F("seeks", TF_MODAL),
	F("seek", TF_MODAL), F("wants", TF_MODAL), F("want", TF_MODAL), F("hopes", TF_MODAL),
	F("aims", TF_MODAL),
	F("proposed", TF_MODAL), F("proposes", TF_MODAL),
	F("offered", TF_MODAL), F("offers", TF_MODAL), F("promised", TF_MODAL),
	F("promises", TF_MODAL), F("pledged", TF_MODAL), F("vowed", TF_MODAL),
	F("намерен", TF_MODAL), F("намерена", TF_MODAL), F("намерены", TF_MODAL),
	F("планирует", TF_MODAL), F("планируют", TF_MODAL), F("готов", TF_MODAL),
	F("готова", TF_MODAL), F("готовы", TF_MODAL), F("собирается", TF_MODAL),
	F("собираются", TF_MODAL), 	F("хочет", TF_MODAL), F("хотят", TF_MODAL), F("предложил", TF_MODAL),
	F("предложила", TF_MODAL), F("пообещал", TF_MODAL),
	F("said", TF_SAY), F("says", TF_SAY), F("say", TF_SAY), F("alleged", TF_SAY),
	F("alleges", TF_SAY), F("claimed", TF_SAY), F("claims", TF_SAY), F("stated", TF_SAY),
	F("told", TF_SAY), F("declared", TF_SAY), F("noted", TF_SAY), F("reported", TF_SAY),
	F("announced", TF_SAY), F("according", TF_SAY), F("заявил", TF_SAY),
	F("заявила", TF_SAY), F("заявили", TF_SAY), F("сообщил", TF_SAY),
	F("сообщила", TF_SAY), F("сообщили", TF_SAY), F("отметил", TF_SAY),
	F("that", TF_THAT), F("что", TF_THAT), F("што", TF_THAT),
	F("but", TF_CONJ), F("while", TF_CONJ), F("whereas", TF_CONJ), F("although", TF_CONJ),
	F("though", TF_CONJ), F("however", TF_CONJ), F("но", TF_CONJ), F("а", TF_CONJ),
	F("однако", TF_CONJ),
	F("is", TF_BE), F("are", TF_BE), F("was", TF_BE), F("were", TF_BE), F("been", TF_BE),
	F("being", TF_BE), F("be", TF_BE), F("by", TF_BY),
#undef F
};

static uint32_t word_flags(const char *f, size_t n)
{
	uint32_t fl = 0;
	for (size_t i = 0; i < sizeof fixed_words / sizeof *fixed_words; i++)
		if (fixed_words[i].n == n && fixed_words[i].w[0] == f[0] && memcmp(fixed_words[i].w, f, n) == 0)
			fl |= fixed_words[i].f;
	return fl;
}

static int is_upper_start(const char *s, size_t n)
{
	unsigned char c = (unsigned char)s[0];
	if (c < 0x80)
		return c >= 'A' && c <= 'Z';
	utf8proc_int32_t cp;
	if (utf8proc_iterate((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)n, &cp) <= 0)
		return 0;
	return utf8proc_category(cp) == UTF8PROC_CATEGORY_LU;
}

static void fill_entry(tok_cache *c, tok_entry *e, const char *s, size_t n)
{
	uint32_t fl = 0;
	unsigned char c0 = (unsigned char)s[0];
	int word = c0 >= 0x80 || (c0 >= '0' && c0 <= '9') || (c0 >= 'a' && c0 <= 'z') ||
		   (c0 >= 'A' && c0 <= 'Z') || c0 == '\'';
	if (word)
		fl |= TF_WORD;
	if (c0 >= '0' && c0 <= '9')
		fl |= TF_NUM;
	if (is_upper_start(s, n))
		fl |= TF_CAP;
	char f[SR_WORD_MAX * 2];
	int fn = n <= SR_WORD_MAX ? sr_dict_fold(s, n, f, sizeof f) : -1;
	if (fn > 0)
		fl |= word_flags(f, (size_t)fn);
	size_t ml = 0;
	if (word && !(fl & TF_NUM) && sr_month_lookup(s, n, &ml) && ml >= 3)
		fl |= TF_MONTH;
	tok_info *in = &e->info;
	in->nids = (uint8_t)sr_dict_token_ids(c->d, c->en, c->ru, s, n, in->ids, SR_TOKEN_IDS_MAX);
	for (int k = 0; k < in->nids; k++) {
		uint32_t id = in->ids[k];
		if (sr_dict_child(c->d, 1, id))
			fl |= TF_ROOT;
		if (id <= c->d->nwords && c->word_cont[id])
			fl |= TF_CONT;
		unsigned kinds = id < c->d->word_kinds_cap ? c->d->word_kinds[id] : 0;
		if (kinds & (1u << (SR_TERM_VERB - 1)))
			fl |= TF_VSTART;
		if (kinds & ((1u << (SR_TERM_ACTOR - 1)) | (1u << (SR_TERM_AGENT - 1))))
			fl |= TF_ASTART;
	}
	in->flags = fl;
}

/* 16 bytes of 0xFF then 16 of 0: 16 bytes from (ones + 16 - n) keep the
 * first n bytes of a word and clear the rest, whatever the byte order. */
static const unsigned char ones[32] = {
	255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255,
};

#define KEY_MUL1 0x9e3779b97f4a7c15ULL
#define KEY_MUL2 0xff51afd7ed558ccdULL
#define FNV_PRIME 0x100000001b3ULL

/* The key of s[0..n); avail: bytes readable from s (at least n). */
static inline void token_key(const char *s, size_t n, size_t avail, tok_key *key)
{
	key->n = n;
	if (avail >= 16) { /* one unaligned load, then the mask */
		uint64_t m[2];
		memcpy(key->k, s, 16);
		memcpy(m, ones + 16 - (n < 16 ? n : 16), 16);
		key->k[0] &= m[0];
		key->k[1] &= m[1];
	} else {
		unsigned char b[16] = {0};
		memcpy(b, s, n < 16 ? n : 16);
		memcpy(key->k, b, 16);
	}
	/* One multiply for the common token; the high half folded down, as
	 * the slot is taken from the low bits. */
	uint64_t h = (key->k[0] ^ (key->k[1] * KEY_MUL2) ^ n) * KEY_MUL1;
	for (size_t i = 16; i < n; i++)
		h = (h ^ (unsigned char)s[i]) * FNV_PRIME;
	key->hash = h ^ (h >> 32);
}

/* Whether entry e holds the surface s of key. */
static inline int entry_is(const tok_cache *c, const tok_entry *e, const tok_key *key,
			   const char *s)
{
	if (e->k[0] != key->k[0] || e->k[1] != key->k[1] || e->len != key->n)
		return 0;
	return key->n <= 16 || memcmp(c->pool + e->off + 16, s + 16, key->n - 16) == 0;
}

/* A surface first seen: its entry in the empty slot i (where the probe for
 * it ended), filled; NULL on no memory. Kept out of line, as it is rare. */
static __attribute__((noinline)) const tok_entry *insert(tok_cache *c, const char *s,
							  const tok_key *key, size_t i)
{
	size_t n = key->n;
	uint32_t h32 = (uint32_t)key->hash;
	size_t mask = c->cap - 1;
	if (n > UINT32_MAX / 2)
		return NULL; /* no text of the coder's is that long */
	if ((c->n + 1) * 2 > c->cap) {
		if (cache_grow(c) < 0)
			return NULL;
		mask = c->cap - 1;
		for (i = h32 & mask; c->e[i].len; i = (i + 1) & mask)
			;
	}
	tok_entry *e = &c->e[i];
	memset(e, 0, sizeof *e);
	if (n > 16) {
		while (c->pool_len + n > c->pool_cap) {
			size_t nc = c->pool_cap * 2;
			char *p = realloc(c->pool, nc);
			if (!p)
				return NULL;
			c->pool = p;
			c->pool_cap = nc;
		}
		memcpy(c->pool + c->pool_len, s, n);
		e->off = (uint32_t)c->pool_len;
		c->pool_len += n;
	}
	e->k[0] = key->k[0];
	e->k[1] = key->k[1];
	e->hash = h32;
	fill_entry(c, e, s, n);
	e->len = (uint32_t)n;
	c->n++;
	return e;
}

/* The cached entry for a surface, filled on first sight; NULL on no memory.
 * Inline with emit: this is the path of every token of every sentence. */
static inline const tok_entry *lookup(tok_cache *c, const char *s, const tok_key *key)
{
	size_t mask = c->cap - 1;
	for (size_t i = (uint32_t)key->hash & mask;; i = (i + 1) & mask) {
		const tok_entry *e = &c->e[i];
		if (!e->len)
			return insert(c, s, key, i);
		if (entry_is(c, e, key, s))
			return e;
	}
}

/* ASCII byte classes: 0 space, 1 letter or digit, 2 punctuation. '_' is a space:
 * text written in the dictionaries' own way ("Dol_Amroth") reads as words. */
static const unsigned char ascii_class[128] = {
	2, 2, 2, 2, 2, 2, 2, 2, 2, 0, 0, 0, 0, 0, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,
	0, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 2, 2, 2, 2, 2, 2,
	2, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 2, 2, 2, 2, 0,
	2, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 2, 2, 2, 2, 2,
};

/* Byte class of the character at s[i]; *clen = its bytes. */
static inline int char_class(const char *s, size_t len, size_t i, size_t *clen)
{
	unsigned char c = (unsigned char)s[i];
	*clen = 1;
	if (c < 0x80)
		return ascii_class[c];
	if ((c == 0xD0 || c == 0xD1) && i + 1 < len) { /* Cyrillic letters */
		*clen = 2;
		return 1;
	}
	utf8proc_int32_t cp;
	utf8proc_ssize_t k =
		utf8proc_iterate((const utf8proc_uint8_t *)s + i, (utf8proc_ssize_t)(len - i), &cp);
	if (k <= 0)
		return 2;
	*clen = (size_t)k;
	switch (utf8proc_category(cp)) {
	case UTF8PROC_CATEGORY_ZS:
	case UTF8PROC_CATEGORY_ZL:
	case UTF8PROC_CATEGORY_ZP:
	case UTF8PROC_CATEGORY_CC:
	case UTF8PROC_CATEGORY_CF:
		return 0;
	case UTF8PROC_CATEGORY_LU:
	case UTF8PROC_CATEGORY_LL:
	case UTF8PROC_CATEGORY_LT:
	case UTF8PROC_CATEGORY_LM:
	case UTF8PROC_CATEGORY_LO:
	case UTF8PROC_CATEGORY_MN:
	case UTF8PROC_CATEGORY_MC:
	case UTF8PROC_CATEGORY_ND:
	case UTF8PROC_CATEGORY_NL:
	case UTF8PROC_CATEGORY_NO:
		return 1;
	default:
		return 2;
	}
}

static int is_apos(const char *s, size_t len, size_t i, size_t *alen)
{
	if (s[i] == '\'') {
		*alen = 1;
		return 1;
	}
	if (i + 2 < len && (unsigned char)s[i] == 0xE2 && (unsigned char)s[i + 1] == 0x80 &&
	    (unsigned char)s[i + 2] == 0x99) {
		*alen = 3;
		return 1;
	}
	return 0;
}

/* Token s[a..b) of a sentence of len bytes into out[*n]. */
static inline int emit(tok_cache *c, const char *s, size_t len, size_t a, size_t b, ctok *out, int *n,
		int max)
{
	if (*n >= max || b <= a)
		return 0;
	tok_key key;
	token_key(s + a, b - a, len - a, &key);
	const tok_entry *e = lookup(c, s + a, &key);
	if (!e)
		return -1;
	ctok *t = &out[(*n)++];
	t->start = (uint32_t)a;
	t->end = (uint32_t)b;
	t->flags = e->info.flags;
	t->nids = e->info.nids;
	memcpy(t->ids, e->info.ids, sizeof t->ids); /* all of them: a fixed-size copy */
	return 0;
}

static inline int ascii_alnum(unsigned char b)
{
	return b < 0x80 && ascii_class[b] == 1;
}

/* The end of the run of ASCII letters and digits from s[i]. Most words
 * end within 16 bytes: with SSE2, one load and a mask find the end
 * without a branch per byte. */
static inline size_t ascii_word_end(const char *s, size_t len, size_t i)
{
#ifdef __SSE2__
	while (i + 16 <= len) {
		__m128i v = _mm_loadu_si128((const __m128i *)(const void *)(s + i));
		/* b - lo < n, unsigned, as signed compares of (b - lo) ^ 0x80 */
		const __m128i bias = _mm_set1_epi8((char)0x80);
		__m128i low = _mm_or_si128(v, _mm_set1_epi8(0x20));
		__m128i letter = _mm_cmplt_epi8(_mm_xor_si128(_mm_sub_epi8(low, _mm_set1_epi8('a')), bias),
						_mm_set1_epi8((char)(26 ^ 0x80)));
		__m128i digit = _mm_cmplt_epi8(_mm_xor_si128(_mm_sub_epi8(v, _mm_set1_epi8('0')), bias),
					       _mm_set1_epi8((char)(10 ^ 0x80)));
		unsigned other = ~(unsigned)_mm_movemask_epi8(_mm_or_si128(letter, digit)) & 0xFFFFu;
		if (other)
			return i + (size_t)__builtin_ctz(other);
		i += 16;
	}
#endif
	while (i < len && ascii_alnum((unsigned char)s[i]))
		i++;
	return i;
}

int tok_sentence(tok_cache *c, const char *s, size_t len, ctok *out, int max)
{
	if (c->n > CACHE_MAX_ENTRIES || c->pool_len > CACHE_MAX_POOL)
		cache_clear(c);
	int n = 0;
	size_t i = 0, cl;
	while (i < len && n < max) {
		int k = char_class(s, len, i, &cl);
		if (k == 0) {
			i += cl;
			continue;
		}
		if (k == 2) {
			if (emit(c, s, len, i, i + cl, out, &n, max) < 0)
				return n;
			i += cl;
			continue;
		}
		size_t a = i;
		i = ascii_word_end(s, len, i); /* the common case, a plain ASCII word */
		/* done unless a dot or an apostrophe inside the word follows */
		int more = i + 1 < len && (s[i] == '\'' || (s[i] == '.' && (unsigned char)s[i + 1] < 0x80 &&
							      ascii_class[(unsigned char)s[i + 1]] == 1));
		if (i >= len || ((unsigned char)s[i] < 0x80 && !more)) {
			if (emit(c, s, len, a, i, out, &n, max) < 0)
				return n;
			if (i + 1 < len && s[i] == '-' && char_class(s, len, i + 1, &cl) == 1)
				i++;
			continue;
		}
		i = a;
		for (;;) {
			while (i < len && char_class(s, len, i, &cl) == 1)
				i += cl;
			if (i + 1 >= len)
				break;
			/* A dot between letters ("U.S", "e.g") stays in the word. */
			if (s[i] == '.' && char_class(s, len, i + 1, &cl) == 1 && i - a <= 3) {
				i++;
				continue;
			}
			break;
		}
		size_t al;
		if (i < len && is_apos(s, len, i, &al)) {
			size_t j = i + al;
			size_t b = j;
			while (b < len && char_class(s, len, b, &cl) == 1)
				b += cl;
			if (b == j + 1 && (s[j] == 's' || s[j] == 'S')) {
				/* possessive: the word, then "'s" */
				if (emit(c, s, len, a, i, out, &n, max) < 0 || emit(c, s, len, i, b, out, &n, max) < 0)
					return n;
				i = b;
				continue;
			}
			if (b == j + 1 && (s[j] == 't' || s[j] == 'T') && i - a > 1 &&
			    (s[i - 1] == 'n' || s[i - 1] == 'N')) {
				/* "didn't" → "did" "n't" */
				if (emit(c, s, len, a, i - 1, out, &n, max) < 0 ||
				    emit(c, s, len, i - 1, b, out, &n, max) < 0)
					return n;
				i = b;
				continue;
			}
			if (b > j) { /* O'Brien, d'Estaing: one word */
				i = b;
				if (emit(c, s, len, a, i, out, &n, max) < 0)
					return n;
				continue;
			}
		}
		if (emit(c, s, len, a, i, out, &n, max) < 0)
			return n;
		/* A hyphen between word characters joins nothing: skip it. */
		if (i + 1 < len && s[i] == '-' && char_class(s, len, i + 1, &cl) == 1)
			i++;
	}
	return n;
}
