/* fuzz_assess.c — libFuzzer target: the trend assessment of an article body
 * (valid UTF-8, as the read stage guarantees) with its coded events. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "assess.h"
#include "code.h"
#include "dict.h"
#include "doc.h"
#include "text.h"

static sr_dict *fuzz_dict;
static sr_coder *fuzz_coder;

typedef struct evs {
	sr_event ev[256];
	size_t n;
} evs;

static int keep(const sr_event *ev, void *ctx)
{
	evs *e = ctx;
	if (e->n < 256)
		e->ev[e->n++] = *ev;
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
	if (!sr_utf8_valid((const char *)data, size, NULL))
		return 0;
	char *body = malloc(size + 1);
	if (!body)
		return 0;
	memcpy(body, data, size);
	body[size] = 0;
	sr_doc d;
	memset(&d, 0, sizeof d);
	d.body = body;
	d.body_len = size;
	d.date = 20190318;
	static evs e;
	e.n = 0;
	sr_coder_code_text(fuzz_coder, body, size, d.date, keep, &e);
	double conf;
	sr_assess_article(&d, e.ev, e.n, &conf);
	free(body);
	return 0;
}
