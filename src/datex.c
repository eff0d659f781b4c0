/* datex.c — date expressions: recognisers that read a date, a period, a time
 * or a named dated event at a position in UTF-8 text. Hand-written scanners,
 * no regex: they run on every candidate position of every article, and on
 * fuzzer input, so each is bounded by the bytes it is given. */
#include "datex.h"

#include <string.h>

static int is_digit(unsigned char c)
{
	return c >= '0' && c <= '9';
}

static int is_alpha(unsigned char c)
{
	return (c | 0x20) >= 'a' && (c | 0x20) <= 'z';
}

/* A letter-like byte at s[i]: ASCII letter, or the lead byte of a Latin-1
 * supplement / Latin Extended / Cyrillic letter (U+00C0..U+04FF). */
static int letter_at(const char *s, size_t n, size_t i)
{
	if (i >= n)
		return 0;
	unsigned char c = (unsigned char)s[i];
	return is_alpha(c) || (c >= 0xC3 && c <= 0xD3);
}

/* Spaces, tabs and NO-BREAK/thin/narrow spaces; returns bytes skipped. */
static size_t skip_space(const char *s, size_t n, size_t i)
{
	size_t j = i;
	while (j < n) {
		unsigned char c = (unsigned char)s[j];
		if (c == ' ' || c == '\t')
			j++;
		else if (c == 0xC2 && j + 1 < n && (unsigned char)s[j + 1] == 0xA0)
			j += 2;
		else if (c == 0xE2 && j + 2 < n && (unsigned char)s[j + 1] == 0x80 &&
			 ((unsigned char)s[j + 2] == 0x89 || (unsigned char)s[j + 2] == 0xAF))
			j += 3;
		else
			break;
	}
	return j - i;
}

/* A dash between the ends of a period: - – — ‑ −; bytes or 0. */
static size_t dash_at(const char *s, size_t n, size_t i)
{
	if (i < n && s[i] == '-')
		return 1;
	if (i + 2 < n && (unsigned char)s[i] == 0xE2) {
		unsigned char b = (unsigned char)s[i + 1], c = (unsigned char)s[i + 2];
		if (b == 0x80 && (c == 0x91 || c == 0x92 || c == 0x93 || c == 0x94))
			return 3;
		if (b == 0x88 && c == 0x92)
			return 3;
	}
	return 0;
}

/* Up to max digits at s[i]; their value in *v, the count returned (0 when
 * there are none or more than max in a row). */
static size_t digits(const char *s, size_t n, size_t i, size_t max, int *v)
{
	size_t k = 0;
	int x = 0;
	while (i + k < n && is_digit((unsigned char)s[i + k])) {
		if (k == max)
			return 0;
		x = x * 10 + (s[i + k] - '0');
		k++;
	}
	*v = x;
	return k;
}

/* "st" "nd" "rd" "th" after a day number. */
static size_t ordinal_suffix(const char *s, size_t n, size_t i)
{
	if (i + 1 < n) {
		char a = (char)(s[i] | 0x20), b = (char)(s[i + 1] | 0x20);
		if ((a == 's' && b == 't') || (a == 'n' && b == 'd') || (a == 'r' && b == 'd') ||
		    (a == 't' && b == 'h'))
			if (!letter_at(s, n, i + 2))
				return 2;
	}
	return 0;
}

static int plausible_year(int y)
{
	return y >= 1800 && y <= 2199;
}

static int valid_md(int m, int d)
{
	return m >= 1 && m <= 12 && d >= 1 && d <= sr_days_in_month(2000, m);
}

static int valid_ex(const sr_datex *x)
{
	if (x->m < 1 || x->m > 12)
		return 0;
	if (x->y && !plausible_year(x->y))
		return 0;
	if (!x->d)
		return x->y != 0;
	if (x->y)
		return sr_date_make(x->y, x->m, x->d) != 0;
	return valid_md(x->m, x->d);
}

