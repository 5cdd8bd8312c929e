/*
 * test_ratio.c: the ratio estimator and its interval (analyze/ratio.c).
 */
#include "testutil.h"

#include <gsl/gsl_errno.h>
#include <math.h>
#include <stdio.h>

#include "ratio.h"

#define Z975 1.959963984540054

static int group_setup(void **state)
{
    (void)state;
    gsl_set_error_handler_off();
    return 0;
}

/* A published table: course notes "5 Ratio and regression estimation",
 * example "Demonstration of bias in ratio estimation" (after Lohr,
 * Sampling: Design and Analysis, ratio estimation chapter; the notes are
 * at docslib.org/doc/1759100): a population of N = 4 with x = 67 63 66
 * 69, y = 68 62 64 70 (t_x = 265), every SRS of n = 2, and for each the
 * ratio estimate of the total t_yr = t_x B and its estimated variance
 *     V(t_yr) = N^2 (1 - n/N) s_e^2 / n,  s_e^2 = sum (y - B x)^2/(n - 1),
 * printed to 4 decimals: {1,2} 265, 8; {1,3} 263.0075, 18.0903;
 * {1,4} 268.8971, 0.0017; {2,3} 258.8372, 1.7307; {2,4} 265, 8;
 * {3,4} 263.0370, 18.2677.  ratio.h's se (f = 0) is s_e / (sqrt(n) xbar),
 * so V(t_yr) = N^2 (1 - n/N) xbar^2 se^2. */
static void test_ratio__published_table_of_the_six_samples(void **state)
{
    static const double x[] = {67, 63, 66, 69}, y[] = {68, 62, 64, 70};
    static const struct {
        int i, j;
        double t_yr, v;
    } rows[] = {
        {0, 1, 265.0, 8.0},           {0, 2, 263.0075, 18.0903},
        {0, 3, 268.8971, 0.0017},     {1, 2, 258.8372, 1.7307},
        {1, 3, 265.0, 8.0},           {2, 3, 263.0370, 18.2677},
    };

    (void)state;
    for (size_t k = 0; k < sizeof rows / sizeof rows[0]; k++) {
        double xs[2] = {x[rows[k].i], x[rows[k].j]};
        double ys[2] = {y[rows[k].i], y[rows[k].j]};
        double xbar = (xs[0] + xs[1]) / 2.0;
        struct ratio_result r;
        assert_int_equal(ratio_interval(ys, xs, 2, 0.95, 0.0, INFINITY, &r),
                         MS_OK);
        assert_close(265.0 * r.ratio, rows[k].t_yr, 0.00005);
        assert_close(16.0 * 0.5 * xbar * xbar * r.se * r.se, rows[k].v,
                     0.00005);
    }
}


/* A textbook example: Lohr, Sampling: Design and Analysis (2nd ed. 2010
 * and 3rd ed. 2022), Examples 4.2 and 4.3: an SRS of n = 300 of the
 * N = 3078 counties of the 1992 U.S. Census of Agriculture (data set
 * agsrs, in tests/data/agsrs.csv, from the book's SDAResources R
 * package), the ratio B = acres92 / acres87 estimated as 0.9865652 with
 * SE 0.00575 (Lu and Lohr, R Companion for Sampling: Design and Analysis,
 * 2021, ch. 4: svyratio(~acres92, ~acres87) with fpc = 3078 prints
 * 0.9865652 and 0.005750473).  The book's SE carries the finite-population
 * correction sqrt(1 - n/N); ratio.h's has none (f = 0), so se times
 * sqrt(1 - 300/3078) must give the book's figure. */
