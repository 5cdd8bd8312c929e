/*
 * test_describe.c: mean, sample sd and t interval (analyze/describe.c).
 */
#include "testutil.h"

#include <gsl/gsl_errno.h>

#include "describe.h"

static int group_setup(void **state)
{
    (void)state;
    gsl_set_error_handler_off();
    return 0;
}

/* NIST Statistical Reference Datasets, univariate summary statistics
 * (https://www.itl.nist.gov/div898/strd/univ/), data and certified values
 * as transcribed in GSL statistics/test_nist.c.  Certified values have 15
 * significant digits; GSL itself meets them to a relative 1e-15 (mean) and
 * 1e-13 (sd) for these sets, and to 1e-9 for the sd of NumAcc3, and so
 * must we. */

/* Lew.dat (lower difficulty): 200 beam deflections; certified mean
 * -177.435000000000, sd 277.332168044316. */
static const double lew[200] = {
    -213, -564,  -35,  -15,  141,  115, -420, -360,  203, -338, -431,  194,
    -220, -513,  154, -125, -559,   92,  -21, -579,  -52,   99, -543, -175,
     162, -457, -346,  204, -300, -474,  164, -107, -572,   -8,   83, -541,
    -224,  180, -420, -374,  201, -236, -531,   83,   27, -564, -112,  131,
    -507, -254,  199, -311, -495,  143,  -46, -579,  -90,  136, -472, -338,
     202, -287, -477,  169, -124, -568,   17,   48, -568, -135,  162, -430,
    -422,  172,  -74, -577,  -13,   92, -534, -243,  194, -355, -465,  156,
     -81, -578,  -64,  139, -449, -384,  193, -198, -538,  110,  -44, -577,
      -6,   66, -552, -164,  161, -460, -344,  205, -281, -504,  134,  -28,
    -576, -118,  156, -437, -381,  200, -220, -540,   83,   11, -568, -160,
     172, -414, -408,  188, -125, -572,  -32,  139, -492, -321,  205, -262,
    -504,  142,  -83, -574,    0,   48, -571, -106,  137, -501, -266,  190,
    -391, -406,  194, -186, -553,   83,  -13, -577,  -49,  103, -515, -280,
     201,  300, -506,  131,  -45, -578,  -80,  138, -462, -361,  201, -211,
    -554,   32,   74, -533, -235,  187, -372, -442,  182, -147, -566,   25,
      68, -535, -244,  194, -351, -463,  174, -125, -570,   15,   72, -550,
    -190,  172, -424, -385,  198, -218, -536,   96
};

/* Michelso.dat (lower difficulty): Michelson's 1879 speed-of-light
 * measurements; certified mean 299.852400000000, sd 0.0790105478190518. */
static const double michelso[100] = {
    299.85, 299.74, 299.90, 300.07, 299.93, 299.85, 299.95, 299.98,
    299.98, 299.88, 300.00, 299.98, 299.93, 299.65, 299.76, 299.81,
    300.00, 300.00, 299.96, 299.96, 299.96, 299.94, 299.96, 299.94,
    299.88, 299.80, 299.85, 299.88, 299.90, 299.84, 299.83, 299.79,
    299.81, 299.88, 299.88, 299.83, 299.80, 299.79, 299.76, 299.80,
    299.88, 299.88, 299.88, 299.86, 299.72, 299.72, 299.62, 299.86,
    299.97, 299.95, 299.88, 299.91, 299.85, 299.87, 299.84, 299.84,
    299.85, 299.84, 299.84, 299.84, 299.89, 299.81, 299.81, 299.82,
    299.80, 299.77, 299.76, 299.74, 299.75, 299.76, 299.91, 299.92,
    299.89, 299.86, 299.88, 299.72, 299.84, 299.85, 299.85, 299.78,
    299.89, 299.84, 299.78, 299.81, 299.76, 299.81, 299.79, 299.81,
    299.82, 299.85, 299.87, 299.87, 299.81, 299.74, 299.81, 299.94,
    299.95, 299.80, 299.81, 299.87
};

static void assert_rel(double got, double want, double rel)
{
    assert_close(got, want, rel * fabs(want));
}

static void test_describe__nist_strd_lew_and_michelso(void **state)
{
    struct describe_stats d;
    (void)state;
    assert_int_equal(describe_mean_ci(lew, 200, 0.95, &d), MS_OK);
    assert_int_equal(d.n, 200);
    assert_rel(d.mean, -177.435000000000, 1e-15);
    assert_rel(d.sd, 277.332168044316, 1e-13);
    assert_int_equal(describe_mean_ci(michelso, 100, 0.95, &d), MS_OK);
    assert_rel(d.mean, 299.852400000000, 1e-15);
    assert_rel(d.sd, 0.0790105478190518, 1e-13);
}

