/* fuzz_read.h — the read → extract path shared by the reader fuzz targets. */
#ifndef SITREP_FUZZ_READ_H
#define SITREP_FUZZ_READ_H

#include <stddef.h>
#include <stdint.h>

#include "doc.h"
#include "extract.h"
#include "read.h"

static sr_extractor *fuzz_x;

static int fuzz_each(void *ud, const sr_input *in, const sr_error *err)
{
	(void)ud;
	(void)err;
	if (!in)
		return 0;
	if (!fuzz_x)
		fuzz_x = sr_extract_new();
	sr_doc d;
	sr_error e;
	sr_extract_doc(fuzz_x, in, &d, &e);
	sr_doc_cleanup(&d);
	return 0;
}

/* Feed bytes through the reader (format sniffed as for a file) and extract
 * every article found, with and without UTF-8 repair. */
static void fuzz_read_extract(const uint8_t *data, size_t size)
{
	sr_read_opts strict = {0}, repair = {.repair_utf8 = 1};
	sr_read_buffer("fuzz", (const char *)data, size, &strict, fuzz_each, NULL);
	sr_read_buffer("fuzz", (const char *)data, size, &repair, fuzz_each, NULL);
}

#endif
