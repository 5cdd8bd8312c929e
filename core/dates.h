/*
 * dates.h: calendar dates as day numbers, the way every stage counts time.
 *
 * A date is an int32_t: days since 1970-01-01 (negative before), proleptic
 * Gregorian, years 1..9999.  ingest parses the export forms, analyze counts
 * days and months (results.md: month m is day floor(30.4375 m + 0.5)).
 */
#ifndef MS_DATES_H
#define MS_DATES_H

#include <stddef.h>
#include <stdint.h>

#define DATE_MIN_YEAR 1
#define DATE_MAX_YEAR 9999

/* Parse s[0..n) as YYYY-MM-DD or DD.MM.YYYY, optionally followed by a time
 * (' ' or 'T', then HH:MM, HH:MM:SS, fractions and a zone allowed), of
 * which only the date is kept.  Leading/trailing spaces must already be
 * trimmed.  Returns 0 and sets *days, or -1 when s is not such a date or the
 * date is impossible (2025-02-30).  *days is untouched on failure. */
int date_parse(const char *s, size_t n, int32_t *days);

/* Day number of y-m-d; the caller guarantees a valid date. */
int32_t date_from_ymd(int y, int m, int d);

/* Split day number t into year, month (1..12) and day (1..31). */
void date_to_ymd(int32_t t, int *y, int *m, int *d);

/* 1 when y-m-d is a real calendar date in years 1..9999, else 0. */
int date_valid(int y, int m, int d);

/* Write t as YYYY-MM-DD plus NUL into out (11 bytes).  Returns out. */
char *date_format(int32_t t, char out[11]);

/* Days in m months: floor(30.4375 m + 0.5) (12 months = 365 days). */
int32_t date_months_to_days(double m);

#endif
