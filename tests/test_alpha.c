/*
 * test_alpha.c: Cronbach's alpha (analyze/alpha.c).
 */
#include "testutil.h"

#include <stdint.h>

#include <gsl/gsl_errno.h>

#include "alpha.h"

static int group_setup(void **state)
{
    (void)state;
    gsl_set_error_handler_off();
    return 0;
}

/* Pingouin's documented example (Vallat 2018, JOSS 3:1026; dataset
 * "cronbach_alpha", after real-statistics.com, results "tested against the
 * psych R package"): 15 respondents x 10 Likert items,
 * pg.cronbach_alpha(...) = 0.5917188485995826 (psych: raw_alpha 0.59).
 * Rows are respondents 0..14, columns Q1..Q10. */
static const double likert15x10[15 * 10] = {
    3, 2, 4, 1, 4, 5, 1, 4, 3, 2,
    5, 4, 6, 3, 5, 1, 2, 5, 5, 5,
    7, 3, 5, 5, 6, 4, 3, 3, 6, 5,
    2, 4, 3, 3, 2, 2, 2, 6, 6, 3,
    6, 5, 6, 5, 4, 4, 4, 6, 7, 5,
    1, 2, 3, 4, 2, 5, 2, 3, 5, 2,
    4, 3, 5, 3, 5, 2, 1, 2, 4, 3,
    2, 4, 4, 3, 7, 2, 2, 4, 6, 5,
    6, 5, 5, 5, 1, 6, 5, 2, 3, 2,
    5, 4, 6, 4, 3, 5, 3, 1, 7, 2,
    4, 3, 5, 2, 5, 3, 2, 3, 4, 1,
    4, 2, 3, 2, 5, 3, 4, 2, 3, 4,
    5, 5, 6, 2, 3, 3, 2, 4, 4, 5,
    6, 5, 5, 4, 2, 2, 1, 4, 6, 5,
    4, 3, 5, 5, 3, 1, 3, 2, 3, 4,
};

/* Pingouin's documented example "cronbach_wide_missing": 12 respondents x
 * 11 binary items; after listwise deletion (the 9 complete rows below, the
 * responses this function is given in mentorstat too)
 * pg.cronbach_alpha(data, nan_policy="listwise") = 0.8016949152542373,
 * "In R: psych::alpha(data, use = 'complete.obs')". */
static const double binary9x11[9 * 11] = {
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 0, 1, 0,
    1, 1, 1, 0, 1, 1, 0, 1, 1, 0, 0,
    1, 1, 1, 1, 1, 0, 0, 0, 1, 0, 0,
    1, 1, 1, 1, 0, 0, 1, 0, 0, 0, 0,
    1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0,
    0, 1, 0, 1, 1, 0, 0, 0, 0, 1, 0,
    1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0,
    1, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0,
};

static void test_alpha__published_pingouin_and_psych_values(void **state)
{
    double a = 0;
    (void)state;
    assert_int_equal(alpha_cronbach(likert15x10, 15, 10, &a), MS_OK);
    assert_close(a, 0.5917188485995826, 1e-12);
    assert_int_equal(alpha_cronbach(binary9x11, 9, 11, &a), MS_OK);
    assert_close(a, 0.8016949152542373, 1e-12);
}

/* Sums of a row-major n x k matrix, as analyze tallies them. */
static void sums_of(const double *x, size_t n, size_t k, double *sum,
                    double *cross)
{
    for (size_t i = 0; i < k; i++)
        sum[i] = 0;
    for (size_t i = 0; i < k * k; i++)
        cross[i] = 0;
    for (size_t r = 0; r < n; r++)
        for (size_t i = 0; i < k; i++) {
            sum[i] += x[r * k + i];
            for (size_t j = 0; j < k; j++)
                cross[i * k + j] += x[r * k + i] * x[r * k + j];
        }
}

/* The same published values from the sums (tallied in two parts and
 * added, as analyze adds its groups up). */
