/* buf.c — capped growable buffers. */
#include "buf.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void sr_buf_init(sr_buf *b, size_t limit)
{
	b->p = NULL;
	b->len = 0;
	b->cap = 0;
	b->limit = limit;
}

void sr_buf_cleanup(sr_buf *b)
{
	free(b->p);
	b->p = NULL;
	b->len = b->cap = 0;
}

void sr_buf_reset(sr_buf *b)
{
	b->len = 0;
	if (b->p)
		b->p[0] = '\0';
}

static int grow(sr_buf *b, size_t need)
{
	if (need > b->limit)
		return -1;
	if (need + 1 <= b->cap)
		return 0;
	size_t cap = b->cap ? b->cap : 256;
	while (cap < need + 1)
		cap = cap > ((size_t)-1) / 2 ? need + 1 : cap * 2;
	if (cap > b->limit + 1)
		cap = b->limit + 1;
	char *p = realloc(b->p, cap);
	if (!p)
		return -1;
	b->p = p;
	b->cap = cap;
	return 0;
}

int sr_buf_append(sr_buf *b, const void *p, size_t len)
{
	if (len > b->limit - b->len || grow(b, b->len + len) < 0)
		return -1;
	if (len)
		memcpy(b->p + b->len, p, len);
	b->len += len;
	b->p[b->len] = '\0';
	return 0;
}

int sr_buf_puts(sr_buf *b, const char *s)
{
	return sr_buf_append(b, s, strlen(s));
}

int sr_buf_putc(sr_buf *b, char c)
{
	return sr_buf_append(b, &c, 1);
}

int sr_buf_printf(sr_buf *b, const char *fmt, ...)
{
	char small[256];
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(small, sizeof small, fmt, ap);
	va_end(ap);
	if (n < 0)
		return -1;
	if ((size_t)n < sizeof small)
		return sr_buf_append(b, small, (size_t)n);
	if ((size_t)n > b->limit - b->len || grow(b, b->len + (size_t)n) < 0)
		return -1;
	va_start(ap, fmt);
	vsnprintf(b->p + b->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
	return 0;
}

char *sr_buf_detach(sr_buf *b, size_t *len)
{
	if (!b->p && grow(b, 0) < 0)
		return NULL;
	char *p = b->p;
	if (len)
		*len = b->len;
	p[b->len] = '\0';
	b->p = NULL;
	b->len = b->cap = 0;
	return p;
}

char *sr_strndup(const char *p, size_t len)
{
	char *s = malloc(len + 1);
	if (!s)
		return NULL;
	memcpy(s, p, len);
	s[len] = '\0';
	return s;
}
