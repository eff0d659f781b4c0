/* buf.h — growable byte buffers with a size cap, and borrowed slices.
 *
 * sr_buf owns its bytes (init/cleanup, embedded in other structs); sr_slice
 * borrows them. Every buffer fed by outside input gets a cap at init: an
 * append past it fails instead of growing without bound. The bytes are always
 * NUL-terminated so they can be handed to C string APIs. */
#ifndef SITREP_BUF_H
#define SITREP_BUF_H

#include <stddef.h>
#include <string.h>

typedef struct sr_slice {
	const char *p;
	size_t len;
} sr_slice;

typedef struct sr_buf {
	char *p;
	size_t len;
	size_t cap;   /* allocated */
	size_t limit; /* most bytes it may hold */
} sr_buf;

void sr_buf_init(sr_buf *b, size_t limit);
void sr_buf_cleanup(sr_buf *b);
void sr_buf_reset(sr_buf *b); /* len = 0, keeps memory */

/* Return 0, or -1 when the cap would be passed or memory ran out (b unchanged). */
int sr_buf_append(sr_buf *b, const void *p, size_t len);
int sr_buf_puts(sr_buf *b, const char *s);
int sr_buf_putc(sr_buf *b, char c);
#if defined(__GNUC__)
__attribute__((format(printf, 2, 3)))
#endif
int sr_buf_printf(sr_buf *b, const char *fmt, ...);

/* Hand the bytes over to the caller (free() them); b is left empty. */
char *sr_buf_detach(sr_buf *b, size_t *len /* OUT, may be NULL */);

/* Duplicate len bytes as a NUL-terminated string; NULL on no memory. */
char *sr_strndup(const char *p, size_t len);

/* Copy the string src into dst[size], cut to fit (size > 0): snprintf's
 * "%s" without its cost, ~1,000 instructions a call, paid per event. */
static inline void sr_str_copy(char *dst, size_t size, const char *src)
{
	size_t n = strlen(src);
	if (n >= size)
		n = size - 1;
	memcpy(dst, src, n);
	dst[n] = 0;
}

/* Append src to the string in dst[size], cut to fit: a chain of these
 * gives the bytes of snprintf's "%s%s…". */
static inline void sr_str_cat(char *dst, size_t size, const char *src)
{
	size_t used = strlen(dst);
	sr_str_copy(dst + used, size - used, src);
}

#endif
