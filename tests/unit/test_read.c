/* test_read.c — format sniffing, JSONL, UTF-8 errors, directories, limits. */
#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "read.h"
#include "util/limits.h"

static const char *dir;

static const char *write_file(const char *name, const char *bytes, size_t len)
{
	static char path[1024];
	snprintf(path, sizeof path, "%s/%s", dir, name);
	FILE *f = fopen(path, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(bytes, 1, len, f), len);
	fclose(f);
	return path;
}

typedef struct {
	int items, errors;
	char log[4096];
	size_t len;
} collected;

static void note(collected *c, const char *fmt, const char *a, long b)
{
	int w = snprintf(c->log + c->len, sizeof c->log - c->len, fmt, a, b);
	if (w > 0 && (size_t)w < sizeof c->log - c->len)
		c->len += (size_t)w;
}

static int collect(void *ud, const sr_input *in, const sr_error *err)
{
	collected *c = ud;
	if (in) {
		c->items++;
		note(c, "[%s %ld]", in->format == SR_FMT_HTML ? "html" : "plain", in->line);
	} else {
		c->errors++;
		note(c, "[err %s %ld]", err->msg, err->line);
	}
	return 0;
}

static void test_sniff(void **state)
{
	collected c = {0};
	sr_read_buffer("x", "  \n<html><p>Hi</p></html>", 25, NULL, collect, &c);
	assert_string_equal(c.log, "[html 0]");
	memset(&c, 0, sizeof c);
	sr_read_buffer("x", "\xEF\xBB\xBFPlain text here.", 19, NULL, collect, &c);
	assert_string_equal(c.log, "[plain 0]");
}

static void test_jsonl(void **state)
{
	const char *j = "{\"url\":\"u1\",\"text\":\"First article.\",\"id\":7,\"date\":\"2019-03-18\"}\n"
			"\n"
			"{\"url\":\"u2\",\"html\":\"<p>Second</p>\"}\n"
			"{\"url\":\"u3\", \"text\": 5}\n"
			"{broken\n"
			"{\"url\":\"u5\"}\n"
			"[1,2]\n"
			"{\"text\":\"Last one.\",\"date\":\"20190320\"}";
	collected c = {0};
	sr_read_buffer("a.jsonl", j, strlen(j), NULL, collect, &c);
	assert_int_equal(c.items, 3);
	assert_int_equal(c.errors, 4);
	assert_non_null(strstr(c.log, "[plain 1][html 3][err \"text\" is not a string 4]"));
	assert_non_null(strstr(c.log, "[err no \"text\" or \"html\" key 6][err JSONL line is not an object 7][plain 8]"));
}

static void test_reader_files(void **state)
{
	dir = tu_tmpdir();
	assert_non_null(dir);
	char sub[1024];
	snprintf(sub, sizeof sub, "%s/sub", dir);
	assert_int_equal(mkdir(sub, 0755), 0);
	write_file("b.txt", "Second file.", 12);
	write_file("a.html", "<p>First</p>", 12);
	write_file(".hidden", "skip me", 7);
	write_file("sub/c.jsonl", "{\"text\":\"x\",\"id\":\"c1\",\"title\":\"T\"}\n", 35);
	write_file("empty.txt", "", 0);
	write_file("bad.txt", "good start \xC3\x28 then bad", 22);

	sr_reader *r = sr_reader_new(NULL);
	assert_int_equal(sr_reader_add(r, dir), 0);
	sr_input in;
	sr_error err;
	char seen[2048] = "";
	size_t len = 0;
	int rc;
	while ((rc = sr_reader_next(r, &in, &err)) != 0) {
		const char *slash;
		int w;
		if (rc > 0) {
			slash = strrchr(in.file, '/');
			w = snprintf(seen + len, sizeof seen - len, "<%s%s%s>", slash + 1, in.id ? ":" : "",
				     in.id ? in.id : "");
		} else {
			slash = strrchr(err.file, '/');
			w = snprintf(seen + len, sizeof seen - len, "<!%s@%lld %s>", slash + 1, err.byte, err.msg);
		}
		len += (size_t)w;
	}
	sr_reader_free(r);
	assert_string_equal(seen, "<a.html><b.txt>"
				  "<!bad.txt@11 invalid UTF-8 (use --repair-utf8 to replace bad bytes)>"
				  "<!empty.txt@-1 empty file><c.jsonl:c1>");
}

static void test_repair(void **state)
{
	sr_read_opts o = {.repair_utf8 = 1};
	dir = tu_tmpdir();
	const char *p = write_file("bad.txt", "good \xFF\xFE text", 12);
	sr_reader *r = sr_reader_new(&o);
	sr_reader_add(r, p);
	sr_input in;
	sr_error err;
	assert_int_equal(sr_reader_next(r, &in, &err), 1);
	assert_int_equal(in.repaired, 2);
	assert_string_equal(in.bytes, "good \xEF\xBF\xBD\xEF\xBF\xBD text");
	assert_int_equal(sr_reader_next(r, &in, &err), 0);
	sr_reader_free(r);
}

static void test_jsonl_utf8_error_names_line_and_byte(void **state)
{
	dir = tu_tmpdir();
	const char *p = write_file("x.jsonl", "{\"text\":\"ok\"}\n{\"text\":\"b\xFFz\"}\n", 29);
	sr_reader *r = sr_reader_new(NULL);
	sr_reader_add(r, p);
	sr_input in;
	sr_error err;
	assert_int_equal(sr_reader_next(r, &in, &err), 1);
	assert_int_equal(sr_reader_next(r, &in, &err), SR_EINPUT);
	assert_int_equal(err.line, 2);
	assert_int_equal(err.byte, 14 + 10);
	assert_int_equal(sr_reader_next(r, &in, &err), 0);
	sr_reader_free(r);
}

static void test_too_large(void **state)
{
	dir = tu_tmpdir();
	char path[1024];
	snprintf(path, sizeof path, "%s/big.txt", dir);
	FILE *f = fopen(path, "wb");
	fputs("text", f);
	fclose(f);
	assert_int_equal(truncate(path, (off_t)SR_MAX_DOC_BYTES + 10), 0);
	sr_reader *r = sr_reader_new(NULL);
	sr_reader_add(r, path);
	sr_reader_add(r, "/nonexistent/sitrep/file");
	sr_input in;
	sr_error err;
	assert_int_equal(sr_reader_next(r, &in, &err), SR_EINPUT);
	assert_non_null(strstr(err.msg, "over the 32 MB limit"));
	assert_int_equal(sr_reader_next(r, &in, &err), SR_EINPUT);
	assert_non_null(strstr(err.msg, "cannot open"));
	assert_int_equal(sr_reader_next(r, &in, &err), 0);
	sr_reader_free(r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sniff),
		cmocka_unit_test(test_jsonl),
		cmocka_unit_test(test_reader_files),
		cmocka_unit_test(test_repair),
		cmocka_unit_test(test_jsonl_utf8_error_names_line_and_byte),
		cmocka_unit_test(test_too_large),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
