/* dict_default.c — the bundled dictionaries, compiled in: dict_data.inc is
 * generated at build time from dict/ *.sd by tools/embed.c (Makefile). */
#include "dict_default.h"

#include <stddef.h>

#include "dict_data.inc"

const sr_dict_file *sr_dict_default_files(size_t *n)
{
	*n = sr_dict_data_count;
	return sr_dict_data_files;
}
