/*
 * test_dates.c: date parsing and day arithmetic (core/dates.c).
 */
#include "testutil.h"

#include <string.h>

#include "dates.h"

static int32_t parse(const char *s)
{
    int32_t d = INT32_MIN;
    return date_parse(s, strlen(s), &d) == 0 ? d : INT32_MIN;
}

static void test_dates__iso_and_nordic_forms_agree(void **state)
{
    (void)state;
    assert_int_equal(parse("1970-01-01"), 0);
    assert_int_equal(parse("2025-03-04"), parse("04.03.2025"));
    assert_int_equal(parse("2025-03-04 14:30"), parse("2025-03-04"));
    assert_int_equal(parse("2025-03-04T14:30:00"), parse("2025-03-04"));
    assert_int_equal(parse("04.03.2025 14:30"), parse("2025-03-04"));
    assert_int_equal(parse("2025-03-04T14:30:00.123Z"), parse("2025-03-04"));
    assert_int_equal(parse("2025-03-04T14:30:00+01:00"), parse("2025-03-04"));
    /* 2000-03-01 is day 11017 (Unix epoch days) */
    assert_int_equal(parse("2000-03-01"), 11017);
}

static void test_dates__impossible_and_malformed_refused(void **state)
{
    static const char *bad[] = {
        "2025-02-30", "2023-02-29", "2025-13-01", "2025-00-10", "2025-01-00",
        "31.04.2025", "2025/03/04", "25-03-04", "2025-3-4", "4.3.2025",
        "2025-03-04x", "2025-03-04 25:00", "2025-03-04 14", "", "0000-01-01",
        "2025-03-04T", "abcd-ef-gh", "2025-03-04 14:30:00 extra",
    };
    (void)state;
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        if (parse(bad[i]) != INT32_MIN)
            fail_msg("'%s' was accepted", bad[i]);
    assert_int_not_equal(parse("2024-02-29"), INT32_MIN);
    assert_int_not_equal(parse("2000-02-29"), INT32_MIN);
    assert_int_equal(parse("1900-02-29"), INT32_MIN);
}

static void test_dates__extremes_round_trip(void **state)
{
    char buf[11];
    (void)state;
    assert_string_equal(date_format(parse("0001-01-01"), buf), "0001-01-01");
    assert_string_equal(date_format(parse("9999-12-31"), buf), "9999-12-31");
    for (int32_t t = -719162; t <= 2932896; t += 997) /* 0001-01-01 .. 9999-12-31 */
        assert_int_equal(parse(date_format(t, buf)), t);
}

static void test_dates__months_are_results_md_days(void **state)
{
    (void)state;
    /* results.md: month 8 is day 244, month 24 is day 731, 12 months 365 */
    assert_int_equal(date_months_to_days(8), 244);
    assert_int_equal(date_months_to_days(24), 731);
    assert_int_equal(date_months_to_days(12), 365);
    assert_int_equal(date_months_to_days(0), 0);
    assert_int_equal(date_months_to_days(1), 30);
    assert_int_equal(date_months_to_days(2), 61);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_dates__iso_and_nordic_forms_agree),
        cmocka_unit_test(test_dates__impossible_and_malformed_refused),
        cmocka_unit_test(test_dates__extremes_round_trip),
        cmocka_unit_test(test_dates__months_are_results_md_days),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
