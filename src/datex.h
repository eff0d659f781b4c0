/* datex.h — date expressions in running text.
 *
 * The extract stage meets dates in many shapes: "October 25", "Oct. 25, 2019",
 * "25 October 2019", "18 марта 2019 года", "March 18th", "2019-03-18",
 * "21-05-2018", week periods "March 18 – March 24, 2019" / "18–24 марта 2019",
 * and named dated events ("Army Games-2017"). These functions recognise them at
 * a given position, without regular expressions, and never read outside
 * s[0..n): they are fed arbitrary bytes (see tests/fuzz). A month or day alone
 * carries no year; sr_datex_on_or_before/nearest resolve it against an anchor. */
#ifndef SITREP_DATEX_H
#define SITREP_DATEX_H

#include <stddef.h>

#include "util/date.h"

/* One date expression: y is 0 when the text gave no year, d is 0 for a month
 * with a year ("October 2012"). */
typedef struct sr_datex {
	int y, m, d;
} sr_datex;

/* A date expression starting exactly at s (callers pass word starts). Returns
 * the bytes it spans, or 0 when there is none. Month-day without year and
 * month-year are accepted; a bare number or month name is not. */
size_t sr_datex_parse(const char *s, size_t n, sr_datex *out /* OUT */);

/* A period "March 18 – March 24, 2019", "March 18-24, 2019",
 * "January 29 – February 4, 2018", "18–24 марта 2019" at s. A year given
 * once applies to both ends (start in the year before when its month is
 * later: "December 28 – January 3, 2020"). Returns bytes spanned or 0. */
size_t sr_datex_range(const char *s, size_t n, sr_datex *from /* OUT */,
		      sr_datex *to /* OUT */);

/* A clock time "11:26", "11:59:02", "9:30 pm" at s; bytes spanned or 0. */
size_t sr_datex_time(const char *s, size_t n);

/* The latest date with this month and day on or before anchor (so a
 * citation "October 25" in an article of 2019-10-30 is 2019-10-25, and in
 * one of 2019-01-10 is 2018-10-25). 0 when anchor is 0 or no such date. */
sr_date sr_datex_on_or_before(int m, int d, sr_date anchor);

/* The date with this month and day closest to anchor (a year either side). */
sr_date sr_datex_nearest(int m, int d, sr_date anchor);

/* Named dated events in text: a capitalised name joined by a hyphen to a
 * year ("Army Games-2017", "Zapad-2021", "Запад-2017"). The latest year
 * mentioned wins; when the name is a known recurring event its usual window
 * in that year is returned ([*lo, *hi]), and 1; an unknown name gives the
 * year only (*lo = Jan 1, *hi = Dec 31) and 2; 0 when there is none. */
int sr_datex_event(const char *s, size_t n, sr_date *lo /* OUT */, sr_date *hi /* OUT */);

#endif
