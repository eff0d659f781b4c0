/* html.c — escaping text for HTML and XML (html.h). */
#include "util/html.h"

/* Length of the valid UTF-8 sequence (a character XML 1.0 allows) at p,
 * with n bytes left, or 0. */
static size_t utf8_seq(const unsigned char *p, size_t n)
{
	unsigned char c = p[0];
	if (c < 0x80)
		return 1;
	if (c >= 0xC2 && c <= 0xDF)
		return n >= 2 && (p[1] & 0xC0) == 0x80 ? 2 : 0;
	if (c >= 0xE0 && c <= 0xEF) {
		unsigned char lo = c == 0xE0 ? 0xA0 : 0x80, hi = c == 0xED ? 0x9F : 0xBF;
		if (n < 3 || p[1] < lo || p[1] > hi || (p[2] & 0xC0) != 0x80)
			return 0;
		if (c == 0xEF && p[1] == 0xBF && (p[2] == 0xBE || p[2] == 0xBF))
			return 0; /* U+FFFE, U+FFFF: not XML characters */
		return 3;
	}
	if (c >= 0xF0 && c <= 0xF4) {
		unsigned char lo = c == 0xF0 ? 0x90 : 0x80, hi = c == 0xF4 ? 0x8F : 0xBF;
		if (n < 4 || p[1] < lo || p[1] > hi || (p[2] & 0xC0) != 0x80 || (p[3] & 0xC0) != 0x80)
			return 0;
		return 4;
	}
	return 0;
}

int sr_html_esc_n(sr_buf *out, const char *s, size_t len)
{
	if (!s)
		return 0;
	const unsigned char *p = (const unsigned char *)s, *run = p, *end = p + len;
	while (p < end) {
		unsigned char c = *p;
		const char *rep = NULL;
		size_t n = 1;
		switch (c) {
		case '&': rep = "&amp;"; break;
		case '<': rep = "&lt;"; break;
		case '>': rep = "&gt;"; break;
		case '"': rep = "&quot;"; break;
		case '\'': rep = "&#39;"; break;
		default:
			if (c < 0x20 && c != '\t' && c != '\n')
				rep = c == '\r' ? "\n" : "";
			else if (c == 0x7f)
				rep = "";
			else if (c >= 0x80 && (n = utf8_seq(p, (size_t)(end - p))) == 0) {
				rep = "\xEF\xBF\xBD";
				n = 1;
			}
		}
		if (!rep) {
			p += n;
			continue;
		}
		if (sr_buf_append(out, run, (size_t)(p - run)) < 0 || sr_buf_puts(out, rep) < 0)
			return -1;
		p += n;
		run = p;
	}
	return sr_buf_append(out, run, (size_t)(p - run));
}

int sr_html_esc(sr_buf *out, const char *s)
{
	size_t n = 0;
	if (s)
		while (s[n])
			n++;
	return sr_html_esc_n(out, s, n);
}
