/* minhash.h — near-duplicate sketches: MinHash over word shingles.
 *
 * (Not a 64-bit Charikar simhash: that could not tell a copy with a changed
 * sentence and another footer — 4 to 7 bits apart — from a different article
 * on the same topic without a scan.)
 *
 * A text is the set of its word 4-shingles (runs of four consecutive words).
 * Two texts are compared by how many shingles they share: Jaccard
 * |A∩B| / |A∪B| and containment |A∩B| / min(|A|, |B|). The sketch estimates
 * both from a fixed-size summary: one permutation hashing, where the top
 * bits of each shingle's hash pick one of SR_MINHASH_K bins and each bin keeps
 * the smallest value that fell in it (empty bins borrow from a neighbour). Two
 * texts hold the same minimum in a bin with a chance equal to their Jaccard
 * similarity, as with K independent hash functions at 1/K of the cost, so the
 * share of equal slots estimates it (standard error about sqrt(J(1-J)/K),
 * 0.05 at J = 0.75).
 * With the exact number of distinct shingles of each text, Jaccard gives the
 * containment too.
 *
 * Candidates are found by locality-sensitive hashing: the first
 * SR_MINHASH_BANDS × SR_MINHASH_ROWS slots are cut into bands, each hashed to
 * one key; texts that share any band key are candidates. A pair with Jaccard J
 * shares a band with probability 1 - (1 - J^3)^12: 0.80 at J = 0.5, 0.95 at
 * 0.6, 0.994 at 0.7, 0.9999 at 0.8; unrelated texts (J ≈ 0.01–0.05) almost
 * never. A candidate whose sketch agrees (sr_minhash_candidate) is then
 * confirmed on the exact shingle sets of both texts (sr_shingle_similarity,
 * sr_near_dup_rule): the sketch only finds and prunes, it never decides —
 * its estimate is noisy, and biased upwards for pairs found through a band.
 *
 * Words are maximal runs of ASCII letters and digits and of non-ASCII bytes
 * (so Cyrillic words are words); everything else separates them. The caller
 * normalises first (case, Unicode form, white space) — this module only cuts
 * and hashes. */
#ifndef SITREP_MINHASH_H
#define SITREP_MINHASH_H

#include <stddef.h>
#include <stdint.h>

/* Words per shingle. Four: one changed word changes four shingles, while the
 * stock phrases that all articles on a topic share ("the president of
 * belarus") rarely make a whole shingle in common. */
enum { SR_MINHASH_SHINGLE = 4 };

/* Slots per sketch, and the band layout of the candidate index (3 slots a
 * band, 12 bands: see above for the recall this gives). */
enum { SR_MINHASH_K = 64, SR_MINHASH_ROWS = 3, SR_MINHASH_BANDS = 12 };

/* Near-duplicate rule, on the exact shingle sets: the smaller text's shingles are at
 * least SR_NEAR_DUP_CONTAINMENT % in the other, and the two share at least
 * SR_NEAR_DUP_JACCARD % of their union. The first accepts an edited copy
 * (one sentence changed and another footer keep a 250-word article at about
 * 0.8); the second stops a short text quoted whole inside a long one from
 * counting as its copy. Unrelated articles on one topic, sharing boilerplate,
 * stay below 0.15 containment. */
enum { SR_NEAR_DUP_CONTAINMENT = 75, SR_NEAR_DUP_JACCARD = 50 };

typedef struct sr_minhash {
	/* Low 16 bits of each slot's minimum: two different minima agree by
	 * chance once in 65,536, far below the estimate's own error. */
	uint16_t slot[SR_MINHASH_K];
	/* The band keys (full 64-bit minima hashed together, the band number
	 * mixed in, so equal values in different bands do not meet). */
	int64_t band[SR_MINHASH_BANDS];
	uint32_t shingles; /* distinct shingles; 0: no words, never compare */
} sr_minhash;

/* Sketch of s[0..len). A text of fewer than four words is one shingle of all
 * its words. Returns 0, or -1 out of memory (the distinct count needs a set
 * of the text's shingles: 16 bytes a word). */
int sr_minhash_text(const char *s, size_t len, sr_minhash *out /* OUT */);

/* Share of equal slots, 0..1: the Jaccard estimate. */
double sr_minhash_jaccard(const uint16_t a[SR_MINHASH_K], const uint16_t b[SR_MINHASH_K]);

/* 1 if two sketches agree enough to be worth the exact comparison: an
 * estimated Jaccard of SR_MINHASH_CANDIDATE %. The estimate's standard error
 * is about 0.06, so a pair exactly at the rule's 0.5 passes about 19 times in
 * 20, one at 0.6 almost always; 0.3 passed so many pairs of the bench corpus
 * (recombined sentences) that confirming them cost 10% of ingest time. */
enum { SR_MINHASH_CANDIDATE = 40 };
int sr_minhash_candidate(const uint16_t a[SR_MINHASH_K], const uint16_t b[SR_MINHASH_K]);

/* Exact Jaccard and containment of the word 4-shingle sets of two
 * (normalised) texts. Returns 0, or -1 out of memory. */
int sr_shingle_similarity(const char *a, size_t alen, const char *b, size_t blen,
			  double *jaccard /* OUT */, double *containment /* OUT */);

/* The near-duplicate rule on exact values (SR_NEAR_DUP_*): 1 or 0. */
int sr_near_dup_rule(double jaccard, double containment);

#endif
