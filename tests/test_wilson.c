/*
 * test_wilson.c: the Wilson score interval (analyze/wilson.c).
 */
#include "testutil.h"

#include <gsl/gsl_errno.h>

#include "wilson.h"

static int group_setup(void **state)
{
    (void)state;
    gsl_set_error_handler_off();
    return 0;
}

/* Newcombe RG (1998). Two-sided confidence intervals for the single
 * proportion: comparison of seven methods. Statistics in Medicine
 * 17:857-872, Table I, method 3 (Wilson score, no continuity correction),
 * 95% limits published to 4 decimals.  The last two rows are the first
 * two mirrored (s -> n - s gives 1 - high, 1 - low), which checks the
 * upper-limit formula against the same published figures. */
static const struct {
    long s, n;
    double low, high;
} newcombe[] = {
    {81, 263, 0.2553, 0.3662},
    {15, 148, 0.0624, 0.1605},
    {0, 20, 0.0000, 0.1611},
    {1, 29, 0.0061, 0.1718},
    {20, 20, 1.0 - 0.1611, 1.0000},
    {28, 29, 1.0 - 0.1718, 1.0 - 0.0061},
};

static void test_wilson__newcombe_table_1_method_3(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof newcombe / sizeof newcombe[0]; i++) {
        double lo = -1, hi = -1;
        assert_int_equal(wilson_interval(newcombe[i].s, newcombe[i].n, 0.95, &lo, &hi), MS_OK);
        assert_close(lo, newcombe[i].low, 0.00005);
        assert_close(hi, newcombe[i].high, 0.00005);
    }
}

static void test_wilson__zero_and_all_successes_hit_the_bounds_exactly(void **state)
{
    double lo, hi;
    (void)state;
    assert_int_equal(wilson_interval(0, 20, 0.95, &lo, &hi), MS_OK);
    assert_true(lo == 0.0);
    assert_true(hi < 1.0);
    assert_int_equal(wilson_interval(20, 20, 0.95, &lo, &hi), MS_OK);
    assert_true(hi == 1.0);
    assert_true(lo > 0.0);
    /* one trial: 1/1 gives (2 + z^2 - z sqrt(z^2)) / (2(1 + z^2)) =
     * 1/(1 + z^2) = 0.206543 by hand (z = 1.959964, z^2 = 3.841459) */
    assert_int_equal(wilson_interval(1, 1, 0.95, &lo, &hi), MS_OK);
    assert_close(lo, 1.0 / 4.841459, 1e-6);
    assert_true(hi == 1.0);
}

static void test_wilson__no_trials_is_absent(void **state)
{
    double lo = 0.5, hi = 0.5;
    (void)state;
    assert_int_equal(wilson_interval(0, 0, 0.95, &lo, &hi), MS_OK);
    assert_true(isnan(lo));
    assert_true(isnan(hi));
}

static void test_wilson__bad_arguments_refused_and_outputs_untouched(void **state)
{
    static const struct {
        long s, n;
        double conf;
    } bad[] = {
        {-1, 10, 0.95}, {11, 10, 0.95}, {0, -1, 0.95}, {5, 10, 0.0},
        {5, 10, 1.0},   {5, 10, -0.5},  {5, 10, 1.5},  {5, 10, NAN},
    };
    double lo = 7, hi = 8;
    (void)state;
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        assert_int_equal(wilson_interval(bad[i].s, bad[i].n, bad[i].conf, &lo, &hi), MS_SOFTWARE);
        assert_true(lo == 7 && hi == 8);
    }
    assert_int_equal(wilson_interval(1, 2, 0.95, NULL, &hi), MS_SOFTWARE);
    assert_int_equal(wilson_interval(1, 2, 0.95, &lo, NULL), MS_SOFTWARE);
    assert_true(lo == 7 && hi == 8);
}

static void test_wilson__limits_ordered_symmetric_and_nested(void **state)
{
    (void)state;
    for (long n = 1; n <= 80; n++)
        for (long s = 0; s <= n; s++) {
            double lo, hi, lo2, hi2, lo99, hi99;
            double p = (double)s / (double)n;
            assert_int_equal(wilson_interval(s, n, 0.95, &lo, &hi), MS_OK);
            if (!(0.0 <= lo && lo <= p && p <= hi && hi <= 1.0))
                fail_msg("%ld/%ld: [%g, %g] does not hold %g", s, n, lo, hi, p);
            assert_true((lo == 0.0) == (s == 0));
            assert_true((hi == 1.0) == (s == n));
            /* failures are successes seen the other way round */
            assert_int_equal(wilson_interval(n - s, n, 0.95, &lo2, &hi2), MS_OK);
            assert_close(lo, 1.0 - hi2, 1e-15);
            assert_close(hi, 1.0 - lo2, 1e-15);
            /* a 99% interval holds the 95% one */
            assert_int_equal(wilson_interval(s, n, 0.99, &lo99, &hi99), MS_OK);
            assert_true(lo99 <= lo && hi <= hi99);
        }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_wilson__newcombe_table_1_method_3),
        cmocka_unit_test(test_wilson__zero_and_all_successes_hit_the_bounds_exactly),
        cmocka_unit_test(test_wilson__no_trials_is_absent),
        cmocka_unit_test(test_wilson__bad_arguments_refused_and_outputs_untouched),
        cmocka_unit_test(test_wilson__limits_ordered_symmetric_and_nested),
    };
    return cmocka_run_group_tests(tests, group_setup, NULL);
}
