/* fuzz_html.c — libFuzzer target: the HTML extractor, directly and through
 * the reader. */
#include <stdlib.h>
#include <string.h>

#include "extract_html.h"
#include "fuzz_read.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	sr_doc d;
	sr_error e;
	sr_doc_init(&d);
	sr_html_extract((const char *)data, size, &d, &e);
	sr_doc_cleanup(&d);
	uint8_t *buf = malloc(size + 1);
	if (!buf)
		return 0;
	buf[0] = '<';
	if (size)
		memcpy(buf + 1, data, size);
	fuzz_read_extract(buf, size + 1);
	free(buf);
	return 0;
}
