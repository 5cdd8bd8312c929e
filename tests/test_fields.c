/*
 * test_fields.c: typed parsing of one CSV field (ingest/fields.c).
 *
 * One table per parser: the bytes (with an explicit length, so a field
 * need not end in NUL and may hold one), the arguments, the rule expected
 * and, when it is FIELD_OK, the value.  ingest trims fields before it calls
 * these, so spaces here are never trimmed.  Day numbers of dates are days
 * since 1970-01-01: 2000-01-01 is Unix time 946684800 = 10957 days (POSIX
 * "Seconds Since the Epoch", XBD 4.16).
 */
#include "testutil.h"

#include <limits.h>
#include <string.h>

#include "fields.h"

/* A field literal: its bytes and their number (an embedded NUL counts). */
#define F(s) s, sizeof(s) - 1

/* ---- field_parse_int ----------------------------------------------------- */

struct int_case {
    const char *s;
    size_t n;
    long lo, hi;
    enum field_rule rule;
    long value;
};

static const struct int_case int_cases[] = {
    {F("0"), 0, 10, FIELD_OK, 0},
    {F("7"), 1, 600, FIELD_OK, 7},
    {F("007"), 1, 600, FIELD_OK, 7},
    {F("+5"), 0, 10, FIELD_OK, 5},
    {F("-2"), -2, 2, FIELD_OK, -2},
    {F("-0"), 0, 0, FIELD_OK, 0},
    {F("600"), 1, 600, FIELD_OK, 600},
    {F("601"), 1, 600, FIELD_OUT_OF_RANGE, 0},
    {F("0"), 1, 600, FIELD_OUT_OF_RANGE, 0},
    {F("-3"), -2, 2, FIELD_OUT_OF_RANGE, 0},
    {F("3"), -2, 2, FIELD_OUT_OF_RANGE, 0},
    {F("11"), 0, 10, FIELD_OUT_OF_RANGE, 0},
    /* too big for any long: out of range, not garbage */
    {F("99999999999999999999"), 1, 600, FIELD_OUT_OF_RANGE, 0},
    {F("-99999999999999999999"), -2, 2, FIELD_OUT_OF_RANGE, 0},
    {F("99999999999999999999999999999999999999999999"), 0, 10,
     FIELD_OUT_OF_RANGE, 0},
    /* 2^64 + 5 and 2^65 + 2: wrapped around they would be 5 and 2 */
    {F("18446744073709551621"), 0, 10, FIELD_OUT_OF_RANGE, 0},
    {F("-36893488147419103234"), -2, 2, FIELD_OUT_OF_RANGE, 0},
    /* ... but digits must still be digits to the end */
    {F("99999999999999999999x"), 1, 600, FIELD_INVALID_VALUE, 0},
    /* not whole numbers */
    {F(""), 0, 10, FIELD_INVALID_VALUE, 0},
    {F("+"), 0, 10, FIELD_INVALID_VALUE, 0},
    {F("-"), 0, 10, FIELD_INVALID_VALUE, 0},
    {F("+-1"), -2, 2, FIELD_INVALID_VALUE, 0},
    {F("--1"), -2, 2, FIELD_INVALID_VALUE, 0},
    {F("4.5"), 0, 10, FIELD_INVALID_VALUE, 0},
    {F("4.0"), 0, 10, FIELD_INVALID_VALUE, 0},
    {F("1,5"), 0, 10, FIELD_INVALID_VALUE, 0},
    {F("1e2"), 0, 600, FIELD_INVALID_VALUE, 0},
    {F("0x10"), 0, 600, FIELD_INVALID_VALUE, 0},
    {F("1 000"), 0, 6000, FIELD_INVALID_VALUE, 0},
    {F("90 min"), 1, 600, FIELD_INVALID_VALUE, 0},
    {F("five"), 0, 10, FIELD_INVALID_VALUE, 0},
    {F(" 5"), 0, 10, FIELD_INVALID_VALUE, 0},   /* not trimmed here */
    {F("5 "), 0, 10, FIELD_INVALID_VALUE, 0},
    {F("\xef\xbc\x95"), 0, 10, FIELD_INVALID_VALUE, 0},   /* fullwidth 5 */
    {F("5\0"), 0, 10, FIELD_INVALID_VALUE, 0},   /* an embedded NUL */
    /* only n bytes are read */
    {"123", 2, 0, 600, FIELD_OK, 12},
    {"-2x", 2, -2, 2, FIELD_OK, -2},
};

