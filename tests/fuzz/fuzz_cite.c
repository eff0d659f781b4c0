/* fuzz_cite.c — libFuzzer target: the citation and date-expression parsers
 * (cite.h, datex.h) at every offset of arbitrary bytes. */
#include <stddef.h>
#include <stdint.h>

#include "cite.h"
#include "datex.h"

static int count(void *ud, const sr_cite_ref *ref, size_t at)
{
	size_t *n = ud;
	(*n)++;
	/* touch what the ref points at so ASan checks the bounds */
	volatile char c = ref->name_len ? ref->name[ref->name_len - 1] : 0;
	(void)c;
	(void)at;
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s = (const char *)data;
	size_t n = 0;
	sr_cite_scan(s, size, count, &n);
	sr_cite_ref refs[8];
	sr_cite_parse(s, size, refs, 8);
	for (size_t i = 0; i < size && i < 4096; i++) {
		sr_datex a, b;
		sr_datex_parse(s + i, size - i, &a);
		sr_datex_range(s + i, size - i, &a, &b);
		sr_datex_time(s + i, size - i);
	}
	sr_date lo, hi;
	sr_datex_event(s, size, &lo, &hi);
	if (size >= 2) {
		sr_datex_on_or_before(data[0] % 14, data[1] % 33, 20191030);
		sr_datex_nearest(data[0] % 14, data[1] % 33, 20000229);
	}
	return 0;
}