/* The frequency-table form on NIST's Lew data (whole numbers -579..300):
 * the same certified mean and sd from the counts of each value; and a
 * Likert table checked by hand: 1 x2, 3 x1, 5 x2 -> mean 3, sd 2. */
static void test_describe__counts_give_the_certified_lew_figures(void **state)
{
    static long counts[1200];
    static const long likert[5] = {2, 0, 1, 0, 2};
    struct describe_stats d, raw;
    (void)state;
    for (int i = 0; i < 200; i++)
        counts[(int)lew[i] + 600]++;
    assert_int_equal(describe_mean_ci_counts(counts, -600, 1200, 0.95, &d),
                     MS_OK);
    assert_int_equal(d.n, 200);
    assert_rel(d.mean, -177.435000000000, 1e-15);
    assert_rel(d.sd, 277.332168044316, 1e-13);
    assert_int_equal(describe_mean_ci(lew, 200, 0.95, &raw), MS_OK);
    assert_rel(d.ci_low, raw.ci_low, 1e-13);
    assert_rel(d.ci_high, raw.ci_high, 1e-13);
    assert_int_equal(describe_mean_ci_counts(likert, 1, 5, 0.95, &d), MS_OK);
    assert_close(d.mean, 3.0, 1e-15);
    assert_close(d.sd, 2.0, 1e-15);
    /* no answers: absent; one: mean only; a negative count: refused */
    assert_int_equal(describe_mean_ci_counts(counts, 0, 0, 0.95, &d), MS_OK);
    assert_true(isnan(d.mean));
    assert_int_equal(describe_mean_ci_counts(likert + 2, 3, 1, 0.95, &d),
                     MS_OK);
    assert_close(d.mean, 3.0, 0);
    assert_true(isnan(d.sd));
    counts[0] = -1;
    assert_int_equal(describe_mean_ci_counts(counts, -600, 1200, 0.95, &d),
                     MS_SOFTWARE);
}

/* NumAcc1.dat: 10000001, 10000003, 10000002, certified mean 10000002 and
 * sd 1.  NumAcc3.dat (average difficulty): 1000000.2 then 500 pairs of
 * 1000000.1, 1000000.3; certified mean 1000000.2, sd 0.1. */
static void test_describe__nist_strd_numacc_large_offsets(void **state)
{
    static const double numacc1[] = {10000001, 10000003, 10000002};
    static double numacc3[1001];
    struct describe_stats d;
    (void)state;
    assert_int_equal(describe_mean_ci(numacc1, 3, 0.95, &d), MS_OK);
    assert_rel(d.mean, 10000002, 1e-15);
    assert_rel(d.sd, 1, 1e-15);
    numacc3[0] = 1000000.2;
    for (size_t i = 1; i < 1000; i += 2) {
        numacc3[i] = 1000000.1;
        numacc3[i + 1] = 1000000.3;
    }
    assert_int_equal(describe_mean_ci(numacc3, 1001, 0.95, &d), MS_OK);
    assert_rel(d.mean, 1000000.2, 1e-15);
    assert_rel(d.sd, 0.1, 1e-9);
}

/* Student (1908), Biometrika 6:1-25: extra hours of sleep under two drugs
 * for 10 patients (R's `sleep`).  The differences drug 1 - drug 2 give, in
 * R's t.test(extra[group == 1], extra[group == 2], paired = TRUE) as
 * printed in R's documentation and countless tutorials: mean of the
 * differences -1.58, 95 percent confidence interval -2.4598858 -0.7001142
 * (7 decimals), t = -4.0621 on 9 df.  Also t(0.975, 9) = 2.262157 (any
 * table of Student's t, 6 decimals): the half-width over sd/sqrt(n). */
static const double sleep_diff[10] = {
    0.7 - 1.9, -1.6 - 0.8, -0.2 - 1.1, -1.2 - 0.1, -0.1 - -0.1,
    3.4 - 4.4, 3.7 - 5.5,  0.8 - 1.6,  0.0 - 4.6,  2.0 - 3.4,
};

static void test_describe__student_sleep_t_interval(void **state)
{
    struct describe_stats d;
    (void)state;
    assert_int_equal(describe_mean_ci(sleep_diff, 10, 0.95, &d), MS_OK);
    assert_int_equal(d.n, 10);
    assert_close(d.mean, -1.58, 1e-12);
    assert_close(d.ci_low, -2.4598858, 5e-8);
    assert_close(d.ci_high, -0.7001142, 5e-8);
    /* t = mean / (sd / sqrt(n)) = -4.0621 (4 decimals) */
    assert_close(d.mean / (d.sd / sqrt(10.0)), -4.0621, 5e-5);
    assert_close((d.ci_high - d.mean) / (d.sd / sqrt(10.0)), 2.262157, 5e-7);
}

