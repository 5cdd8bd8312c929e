/*
 * fields.c: typed parsing of CSV fields (see fields.h).  Hand-written
 * rather than strtol/strtod so that no locale, leading spaces or hex forms
 * slip through, and nothing needs a NUL terminator.
 */
#include "fields.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "dates.h"

const char *field_rule_str(enum field_rule r)
{
    switch (r) {
    case FIELD_OK: return "ok";
    case FIELD_MISSING_VALUE: return "missing_value";
    case FIELD_INVALID_DATE: return "invalid_date";
    case FIELD_INVALID_VALUE: return "invalid_value";
    case FIELD_OUT_OF_RANGE: return "out_of_range";
    case FIELD_END_BEFORE_START: return "end_before_start";
    case FIELD_DUPLICATE_ID: return "duplicate_id";
    case FIELD_TOO_MANY_FIELDS: return "too_many_fields";
    case FIELD_UNTERMINATED_QUOTE: return "unterminated_quote";
    case FIELD_RECORD_TOO_LONG: return "record_too_long";
    }
    return "invalid_value";
}

enum field_rule field_parse_int(const char *s, size_t n, long lo, long hi,
                                long *out)
{
    size_t i = 0;
    int neg = 0, big = 0;
    long v = 0;

    if (n > 0 && (s[0] == '+' || s[0] == '-')) {
        neg = s[0] == '-';
        i = 1;
    }
    if (i == n)
        return FIELD_INVALID_VALUE;
    for (; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return FIELD_INVALID_VALUE;
        if (v > 100000000000L)
            big = 1;   /* keep reading to tell a number from garbage */
        else
            v = v * 10 + (s[i] - '0');
    }
    if (big)
        return FIELD_OUT_OF_RANGE;
    if (neg)
        v = -v;
    if (v < lo || v > hi)
        return FIELD_OUT_OF_RANGE;
    *out = v;
    return FIELD_OK;
}

enum field_rule field_parse_number(const char *s, size_t n, int decimal_comma,
                                   int positive, double *out)
{
    char buf[64];
    size_t i = 0, digits = 0, mark = n;   /* mark: the decimal mark's index */
    char *end;
    double v;

    /* the syntax first, on s itself, so that text of any length is an
     * invalid value rather than out of range */
    if (i < n && (s[i] == '+' || s[i] == '-'))
        i++;
    for (; i < n && s[i] >= '0' && s[i] <= '9'; i++)
        digits++;
    if (i < n && (s[i] == '.' || (decimal_comma && s[i] == ','))) {
        mark = i++;
        for (; i < n && s[i] >= '0' && s[i] <= '9'; i++)
            digits++;
    }
    if (digits == 0)
        return FIELD_INVALID_VALUE;
    if (i < n && (s[i] == 'e' || s[i] == 'E')) {
        size_t j = ++i;
        if (i < n && (s[i] == '+' || s[i] == '-'))
            i++, j++;
        while (i < n && s[i] >= '0' && s[i] <= '9')
            i++;
        if (i == j)
            return FIELD_INVALID_VALUE;
    }
    if (i != n)
        return FIELD_INVALID_VALUE;
    if (n >= sizeof buf)
        return FIELD_OUT_OF_RANGE;   /* a number of 64 characters or more */
    memcpy(buf, s, n);
    buf[n] = '\0';
    if (mark < n)
        buf[mark] = '.';
    v = strtod(buf, &end);   /* the syntax is checked: C locale digits only */
    if (!isfinite(v))
        return FIELD_OUT_OF_RANGE;
    if (positive && !(v > 0))
        return FIELD_OUT_OF_RANGE;
    *out = v;
    return FIELD_OK;
}

/* Case-insensitive equality of s[0..n) and the lowercase word w. */
static int word_eq(const char *s, size_t n, const char *w)
{
    size_t i;

    for (i = 0; i < n; i++) {
        char c = s[i];
        if (c >= 'A' && c <= 'Z')
            c = (char)(c - 'A' + 'a');
        if (w[i] == '\0' || c != w[i])
            return 0;
    }
    return w[i] == '\0';
}

enum field_rule field_parse_bool(const char *s, size_t n, int *out)
{
    static const char *const yes[] = {"1", "true", "yes", "ja", NULL};
    static const char *const no[] = {"0", "false", "no", "nej", NULL};

    for (int i = 0; yes[i]; i++)
        if (word_eq(s, n, yes[i])) {
            *out = 1;
            return FIELD_OK;
        }
    for (int i = 0; no[i]; i++)
        if (word_eq(s, n, no[i])) {
            *out = 0;
            return FIELD_OK;
        }
    return FIELD_INVALID_VALUE;
}

enum field_rule field_parse_enum(const char *s, size_t n,
                                 const char *const *words, int *out)
{
    for (int i = 0; words[i]; i++)
        if (word_eq(s, n, words[i])) {
            *out = i;
            return FIELD_OK;
        }
    return FIELD_INVALID_VALUE;
}

enum field_rule field_parse_date(const char *s, size_t n, int32_t *out)
{
    return date_parse(s, n, out) == 0 ? FIELD_OK : FIELD_INVALID_DATE;
}
