/*
 * test_funnel.c: funnel-plot limits (analyze/funnel.c), worked by hand
 * from Spiegelhalter 2005 (Statistics in Medicine 24:1185-1202), the
 * normal approximation for a proportion: p -/+ z sqrt(p (1 - p) / n).
 */
#include "testutil.h"

#include "funnel.h"

/*
 * p = 0.1, n = 100: sqrt(0.1 * 0.9 / 100) = 0.03;
 *   95%:   0.1 -/+ 1.959964 * 0.03 = 0.1 -/+ 0.05879892
 *          = [0.04120108, 0.15879892]
 *   99.8%: 0.1 -/+ 3.090232 * 0.03 = 0.1 -/+ 0.09270696
 *          = [0.00729304, 0.19270696]
 */
static void test_funnel__hand_worked_limits(void **state)
{
    double lo = 0.0, hi = 0.0;

    (void)state;
    assert_int_equal(funnel_limits(0.1, 100, FUNNEL_Z95, &lo, &hi), MS_OK);
    assert_close(lo, 0.04120108, 1e-12);
    assert_close(hi, 0.15879892, 1e-12);
    assert_int_equal(funnel_limits(0.1, 100, FUNNEL_Z998, &lo, &hi), MS_OK);
    assert_close(lo, 0.00729304, 1e-12);
    assert_close(hi, 0.19270696, 1e-12);
}

/*
 * Clipped at 0: p = 0.05, n = 10: sqrt(0.05 * 0.95 / 10) = 0.068920244;
 *   95%: 0.05 -/+ 0.135081 -> [0 (from -0.085081), 0.185081]
 * and at 1 for p = 1 (no spread): [1, 1].
 */
static void test_funnel__limits_are_clipped(void **state)
{
    double lo = -1.0, hi = -1.0;

    (void)state;
    assert_int_equal(funnel_limits(0.05, 10, FUNNEL_Z95, &lo, &hi), MS_OK);
    assert_true(lo == 0.0);
    assert_close(hi, 0.05 + 1.959964 * 0.0689202437604511, 1e-12);
    assert_close(hi, 0.185081, 1e-6);
    assert_int_equal(funnel_limits(1.0, 3, FUNNEL_Z998, &lo, &hi), MS_OK);
    assert_true(lo == 1.0 && hi == 1.0);
}

static void test_funnel__signal(void **state)
{
    (void)state;
    /* limits of the hand-worked case: 95% [0.0412, 0.1588], 99.8% high
     * 0.1927 */
    assert_string_equal(funnel_signal(0.20, 0.0412, 0.1588, 0.1927), "above");
    assert_string_equal(funnel_signal(0.17, 0.0412, 0.1588, 0.1927), "watch");
    assert_string_equal(funnel_signal(0.03, 0.0412, 0.1588, 0.1927), "below");
    assert_string_equal(funnel_signal(0.10, 0.0412, 0.1588, 0.1927), "");
    /* on a limit: not beyond it */
    assert_string_equal(funnel_signal(0.1588, 0.0412, 0.1588, 0.1927), "");
    assert_string_equal(funnel_signal(0.5, NAN, NAN, NAN), "");
}

static void test_funnel__absent_and_refused(void **state)
{
    double lo = 0.0, hi = 0.0;

    (void)state;
    assert_int_equal(funnel_limits(0.1, 0, FUNNEL_Z95, &lo, &hi), MS_OK);
    assert_true(isnan(lo) && isnan(hi));
    assert_int_equal(funnel_limits(1.5, 10, FUNNEL_Z95, &lo, &hi),
                     MS_SOFTWARE);
    assert_int_equal(funnel_limits(0.1, -1, FUNNEL_Z95, &lo, &hi),
                     MS_SOFTWARE);
    assert_int_equal(funnel_limits(0.1, 10, FUNNEL_Z95, NULL, &hi),
                     MS_SOFTWARE);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_funnel__hand_worked_limits),
        cmocka_unit_test(test_funnel__limits_are_clipped),
        cmocka_unit_test(test_funnel__signal),
        cmocka_unit_test(test_funnel__absent_and_refused),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
