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
	uint32_t f;
} fixed_words[] = {
	{"not", TF_NEG}, {"n't", TF_NEG}, {"never", TF_NEG}, {"no", TF_NEG},
	{"cannot", TF_NEG}, {"nor", TF_AND}, {"не", TF_NEG},
	{"ни", TF_NEG}, {"нет", TF_NEG}, {"нельга", TF_NEG}, {"failed", TF_NEG},
	{"fails", TF_NEG}, {"refrained", TF_NEG}, {"refrains", TF_NEG}, {"abandoned", TF_NEG},
	{"likely", TF_SPEC}, {"unlikely", TF_SPEC}, {"probably", TF_SPEC}, {"possibly", TF_SPEC},
	{"expected", TF_SPEC}, {"вероятно", TF_SPEC}, {"возможно", TF_SPEC},
	{"видимо", TF_SPEC},
	{"of", TF_PREP}, {"for", TF_PREP}, {"in", TF_PREP}, {"at", TF_PREP}, {"on", TF_PREP},
	{"with", TF_PREP}, {"to", TF_PREP}, {"from", TF_PREP}, {"by", TF_PREP}, {"near", TF_PREP},
	{"during", TF_PREP}, {"after", TF_PREP}, {"before", TF_PREP}, {"under", TF_PREP},
	{"against", TF_PREP}, {"about", TF_PREP}, {"between", TF_PREP}, {"among", TF_PREP},
	{"into", TF_PREP}, {"within", TF_PREP}, {"towards", TF_PREP}, {"toward", TF_PREP},
	{"amid", TF_PREP}, {"despite", TF_PREP}, {"via", TF_PREP}, {"over", TF_PREP},
	{"в", TF_PREP}, {"во", TF_PREP}, {"на", TF_PREP}, {"с", TF_PREP}, {"со", TF_PREP},
	{"по", TF_PREP}, {"о", TF_PREP}, {"об", TF_PREP}, {"для", TF_PREP}, {"к", TF_PREP},
	{"при", TF_PREP}, {"у", TF_PREP}, {"из", TF_PREP}, {"от", TF_PREP}, {"до", TF_PREP},
	{"за", TF_PREP}, {"под", TF_PREP}, {"между", TF_PREP},
	{"and", TF_AND}, {"и", TF_AND}, {"і", TF_AND}, {"&", TF_AND},
	{",", TF_COMMA},
	{";", TF_CLAUSE}, {":", TF_CLAUSE}, {"(", TF_OPEN}, {")", TF_CLOSE},
	{"in", TF_LOC}, {"at", TF_LOC}, {"near", TF_LOC}, {"inside", TF_LOC},
	{"outside", TF_LOC}, {"from", TF_FROM}, {"в", TF_LOC}, {"во", TF_LOC},
	{"у", TF_LOC}, {"под", TF_LOC}, {"из", TF_FROM},
	{"of", TF_OF}, {"for", TF_OF},
	{"'s", TF_POSS}, {"’s", TF_POSS}, {"'", TF_POSS}, {"’", TF_POSS},
	{"the", TF_DET}, {"a", TF_DET}, {"an", TF_DET}, {"its", TF_DET}, {"their", TF_DET},
	{"his", TF_DET}, {"her", TF_DET},
	{"plan", TF_MODAL}, {"plans", TF_MODAL}, {"planned", TF_MODAL}, {"planning", TF_MODAL},
	{"intend", TF_MODAL}, {"intends", TF_MODAL}, {"intended", TF_MODAL},
	{"ready", TF_MODAL}, {"readiness", TF_MODAL}, {"willing", TF_MODAL},
	{"willingness", TF_MODAL}, {"prepared", TF_MODAL},
	{"seeks", TF_MODAL},
	{"seek", TF_MODAL}, {"wants", TF_MODAL}, {"want", TF_MODAL}, {"hopes", TF_MODAL},
	{"aims", TF_MODAL},
	{"proposed", TF_MODAL}, {"proposes", TF_MODAL},
	{"offered", TF_MODAL}, {"offers", TF_MODAL}, {"promised", TF_MODAL},
	{"promises", TF_MODAL}, {"pledged", TF_MODAL}, {"vowed", TF_MODAL},
	{"намерен", TF_MODAL}, {"намерена", TF_MODAL}, {"намерены", TF_MODAL},
	{"планирует", TF_MODAL}, {"планируют", TF_MODAL}, {"готов", TF_MODAL},
	{"готова", TF_MODAL}, {"готовы", TF_MODAL}, {"собирается", TF_MODAL},
	{"собираются", TF_MODAL}, 	{"хочет", TF_MODAL}, {"хотят", TF_MODAL}, {"предложил", TF_MODAL},
	{"предложила", TF_MODAL}, {"пообещал", TF_MODAL},
	{"said", TF_SAY}, {"says", TF_SAY}, {"say", TF_SAY}, {"alleged", TF_SAY},
	{"alleges", TF_SAY}, {"claimed", TF_SAY}, {"claims", TF_SAY}, {"stated", TF_SAY},
	{"told", TF_SAY}, {"declared", TF_SAY}, {"noted", TF_SAY}, {"reported", TF_SAY},
	{"announced", TF_SAY}, {"according", TF_SAY}, {"заявил", TF_SAY},
	{"заявила", TF_SAY}, {"заявили", TF_SAY}, {"сообщил", TF_SAY},
	{"сообщила", TF_SAY}, {"сообщили", TF_SAY}, {"отметил", TF_SAY},
	{"that", TF_THAT}, {"что", TF_THAT}, {"што", TF_THAT},
	{"but", TF_CONJ}, {"while", TF_CONJ}, {"whereas", TF_CONJ}, {"although", TF_CONJ},
	{"though", TF_CONJ}, {"however", TF_CONJ}, {"но", TF_CONJ}, {"а", TF_CONJ},
	{"однако", TF_CONJ},
	{"is", TF_BE}, {"are", TF_BE}, {"was", TF_BE}, {"were", TF_BE}, {"been", TF_BE},
	{"being", TF_BE}, {"be", TF_BE}, {"by", TF_BY},
};

static uint32_t word_flags(const char *f, size_t n)
{
	uint32_t fl = 0;
	for (size_t i = 0; i < sizeof fixed_words / sizeof *fixed_words; i++)
		if (strlen(fixed_words[i].w) == n && memcmp(fixed_words[i].w, f, n) == 0)
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

/* The cached entry for a surface, filled on first sight; NULL on no memory. */
static const tok_entry *lookup(tok_cache *c, const char *s, const tok_key *key)
{
	size_t n = key->n;
	uint32_t h32 = (uint32_t)key->hash;
	size_t mask = c->cap - 1;
	size_t i = h32 & mask;
	for (;; i = (i + 1) & mask) {
		const tok_entry *e = &c->e[i];
		if (!e->len)
			break;
		if (entry_is(c, e, key, s))
			return e;
	}
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
static int emit(tok_cache *c, const char *s, size_t len, size_t a, size_t b, ctok *out, int *n,
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
