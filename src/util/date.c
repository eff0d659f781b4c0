/* date.c — civil-date arithmetic (Howard Hinnant's days-from-civil algorithm)
 * and month names. */
#include "date.h"

#include <pthread.h>
#include <string.h>

int sr_days_in_month(int y, int m)
{
	static const int dm[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	if (m < 1 || m > 12)
		return 0;
	if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
		return 29;
	return dm[m - 1];
}

int sr_date_make(int y, int m, int d)
{
	if (y < 1 || y > 9999 || d < 1 || d > sr_days_in_month(y, m))
		return 0;
	return y * 10000 + m * 100 + d;
}

int sr_date_valid(sr_date d)
{
	return d > 0 && sr_date_make(d / 10000, d / 100 % 100, d % 100) == d;
}

long sr_date_to_days(sr_date dt)
{
	long y = dt / 10000, m = dt / 100 % 100, d = dt % 100;
	y -= m <= 2;
	long era = (y >= 0 ? y : y - 399) / 400;
	long yoe = y - era * 400;
	long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

sr_date sr_date_from_days(long z)
{
	z += 719468;
	long era = (z >= 0 ? z : z - 146096) / 146097;
	long doe = z - era * 146097;
	long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	long y = yoe + era * 400;
	long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	long mp = (5 * doy + 2) / 153;
	long d = doy - (153 * mp + 2) / 5 + 1;
	long m = mp < 10 ? mp + 3 : mp - 9;
	y += m <= 2;
	return sr_date_make((int)y, (int)m, (int)d);
}

sr_date sr_date_add(sr_date d, long days)
{
	if (!d)
		return 0;
	return sr_date_from_days(sr_date_to_days(d) + days);
}

int sr_date_weekday(sr_date d)
{
	long z = sr_date_to_days(d); /* 1970-01-01 was a Thursday (4) */
	long w = (z % 7 + 7 + 3) % 7; /* 0 = Monday */
	return (int)w + 1;
}

void sr_date_isoweek(sr_date d, int *year, int *week)
{
	long z = sr_date_to_days(d);
	long thursday = z - (sr_date_weekday(d) - 1) + 3;
	sr_date th = sr_date_from_days(thursday);
	int y = th / 10000;
	long jan1 = sr_date_to_days(y * 10000 + 101);
	*year = y;
	*week = (int)((thursday - jan1) / 7 + 1);
}

sr_date sr_date_from_isoweek(int year, int week)
{
	if (year < 2 || year > 9998 || week < 1 || week > 53)
		return 0;
	sr_date jan4 = year * 10000 + 104;
	long monday1 = sr_date_to_days(jan4) - (sr_date_weekday(jan4) - 1);
	sr_date r = sr_date_from_days(monday1 + (long)(week - 1) * 7);
	int y, w;
	sr_date_isoweek(r, &y, &w);
	return (y == year && w == week) ? r : 0;
}

void sr_date_format(sr_date d, char out[11])
{
	if (!sr_date_valid(d)) {
		out[0] = '\0';
		return;
	}
	/* sr_date_valid guarantees the ten-character form (a year of four
	 * digits); written digit by digit, as every stored event and article
	 * formats its dates and snprintf cost ~1,500 instructions a call. */
	int y = d / 10000 % 10000, m = d / 100 % 100, day = d % 100;
	out[0] = (char)('0' + y / 1000);
	out[1] = (char)('0' + y / 100 % 10);
	out[2] = (char)('0' + y / 10 % 10);
	out[3] = (char)('0' + y % 10);
	out[4] = '-';
	out[5] = (char)('0' + m / 10);
	out[6] = (char)('0' + m % 10);
	out[7] = '-';
	out[8] = (char)('0' + day / 10);
	out[9] = (char)('0' + day % 10);
	out[10] = '\0';
}

static int digits(const char *s, size_t n)
{
	int v = 0;
	for (size_t i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

sr_date sr_date_parse_iso(const char *s, size_t len)
{
	int y, m, d;
	if (len == 10 && s[4] == '-' && s[7] == '-') {
		y = digits(s, 4), m = digits(s + 5, 2), d = digits(s + 8, 2);
	} else if (len == 8) {
		y = digits(s, 4), m = digits(s + 4, 2), d = digits(s + 6, 2);
	} else {
		return 0;
	}
	if (y < 0 || m < 0 || d < 0)
		return 0;
	return sr_date_make(y, m, d);
}

/* Longest names first within a month so "September" wins over "Sept" and "Sep". */
#define M(name, month) {name, sizeof name - 1, month}
static const struct {
	const char *name;
	size_t len; /* bytes, so a lookup needs no strlen per candidate */
	int month;
} months[] = {
	M("january", 1), M("jan.", 1), M("jan", 1),
	M("february", 2), M("feb.", 2), M("feb", 2),
	M("march", 3), M("mar.", 3), M("mar", 3),
	M("april", 4), M("apr.", 4), M("apr", 4),
	M("may", 5),
	M("june", 6), M("jun.", 6), M("jun", 6),
	M("july", 7), M("jul.", 7), M("jul", 7),
	M("august", 8), M("aug.", 8), M("aug", 8),
	M("september", 9), M("sept.", 9), M("sept", 9), M("sep.", 9), M("sep", 9),
	M("october", 10), M("oct.", 10), M("oct", 10),
	M("november", 11), M("nov.", 11), M("nov", 11),
	M("december", 12), M("dec.", 12), M("dec", 12),
	/* Russian: nominative and genitive ("18 марта") */
	M("января", 1), M("январь", 1), M("февраля", 2), M("февраль", 2),
	M("марта", 3), M("март", 3), M("апреля", 4), M("апрель", 4),
	M("мая", 5), M("май", 5), M("июня", 6), M("июнь", 6),
	M("июля", 7), M("июль", 7), M("августа", 8), M("август", 8),
	M("сентября", 9), M("сентябрь", 9), M("октября", 10), M("октябрь", 10),
	M("ноября", 11), M("ноябрь", 11), M("декабря", 12), M("декабрь", 12),
	/* Belarusian genitive and nominative */
	M("студзеня", 1), M("студзень", 1), M("лютага", 2), M("люты", 2),
	M("сакавіка", 3), M("сакавік", 3), M("красавіка", 4), M("красавік", 4),
	M("траўня", 5), M("травень", 5), M("чэрвеня", 6), M("чэрвень", 6),
	M("ліпеня", 7), M("ліпень", 7), M("жніўня", 8), M("жнівень", 8),
	M("верасня", 9), M("верасень", 9), M("кастрычніка", 10), M("кастрычнік", 10),
	M("лістапада", 11), M("лістапад", 11), M("снежня", 12), M("снежань", 12),
};
#undef M

/* Case-insensitive compare of UTF-8 text against a lower-case name of nl
 * bytes: ASCII letters fold directly; Cyrillic capitals fold by mapping
 * U+0410..U+042F to U+0430..U+044F and U+0406 (І) to U+0456 (і) — enough for
 * month names, without a general case-folding table on this hot path. */
static size_t match_name(const char *s, size_t n, const char *name, size_t nl)
{
	size_t i = 0, j = 0;
	while (j < nl) {
		if (i >= n)
			return 0;
		unsigned char c = (unsigned char)s[i], e = (unsigned char)name[j];
		if (c < 0x80) {
			if ((c | 0x20) != e && c != e)
				return 0;
			i++, j++;
			continue;
		}
		if (i + 1 >= n || j + 1 >= nl)
			return 0;
		unsigned cp = ((c & 0x1Fu) << 6) | ((unsigned char)s[i + 1] & 0x3Fu);
		unsigned ep = ((e & 0x1Fu) << 6) | ((unsigned char)name[j + 1] & 0x3Fu);
		if (cp >= 0x410 && cp <= 0x42F)
			cp += 0x20;
		else if (cp == 0x406)
			cp = 0x456;
		if (cp != ep)
			return 0;
		i += 2, j += 2;
	}
	/* a month name must end at a word boundary */
	if (i < n) {
		unsigned char c = (unsigned char)s[i];
		if ((c | 0x20) >= 'a' && (c | 0x20) <= 'z')
			return 0;
		if (c >= 0xC0 && name[nl - 1] != '.')
			return 0;
	}
	return i;
}

/* The slot of a folded first letter: ASCII a–z, then Cyrillic а–џ (U+0430
 * to U+045F, capitals folded); -1 for anything else. */
#define NSLOTS (26 + 48)
static int first_slot(const char *s, size_t n)
{
	unsigned char c = (unsigned char)s[0];
	if (c < 0x80)
		return (unsigned)((c | 0x20) - 'a') < 26u ? (c | 0x20) - 'a' : -1;
	if (n < 2 || (c != 0xD0 && c != 0xD1))
		return -1;
	unsigned cp = ((c & 0x1Fu) << 6) | ((unsigned char)s[1] & 0x3Fu);
	if (cp >= 0x410 && cp <= 0x42F)
		cp += 0x20;
	else if (cp == 0x406)
		cp = 0x456;
	return cp >= 0x430 && cp <= 0x45F ? 26 + (int)(cp - 0x430) : -1;
}

/* Names grouped by first letter: a lookup runs on every word a date parser
 * tries, and a walk over all ~85 names cost ~800 instructions. */
#define NMONTHS (sizeof months / sizeof months[0])
_Static_assert(NMONTHS < 256, "month indexes are bytes");
static unsigned char by_first[NMONTHS];     /* indexes into months, grouped by slot, table order kept */
static unsigned char slot_start[NSLOTS + 1]; /* slot s: by_first[slot_start[s] .. slot_start[s + 1]) */
static pthread_once_t by_first_once = PTHREAD_ONCE_INIT;

static void build_by_first(void)
{
	unsigned char count[NSLOTS] = {0};
	for (size_t m = 0; m < NMONTHS; m++)
		count[first_slot(months[m].name, months[m].len)]++;
	for (int k = 0; k < NSLOTS; k++)
		slot_start[k + 1] = (unsigned char)(slot_start[k] + count[k]);
	unsigned char fill[NSLOTS];
	memcpy(fill, slot_start, sizeof fill);
	for (size_t m = 0; m < NMONTHS; m++)
		by_first[fill[first_slot(months[m].name, months[m].len)]++] = (unsigned char)m;
}

int sr_month_lookup(const char *s, size_t n, size_t *len)
{
	if (n == 0)
		return 0;
	int slot = first_slot(s, n);
	if (slot < 0)
		return 0;
	pthread_once(&by_first_once, build_by_first);
	for (size_t k = slot_start[slot]; k < slot_start[slot + 1]; k++) {
		size_t got = match_name(s, n, months[by_first[k]].name, months[by_first[k]].len);
		if (got) {
			if (len)
				*len = got;
			return months[by_first[k]].month;
		}
	}
	return 0;
}
