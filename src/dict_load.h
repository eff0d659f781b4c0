/* dict_load.h — what the two dictionary loaders (dict_sd.c, dict_tabari.c)
 * share: line splitting with its checks, a small string map for their
 * bookkeeping, and error helpers. Internal to the dict stage. */
#ifndef SITREP_DICT_LOAD_H
#define SITREP_DICT_LOAD_H

#include <stddef.h>

#include "util/error.h"
#include "util/limits.h"

/* Lines of a buffer, LF or CRLF, a leading UTF-8 BOM skipped. */
typedef struct sr_ld_lines {
	const char *buf;
	size_t len, pos;
	long lineno; /* of the line last returned, 1-based */
} sr_ld_lines;

void sr_ld_lines_init(sr_ld_lines *l, const char *buf, size_t len);
/* The next line without its end (*s, *n); 1, or 0 at the end. */
int sr_ld_lines_next(sr_ld_lines *l, const char **s /* OUT */, size_t *n /* OUT */);

/* A raw line's checks: length, NUL bytes, UTF-8. 0, or SR_EINPUT with err
 * naming name:line. */
int sr_ld_line_check(const char *name, long line, const char *s, size_t n, sr_error *err);

/* Trim spaces, tabs and CRs from both ends of [*s, *s + *n). */
void sr_ld_trim(const char **s, size_t *n);

/* A string → int map (open addressing; keys copied). */
typedef struct sr_ld_map {
	char **keys;
	size_t *klen;
	int *vals;
	size_t n, cap;
} sr_ld_map;

void sr_ld_map_init(sr_ld_map *m);
void sr_ld_map_cleanup(sr_ld_map *m);
/* 1 and *val if k is there, else 0. */
int sr_ld_map_get(const sr_ld_map *m, const char *k, size_t n, int *val /* OUT, may be NULL */);
/* Insert or replace; 0, or SR_ENOMEM. */
int sr_ld_map_put(sr_ld_map *m, const char *k, size_t n, int val);

/* A builder call failed with rc: SR_ENOMEM stays itself, anything else is
 * this input's fault (SR_EINPUT) at name:line. Returns the status set. */
#if defined(__GNUC__)
__attribute__((format(printf, 5, 6)))
#endif
int sr_ld_fail(sr_error *err, int rc, const char *name, long line, const char *fmt, ...);

/* A short, printable quote of s for messages ("…" when cut). */
const char *sr_ld_quote(const char *s, size_t n, char *buf, size_t size);

/* Is s (n bytes) a valid UTF-8 sequence (no overlongs, no surrogates)? */
int sr_ld_utf8_valid(const char *s, size_t n);

#endif
