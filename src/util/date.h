/* date.h — calendar dates as integers.
 *
 * A date is yyyymmdd in an int (20190318); 0 means unknown. Day numbers
 * (days since 1970-01-01) make arithmetic and ISO weeks easy. Proleptic
 * Gregorian, years 1..9999. */
#ifndef SITREP_DATE_H
#define SITREP_DATE_H

#include <stddef.h>

typedef int sr_date; /* yyyymmdd, 0 = unknown */

int sr_date_make(int y, int m, int d); /* 0 if not a real date */
int sr_date_valid(sr_date d);
long sr_date_to_days(sr_date d);
sr_date sr_date_from_days(long days);
sr_date sr_date_add(sr_date d, long days);
int sr_date_weekday(sr_date d); /* 1 = Monday … 7 = Sunday */
int sr_days_in_month(int y, int m);

/* ISO 8601 week: year and week number of d. */
void sr_date_isoweek(sr_date d, int *year /* OUT */, int *week /* OUT */);
/* Monday of ISO week (year, week); 0 if out of range. */
sr_date sr_date_from_isoweek(int year, int week);

/* "YYYY-MM-DD" into out (11 bytes); "" for unknown. */
void sr_date_format(sr_date d, char out[11]);
/* Parse "YYYY-MM-DD" or "YYYYMMDD" exactly; 0 if not valid. */
sr_date sr_date_parse_iso(const char *s, size_t len);

/* Month name (English or Russian/Belarusian, any case, full or common
 * abbreviation, inflected Russian genitive forms) at the start of s; returns
 * 1..12 and the matched byte length in *len, 0 if none. */
int sr_month_lookup(const char *s, size_t n, size_t *len /* OUT */);

#endif
