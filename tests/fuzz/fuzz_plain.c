/* fuzz_plain.c — libFuzzer target: plain-text reader and extractor.
 * A leading byte that would make the input JSONL or HTML is masked so the
 * plain path is what gets explored. */
#include <stdlib.h>
#include <string.h>

#include "fuzz_read.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint8_t *buf = malloc(size + 1);
	if (!buf)
		return 0;
	buf[0] = 'A';
	if (size)
		memcpy(buf + 1, data, size);
	fuzz_read_extract(buf, size + 1);
	free(buf);
	return 0;
}