/* ", 2019" / " 2019" after a day: bytes consumed (0 if no year follows). */
static size_t year_after(const char *s, size_t n, size_t i, int *y)
{
	size_t j = i;
	if (j < n && s[j] == ',')
		j++;
	j += skip_space(s, n, j);
	if (j == i)
		return 0;
	int v;
	size_t k = digits(s, n, j, 4, &v);
	if (k != 4 || !plausible_year(v))
		return 0;
	if (j + k < n && (s[j + k] == ':' || letter_at(s, n, j + k)))
		return 0;
	*y = v;
	return j + k - i;
}

/* Russian/Belarusian "года" or "г." after a year. */
static size_t year_word(const char *s, size_t n, size_t i)
{
	size_t j = i + skip_space(s, n, i);
	static const char goda[] = "\xD0\xB3\xD0\xBE\xD0\xB4\xD0\xB0"; /* года */
	static const char g[] = "\xD0\xB3";                           /* г */
	if (j + 8 <= n && !memcmp(s + j, goda, 8) && !letter_at(s, n, j + 8))
		return j + 8 - i;
	if (j + 2 <= n && !memcmp(s + j, g, 2)) {
		if (j + 2 < n && s[j + 2] == '.')
			return j + 3 - i;
		if (!letter_at(s, n, j + 2))
			return j + 2 - i;
	}
	return 0;
}

/* Numeric forms: YYYY-MM-DD (also . and /), DD-MM-YYYY, DD.MM.YYYY. */
static size_t parse_numeric(const char *s, size_t n, sr_datex *out)
{
	int a, b, c;
	size_t k1 = digits(s, n, 0, 4, &a);
	if (!k1 || k1 == 3 || k1 >= n)
		return 0;
	char sep = s[k1];
	if (sep != '-' && sep != '.' && sep != '/')
		return 0;
	size_t k2 = digits(s, n, k1 + 1, 2, &b);
	if (!k2 || k1 + 1 + k2 >= n || s[k1 + 1 + k2] != sep)
		return 0;
	size_t p = k1 + 1 + k2 + 1;
	size_t k3 = digits(s, n, p, 4, &c);
	if (!k3)
		return 0;
	sr_datex x = {0, 0, 0};
	if (k1 == 4 && k3 <= 2)
		x = (sr_datex){a, b, c};
	else if (k1 <= 2 && k3 == 4 && sep != '/')
		x = (sr_datex){c, b, a};
	else
		return 0;
	if (p + k3 < n && (letter_at(s, n, p + k3) || s[p + k3] == sep))
		return 0;
	if (!x.d || !valid_ex(&x))
		return 0;
	*out = x;
	return p + k3;
}

