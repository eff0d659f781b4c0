/* dict.h — dictionaries: actors, people, agents, places, exercises, verbs,
 * patterns, synsets, discards and the CAMEO code table.
 *
 * A dictionary is filled by loaders (our .sd format, TABARI/PETRARCH files,
 * the bundled defaults), then frozen by sr_dict_finish(); a frozen dictionary
 * is read-only and may be shared by any number of coder threads. The format
 * is described in docs/dictionaries.md. */
#ifndef SITREP_DICT_H
#define SITREP_DICT_H

#include <stddef.h>

#include "util/date.h"
#include "util/error.h"

typedef struct sr_dict sr_dict;

sr_dict *sr_dict_create(void);
void sr_dict_free(sr_dict *d);

/* Load one file or buffer; the format (ours or TABARI/PETRARCH actors,
 * agents, verbs, discards) is recognised by content. Errors name name:line.
 * Returns 0, or a negative sr_status with err filled. */
int sr_dict_load_file(sr_dict *d, const char *path, sr_error *err);
int sr_dict_load_buffer(sr_dict *d, const char *name, const char *buf, size_t len,
			sr_error *err);
/* The bundled defaults (dict/ *.sd, compiled into the binary). */
int sr_dict_load_default(sr_dict *d, sr_error *err);

/* The bundled CAMEO code table alone (for dictionaries that lack one). */
int sr_dict_load_default_cameo(sr_dict *d, sr_error *err);

/* Freeze: build the match tables. Loading after this is an error. */
int sr_dict_finish(sr_dict *d, sr_error *err);

/* What a dictionary holds, for `dict check` and tests. */
typedef struct sr_dict_stats {
	size_t actors, people, roles, agents, places, exercises, verbs, patterns,
		synsets, discards, cameo_codes, phrases, words;
} sr_dict_stats;
void sr_dict_get_stats(const sr_dict *d, sr_dict_stats *out /* OUT */);

/* The CAMEO table: 0 and *out filled if code is known, -1 otherwise. Codes
 * not in the table (a verb file's own codes) are still valid event codes. */
typedef struct sr_cameo_info {
	const char *code, *name, *plover; /* plover may be NULL */
	double goldstein;
	int quad; /* 1..4, 0 unknown */
} sr_cameo_info;
int sr_dict_cameo(const sr_dict *d, const char *code, sr_cameo_info *out /* OUT */);

/* Canonical name of an actor code ("BLRMIL" → "Belarus military"), written
 * into buf; returns buf, or NULL if the code's parts are unknown. */
const char *sr_dict_code_name(const sr_dict *d, const char *code, char *buf, size_t size);

/* The party (dyad key: BLR, RUS, NAT …) of an actor code: that of the
 * dictionary actor whose code is the longest prefix of it, else NULL. */
const char *sr_dict_party(const sr_dict *d, const char *code);

#endif
