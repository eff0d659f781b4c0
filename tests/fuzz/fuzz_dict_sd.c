/* fuzz_dict_sd.c — libFuzzer target: the .sd dictionary loader (and, when
 * a dictionary loads, freezing it and coding a sentence with it). */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "code.h"
#include "dict.h"
#include "dict_build.h"

static int count(const sr_event *ev, void *ctx)
{
	(void)ev;
	(*(long *)ctx)++;
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char sentence[] = "Ruritania met Freedonia in Zenda on Monday.";
	sr_dict *d = sr_dict_create();
	if (!d)
		return 0;
	sr_error err;
	sr_error_clear(&err);
	(void)sr_dict_is_sd((const char *)data, size);
	if (sr_dict_load_sd(d, "fuzz.sd", (const char *)data, size, &err) == 0 &&
	    sr_dict_finish(d, &err) == 0) {
		sr_coder *c = sr_coder_create(d);
		if (c) {
			sr_mention m[8];
			sr_coder_mentions(c, sentence, sizeof sentence - 1, 20190101, m, 8);
			long n = 0;
			sr_coder_code_text(c, sentence, sizeof sentence - 1, 20190101, count, &n);
			sr_coder_free(c);
		}
	}
	sr_dict_free(d);
	return 0;
}