size_t sr_datex_parse(const char *s, size_t n, sr_datex *out)
{
	if (!s || !n)
		return 0;
	sr_datex x = {0, 0, 0};
	size_t ml = 0, i;
	/* month names start with these letters (English, Russian, Belarusian):
	 * a cheap test before the table */
	unsigned char c0 = (unsigned char)s[0];
	int m = 0;
	unsigned char lc = c0 | 0x20;
	if (c0 == 0xD0 || c0 == 0xD1 || lc == 'j' || lc == 'f' || lc == 'm' || lc == 'a' || lc == 's' ||
	    lc == 'o' || lc == 'n' || lc == 'd')
		m = sr_month_lookup(s, n, &ml);
	if (m) {
		/* Month first: "October 25", "Oct. 25, 2019", "October 2012". */
		i = ml;
		if (i < n && s[i] == '.' && s[i - 1] != '.')
			i++;
		size_t sp = skip_space(s, n, i);
		if (!sp)
			return 0;
		i += sp;
		int v;
		size_t k = digits(s, n, i, 4, &v);
		if (k == 4) {
			if (letter_at(s, n, i + k) || (i + k < n && is_digit((unsigned char)s[i + k])))
				return 0;
			x = (sr_datex){v, m, 0};
			i += k;
		} else if (k >= 1 && k <= 2) {
			x.m = m;
			x.d = v;
			i += k;
			i += ordinal_suffix(s, n, i);
			if (letter_at(s, n, i) || (i < n && is_digit((unsigned char)s[i])))
				return 0;
			int y;
			size_t ya = year_after(s, n, i, &y);
			if (ya) {
				x.y = y;
				i += ya;
			}
		} else {
			return 0;
		}
	} else {
		if (!is_digit((unsigned char)s[0]))
			return 0;
		size_t num = parse_numeric(s, n, &x);
		if (num) {
			*out = x;
			return num;
		}
		/* Day first: "25 October 2019", "18 марта 2019 года", "30th April". */
		int v;
		size_t k = digits(s, n, 0, 2, &v);
		if (!k)
			return 0;
		i = k;
		i += ordinal_suffix(s, n, i);
		if (i < n && s[i] == '.')
			i++;
		size_t sp = skip_space(s, n, i);
		if (!sp)
			return 0;
		i += sp;
		m = sr_month_lookup(s + i, n - i, &ml);
		if (!m)
			return 0;
		i += ml;
		x.m = m;
		x.d = v;
		size_t j = i;
		if (j < n && s[j] == '.' && s[j - 1] != '.')
			j++;
		int y;
		size_t ya = year_after(s, n, j, &y);
		if (ya) {
			x.y = y;
			i = j + ya;
			i += year_word(s, n, i);
		}
	}
	if (!valid_ex(&x))
		return 0;
	*out = x;
	return i;
}

size_t sr_datex_time(const char *s, size_t n)
{
	int h, mi;
	size_t k = digits(s, n, 0, 2, &h);
	if (!k || k >= n || s[k] != ':' || h > 23)
		return 0;
	size_t k2 = digits(s, n, k + 1, 2, &mi);
	if (k2 != 2 || mi > 59)
		return 0;
	size_t i = k + 3;
	if (i < n && s[i] == ':') {
		int sec;
		if (digits(s, n, i + 1, 2, &sec) == 2 && sec <= 59)
			i += 3;
	}
	size_t j = i + skip_space(s, n, i);
	if (j + 1 < n && ((s[j] | 0x20) == 'a' || (s[j] | 0x20) == 'p')) {
		size_t t = j + 1;
		if (t < n && s[t] == '.')
			t++;
		if (t < n && (s[t] | 0x20) == 'm') {
			t++;
			if (t < n && s[t] == '.')
				t++;
			if (!letter_at(s, n, t))
				i = t;
		}
	}
	if (letter_at(s, n, i) || (i < n && is_digit((unsigned char)s[i])))
		return 0;
	return i;
}

/* Fill in the missing year of one end of a period from the other. */
static int complete_range(sr_datex *a, sr_datex *b)
{
	if (!a->d || !b->d)
		return 0;
	if (!a->y && b->y)
		a->y = a->m > b->m ? b->y - 1 : b->y;
	else if (a->y && !b->y)
		b->y = b->m < a->m ? a->y + 1 : a->y;
	if (!valid_ex(a) || !valid_ex(b))
		return 0;
	if (a->y && b->y) {
		sr_date da = sr_date_make(a->y, a->m, a->d), db = sr_date_make(b->y, b->m, b->d);
		long span = sr_date_to_days(db) - sr_date_to_days(da);
		if (span < 0 || span > 366)
			return 0;
	}
	return 1;
}

