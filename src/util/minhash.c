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
		h = sr_hash64_u64(ring[(first + i) % SR_MINHASH_SHINGLE], h);
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
	set->mask = cap - 1;
	set->n = 0;
	if (cap > SMALL_SET) {
		if (!(set->cell = calloc(cap, sizeof *set->cell)))
			return -1;
	} else {
		memset(small, 0, cap * sizeof *small); /* only the cells used */
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

	/* One permutation hashing (Li, Owen and Zhang 2012): the top bits of a
	 * shingle's hash choose one of K bins and the bin keeps its smallest
	 * value, so each shingle costs one comparison instead of K hash
	 * functions. Bins no shingle fell in borrow from the next non-empty bin
	 * to the right, mixed with the distance ("rotation" densification,
	 * Shrivastava and Li 2014), so that two similar texts fill them alike. */
	enum { BIN_SHIFT = 64 - 6 };
	_Static_assert(SR_MINHASH_K == 64, "bins are chosen by the top 6 bits");
	uint64_t min[SR_MINHASH_K];
	for (int i = 0; i < SR_MINHASH_K; i++)
		min[i] = UINT64_MAX;
	for (size_t c = 0; c <= set.mask; c++) {
		uint64_t x = set.cell[c];
		if (!x)
			continue;
		unsigned bin = (unsigned)(x >> BIN_SHIFT);
		uint64_t v = x << 6; /* what is left of the hash orders within the bin */
		min[bin] = v < min[bin] ? v : min[bin];
	}
	uint64_t filled[SR_MINHASH_K];
	memcpy(filled, min, sizeof min);
	for (int i = 0; i < SR_MINHASH_K; i++) {
		if (filled[i] != UINT64_MAX)
			continue;
		for (int d = 1; d < SR_MINHASH_K; d++) {
			uint64_t v = filled[(i + d) % SR_MINHASH_K];
			if (v != UINT64_MAX) {
				uint64_t seed = v ^ ((uint64_t)d * 0x9E3779B97F4A7C15ULL);
				min[i] = splitmix64(&seed);
				break;
			}
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