static void test_alpha__sums_give_the_published_values(void **state)
{
    double sum[11], cross[121], s2[11], c2[121], a = 0;
    (void)state;
    sums_of(likert15x10, 15, 10, sum, cross);
    assert_int_equal(alpha_cronbach_sums(15, 10, sum, cross, &a), MS_OK);
    assert_close(a, 0.5917188485995826, 1e-12);
    sums_of(binary9x11, 4, 11, sum, cross);
    sums_of(binary9x11 + 4 * 11, 5, 11, s2, c2);
    for (size_t i = 0; i < 11; i++)
        sum[i] += s2[i];
    for (size_t i = 0; i < 121; i++)
        cross[i] += c2[i];
    assert_int_equal(alpha_cronbach_sums(9, 11, sum, cross, &a), MS_OK);
    assert_close(a, 0.8016949152542373, 1e-12);
}

/* Absent and refused as alpha_cronbach: one response or one item is NAN;
 * totals that do not vary (two identical answers) are NAN; NULL and
 * non-finite sums are refused with *alpha untouched. */
static void test_alpha__sums_absent_and_refused(void **state)
{
    double sum[2] = {3, 3}, cross[4] = {9, 9, 9, 9}, a = 7;
    double bad[2] = {NAN, 1};
    (void)state;
    assert_int_equal(alpha_cronbach_sums(1, 2, sum, cross, &a), MS_OK);
    assert_true(isnan(a));
    a = 7;
    assert_int_equal(alpha_cronbach_sums(5, 1, sum, cross, &a), MS_OK);
    assert_true(isnan(a));
    /* two responses (1, 2) and (2, 1): totals 3 and 3 do not vary */
    sum[0] = sum[1] = 3;
    cross[0] = cross[3] = 5;
    cross[1] = cross[2] = 4;
    assert_int_equal(alpha_cronbach_sums(2, 2, sum, cross, &a), MS_OK);
    assert_true(isnan(a));
    a = 7;
    assert_int_equal(alpha_cronbach_sums(2, 2, NULL, cross, &a), MS_SOFTWARE);
    assert_int_equal(alpha_cronbach_sums(2, 2, bad, cross, &a), MS_SOFTWARE);
    assert_int_equal(alpha_cronbach_sums(2, 2, sum, cross, NULL), MS_SOFTWARE);
    assert_close(a, 7, 0);
}

/* By hand: items a = (1, 2, 3), b = (2, 3, 5).  s_a^2 = 1, s_b^2 = 7/3,
 * totals (3, 5, 8): s_T^2 = 19/3; alpha = 2 (1 - (10/3)/(19/3)) = 18/19.
 * Two identical items: s_T^2 = 4 s^2, alpha = 2 (1 - 2/4) = 1. */
static void test_alpha__two_items_by_hand(void **state)
{
    static const double ab[] = {1, 2, 2, 3, 3, 5};
    static const double same[] = {1, 1, 4, 4, 2, 2, 5, 5};
    double a;
    (void)state;
    assert_int_equal(alpha_cronbach(ab, 3, 2, &a), MS_OK);
    assert_close(a, 18.0 / 19.0, 1e-14);
    assert_int_equal(alpha_cronbach(same, 4, 2, &a), MS_OK);
    assert_close(a, 1.0, 1e-14);
}

/* By hand: items a = (1, 2, 3) and b = (3, 1, 2) disagree: s_a^2 = s_b^2 = 1,
 * totals (4, 3, 5), s_T^2 = 1; alpha = 2 (1 - 2/1) = -2, negative as it
 * should be for items that work against each other. */
static void test_alpha__disagreeing_items_give_negative_alpha(void **state)
{
    static const double ab[] = {1, 3, 2, 1, 3, 2};
    double a;
    (void)state;
    assert_int_equal(alpha_cronbach(ab, 3, 2, &a), MS_OK);
    assert_close(a, -2.0, 1e-14);
}