static void test_fields__parse_int_table(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof int_cases / sizeof int_cases[0]; i++) {
        const struct int_case *c = &int_cases[i];
        long v = 0;
        enum field_rule r = field_parse_int(c->s, c->n, c->lo, c->hi, &v);

        if (r != c->rule)
            fail_msg("case %zu '%.*s' in %ld..%ld: %s, expected %s", i,
                     (int)c->n, c->s, c->lo, c->hi, field_rule_str(r),
                     field_rule_str(c->rule));
        if (r == FIELD_OK && v != c->value)
            fail_msg("case %zu '%.*s': %ld, expected %ld", i, (int)c->n, c->s,
                     v, c->value);
    }
}

/* ---- field_parse_number -------------------------------------------------- */

struct number_case {
    const char *s;
    size_t n;
    int decimal_comma, positive;
    enum field_rule rule;
    double value;
};

static const struct number_case number_cases[] = {
    {F("1"), 0, 1, FIELD_OK, 1},
    {F("1.5"), 0, 1, FIELD_OK, 1.5},
    {F("1.5"), 1, 1, FIELD_OK, 1.5},          /* '.' always */
    {F("1,5"), 1, 1, FIELD_OK, 1.5},          /* ',' with ';' files */
    {F("1,5"), 0, 1, FIELD_INVALID_VALUE, 0}, /* ... only with them */
    {F("+2.25"), 0, 1, FIELD_OK, 2.25},
    {F(".5"), 0, 1, FIELD_OK, 0.5},
    {F(",5"), 1, 1, FIELD_OK, 0.5},
    {F("5."), 0, 1, FIELD_OK, 5},
    {F("2E3"), 0, 1, FIELD_OK, 2000},
    {F("2e-1"), 0, 1, FIELD_OK, 0.2},
    {F("1,5e+1"), 1, 1, FIELD_OK, 15},
    {F("-1"), 0, 0, FIELD_OK, -1},
    {F("0"), 0, 0, FIELD_OK, 0},
    /* positive: > 0 */
    {F("0"), 0, 1, FIELD_OUT_OF_RANGE, 0},
    {F("0.0"), 0, 1, FIELD_OUT_OF_RANGE, 0},
    {F("-0"), 0, 1, FIELD_OUT_OF_RANGE, 0},
    {F("-1"), 0, 1, FIELD_OUT_OF_RANGE, 0},
    {F("-1,5"), 1, 1, FIELD_OUT_OF_RANGE, 0},
    /* not finite */
    {F("1e400"), 0, 1, FIELD_OUT_OF_RANGE, 0},
    {F("-1e400"), 0, 0, FIELD_OUT_OF_RANGE, 0},
    /* not numbers */
    {F(""), 0, 1, FIELD_INVALID_VALUE, 0},
    {F("."), 0, 1, FIELD_INVALID_VALUE, 0},
    {F("+"), 0, 1, FIELD_INVALID_VALUE, 0},
    {F("1.2.3"), 0, 1, FIELD_INVALID_VALUE, 0},
    {F("1.2.3"), 1, 1, FIELD_INVALID_VALUE, 0},
    {F("1,2,3"), 1, 1, FIELD_INVALID_VALUE, 0},
    {F("1,000.5"), 0, 1, FIELD_INVALID_VALUE, 0},   /* thousands separators */
    {F("1.000,5"), 1, 1, FIELD_INVALID_VALUE, 0},
    {F("1 000"), 1, 1, FIELD_INVALID_VALUE, 0},
    {F("1e"), 0, 1, FIELD_INVALID_VALUE, 0},
    {F("1e+"), 0, 1, FIELD_INVALID_VALUE, 0},
    {F("e5"), 0, 1, FIELD_INVALID_VALUE, 0},
    {F("inf"), 0, 1, FIELD_INVALID_VALUE, 0},
    {F("nan"), 0, 1, FIELD_INVALID_VALUE, 0},
    {F("0x1p3"), 0, 1, FIELD_INVALID_VALUE, 0},
    {F("1.5kg"), 0, 1, FIELD_INVALID_VALUE, 0},
    {F(" 1.5"), 0, 1, FIELD_INVALID_VALUE, 0},     /* not trimmed here */
    {F("1.5 "), 0, 1, FIELD_INVALID_VALUE, 0},
    {F("1\0"), 0, 1, FIELD_INVALID_VALUE, 0},
    /* length: text of any length is not a number; a number of 63
     * characters is read, one of 64 or more is out of range */
    {F("important, but only after the first review meeting has been held"),
     0, 1, FIELD_INVALID_VALUE, 0},
    {F("0.0000000000000000000000000000000000000000000000000000000000025"),
     0, 1, FIELD_OK, 2.5e-60},
    {F("0.00000000000000000000000000000000000000000000000000000000000025"),
     0, 1, FIELD_OUT_OF_RANGE, 0},
    /* only n bytes are read */
    {"2.5x", 3, 0, 1, FIELD_OK, 2.5},
};