static void test_ratio__lohr_agricultural_census_example(void **state)
{
    static double y[300], x[300];
    FILE *f = fopen("tests/data/agsrs.csv", "r");
    char line[128];
    size_t n = 0;
    struct ratio_result r;

    (void)state;
    assert_non_null(f);
    assert_non_null(fgets(line, sizeof line, f));     /* header */
    while (n < 300 && fgets(line, sizeof line, f) != NULL)
        if (sscanf(line, "%lf,%lf", &y[n], &x[n]) == 2)
            n++;
    fclose(f);
    assert_int_equal(n, 300);
    assert_int_equal(ratio_interval(y, x, n, 0.95, 0, INFINITY, &r), MS_OK);
    assert_float_equal(r.ratio, 0.9865652, 5e-8);
    assert_float_equal(r.se * sqrt(1.0 - 300.0 / 3078.0), 0.005750473, 5e-10);
    assert_float_equal(r.ci_low, r.ratio - Z975 * r.se, 1e-12);
    assert_float_equal(r.ci_high, r.ratio + Z975 * r.se, 1e-12);
}

/* Six pairs, y = held hours, x = active months.  No published table of
 * this size was at hand with certain figures, so the expected values are
 * independently computed with R 4.2.2 from the textbook formula
 * (Cochran 1977, ch. 6; Lohr 2010, ch. 4; results.md "Ratio interval"):
 *   y <- c(12.5, 3, 0, 20, 7.5, 9); x <- c(10.2, 2.1, 1.5, 14.9, 6.3, 3.0)
 *   R <- sum(y)/sum(x); n <- 6
 *   se <- sqrt(sum((y - R*x)^2)/(n*(n-1)))/mean(x)
 *   R = 1.368421052631579, se = 0.162362082913569,
 *   R -/+ qnorm(.975) se = 1.050197217666077, 1.686644887597081
 * By hand: sum y = 52, sum x = 38, R = 26/19. */
static void test_ratio__six_pairs_as_r_computes_them(void **state)
{
    static const double y[] = {12.5, 3, 0, 20, 7.5, 9};
    static const double x[] = {10.2, 2.1, 1.5, 14.9, 6.3, 3.0};
    struct ratio_result r;

    (void)state;
    assert_int_equal(ratio_interval(y, x, 6, 0.95, 0.0, INFINITY, &r), MS_OK);
    assert_int_equal(r.n, 6);
    assert_close(r.ratio, 26.0 / 19.0, 1e-14);
    assert_close(r.se, 0.162362082913569, 1e-13);
    assert_close(r.ci_low, 1.050197217666077, 1e-12);
    assert_close(r.ci_high, 1.686644887597081, 1e-12);
}

/* With every x_i = 1 the ratio is the mean of y and the formula is the
 * standard error of a mean, s / sqrt(n): y = 2, 4, 4, 4, 5, 5, 7, 9 has
 * mean 5 and s^2 = 32/7 (by hand), so se = sqrt(32/56) = sqrt(4/7). */
static void test_ratio__unit_denominators_give_the_standard_error_of_the_mean(
    void **state)
{
    static const double y[] = {2, 4, 4, 4, 5, 5, 7, 9};
    static const double x[] = {1, 1, 1, 1, 1, 1, 1, 1};
    struct ratio_result r;

    (void)state;
    assert_int_equal(ratio_interval(y, x, 8, 0.95, -INFINITY, INFINITY, &r),
                     MS_OK);
    assert_close(r.ratio, 5.0, 1e-15);
    assert_close(r.se, sqrt(4.0 / 7.0), 1e-14);
    assert_close(r.ci_low, 5.0 - Z975 * sqrt(4.0 / 7.0), 1e-12);
    assert_close(r.ci_high, 5.0 + Z975 * sqrt(4.0 / 7.0), 1e-12);
}

/* A share (y <= x) is clipped to [0, 1]: pairs met 3 of 3, 2 of 2, 1 of 1
 * and 4 of 5 goals: R = 10/11, and the upper limit would pass 1. */