static void test_alpha__too_few_items_or_responses_is_absent(void **state)
{
    double a = 0;
    (void)state;
    assert_int_equal(alpha_cronbach(likert15x10, 15, 1, &a), MS_OK);
    assert_true(isnan(a));
    a = 0;
    assert_int_equal(alpha_cronbach(likert15x10, 1, 10, &a), MS_OK);
    assert_true(isnan(a));
    a = 0;
    assert_int_equal(alpha_cronbach(NULL, 0, 10, &a), MS_OK);
    assert_true(isnan(a));
    a = 0;
    assert_int_equal(alpha_cronbach(NULL, 0, 0, &a), MS_OK);
    assert_true(isnan(a));
}

static void test_alpha__totals_that_do_not_vary_are_absent(void **state)
{
    static const double constant[] = {3, 3, 3, 3, 3, 3, 3, 3, 3};
    /* q and 6 - q: every total is 6 */
    static const double mirrored[] = {1, 5, 2, 4, 4, 2, 5, 1};
    /* decimals whose totals differ only by rounding: 0.1 + 0.2 vs 0.3 + 0 */
    static const double rounding[] = {0.1, 0.2, 0.3, 0.0, 0.2, 0.1};
    double a = 0;
    (void)state;
    assert_int_equal(alpha_cronbach(constant, 3, 3, &a), MS_OK);
    assert_true(isnan(a));
    a = 0;
    assert_int_equal(alpha_cronbach(mirrored, 4, 2, &a), MS_OK);
    assert_true(isnan(a));
    a = 0;
    assert_int_equal(alpha_cronbach(rounding, 3, 2, &a), MS_OK);
    assert_true(isnan(a));
}

static void test_alpha__bad_arguments_refused_and_output_untouched(void **state)
{
    static const double with_nan[] = {1, 2, NAN, 4}, with_inf[] = {1, 2, 3, -INFINITY};
    double a = 42;
    (void)state;
    assert_int_equal(alpha_cronbach(likert15x10, 15, 10, NULL), MS_SOFTWARE);
    assert_int_equal(alpha_cronbach(NULL, 15, 10, &a), MS_SOFTWARE);
    assert_int_equal(alpha_cronbach(with_nan, 2, 2, &a), MS_SOFTWARE);
    assert_int_equal(alpha_cronbach(with_inf, 2, 2, &a), MS_SOFTWARE);
    assert_int_equal(alpha_cronbach(likert15x10, SIZE_MAX / 2, 3, &a), MS_SOFTWARE);
    assert_true(a == 42);
}

/* Alpha never exceeds 1: s_T^2 <= k sum s_i^2 (Cauchy-Schwarz), so
 * sum s_i^2 / s_T^2 >= 1/k and alpha <= k/(k-1) (1 - 1/k) = 1.  Checked on
 * the leading n respondents and k items of the Likert set, for all n, k. */
static void test_alpha__never_above_one(void **state)
{
    double sub[15 * 10];
    (void)state;
    for (size_t n = 2; n <= 15; n++)
        for (size_t k = 2; k <= 10; k++) {
            for (size_t r = 0; r < n; r++)
                for (size_t i = 0; i < k; i++)
                    sub[r * k + i] = likert15x10[r * 10 + i];
            double a = 0;
            assert_int_equal(alpha_cronbach(sub, n, k, &a), MS_OK);
            if (isfinite(a) && a > 1.0 + 1e-12)
                fail_msg("n %zu k %zu: alpha %g > 1", n, k, a);
        }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_alpha__published_pingouin_and_psych_values),
        cmocka_unit_test(test_alpha__sums_give_the_published_values),
        cmocka_unit_test(test_alpha__sums_absent_and_refused),
        cmocka_unit_test(test_alpha__two_items_by_hand),
        cmocka_unit_test(test_alpha__disagreeing_items_give_negative_alpha),
        cmocka_unit_test(test_alpha__too_few_items_or_responses_is_absent),
        cmocka_unit_test(test_alpha__totals_that_do_not_vary_are_absent),
        cmocka_unit_test(test_alpha__bad_arguments_refused_and_output_untouched),
        cmocka_unit_test(test_alpha__never_above_one),
    };
    return cmocka_run_group_tests(tests, group_setup, NULL);
}
