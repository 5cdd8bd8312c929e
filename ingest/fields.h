/*
 * fields.h: parsing one CSV field into a typed value, as inputs.md says.
 *
 * Pure functions over (pointer, length) with no allocation: ingest calls
 * them for every field, and the fuzzers call them directly.  Each returns
 * a reject rule on failure (the stable codes of the rejects table).
 */
#ifndef MS_FIELDS_H
#define MS_FIELDS_H

#include <stddef.h>
#include <stdint.h>

/* The outcome of checking a field or a record: FIELD_OK or the rule that
 * rejects it.  field_rule_str() gives the code stored in rejects.rule. */
enum field_rule {
    FIELD_OK = 0,
    FIELD_MISSING_VALUE,       /* missing_value: a required value is empty */
    FIELD_INVALID_DATE,        /* invalid_date: not a date, or impossible */
    FIELD_INVALID_VALUE,       /* invalid_value: not in the enum, not a number */
    FIELD_OUT_OF_RANGE,        /* out_of_range: a number outside its range */
    FIELD_END_BEFORE_START,    /* end_before_start: a date before its start */
    FIELD_DUPLICATE_ID,        /* duplicate_id: the id of an earlier row */
    FIELD_TOO_MANY_FIELDS,     /* too_many_fields: more fields than the header */
    FIELD_UNTERMINATED_QUOTE,  /* unterminated_quote: open quote at end of file */
    FIELD_RECORD_TOO_LONG      /* record_too_long: a record over 16 MiB */
};

/* "missing_value", "invalid_date", ...  This function can't fail. */
const char *field_rule_str(enum field_rule r);

/* Whole number: optional sign, digits; must fit in [lo, hi].
 * FIELD_INVALID_VALUE when not a number, FIELD_OUT_OF_RANGE when outside
 * (including numbers too large to represent). */
enum field_rule field_parse_int(const char *s, size_t n, long lo, long hi,
                                long *out);

/* Decimal number: digits with an optional '.' fraction (or ',' when
 * decimal_comma), optional sign and exponent; must be finite and > 0 when
 * positive is set (FIELD_OUT_OF_RANGE).  Rejects thousands separators.
 * A number written with 64 or more characters is FIELD_OUT_OF_RANGE. */
enum field_rule field_parse_number(const char *s, size_t n, int decimal_comma,
                                   int positive, double *out);

/* 1/0, true/false, yes/no, ja/nej (any case) -> 1 or 0. */
enum field_rule field_parse_bool(const char *s, size_t n, int *out);

/* Index of s in the NULL-terminated list words (case-insensitive), or
 * FIELD_INVALID_VALUE. */
enum field_rule field_parse_enum(const char *s, size_t n,
                                 const char *const *words, int *out);

/* A date as dates.h reads it -> FIELD_INVALID_DATE on failure. */
enum field_rule field_parse_date(const char *s, size_t n, int32_t *out);

#endif
