/* simhash.h — 64-bit simhash fingerprints for near-duplicate detection.
 *
 * Charikar's simhash over word shingles: each run of k consecutive words is
 * hashed (XXH3-64) and votes +1/-1 on each of the 64 bits; the fingerprint
 * keeps the sign of each bit's total. Texts that share most shingles get
 * fingerprints a few bits apart; unrelated texts differ in about 32 bits.
 *
 * Words are maximal runs of ASCII letters and digits and of non-ASCII bytes
 * (so Cyrillic words are words); everything else separates them. The caller
 * normalises first (case, Unicode form, whitespace) — this module only cuts
 * and hashes. */
#ifndef SITREP_SIMHASH_H
#define SITREP_SIMHASH_H

#include <stddef.h>
#include <stdint.h>

/* Words per shingle. Three is the usual choice for news copies: one changed
 * word changes three shingles, so edits move few bits, while single shared
 * words (which all English texts have) do not count as similarity. */
enum { SR_SIMHASH_SHINGLE = 3 };

/* Fingerprint of s[0..len). *nshingles (may be NULL) gets the number of
 * shingles that voted: 0 for a text without words (fingerprint 0), which
 * must not be compared with others. A text of fewer than k words is one
 * shingle of all its words. */
uint64_t sr_simhash(const char *s, size_t len, size_t *nshingles /* OUT, may be NULL */);

/* Number of differing bits. */
int sr_hamming64(uint64_t a, uint64_t b);

#endif