static void test_describe__no_values_all_absent(void **state)
{
    struct describe_stats d = {99, 1, 1, 1, 1};
    (void)state;
    assert_int_equal(describe_mean_ci(NULL, 0, 0.95, &d), MS_OK);
    assert_int_equal(d.n, 0);
    assert_true(isnan(d.mean) && isnan(d.sd) && isnan(d.ci_low) && isnan(d.ci_high));
}

static void test_describe__one_value_gives_the_mean_only(void **state)
{
    static const double one[] = {4.0};
    struct describe_stats d;
    (void)state;
    assert_int_equal(describe_mean_ci(one, 1, 0.95, &d), MS_OK);
    assert_int_equal(d.n, 1);
    assert_true(d.mean == 4.0);
    assert_true(isnan(d.sd) && isnan(d.ci_low) && isnan(d.ci_high));
}

static void test_describe__equal_values_have_zero_sd_and_a_point_interval(void **state)
{
    static const double same[] = {3, 3, 3, 3, 3};
    struct describe_stats d;
    (void)state;
    assert_int_equal(describe_mean_ci(same, 5, 0.95, &d), MS_OK);
    assert_true(d.mean == 3.0);
    assert_true(d.sd == 0.0);
    assert_true(d.ci_low == 3.0 && d.ci_high == 3.0);
}

static void test_describe__bad_arguments_refused_and_output_untouched(void **state)
{
    static const double ok[] = {1, 2, 3};
    static const double with_nan[] = {1, NAN, 3}, with_inf[] = {1, 2, -INFINITY};
    struct describe_stats d = {99, 1, 2, 3, 4};
    (void)state;
    assert_int_equal(describe_mean_ci(NULL, 3, 0.95, &d), MS_SOFTWARE);
    assert_int_equal(describe_mean_ci(ok, 3, 0.95, NULL), MS_SOFTWARE);
    assert_int_equal(describe_mean_ci(with_nan, 3, 0.95, &d), MS_SOFTWARE);
    assert_int_equal(describe_mean_ci(with_inf, 3, 0.95, &d), MS_SOFTWARE);
    assert_int_equal(describe_mean_ci(ok, 3, 0.0, &d), MS_SOFTWARE);
    assert_int_equal(describe_mean_ci(ok, 3, 1.0, &d), MS_SOFTWARE);
    assert_int_equal(describe_mean_ci(ok, 3, NAN, &d), MS_SOFTWARE);
    assert_true(d.n == 99 && d.mean == 1 && d.sd == 2 && d.ci_low == 3 && d.ci_high == 4);
}

static void test_describe__overflow_is_absent_not_infinite(void **state)
{
    static const double huge[] = {1e308, -1e308, 1e308, -1e308};
    struct describe_stats d;
    (void)state;
    assert_int_equal(describe_mean_ci(huge, 4, 0.95, &d), MS_OK);
    assert_true(!isinf(d.mean) && !isinf(d.sd) && !isinf(d.ci_low) && !isinf(d.ci_high));
    assert_true(isnan(d.sd));
    assert_true(isnan(d.ci_low) && isnan(d.ci_high));
}

static void test_describe__interval_holds_the_mean_and_widens_with_level(void **state)
{
    struct describe_stats d95, d99;
    (void)state;
    for (size_t n = 2; n <= 100; n++) {
        assert_int_equal(describe_mean_ci(lew, n, 0.95, &d95), MS_OK);
        assert_int_equal(describe_mean_ci(lew, n, 0.99, &d99), MS_OK);
        assert_true(d95.ci_low <= d95.mean && d95.mean <= d95.ci_high);
        assert_true(d99.ci_low <= d95.ci_low && d95.ci_high <= d99.ci_high);
        assert_true(d95.sd >= 0.0);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_describe__nist_strd_lew_and_michelso),
        cmocka_unit_test(test_describe__counts_give_the_certified_lew_figures),
        cmocka_unit_test(test_describe__nist_strd_numacc_large_offsets),
        cmocka_unit_test(test_describe__student_sleep_t_interval),
        cmocka_unit_test(test_describe__no_values_all_absent),
        cmocka_unit_test(test_describe__one_value_gives_the_mean_only),
        cmocka_unit_test(test_describe__equal_values_have_zero_sd_and_a_point_interval),
        cmocka_unit_test(test_describe__bad_arguments_refused_and_output_untouched),
        cmocka_unit_test(test_describe__overflow_is_absent_not_infinite),
        cmocka_unit_test(test_describe__interval_holds_the_mean_and_widens_with_level),
    };
    return cmocka_run_group_tests(tests, group_setup, NULL);
}