size_t sr_datex_range(const char *s, size_t n, sr_datex *from, sr_datex *to)
{
	sr_datex a = {0, 0, 0}, b = {0, 0, 0};
	size_t i = sr_datex_parse(s, n, &a);
	if (i) {
		if (!a.d)
			return 0;
		size_t j = i + skip_space(s, n, i);
		size_t dk = dash_at(s, n, j);
		if (!dk)
			return 0;
		j += dk;
		j += skip_space(s, n, j);
		size_t k = sr_datex_parse(s + j, n - j, &b);
		if (k) {
			j += k;
		} else {
			/* "March 18-24, 2019": the same month */
			int v;
			size_t dd = digits(s, n, j, 2, &v);
			if (!dd)
				return 0;
			b.m = a.m;
			b.d = v;
			j += dd;
			j += ordinal_suffix(s, n, j);
			if (letter_at(s, n, j))
				return 0;
			int y;
			size_t ya = year_after(s, n, j, &y);
			if (ya) {
				b.y = y;
				j += ya;
			}
		}
		if (!complete_range(&a, &b))
			return 0;
		*from = a;
		*to = b;
		return j;
	}
	/* "18–24 марта 2019", "18 – 24 March": day, dash, full date */
	int v;
	size_t dd = digits(s, n, 0, 2, &v);
	if (!dd)
		return 0;
	size_t j = dd + skip_space(s, n, dd);
	size_t dk = dash_at(s, n, j);
	if (!dk)
		return 0;
	j += dk;
	j += skip_space(s, n, j);
	size_t k = sr_datex_parse(s + j, n - j, &b);
	if (!k || !b.d)
		return 0;
	a = (sr_datex){b.y, b.m, v};
	if (!complete_range(&a, &b))
		return 0;
	*from = a;
	*to = b;
	return j + k;
}

sr_date sr_datex_on_or_before(int m, int d, sr_date anchor)
{
	if (!sr_date_valid(anchor) || !valid_md(m, d))
		return 0;
	int y = anchor / 10000;
	/* eight years back always reaches a leap year for February 29 */
	for (int yy = y; yy >= y - 8 && yy >= 1; yy--) {
		sr_date c = sr_date_make(yy, m, d);
		if (c && c <= anchor)
			return c;
	}
	return 0;
}

sr_date sr_datex_nearest(int m, int d, sr_date anchor)
{
	if (!sr_date_valid(anchor) || !valid_md(m, d))
		return 0;
	int y = anchor / 10000;
	long a = sr_date_to_days(anchor), best_gap = 0;
	sr_date best = 0;
	for (int yy = y - 4; yy <= y + 4; yy++) {
		sr_date c = sr_date_make(yy, m, d);
		if (!c)
			continue;
		long gap = sr_date_to_days(c) - a;
		if (gap < 0)
			gap = -gap;
		if (!best || gap < best_gap) {
			best = c;
			best_gap = gap;
		}
	}
	return best;
}

/* Recurring exercises and events of the region, with the window in which
 * they are usually held. Data, not logic: a named event with a year dates an
 * article that mentions nothing else datable (it is usually written during
 * or just after the event, so the window's end is the estimate). */
static const struct {
	const char *name;
	int m0, d0, m1, d1;
} events[] = {
	{"Army Games", 7, 25, 8, 15},
	{"Zapad", 9, 8, 9, 25},
	{"West", 9, 8, 9, 25},
	{"\xD0\x97\xD0\xB0\xD0\xBF\xD0\xB0\xD0\xB4", 9, 8, 9, 25},             /* Запад */
	{"\xD0\x97\xD0\xB0\xD0\xBF\xD0\xB0\xD0\xB4\xD0\xB0", 9, 8, 9, 25},     /* Запада */
	{"\xD0\x97\xD0\xB0\xD1\x85\xD0\xB0\xD0\xB4", 9, 8, 9, 25},             /* Захад */
	{"Union Shield", 9, 10, 9, 30},
	{"Vostok", 9, 1, 9, 17},
	{"Kavkaz", 9, 15, 9, 30},
	{"Tsentr", 9, 15, 9, 25},
	{"Union Resolve", 2, 10, 2, 20},
	{"Allied Resolve", 2, 10, 2, 20},
	{"Defender Europe", 4, 1, 6, 30},
	{"Trident Juncture", 10, 20, 11, 10},
	{"BALTOPS", 6, 1, 6, 25},
	{"Saber Strike", 6, 1, 6, 25},
};

