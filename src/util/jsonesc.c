/* jsonesc.c — JSON string literals, copied in runs. */
#include "jsonesc.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

int sr_json_append_string(sr_buf *b, const char *s, size_t len)
{
	if (sr_buf_putc(b, '"') < 0)
		return -1;
	size_t run = 0;
	const uint64_t ones = 0x0101010101010101ULL, high = 0x8080808080808080ULL;
	for (size_t i = 0; i < len; i++) {
		/* Eight bytes at a time while none is a control byte, '"' or '\\'
		 * (zero-byte tests on the word and on its XORs). */
		while (i + 8 <= len) {
			uint64_t w, q, bs;
			memcpy(&w, s + i, 8);
			q = w ^ (ones * '"');
			bs = w ^ (ones * '\\');
			if (((w - ones * 0x20) & ~w & high) | ((q - ones) & ~q & high) | ((bs - ones) & ~bs & high))
				break;
			i += 8;
		}
		if (i >= len)
			break;
		unsigned char c = (unsigned char)s[i];
		if (c >= 0x20 && c != '"' && c != '\\')
			continue;
		if (sr_buf_append(b, s + run, i - run) < 0)
			return -1;
		run = i + 1;
		char esc[8];
		const char *e = esc;
		switch (c) {
		case '"': e = "\\\""; break;
		case '\\': e = "\\\\"; break;
		case '\b': e = "\\b"; break;
		case '\f': e = "\\f"; break;
		case '\n': e = "\\n"; break;
		case '\r': e = "\\r"; break;
		case '\t': e = "\\t"; break;
		default: snprintf(esc, sizeof esc, "\\u%04X", c); break;
		}
		if (sr_buf_puts(b, e) < 0)
			return -1;
	}
	if (sr_buf_append(b, s + run, len - run) < 0)
		return -1;
	return sr_buf_putc(b, '"');
}
