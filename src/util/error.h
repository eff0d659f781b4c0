/* error.h — errors as values: where (file, line, byte) and what.
 *
 * Library code never prints. A function that fails fills the caller's sr_error
 * and returns a negative result; the CLI (or server) reports it once. */
#ifndef SITREP_ERROR_H
#define SITREP_ERROR_H

#include <stddef.h>

typedef enum {
	SR_OK = 0,
	SR_EINPUT = -1, /* this input is bad; the batch goes on */
	SR_EIO = -2,    /* could not read or write; fatal for a store, per-file for inputs */
	SR_ESTORE = -3, /* the store failed; fatal */
	SR_ENOMEM = -4,
	SR_EUSAGE = -5,
} sr_status;

typedef struct sr_error {
	sr_status code;
	char file[512]; /* path or "-"; empty if not about a file */
	long line;      /* 1-based line, 0 if not known */
	long long byte; /* 0-based byte offset, -1 if not known */
	char msg[512];
} sr_error;

void sr_error_clear(sr_error *err);

/* Fill err (if non-NULL) and return code. file may be NULL. */
#if defined(__GNUC__)
__attribute__((format(printf, 6, 7)))
#endif
int sr_error_set(sr_error *err, sr_status code, const char *file, long line,
		 long long byte, const char *fmt, ...);

/* "FILE:LINE: byte N: message" into buf; returns buf. */
const char *sr_error_format(const sr_error *err, char *buf, size_t size);

#endif
