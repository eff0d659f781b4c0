/* fuzz_code.c — libFuzzer target: the recognizer and coder on arbitrary
 * bytes, with the bundled dictionaries (loaded once, shared as in use). */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "code.h"
#include "dict.h"

static sr_dict *fuzz_dict;
static sr_coder *fuzz_coder;

static int count(const sr_event *ev, void *ctx)
{
	(void)ev;
	(*(long *)ctx)++;
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (!fuzz_coder) {
		sr_error err;
		fuzz_dict = sr_dict_create();
		if (!fuzz_dict || sr_dict_load_default(fuzz_dict, &err) < 0 ||
		    sr_dict_finish(fuzz_dict, &err) < 0)
			abort(); /* the bundled dictionaries must load */
		fuzz_coder = sr_coder_create(fuzz_dict);
		if (!fuzz_coder)
			abort();
	}
	/* The first byte picks the date: unknown, or one of a few real ones
	 * (roles are dated). */
	static const sr_date dates[] = {0, 19940720, 20190318, 20240101};
	sr_date date = size ? dates[data[0] & 3] : 0;
	const char *s = (const char *)data;
	long n = 0;
	sr_coder_code_text(fuzz_coder, s, size, date, count, &n);
	sr_mention m[16];
	sr_coder_mentions(fuzz_coder, s, size, date, m, 16);
	return 0;
}
