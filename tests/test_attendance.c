/*
 * test_attendance.c: the attendance rules of results.md (res_attendance)
 * as analyze/attendance.h implements them: the expected number of
 * meetings, the on-cadence rule and hours per pair-month.  Every expected
 * value is worked out by hand from the results.md formulas in the comment
 * beside it.
 */
#include "testutil.h"

#include "attendance.h"

/* expected(d) = min(d, 61)/14 + max(d - 61, 0)/30.4375 */
static void test_attendance__expected_at_the_edges(void **state)
{
    static const struct {
        long days;
        double expected;
    } cases[] = {
        {0, 0.0},                                  /* no time, no meeting */
        {14, 1.0},                                 /* 14/14 */
        {56, 4.0},                                 /* 56/14 */
        {61, 4.357142857142857},                   /* 61/14 */
        {62, 4.357142857142857 + 0.0328542094},    /* 61/14 + 1/30.4375 */
        {365, 4.357142857142857 + 9.9876796715},   /* 61/14 + 304/30.4375 */
    };

    (void)state;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        assert_close(attendance_expected(cases[i].days), cases[i].expected,
                     1e-9);
}

/* From day 61 on, a month (30.4375 days) adds exactly one meeting. */
static void test_attendance__expected_is_monthly_after_day_61(void **state)
{
    (void)state;
    /* 61 + 30.4375 k is not a whole day; over 487 days = 16 months:
     * expected(61 + 487) - expected(61) = 487/30.4375 = 16 */
    assert_close(attendance_expected(548) - attendance_expected(61), 16.0,
                 1e-12);
    /* before day 61, two weeks add exactly one */
    assert_close(attendance_expected(42) - attendance_expected(28), 1.0, 1e-12);
}

/* on cadence: held >= 0.75 expected(d); the threshold is worked out per
 * day count: 0 -> 0; 14 -> 0.75; 56 -> 3 exactly (the >= edge);
 * 61 -> 3.2679; 62 -> 3.2925; 365 -> 10.7586. */
static void test_attendance__on_cadence_at_the_threshold(void **state)
{
    static const struct {
        long held, days;
        int on;
    } cases[] = {
        {0, 0, 1},                 /* 0 >= 0 */
        {1, 14, 1}, {0, 14, 0},
        {3, 56, 1}, {2, 56, 0},    /* exactly 0.75 x 4 = 3 is on cadence */
        {4, 61, 1}, {3, 61, 0},
        {4, 62, 1}, {3, 62, 0},
        {11, 365, 1}, {10, 365, 0},
    };

    (void)state;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        if (attendance_on_cadence(cases[i].held, cases[i].days) != cases[i].on)
            fail_msg("held %ld in %ld days: on cadence %d, expected %d",
                     cases[i].held, cases[i].days,
                     attendance_on_cadence(cases[i].held, cases[i].days),
                     cases[i].on);
    }
}

/* hours per month = (minutes / 60) / (days / 30.4375) */
static void test_attendance__hours_per_month_by_hand(void **state)
{
    static const struct {
        long minutes, days;
        double hours;
    } cases[] = {
        {120, 14, 4.348214285714286},   /* 2 h x 30.4375 / 14 */
        {0, 14, 0.0},                   /* held without durations */
        {240, 61, 1.995901639344262},   /* 4 h x 30.4375 / 61 */
        {270, 62, 2.209173387096774},   /* 4.5 h x 30.4375 / 62 */
        {720, 365, 1.000684931506849},  /* 12 h x 30.4375 / 365 */
    };

    (void)state;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        assert_close(attendance_hours_per_month(cases[i].minutes,
                                                cases[i].days),
                     cases[i].hours, 1e-12);
}

/* A pair with no active days has no rate: it is left out of the mean. */
static void test_attendance__hours_per_month_without_days_absent(void **state)
{
    (void)state;
    assert_true(isnan(attendance_hours_per_month(60, 0)));
    assert_true(isnan(attendance_hours_per_month(0, 0)));
    assert_true(isnan(attendance_hours_per_month(60, -3)));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_attendance__expected_at_the_edges),
        cmocka_unit_test(test_attendance__expected_is_monthly_after_day_61),
        cmocka_unit_test(test_attendance__on_cadence_at_the_threshold),
        cmocka_unit_test(test_attendance__hours_per_month_by_hand),
        cmocka_unit_test(test_attendance__hours_per_month_without_days_absent),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
