/* dict_default.h — the bundled dictionaries (dict/ *.sd), compiled into the
 * binary at build time (build/gen/dict_data.c, made by tools/embed.c), so
 * coding needs no files beside the executable. Internal to the dict stage. */
#ifndef SITREP_DICT_DEFAULT_H
#define SITREP_DICT_DEFAULT_H

#include <stddef.h>

typedef struct sr_dict_file {
	const char *name; /* "dict/actors.sd", for error messages */
	const char *data; /* the file's bytes (NUL-terminated, len excludes it) */
	size_t len;
} sr_dict_file;

/* The bundled files in name order; *n gets their count. Static storage. */
const sr_dict_file *sr_dict_default_files(size_t *n /* OUT */);

#endif