static void test_fields__parse_number_table(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof number_cases / sizeof number_cases[0]; i++) {
        const struct number_case *c = &number_cases[i];
        double v = 0;
        enum field_rule r = field_parse_number(c->s, c->n, c->decimal_comma,
                                               c->positive, &v);

        if (r != c->rule)
            fail_msg("case %zu '%.*s' (comma %d, positive %d): %s, expected "
                     "%s", i, (int)c->n, c->s, c->decimal_comma, c->positive,
                     field_rule_str(r), field_rule_str(c->rule));
        if (r == FIELD_OK && v != c->value)
            fail_msg("case %zu '%.*s': %.17g, expected %.17g", i, (int)c->n,
                     c->s, v, c->value);
    }
}

/* ---- field_parse_bool ---------------------------------------------------- */

struct bool_case {
    const char *s;
    size_t n;
    enum field_rule rule;
    int value;
};

static const struct bool_case bool_cases[] = {
    {F("1"), FIELD_OK, 1},      {F("0"), FIELD_OK, 0},
    {F("true"), FIELD_OK, 1},   {F("FALSE"), FIELD_OK, 0},
    {F("True"), FIELD_OK, 1},   {F("false"), FIELD_OK, 0},
    {F("yes"), FIELD_OK, 1},    {F("No"), FIELD_OK, 0},
    {F("YES"), FIELD_OK, 1},    {F("no"), FIELD_OK, 0},
    {F("ja"), FIELD_OK, 1},     {F("nej"), FIELD_OK, 0},
    {F("JA"), FIELD_OK, 1},     {F("Nej"), FIELD_OK, 0},
    {F("Ja"), FIELD_OK, 1},     {F("NEJ"), FIELD_OK, 0},
    {F("maybe"), FIELD_INVALID_VALUE, 0},
    {F(""), FIELD_INVALID_VALUE, 0},
    {F("2"), FIELD_INVALID_VALUE, 0},
    {F("-1"), FIELD_INVALID_VALUE, 0},
    {F("y"), FIELD_INVALID_VALUE, 0},
    {F("j"), FIELD_INVALID_VALUE, 0},
    {F("jaa"), FIELD_INVALID_VALUE, 0},
    {F("ne"), FIELD_INVALID_VALUE, 0},
    {F("nein"), FIELD_INVALID_VALUE, 0},
    {F("01"), FIELD_INVALID_VALUE, 0},
    {F(" ja"), FIELD_INVALID_VALUE, 0},   /* not trimmed here */
    {F("ja "), FIELD_INVALID_VALUE, 0},
    {F("ja\0"), FIELD_INVALID_VALUE, 0},
    {"yesterday", 3, FIELD_OK, 1},        /* only n bytes are read */
    {"trueish", 4, FIELD_OK, 1},
};