static void test_ratio__limits_are_clipped_to_the_range(void **state)
{
    static const double y[] = {3, 2, 1, 4};
    static const double x[] = {3, 2, 1, 5};
    struct ratio_result r;

    (void)state;
    assert_int_equal(ratio_interval(y, x, 4, 0.95, 0.0, 1.0, &r), MS_OK);
    assert_close(r.ratio, 10.0 / 11.0, 1e-15);
    assert_true(r.ci_high == 1.0);
    assert_true(r.ci_low >= 0.0 && r.ci_low < r.ratio);
    /* a pair that met none: the lower limit would pass 0 */
    static const double y0[] = {0, 0, 1};
    static const double x0[] = {4, 3, 1};
    assert_int_equal(ratio_interval(y0, x0, 3, 0.95, 0.0, 1.0, &r), MS_OK);
    assert_true(r.ci_low == 0.0);
    assert_true(r.ci_high <= 1.0 && r.ci_high > r.ratio);
}

/* Every pair at the same ratio: se = 0, the interval is the point. */
static void test_ratio__proportional_pairs_give_a_point(void **state)
{
    static const double y[] = {2, 4, 6};
    static const double x[] = {1, 2, 3};
    struct ratio_result r;

    (void)state;
    assert_int_equal(ratio_interval(y, x, 3, 0.95, 0.0, INFINITY, &r), MS_OK);
    assert_true(r.ratio == 2.0 && r.se == 0.0);
    assert_true(r.ci_low == 2.0 && r.ci_high == 2.0);
}

static void test_ratio__too_few_clusters_are_absent(void **state)
{
    static const double y[] = {3, 1}, x[] = {2, 0};
    struct ratio_result r;

    (void)state;
    assert_int_equal(ratio_interval(NULL, NULL, 0, 0.95, 0, 1, &r), MS_OK);
    assert_true(isnan(r.ratio) && isnan(r.se) && isnan(r.ci_low) &&
                isnan(r.ci_high));
    assert_int_equal(ratio_interval(y, x, 1, 0.95, 0, INFINITY, &r), MS_OK);
    assert_true(r.ratio == 1.5 && isnan(r.se) && isnan(r.ci_low) &&
                isnan(r.ci_high));
    /* sum x = 0: no ratio */
    assert_int_equal(ratio_interval(y + 1, x + 1, 1, 0.95, 0, 1, &r), MS_OK);
    assert_true(isnan(r.ratio) && isnan(r.ci_low));
}

static void test_ratio__bad_arguments_refused_and_output_untouched(void **state)
{
    static const double y[] = {1, 2}, x[] = {1, 2}, neg[] = {1, -2};
    static const double nan_[] = {1, NAN};
    struct ratio_result r = {7, 7, 7, 7, 7};

    (void)state;
    assert_int_equal(ratio_interval(y, x, 2, 0.95, 0, 1, NULL), MS_SOFTWARE);
    assert_int_equal(ratio_interval(NULL, x, 2, 0.95, 0, 1, &r), MS_SOFTWARE);
    assert_int_equal(ratio_interval(y, NULL, 2, 0.95, 0, 1, &r), MS_SOFTWARE);
    assert_int_equal(ratio_interval(y, neg, 2, 0.95, 0, 1, &r), MS_SOFTWARE);
    assert_int_equal(ratio_interval(nan_, x, 2, 0.95, 0, 1, &r), MS_SOFTWARE);
    assert_int_equal(ratio_interval(y, x, 2, 1.0, 0, 1, &r), MS_SOFTWARE);
    assert_int_equal(ratio_interval(y, x, 2, 0.95, 1, 0, &r), MS_SOFTWARE);
    assert_true(r.n == 7 && r.ratio == 7 && r.se == 7 && r.ci_low == 7 &&
                r.ci_high == 7);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_ratio__published_table_of_the_six_samples),
        cmocka_unit_test(test_ratio__lohr_agricultural_census_example),
        cmocka_unit_test(test_ratio__six_pairs_as_r_computes_them),
        cmocka_unit_test(test_ratio__unit_denominators_give_the_standard_error_of_the_mean),
        cmocka_unit_test(test_ratio__limits_are_clipped_to_the_range),
        cmocka_unit_test(test_ratio__proportional_pairs_give_a_point),
        cmocka_unit_test(test_ratio__too_few_clusters_are_absent),
        cmocka_unit_test(test_ratio__bad_arguments_refused_and_output_untouched),
    };
    return cmocka_run_group_tests(tests, group_setup, NULL);
}
