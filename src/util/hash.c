/* hash.c — thin wrappers over libxxhash so callers do not depend on its API. */
#include "hash.h"

#include <xxhash.h>

void sr_hash128_hex(const void *p, size_t len, char out[SR_HASH_HEX_LEN + 1])
{
	static const char hex[] = "0123456789abcdef";
	XXH128_canonical_t c;
	XXH128_canonicalFromHash(&c, XXH3_128bits(p, len));
	for (size_t i = 0; i < sizeof c.digest; i++) {
		out[2 * i] = hex[c.digest[i] >> 4];
		out[2 * i + 1] = hex[c.digest[i] & 15];
	}
	out[SR_HASH_HEX_LEN] = '\0';
}

uint64_t sr_hash64(const void *p, size_t len, uint64_t seed)
{
	return XXH3_64bits_withSeed(p, len, seed);
}
