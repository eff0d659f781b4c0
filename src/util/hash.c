/* hash.c — thin wrappers over libxxhash so callers do not depend on its API.
 *
 * xxhash.h is used in its inline form (XXH_INLINE_ALL): the near-duplicate
 * sketch hashes five short keys per word of every article, and a call into
 * the shared library for each (through the PLT, then a switch on the
 * length) cost more than the hashing. The values are XXH3's either way. */
#include "hash.h"

#include <string.h>

#define XXH_INLINE_ALL
#include <xxhash.h>

void sr_hash128(const void *p, size_t len, unsigned char out[SR_HASH_LEN])
{
	XXH128_canonical_t c;
	XXH128_canonicalFromHash(&c, XXH3_128bits(p, len));
	memcpy(out, c.digest, SR_HASH_LEN);
}

void sr_hash128_hex(const void *p, size_t len, char out[SR_HASH_HEX_LEN + 1])
{
	static const char hex[] = "0123456789abcdef";
	unsigned char d[SR_HASH_LEN];
	sr_hash128(p, len, d);
	for (size_t i = 0; i < SR_HASH_LEN; i++) {
		out[2 * i] = hex[d[i] >> 4];
		out[2 * i + 1] = hex[d[i] & 15];
	}
	out[SR_HASH_HEX_LEN] = '\0';
}

uint64_t sr_hash64(const void *p, size_t len, uint64_t seed)
{
	return XXH3_64bits_withSeed(p, len, seed);
}

uint64_t sr_hash64_u64(uint64_t x, uint64_t seed)
{
	return XXH3_64bits_withSeed(&x, sizeof x, seed);
}
