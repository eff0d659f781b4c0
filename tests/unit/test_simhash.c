/* test_simhash.c — content hashes (XXH3-128 hex) and word-shingle simhash. */
#include "testutil.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/buf.h"
#include "util/hash.h"
#include "util/simhash.h"

static void test_hash_vectors(void **state)
{
	char hex[SR_HASH_HEX_LEN + 1];
	/* Reference vectors of XXH3-128 in canonical form (as xxh128sum prints). */
	sr_hash128_hex("", 0, hex);
	assert_string_equal(hex, "99aa06d3014798d86001c324468d497f");
	sr_hash128_hex("abc", 3, hex);
	assert_string_equal(hex, "06b05ab6733a618578af5f94892f3950");
	assert_int_equal(strlen(hex), 32);
}

static void test_hamming(void **state)
{
	assert_int_equal(sr_hamming64(0, 0), 0);
	assert_int_equal(sr_hamming64(0, ~(uint64_t)0), 64);
	assert_int_equal(sr_hamming64(0x5, 0x6), 2);
	assert_int_equal(sr_hamming64((uint64_t)1 << 63, 0), 1);
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
	size_t n = 99;
	assert_true(sr_simhash("", 0, &n) == 0);
	assert_int_equal(n, 0);
	assert_true(sr_simhash(" ,.;- \n", 7, &n) == 0);
	assert_int_equal(n, 0);
	sr_simhash("one", 3, &n);
	assert_int_equal(n, 1);
	sr_simhash("one two", 7, &n);
	assert_int_equal(n, 1);
	sr_simhash("one two three four", 18, &n);
	assert_int_equal(n, 2);
	/* Different short texts must not look alike. */
	assert_true(sr_hamming64(sr_simhash("one", 3, NULL), sr_simhash("two", 3, NULL)) > 3);
}

static void test_separators_and_order(void **state)
{
	const char *a = "the troops, moved (quickly) to the border; again";
	const char *b = "the troops moved quickly to the border again";
	assert_true(sr_simhash(a, strlen(a), NULL) == sr_simhash(b, strlen(b), NULL));
	/* Order matters: shingles are ordered word runs. */
	const char *c = "border the to quickly moved troops the again";
	assert_true(sr_simhash(b, strlen(b), NULL) != sr_simhash(c, strlen(c), NULL));
	/* Non-ASCII bytes are word characters: Cyrillic words count. */
	const char *r1 = "Лукашенко встретился с Путиным в Сочи";
	const char *r2 = "Лукашенко встретился с Шойгу в Минске";
	size_t n;
	sr_simhash(r1, strlen(r1), &n);
	assert_int_equal(n, 4);
	assert_true(sr_simhash(r1, strlen(r1), NULL) != sr_simhash(r2, strlen(r2), NULL));
}

static void test_near_and_far(void **state)
{
	char *a = make_text(1, 2000);
	char *b = strdup(a);
	assert_non_null(b);
	/* Change one word in the middle: three of ~2,000 shingles change. */
	char *mid = strstr(b + strlen(b) / 2, " w");
	assert_non_null(mid);
	mid[1] = 'x';
	uint64_t ha = sr_simhash(a, strlen(a), NULL), hb = sr_simhash(b, strlen(b), NULL);
	assert_true(ha != 0);
	assert_true(sr_hamming64(ha, hb) <= 3);

	/* Unrelated texts are about 32 bits apart; none of these pairs is close. */
	for (unsigned s = 2; s < 40; s++) {
		char *c = make_text(s, 300);
		uint64_t hc = sr_simhash(c, strlen(c), NULL);
		int d = sr_hamming64(ha, hc);
		assert_true(d > 10);
		free(c);
	}
	free(a);
	free(b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_hash_vectors),
		cmocka_unit_test(test_hamming),
		cmocka_unit_test(test_empty_and_short),
		cmocka_unit_test(test_separators_and_order),
		cmocka_unit_test(test_near_and_far),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
