/* jsonesc.c — JSON string literals, copied in runs. */
#include "jsonesc.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

/* The first byte at or after i that needs an escape (a control byte, '"' or
 * '\\'), or len. Article bodies are long runs without one, broken by the
 * "\n\n" between paragraphs: sixteen bytes at a time with SSE2, eight (zero-
 * byte tests on the word and on its XORs) without. */
static size_t plain_run(const char *s, size_t i, size_t len)
{
#ifdef __SSE2__
	const __m128i ctl = _mm_set1_epi8(0x1F), quote = _mm_set1_epi8('"'), bsl = _mm_set1_epi8('\\');
	for (; i + 16 <= len; i += 16) {
		__m128i x = _mm_loadu_si128((const __m128i *)(const void *)(s + i));
		/* unsigned x <= 0x1F exactly when max(x, 0x1F) is 0x1F */
		__m128i m = _mm_or_si128(_mm_cmpeq_epi8(_mm_max_epu8(x, ctl), ctl),
					 _mm_or_si128(_mm_cmpeq_epi8(x, quote), _mm_cmpeq_epi8(x, bsl)));
		unsigned bits = (unsigned)_mm_movemask_epi8(m);
		if (bits)
			return i + (size_t)__builtin_ctz(bits);
	}
#endif
	const uint64_t ones = 0x0101010101010101ULL, high = 0x8080808080808080ULL;
	for (; i + 8 <= len; i += 8) {
		uint64_t w, q, bs;
		memcpy(&w, s + i, 8);
		q = w ^ (ones * '"');
		bs = w ^ (ones * '\\');
		if (((w - ones * 0x20) & ~w & high) | ((q - ones) & ~q & high) | ((bs - ones) & ~bs & high))
			break;
	}
	for (; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c < 0x20 || c == '"' || c == '\\')
			break;
	}
	return i;
}

int sr_json_append_string(sr_buf *b, const char *s, size_t len)
{
	if (sr_buf_putc(b, '"') < 0)
		return -1;
	size_t i = 0;
	for (;;) {
		size_t e = plain_run(s, i, len);
		if (sr_buf_append(b, s + i, e - i) < 0)
			return -1;
		if (e >= len)
			break;
		unsigned char c = (unsigned char)s[e];
		char esc[8];
		const char *q = esc;
		switch (c) {
		case '"': q = "\\\""; break;
		case '\\': q = "\\\\"; break;
		case '\b': q = "\\b"; break;
		case '\f': q = "\\f"; break;
		case '\n': q = "\\n"; break;
		case '\r': q = "\\r"; break;
		case '\t': q = "\\t"; break;
		default: snprintf(esc, sizeof esc, "\\u%04X", c); break;
		}
		if (sr_buf_puts(b, q) < 0)
			return -1;
		i = e + 1;
	}
	return sr_buf_putc(b, '"');
}
