/* hash.h — content hashes: XXH3 128-bit, written as 32 lowercase hex digits.
 *
 * Used to recognise the same content again (idempotent ingest), not for
 * security: XXH3 is fast and well distributed but not collision resistant
 * against an adversary who wants two articles to collide. */
#ifndef SITREP_HASH_H
#define SITREP_HASH_H

#include <stddef.h>
#include <stdint.h>

enum { SR_HASH_LEN = 16, SR_HASH_HEX_LEN = 2 * SR_HASH_LEN };

/* XXH3-128 of p[0..len) as 16 bytes, canonical (big-endian) order: what the
 * store keeps (a 16-byte key is half the hex text's and compares faster). */
void sr_hash128(const void *p, size_t len, unsigned char out[SR_HASH_LEN] /* OUT */);

/* XXH3-128 of p[0..len) as hex into out (33 bytes, NUL-terminated). The
 * digits are the canonical (big-endian) form, so they match `xxh128sum`. */
void sr_hash128_hex(const void *p, size_t len, char out[SR_HASH_HEX_LEN + 1] /* OUT */);

/* XXH3-64 of p[0..len) with a seed. */
uint64_t sr_hash64(const void *p, size_t len, uint64_t seed);

/* sr_hash64(&x, 8, seed), with the length known in advance. */
uint64_t sr_hash64_u64(uint64_t x, uint64_t seed);

#endif
