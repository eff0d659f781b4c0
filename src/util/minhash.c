/* minhash.c — MinHash sketches of word 4-shingles (see minhash.h). */
#include "minhash.h"

#include <stdlib.h>
#include <string.h>

#include "hash.h"

static int is_word_byte(unsigned char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c >= 0x80;
}

/* Next word at or after *pos: 1 with [*start, *end), 0 at the end. */
static int next_word(const char *s, size_t len, size_t *pos, size_t *start, size_t *end)
{
	size_t i = *pos;
	while (i < len && !is_word_byte((unsigned char)s[i]))
		i++;
	if (i == len)
		return 0;
	*start = i;
	while (i < len && is_word_byte((unsigned char)s[i]))
		i++;
	*end = *pos = i;
	return 1;
}

/* A shingle's hash combines its words' hashes in order, so "a b c d" and
 * "d c b a" differ and no shingle text has to be assembled. */
static uint64_t shingle_hash(const uint64_t *ring, size_t first, size_t n)
{
	uint64_t h = 0;
	for (size_t i = 0; i < n; i++) {
		uint64_t x = ring[(first + i) % SR_MINHASH_SHINGLE];
		h = sr_hash64(&x, sizeof x, h);
	}
	return h;
}

static uint64_t splitmix64(uint64_t *x)
{
	uint64_t z = (*x += 0x9e3779b97f4a7c15u);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
	return z ^ (z >> 31);
}

/* The distinct shingle hashes: an open-addressing set (0 marks a free cell;
 * a hash that is 0 is taken as 1). */
typedef struct shingle_set {
	uint64_t *cell;
	size_t mask, n;
} shingle_set;

static void set_add(shingle_set *set, uint64_t h)
{
	h += h == 0;
	for (size_t i = h & set->mask;; i = (i + 1) & set->mask) {
		if (set->cell[i] == h)
			return;
		if (set->cell[i] == 0) {
			set->cell[i] = h;
			set->n++;
			return;
		}
	}
}

/* Set cells kept on the stack: articles up to about 2,000 words. */
#define SMALL_SET 4096

static int set_has(const shingle_set *set, uint64_t h)
{
	h += h == 0;
	for (size_t i = h & set->mask;; i = (i + 1) & set->mask) {
		if (set->cell[i] == h)
			return 1;
		if (set->cell[i] == 0)
			return 0;
	}
}

/* The distinct shingles of s[0..len) into *set, whose cells are small[]
 * when they fit (free set->cell when it is not small). -1 out of memory. */
static int shingle_text(const char *s, size_t len, shingle_set *set, uint64_t small[SMALL_SET])
{
	size_t nwords = 0, pos = 0, a, b;
	while (next_word(s, len, &pos, &a, &b))
		nwords++;
	/* At most nwords shingles; the set is kept at most half full. */
	size_t cap = 16;
	while (cap < 2 * nwords)
		cap *= 2;
	set->cell = small;
	set->mask = SMALL_SET - 1;
	set->n = 0;
	if (cap > SMALL_SET) {
		if (!(set->cell = calloc(cap, sizeof *set->cell)))
			return -1;
		set->mask = cap - 1;
	} else {
		memset(small, 0, SMALL_SET * sizeof *small);
	}
	if (nwords == 0)
		return 0;
	uint64_t ring[SR_MINHASH_SHINGLE]; /* hashes of the last words */
	size_t seen = 0;
	pos = 0;
	while (next_word(s, len, &pos, &a, &b)) {
		ring[seen % SR_MINHASH_SHINGLE] = sr_hash64(s + a, b - a, 0);
		seen++;
		if (seen >= SR_MINHASH_SHINGLE)
			set_add(set, shingle_hash(ring, seen % SR_MINHASH_SHINGLE, SR_MINHASH_SHINGLE));
	}
	if (seen < SR_MINHASH_SHINGLE)
		set_add(set, shingle_hash(ring, 0, seen));
	return 0;
}

int sr_minhash_text(const char *s, size_t len, sr_minhash *out)
{
	memset(out, 0, sizeof *out);
	uint64_t small[SMALL_SET];
	shingle_set set;
	if (shingle_text(s, len, &set, small) < 0)
		return -1;
	if (set.n == 0)
		return 0;

	/* K hash functions h_i(x) = a_i·x + b_i (mod 2^64), a_i odd: each is a
	 * permutation of the 64-bit values, and x is already a well-mixed XXH3
	 * hash, so the minima behave as independent random draws. Fixed
	 * constants: sketches must agree across runs and machines. */
	uint64_t mul[SR_MINHASH_K], add[SR_MINHASH_K], min[SR_MINHASH_K], seed = 0x73697472u;
	for (int i = 0; i < SR_MINHASH_K; i++) {
		mul[i] = splitmix64(&seed) | 1;
		add[i] = splitmix64(&seed);
		min[i] = UINT64_MAX;
	}
	for (size_t c = 0; c <= set.mask; c++) {
		uint64_t x = set.cell[c];
		if (!x)
			continue;
		for (int i = 0; i < SR_MINHASH_K; i++) {
			uint64_t v = mul[i] * x + add[i];
			min[i] = v < min[i] ? v : min[i];
		}
	}
	for (int i = 0; i < SR_MINHASH_K; i++)
		out->slot[i] = (uint16_t)min[i];
	for (int k = 0; k < SR_MINHASH_BANDS; k++) {
		uint64_t h = sr_hash64(min + k * SR_MINHASH_ROWS, SR_MINHASH_ROWS * sizeof *min,
				       (uint64_t)k + 1);
		memcpy(&out->band[k], &h, sizeof h);
	}
	out->shingles = set.n > UINT32_MAX ? UINT32_MAX : (uint32_t)set.n;
	if (set.cell != small)
		free(set.cell);
	return 0;
}

double sr_minhash_jaccard(const uint16_t a[SR_MINHASH_K], const uint16_t b[SR_MINHASH_K])
{
	int same = 0;
	for (int i = 0; i < SR_MINHASH_K; i++)
		same += a[i] == b[i];
	return (double)same / SR_MINHASH_K;
}

int sr_minhash_candidate(const uint16_t a[SR_MINHASH_K], const uint16_t b[SR_MINHASH_K])
{
	return sr_minhash_jaccard(a, b) * 100.0 >= SR_MINHASH_CANDIDATE;
}

int sr_shingle_similarity(const char *a, size_t alen, const char *b, size_t blen, double *jaccard,
			  double *containment)
{
	*jaccard = *containment = 0;
	uint64_t small_a[SMALL_SET], small_b[SMALL_SET];
	shingle_set sa, sb;
	if (shingle_text(a, alen, &sa, small_a) < 0)
		return -1;
	if (shingle_text(b, blen, &sb, small_b) < 0) {
		if (sa.cell != small_a)
			free(sa.cell);
		return -1;
	}
	size_t common = 0;
	for (size_t c = 0; c <= sb.mask; c++)
		common += sb.cell[c] && set_has(&sa, sb.cell[c]);
	if (sa.n && sb.n) {
		*jaccard = (double)common / (double)(sa.n + sb.n - common);
		*containment = (double)common / (double)(sa.n < sb.n ? sa.n : sb.n);
	}
	if (sa.cell != small_a)
		free(sa.cell);
	if (sb.cell != small_b)
		free(sb.cell);
	return 0;
}

int sr_near_dup_rule(double jaccard, double containment)
{
	return jaccard * 100.0 >= SR_NEAR_DUP_JACCARD && containment * 100.0 >= SR_NEAR_DUP_CONTAINMENT;
}
