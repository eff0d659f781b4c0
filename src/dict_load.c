/* dict_load.c — helpers shared by the dictionary loaders: lines, checks,
 * a string map and error messages. */
#include "dict_load.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void sr_ld_lines_init(sr_ld_lines *l, const char *buf, size_t len)
{
	l->buf = buf;
	l->len = len;
	l->pos = 0;
	l->lineno = 0;
	if (len >= 3 && (unsigned char)buf[0] == 0xEF && (unsigned char)buf[1] == 0xBB &&
	    (unsigned char)buf[2] == 0xBF)
		l->pos = 3;
}

int sr_ld_lines_next(sr_ld_lines *l, const char **s, size_t *n)
{
	if (l->pos >= l->len)
		return 0;
	const char *start = l->buf + l->pos;
	const char *nl = memchr(start, '\n', l->len - l->pos);
	size_t len = nl ? (size_t)(nl - start) : l->len - l->pos;
	l->pos += len + (nl ? 1 : 0);
	if (len > 0 && start[len - 1] == '\r')
		len--;
	l->lineno++;
	*s = start;
	*n = len;
	return 1;
}

int sr_ld_utf8_valid(const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0;
	while (i < n) {
		unsigned c = p[i];
		if (c < 0x80) {
			i++;
			continue;
		}
		size_t k;
		unsigned cp;
		if (c >= 0xC2 && c <= 0xDF) {
			k = 1;
			cp = c & 0x1F;
		} else if (c >= 0xE0 && c <= 0xEF) {
			k = 2;
			cp = c & 0x0F;
		} else if (c >= 0xF0 && c <= 0xF4) {
			k = 3;
			cp = c & 0x07;
		} else {
			return 0;
		}
		if (n - i <= k) /* truncated sequence */
			return 0;
		for (size_t j = 1; j <= k; j++) {
			if ((p[i + j] & 0xC0) != 0x80)
				return 0;
			cp = (cp << 6) | (p[i + j] & 0x3F);
		}
		if ((k == 2 && cp < 0x800) || (k == 3 && (cp < 0x10000 || cp > 0x10FFFF)) ||
		    (cp >= 0xD800 && cp <= 0xDFFF))
			return 0;
		i += k + 1;
	}
	return 1;
}

int sr_ld_line_check(const char *name, long line, const char *s, size_t n, sr_error *err)
{
	if (n > SR_MAX_DICT_LINE)
		return sr_error_set(err, SR_EINPUT, name, line, -1,
				    "line longer than %d bytes", SR_MAX_DICT_LINE);
	if (memchr(s, '\0', n))
		return sr_error_set(err, SR_EINPUT, name, line, -1, "NUL byte in a dictionary line");
	if (!sr_ld_utf8_valid(s, n))
		return sr_error_set(err, SR_EINPUT, name, line, -1, "not valid UTF-8");
	return 0;
}

void sr_ld_trim(const char **s, size_t *n)
{
	const char *p = *s;
	size_t len = *n;
	while (len && (*p == ' ' || *p == '\t' || *p == '\r')) {
		p++;
		len--;
	}
	while (len && (p[len - 1] == ' ' || p[len - 1] == '\t' || p[len - 1] == '\r'))
		len--;
	*s = p;
	*n = len;
}

/* ---- string map ----------------------------------------------------------- */

static size_t map_hash(const char *k, size_t n)
{
	size_t h = 1469598103934665603u; /* FNV-1a */
	for (size_t i = 0; i < n; i++) {
		h ^= (unsigned char)k[i];
		h *= 1099511628211u;
	}
	return h;
}

void sr_ld_map_init(sr_ld_map *m)
{
	memset(m, 0, sizeof *m);
}

void sr_ld_map_cleanup(sr_ld_map *m)
{
	for (size_t i = 0; i < m->cap; i++)
		free(m->keys[i]);
	free(m->keys);
	free(m->klen);
	free(m->vals);
	memset(m, 0, sizeof *m);
}

static size_t map_slot(const sr_ld_map *m, const char *k, size_t n)
{
	size_t i = map_hash(k, n) & (m->cap - 1);
	while (m->keys[i] && !(m->klen[i] == n && memcmp(m->keys[i], k, n) == 0))
		i = (i + 1) & (m->cap - 1);
	return i;
}

int sr_ld_map_get(const sr_ld_map *m, const char *k, size_t n, int *val)
{
	if (!m->cap)
		return 0;
	size_t i = map_slot(m, k, n);
	if (!m->keys[i])
		return 0;
	if (val)
		*val = m->vals[i];
	return 1;
}

static int map_grow(sr_ld_map *m)
{
	size_t nc = m->cap ? m->cap * 2 : 64;
	sr_ld_map g = {calloc(nc, sizeof(char *)), calloc(nc, sizeof(size_t)),
		       calloc(nc, sizeof(int)), m->n, nc};
	if (!g.keys || !g.klen || !g.vals) {
		free(g.keys);
		free(g.klen);
		free(g.vals);
		return SR_ENOMEM;
	}
	for (size_t i = 0; i < m->cap; i++) {
		if (!m->keys[i])
			continue;
		size_t j = map_slot(&g, m->keys[i], m->klen[i]);
		g.keys[j] = m->keys[i];
		g.klen[j] = m->klen[i];
		g.vals[j] = m->vals[i];
	}
	free(m->keys);
	free(m->klen);
	free(m->vals);
	*m = g;
	return 0;
}

int sr_ld_map_put(sr_ld_map *m, const char *k, size_t n, int val)
{
	if ((m->n + 1) * 2 > m->cap && map_grow(m) < 0)
		return SR_ENOMEM;
	size_t i = map_slot(m, k, n);
	if (!m->keys[i]) {
		char *c = malloc(n + 1);
		if (!c)
			return SR_ENOMEM;
		memcpy(c, k, n);
		c[n] = '\0';
		m->keys[i] = c;
		m->klen[i] = n;
		m->n++;
	}
	m->vals[i] = val;
	return 0;
}

/* ---- messages ------------------------------------------------------------- */

int sr_ld_fail(sr_error *err, int rc, const char *name, long line, const char *fmt, ...)
{
	sr_status code = rc == SR_ENOMEM ? SR_ENOMEM : SR_EINPUT;
	char msg[400];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	if (code == SR_ENOMEM)
		return sr_error_set(err, code, name, line, -1, "out of memory");
	return sr_error_set(err, code, name, line, -1, "%s", msg);
}

const char *sr_ld_quote(const char *s, size_t n, char *buf, size_t size)
{
	/* Cut at a UTF-8 boundary so the message stays valid text. */
	size_t max = size > 8 ? size - 4 : 0;
	if (n <= max) {
		snprintf(buf, size, "%.*s", (int)n, s);
		return buf;
	}
	size_t cut = max;
	while (cut > 0 && ((unsigned char)s[cut] & 0xC0) == 0x80)
		cut--;
	snprintf(buf, size, "%.*s\xE2\x80\xA6", (int)cut, s);
	return buf;
}
