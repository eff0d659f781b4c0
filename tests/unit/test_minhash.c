/* test_minhash.c — content hashes (XXH3-128) and the near-duplicate
 * sketches and similarity of util/minhash.h. */
#include "testutil.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/buf.h"
#include "util/hash.h"
#include "util/minhash.h"

static void test_hash_vectors(void **state)
{
	char hex[SR_HASH_HEX_LEN + 1];
	/* Reference vectors of XXH3-128 in canonical form (as xxh128sum prints). */
	sr_hash128_hex("", 0, hex);
	assert_string_equal(hex, "99aa06d3014798d86001c324468d497f");
	sr_hash128_hex("abc", 3, hex);
	assert_string_equal(hex, "06b05ab6733a618578af5f94892f3950");
	assert_int_equal(strlen(hex), 32);
	unsigned char raw[SR_HASH_LEN];
	sr_hash128("abc", 3, raw);
	assert_int_equal(raw[0], 0x06);
	assert_int_equal(raw[15], 0x50);
}

/* Exact similarity of two short texts, counted by hand: "a b c d e" has the
 * shingles abcd, bcde; "a b c d x" has abcd, bcdx. */
static void test_exact_similarity(void **state)
{
	double j, c;
	assert_int_equal(sr_shingle_similarity("a b c d e", 9, "a b c d x", 9, &j, &c), 0);
	assert_true(j > 0.333 && j < 0.334); /* 1 of 3 */
	assert_true(c > 0.499 && c < 0.501); /* 1 of 2 */
	/* Punctuation and spacing do not matter, order does. */
	assert_int_equal(sr_shingle_similarity("a, b; c d (e)", 13, "a b c d e", 9, &j, &c), 0);
	assert_true(j == 1.0 && c == 1.0);
	assert_int_equal(sr_shingle_similarity("e d c b a", 9, "a b c d e", 9, &j, &c), 0);
	assert_true(j == 0.0);
	/* No words: nothing in common, never a near-duplicate. */
	assert_int_equal(sr_shingle_similarity("", 0, "a b c d e", 9, &j, &c), 0);
	assert_true(j == 0.0 && c == 0.0);
	assert_false(sr_near_dup_rule(j, c));
}

/* A deterministic pseudo-text of n words over a vocabulary of 2,000 made-up
 * words, so tests do not depend on any corpus. */
static char *make_text(unsigned seed, size_t n)
{
	sr_buf b;
	sr_buf_init(&b, 1u << 24);
	uint32_t x = seed * 2654435761u + 1;
	for (size_t i = 0; i < n; i++) {
		x ^= x << 13, x ^= x >> 17, x ^= x << 5;
		assert_int_equal(sr_buf_printf(&b, "%sw%u", i ? " " : "", (unsigned)(x % 2000)), 0);
	}
	return sr_buf_detach(&b, NULL);
}

static void test_empty_and_short(void **state)
{
	sr_minhash m;
	assert_int_equal(sr_minhash_text("", 0, &m), 0);
	assert_int_equal(m.shingles, 0);
	assert_int_equal(sr_minhash_text(" ,.;- \n", 7, &m), 0);
	assert_int_equal(m.shingles, 0);
	assert_int_equal(sr_minhash_text("one", 3, &m), 0);
	assert_int_equal(m.shingles, 1);
	assert_int_equal(sr_minhash_text("one two three four five", 23, &m), 0);
	assert_int_equal(m.shingles, 2);
	/* Repeated shingles count once. */
	assert_int_equal(sr_minhash_text("a b c d a b c d a b c d", 23, &m), 0);
	assert_int_equal(m.shingles, 4); /* abcd bcda cdab dabc */
	/* Non-ASCII bytes are word characters: Cyrillic words count. */
	const char *r = "Лукашенко встретился с Путиным в Сочи";
	assert_int_equal(sr_minhash_text(r, strlen(r), &m), 0);
	assert_int_equal(m.shingles, 3);
}

/* The sketch's estimate follows the exact Jaccard, and the band keys are
 * shared by near-copies and not by unrelated texts. */
static void test_sketch_estimates(void **state)
{
	char *a = make_text(1, 600);
	char *b = strdup(a);
	assert_non_null(b);
	/* Change every 40th word: about 10% of the shingles differ. */
	for (char *p = b, *q; (q = strstr(p, " w")) != NULL; p = q + 2)
		if ((q - b) % 40 < 2)
			q[1] = 'x';
	sr_minhash ma, mb;
	assert_int_equal(sr_minhash_text(a, strlen(a), &ma), 0);
	assert_int_equal(sr_minhash_text(b, strlen(b), &mb), 0);
	double j, c;
	assert_int_equal(sr_shingle_similarity(a, strlen(a), b, strlen(b), &j, &c), 0);
	assert_true(j > 0.3 && j < 0.95);
	double est = sr_minhash_jaccard(ma.slot, mb.slot);
	assert_true(est > j - 0.2 && est < j + 0.2);

	for (unsigned s = 2; s < 30; s++) {
		char *o = make_text(s, 600);
		sr_minhash mo;
		assert_int_equal(sr_minhash_text(o, strlen(o), &mo), 0);
		assert_true(sr_minhash_jaccard(ma.slot, mo.slot) < 0.15);
		assert_false(sr_minhash_candidate(ma.slot, mo.slot));
		for (int i = 0; i < SR_MINHASH_BANDS; i++)
			assert_true(ma.band[i] != mo.band[i]);
		assert_int_equal(sr_shingle_similarity(a, strlen(a), o, strlen(o), &j, &c), 0);
		assert_false(sr_near_dup_rule(j, c));
		free(o);
	}
	/* Identical texts: every slot and band agrees. */
	assert_int_equal(sr_minhash_text(a, strlen(a), &mb), 0);
	assert_true(sr_minhash_jaccard(ma.slot, mb.slot) == 1.0);
	assert_true(memcmp(ma.band, mb.band, sizeof ma.band) == 0);
	free(a);
	free(b);
}

/* The rule: an edited copy is in, a short text quoted whole in a long one
 * (containment 1, Jaccard small) and a same-topic article are out. */
static void test_rule(void **state)
{
	assert_true(sr_near_dup_rule(0.80, 0.95));
	assert_true(sr_near_dup_rule(0.60, 0.78));
	assert_false(sr_near_dup_rule(0.20, 1.00)); /* quoted inside a longer text */
	assert_false(sr_near_dup_rule(0.60, 0.70));
	assert_false(sr_near_dup_rule(0.10, 0.20)); /* shared boilerplate */
	/* A text and itself with a long addition: contained, but not a copy. */
	char *a = make_text(7, 200), *b = make_text(8, 600);
	sr_buf ab;
	sr_buf_init(&ab, 1u << 20);
	assert_int_equal(sr_buf_printf(&ab, "%s %s", a, b), 0);
	double j, c;
	assert_int_equal(sr_shingle_similarity(a, strlen(a), ab.p, ab.len, &j, &c), 0);
	assert_true(c > 0.99);
	assert_false(sr_near_dup_rule(j, c));
	sr_buf_cleanup(&ab);
	free(a);
	free(b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_hash_vectors),
		cmocka_unit_test(test_exact_similarity),
		cmocka_unit_test(test_empty_and_short),
		cmocka_unit_test(test_sketch_estimates),
		cmocka_unit_test(test_rule),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
