/* read.h — the read stage: paths in, one raw article at a time out.
 *
 * Inputs are files, directories (walked recursively, in name order, dot files
 * skipped) or "-" for stdin. A stream whose first non-blank byte is '{' is
 * JSONL (one article per line), '<' is HTML, anything else one plain-text
 * article. Bytes are checked as UTF-8: invalid bytes reject the input with the
 * byte offset, or, with repair_utf8, are replaced by U+FFFD and counted.
 *
 * Memory is bounded per article (SR_MAX_DOC_BYTES), not per file: JSONL files
 * are read a line at a time. */
#ifndef SITREP_READ_H
#define SITREP_READ_H

#include <stddef.h>

#include "util/date.h"
#include "util/error.h"

typedef enum { SR_FMT_PLAIN = 0, SR_FMT_HTML = 1 } sr_format;

/* One raw article. Everything is borrowed from the reader and valid until the
 * next sr_reader_next or sr_reader_free. */
typedef struct sr_input {
	const char *file; /* path as given, or "-" */
	long line;        /* JSONL line (1-based), 0 for whole files */
	const char *id, *url, *title; /* JSONL keys; NULL if absent */
	sr_date date;                 /* JSONL "date"; 0 if absent */
	const char *meta_json;        /* JSONL object as read (for other keys); NULL otherwise */
	sr_format format;
	const char *bytes; /* valid UTF-8, NUL-terminated */
	size_t len;
	size_t repaired; /* invalid sequences replaced (repair_utf8 only) */
} sr_input;

typedef struct sr_read_opts {
	int repair_utf8; /* replace invalid UTF-8 instead of rejecting */
} sr_read_opts;

typedef struct sr_reader sr_reader;

sr_reader *sr_reader_new(const sr_read_opts *opts /* may be NULL */);
void sr_reader_free(sr_reader *r);

/* Queue a path; nothing is opened until sr_reader_next. Returns 0 or -1 on no memory. */
int sr_reader_add(sr_reader *r, const char *path);

/* Next article: 1 and *in filled; 0 when all inputs are done; SR_EINPUT (or
 * SR_EIO) with err filled when one input (a file, a JSONL line) was bad — call
 * again to go on with the rest. */
int sr_reader_next(sr_reader *r, sr_input *in /* OUT */, sr_error *err /* OUT */);

/* Parse one in-memory buffer the same way (used by fuzzers and tests): calls
 * fn for each article or error found in it; stops if fn returns non-zero. */
typedef int (*sr_read_fn)(void *ud, const sr_input *in, const sr_error *err);
int sr_read_buffer(const char *name, const char *bytes, size_t len,
		   const sr_read_opts *opts, sr_read_fn fn, void *ud);

#endif
