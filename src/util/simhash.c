/* simhash.c — word-shingle simhash (see simhash.h). */
#include "simhash.h"

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

/* A shingle's hash combines its words' hashes in order, so "a b c" and
 * "c b a" differ and no shingle text has to be assembled. */
static uint64_t shingle_hash(const uint64_t *w, size_t first, size_t n)
{
	uint64_t h = 0;
	for (size_t i = 0; i < n; i++) {
		uint64_t x = w[(first + i) % SR_SIMHASH_SHINGLE];
		h = sr_hash64(&x, sizeof x, h);
	}
	return h;
}

/* Branch-free so the compiler can vectorise it. int32 totals are enough:
 * an article is bounded (limits.h) far below 2^31 shingles. */
static void vote(int32_t v[64], uint64_t h)
{
	for (int b = 0; b < 64; b++)
		v[b] += (int32_t)((h >> b & 1) * 2) - 1;
}

uint64_t sr_simhash(const char *s, size_t len, size_t *nshingles)
{
	int32_t v[64] = {0};
	uint64_t ring[SR_SIMHASH_SHINGLE]; /* hashes of the last k words */
	size_t nwords = 0, n = 0, pos = 0, a, b;

	while (next_word(s, len, &pos, &a, &b)) {
		ring[nwords % SR_SIMHASH_SHINGLE] = sr_hash64(s + a, b - a, 0);
		nwords++;
		if (nwords >= SR_SIMHASH_SHINGLE) {
			vote(v, shingle_hash(ring, nwords % SR_SIMHASH_SHINGLE, SR_SIMHASH_SHINGLE));
			n++;
		}
	}
	if (nwords > 0 && nwords < SR_SIMHASH_SHINGLE) {
		vote(v, shingle_hash(ring, 0, nwords));
		n++;
	}
	if (nshingles)
		*nshingles = n;
	uint64_t h = 0;
	for (int i = 0; i < 64; i++)
		if (v[i] > 0)
			h |= (uint64_t)1 << i;
	return h;
}

int sr_hamming64(uint64_t a, uint64_t b)
{
	uint64_t x = a ^ b;
	int n = 0;
	for (; x; x &= x - 1) /* clears the lowest set bit */
		n++;
	return n;
}