static void test_fields__parse_bool_table(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof bool_cases / sizeof bool_cases[0]; i++) {
        const struct bool_case *c = &bool_cases[i];
        int v = 7;
        enum field_rule r = field_parse_bool(c->s, c->n, &v);

        if (r != c->rule)
            fail_msg("case %zu '%.*s': %s, expected %s", i, (int)c->n, c->s,
                     field_rule_str(r), field_rule_str(c->rule));
        if (r == FIELD_OK && v != c->value)
            fail_msg("case %zu '%.*s': %d, expected %d", i, (int)c->n, c->s,
                     v, c->value);
    }
}

/* ---- field_parse_enum ---------------------------------------------------- */

static void test_fields__parse_enum_table(void **state)
{
    static const char *const words[] = {"active", "completed", "ended_early",
                                        NULL};
    static const char *const none[] = {NULL};
    static const struct {
        const char *s;
        size_t n;
        enum field_rule rule;
        int index;
    } cases[] = {
        {F("active"), FIELD_OK, 0},
        {F("Active"), FIELD_OK, 0},
        {F("COMPLETED"), FIELD_OK, 1},
        {F("Ended_Early"), FIELD_OK, 2},
        {F("ended early"), FIELD_INVALID_VALUE, 0},
        {F("ended-early"), FIELD_INVALID_VALUE, 0},
        {F("act"), FIELD_INVALID_VALUE, 0},        /* no prefixes */
        {F("activex"), FIELD_INVALID_VALUE, 0},
        {F(""), FIELD_INVALID_VALUE, 0},
        {F(" active"), FIELD_INVALID_VALUE, 0},    /* not trimmed here */
        {F("active "), FIELD_INVALID_VALUE, 0},
        {F("active\0"), FIELD_INVALID_VALUE, 0},
        {F("\xc3\x84" "ctive"), FIELD_INVALID_VALUE, 0},
        {"completedX", 9, FIELD_OK, 1},           /* only n bytes are read */
    };

    (void)state;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        int v = -7;
        enum field_rule r = field_parse_enum(cases[i].s, cases[i].n, words,
                                             &v);
        if (r != cases[i].rule)
            fail_msg("case %zu '%.*s': %s, expected %s", i, (int)cases[i].n,
                     cases[i].s, field_rule_str(r),
                     field_rule_str(cases[i].rule));
        if (r == FIELD_OK && v != cases[i].index)
            fail_msg("case %zu: index %d, expected %d", i, v, cases[i].index);
    }
    {
        int v = -7;
        assert_int_equal(field_parse_enum(F("active"), none, &v),
                         FIELD_INVALID_VALUE);
    }
}

/* ---- field_parse_date ---------------------------------------------------- */

struct date_case {
    const char *s;
    size_t n;
    enum field_rule rule;
    int32_t days;
};

