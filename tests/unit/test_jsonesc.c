/* test_jsonesc.c — the fast JSON string writer writes what jansson writes. */
#include "testutil.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "text.h"
#include "util/jsonesc.h"

static void same_as_jansson(const char *s, size_t len)
{
	json_t *j = json_stringn(s, len);
	assert_non_null(j);
	char *want = json_dumps(j, JSON_ENCODE_ANY | JSON_COMPACT);
	sr_buf b;
	sr_buf_init(&b, 1 << 20);
	assert_int_equal(sr_json_append_string(&b, s, len), 0);
	assert_string_equal(b.p, want);
	sr_buf_cleanup(&b);
	free(want);
	json_decref(j);
}

static void test_fixed(void **state)
{
	same_as_jansson("", 0);
	same_as_jansson("plain", 5);
	same_as_jansson("q\"b\\s/", 6);
	same_as_jansson("\b\f\n\r\t\x01\x1f\x7f", 8);
	const char *u = "Лукашэнка — “quoted” \xE2\x80\xA8 end";
	same_as_jansson(u, strlen(u));
}

static void test_random(void **state)
{
	/* random valid UTF-8 built from a pool of ASCII, controls and multi-byte characters */
	static const char *pool[] = {"a", " ", "\"", "\\", "\n", "\t", "\x01", "\x1e", "/", "é", "Ж", "€", "😀", "\x7f"};
	srand(7);
	char buf[512];
	for (int round = 0; round < 2000; round++) {
		size_t n = 0;
		int parts = rand() % 60;
		for (int k = 0; k < parts; k++) {
			const char *p = pool[rand() % (int)(sizeof pool / sizeof pool[0])];
			size_t l = strlen(p);
			memcpy(buf + n, p, l);
			n += l;
		}
		assert_true(sr_utf8_valid(buf, n, NULL));
		same_as_jansson(buf, n);
	}
}

static void test_cap(void **state)
{
	sr_buf b;
	sr_buf_init(&b, 4);
	assert_int_equal(sr_json_append_string(&b, "abcdef", 6), -1);
	sr_buf_cleanup(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fixed),
		cmocka_unit_test(test_random),
		cmocka_unit_test(test_cap),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