/* Start of the letter ending at s[end) when it is one (ASCII letter, or a
 * UTF-8 sequence for U+00C0..U+04FF); end itself when it is not. */
static size_t letter_before(const char *s, size_t end)
{
	if (end == 0)
		return end;
	unsigned char c = (unsigned char)s[end - 1];
	if (is_alpha(c))
		return end - 1;
	if (c >= 0x80 && c <= 0xBF && end >= 2) {
		unsigned char lead = (unsigned char)s[end - 2];
		if (lead >= 0xC3 && lead <= 0xD3)
			return end - 2;
	}
	return end;
}

/* s[0..end) ends with name (ASCII case-insensitive), on a word boundary. */
static int ends_with_name(const char *s, size_t end, const char *name)
{
	size_t nl = strlen(name);
	if (nl > end)
		return 0;
	const char *p = s + end - nl;
	for (size_t i = 0; i < nl; i++) {
		unsigned char a = (unsigned char)p[i], b = (unsigned char)name[i];
		if (a < 0x80 ? (a | 0x20) != (b | 0x20) : a != b)
			return 0;
	}
	size_t st = end - nl;
	return letter_before(s, st) == st && (st == 0 || !is_digit((unsigned char)s[st - 1]));
}

/* Start of the word ending at s[end). */
static size_t word_start_before(const char *s, size_t end)
{
	size_t i = end, j;
	while ((j = letter_before(s, i)) != i)
		i = j;
	return i;
}

static int upper_at(const char *s, size_t n, size_t i)
{
	unsigned char c = (unsigned char)s[i];
	if (c >= 'A' && c <= 'Z')
		return 1;
	if (c == 0xD0 && i + 1 < n) {
		unsigned char d = (unsigned char)s[i + 1];
		return (d >= 0x90 && d <= 0xAF) || d == 0x81 || d == 0x86 || d == 0x8E;
	}
	return 0;
}

int sr_datex_event(const char *s, size_t n, sr_date *lo, sr_date *hi)
{
	int best_y = 0, best_known = 0;
	sr_date blo = 0, bhi = 0;
	const char *p = s, *end = s + n;
	const char *hy = NULL, *en = NULL; /* next '-' and next en dash at or after p */
	while (p < end) {
		if (!hy || hy < p)
			hy = memchr(p, '-', (size_t)(end - p));
		if (!hy)
			hy = end;
		if (!en || en < p) {
			en = end;
			for (const char *r = p; r + 2 < end; r++) {
				r = memchr(r, 0xE2, (size_t)(end - 2 - r));
				if (!r)
					break;
				if ((unsigned char)r[1] == 0x80 && (unsigned char)r[2] == 0x93) {
					en = r;
					break;
				}
			}
		}
		const char *q = hy < en ? hy : en;
		if (q >= end)
			break;
		size_t dl = q == en ? 3 : 1;
		size_t at = (size_t)(q - s);
		p = q + dl;
		int y;
		size_t k = digits(s, n, at + dl, 4, &y);
		if (k != 4 || y < 1900 || y > 2099)
			continue;
		if (at == 0 || letter_at(s, n, at + dl + 4))
			continue;
		size_t ws = word_start_before(s, at);
		if (ws == at || !upper_at(s, n, ws))
			continue;
		int known = 0;
		sr_date elo = sr_date_make(y, 1, 1), ehi = sr_date_make(y, 12, 31);
		for (size_t e = 0; e < sizeof events / sizeof events[0]; e++)
			if (ends_with_name(s, at, events[e].name)) {
				known = 1;
				elo = sr_date_make(y, events[e].m0, events[e].d0);
				ehi = sr_date_make(y, events[e].m1, events[e].d1);
				break;
			}
		if (y > best_y || (y == best_y && known && !best_known)) {
			best_y = y;
			best_known = known;
			blo = elo;
			bhi = ehi;
		}
	}
	if (!best_y)
		return 0;
	*lo = blo;
	*hi = bhi;
	return best_known ? 1 : 2;
}