static const struct date_case date_cases[] = {
    {F("1970-01-01"), FIELD_OK, 0},
    {F("1969-12-31"), FIELD_OK, -1},
    {F("2000-01-01"), FIELD_OK, 10957},
    {F("01.01.2000"), FIELD_OK, 10957},
    {F("2000-01-01 14:30"), FIELD_OK, 10957},
    {F("2000-01-01T14:30:00"), FIELD_OK, 10957},
    {F("01.01.2000 23:59"), FIELD_OK, 10957},
    {F("2000-02-29"), FIELD_OK, 10957 + 31 + 28},   /* 2000 is leap */
    {F("2000-03-01"), FIELD_OK, 10957 + 31 + 29},
    {F("2001-01-01"), FIELD_OK, 10957 + 366},
    {F("29.02.2024"), FIELD_OK, 10957 + 8766 + 31 + 28},  /* 24 years */
    /* impossible dates */
    {F("2025-02-29"), FIELD_INVALID_DATE, 0},
    {F("2025-02-30"), FIELD_INVALID_DATE, 0},
    {F("1900-02-29"), FIELD_INVALID_DATE, 0},   /* 1900 is not leap */
    {F("31.04.2025"), FIELD_INVALID_DATE, 0},
    {F("31.06.2025"), FIELD_INVALID_DATE, 0},
    {F("2025-13-01"), FIELD_INVALID_DATE, 0},
    {F("2025-00-10"), FIELD_INVALID_DATE, 0},
    {F("2025-01-00"), FIELD_INVALID_DATE, 0},
    {F("2025-01-32"), FIELD_INVALID_DATE, 0},
    {F("32.01.2026"), FIELD_INVALID_DATE, 0},
    {F("0000-01-01"), FIELD_INVALID_DATE, 0},   /* years 1..9999 */
    /* other forms */
    {F(""), FIELD_INVALID_DATE, 0},
    {F("2025/03/04"), FIELD_INVALID_DATE, 0},
    {F("2025.03.04"), FIELD_INVALID_DATE, 0},
    {F("01-15-2026"), FIELD_INVALID_DATE, 0},
    {F("04/03/2025"), FIELD_INVALID_DATE, 0},
    {F("2025-3-4"), FIELD_INVALID_DATE, 0},
    {F("4.3.2025"), FIELD_INVALID_DATE, 0},
    {F("20250304"), FIELD_INVALID_DATE, 0},
    {F("2025-03"), FIELD_INVALID_DATE, 0},
    {F("soon"), FIELD_INVALID_DATE, 0},
    {F("2025-0a-04"), FIELD_INVALID_DATE, 0},
    {F("+025-03-04"), FIELD_INVALID_DATE, 0},
    {F(" 2025-03-04"), FIELD_INVALID_DATE, 0},  /* not trimmed here */
    {F("2025-03-04 "), FIELD_INVALID_DATE, 0},
    {F("2025-03-04x"), FIELD_INVALID_DATE, 0},
    {F("2025-03-04 25:00"), FIELD_INVALID_DATE, 0},
    {F("2025-03-04 noon"), FIELD_INVALID_DATE, 0},
    {F("2025-03-04\0"), FIELD_INVALID_DATE, 0},
    /* only n bytes are read */
    {"1970-01-02junk", 10, FIELD_OK, 1},
};

static void test_fields__parse_date_table(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof date_cases / sizeof date_cases[0]; i++) {
        const struct date_case *c = &date_cases[i];
        int32_t v = 424242;
        enum field_rule r = field_parse_date(c->s, c->n, &v);

        if (r != c->rule)
            fail_msg("case %zu '%.*s': %s, expected %s", i, (int)c->n, c->s,
                     field_rule_str(r), field_rule_str(c->rule));
        if (r == FIELD_OK && v != c->days)
            fail_msg("case %zu '%.*s': day %d, expected %d", i, (int)c->n,
                     c->s, (int)v, (int)c->days);
        if (r != FIELD_OK && v != 424242)
            fail_msg("case %zu: *out written on failure", i);
    }
}

/* ---- field_rule_str ------------------------------------------------------ */

static void test_fields__rule_codes_are_stable(void **state)
{
    /* the codes of the rejects table (schemas/001_init.sql, inputs.md) */
    static const struct {
        enum field_rule r;
        const char *code;
    } codes[] = {
        {FIELD_MISSING_VALUE, "missing_value"},
        {FIELD_INVALID_DATE, "invalid_date"},
        {FIELD_INVALID_VALUE, "invalid_value"},
        {FIELD_OUT_OF_RANGE, "out_of_range"},
        {FIELD_END_BEFORE_START, "end_before_start"},
        {FIELD_DUPLICATE_ID, "duplicate_id"},
        {FIELD_TOO_MANY_FIELDS, "too_many_fields"},
        {FIELD_UNTERMINATED_QUOTE, "unterminated_quote"},
        {FIELD_RECORD_TOO_LONG, "record_too_long"},
    };

    (void)state;
    for (size_t i = 0; i < sizeof codes / sizeof codes[0]; i++)
        assert_string_equal(field_rule_str(codes[i].r), codes[i].code);
    assert_string_equal(field_rule_str(FIELD_OK), "ok");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fields__parse_int_table),
        cmocka_unit_test(test_fields__parse_number_table),
        cmocka_unit_test(test_fields__parse_bool_table),
        cmocka_unit_test(test_fields__parse_enum_table),
        cmocka_unit_test(test_fields__parse_date_table),
        cmocka_unit_test(test_fields__rule_codes_are_stable),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
