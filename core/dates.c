/*
 * dates.c: day numbers for calendar dates (see dates.h).  The conversions
 * are Howard Hinnant's days_from_civil / civil_from_days algorithms
 * ("chrono-compatible low-level date algorithms"), exact for all years.
 */
#include "dates.h"

#include <math.h>

static int is_leap(int y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

int date_valid(int y, int m, int d)
{
    static const int mdays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};

    if (y < DATE_MIN_YEAR || y > DATE_MAX_YEAR || m < 1 || m > 12 || d < 1)
        return 0;
    return d <= mdays[m - 1] + (m == 2 && is_leap(y));
}

int32_t date_from_ymd(int y, int m, int d)
{
    int era, yoe, doy, doe;

    y -= m <= 2;
    era = (y >= 0 ? y : y - 399) / 400;
    yoe = y - era * 400;
    doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return (int32_t)(era * 146097 + doe - 719468);
}

void date_to_ymd(int32_t t, int *y, int *m, int *d)
{
    int32_t z = t + 719468;
    int32_t era = (z >= 0 ? z : z - 146096) / 146097;
    int32_t doe = z - era * 146097;
    int32_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int32_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int32_t mp = (5 * doy + 2) / 153;

    *d = (int)(doy - (153 * mp + 2) / 5 + 1);
    *m = (int)(mp < 10 ? mp + 3 : mp - 9);
    *y = (int)(yoe + era * 400 + (*m <= 2));
}

/* Read exactly n digits from s; -1 if any is not a digit. */
static int digits(const char *s, int n)
{
    int v = 0;

    for (int i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return -1;
        v = v * 10 + (s[i] - '0');
    }
    return v;
}

/* Accept the time part after a date: HH:MM[:SS[.f+]][Z|(+|-)HH[:]MM]. */
static int time_valid(const char *s, size_t n)
{
    size_t i = 0;
    int hh, mm, ss;

    if (n < 5 || (hh = digits(s, 2)) < 0 || s[2] != ':' ||
        (mm = digits(s + 3, 2)) < 0 || hh > 24 || mm > 59)
        return 0;
    i = 5;
    if (i < n && s[i] == ':') {
        if (n < i + 3 || (ss = digits(s + i + 1, 2)) < 0 || ss > 60)
            return 0;
        i += 3;
        if (i < n && (s[i] == '.' || s[i] == ',')) {
            size_t j = ++i;
            while (i < n && s[i] >= '0' && s[i] <= '9')
                i++;
            if (i == j)
                return 0;
        }
    }
    if (i < n && s[i] == 'Z')
        i++;
    else if (i < n && (s[i] == '+' || s[i] == '-')) {
        i++;
        if (n - i == 5 && s[i + 2] == ':' && digits(s + i, 2) >= 0 &&
            digits(s + i + 3, 2) >= 0)
            i += 5;
        else if (n - i == 4 && digits(s + i, 4) >= 0)
            i += 4;
        else if (n - i == 2 && digits(s + i, 2) >= 0)
            i += 2;
        else
            return 0;
    }
    return i == n;
}

int date_parse(const char *s, size_t n, int32_t *days)
{
    int y, m, d;
    size_t len;

    if (n >= 10 && s[4] == '-' && s[7] == '-') {
        y = digits(s, 4);
        m = digits(s + 5, 2);
        d = digits(s + 8, 2);
    } else if (n >= 10 && s[2] == '.' && s[5] == '.') {
        d = digits(s, 2);
        m = digits(s + 3, 2);
        y = digits(s + 6, 4);
    } else {
        return -1;
    }
    if (y < 0 || m < 0 || d < 0 || !date_valid(y, m, d))
        return -1;
    len = 10;
    if (n > len) {
        if (s[len] != ' ' && s[len] != 'T')
            return -1;
        if (!time_valid(s + len + 1, n - len - 1))
            return -1;
    }
    *days = date_from_ymd(y, m, d);
    return 0;
}

char *date_format(int32_t t, char out[11])
{
    int y, m, d;

    date_to_ymd(t, &y, &m, &d);
    out[0] = (char)('0' + y / 1000 % 10);
    out[1] = (char)('0' + y / 100 % 10);
    out[2] = (char)('0' + y / 10 % 10);
    out[3] = (char)('0' + y % 10);
    out[4] = '-';
    out[5] = (char)('0' + m / 10);
    out[6] = (char)('0' + m % 10);
    out[7] = '-';
    out[8] = (char)('0' + d / 10);
    out[9] = (char)('0' + d % 10);
    out[10] = '\0';
    return out;
}

int32_t date_months_to_days(double m)
{
    return (int32_t)floor(30.4375 * m + 0.5);
}
