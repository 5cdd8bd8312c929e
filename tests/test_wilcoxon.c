/*
 * test_wilcoxon.c: paired signed-rank test (analyze/wilcoxon.c).
 */
#include "testutil.h"

#include <gsl/gsl_errno.h>

#include "wilcoxon.h"

static int group_setup(void **state)
{
    (void)state;
    gsl_set_error_handler_off();
    return 0;
}

/* Published R results of wilcox.test(x, y, paired = TRUE, exact = FALSE,
 * correct = TRUE), two-sided, with V and p to the decimals published:
 *
 * depression: Hollander & Wolfe (1973), Nonparametric Statistical Methods,
 *   p. 29 (R's ?wilcox.test example): V = 40, p = 0.044010984013 (R 3.4.4,
 *   as published in Apache Commons Math / Hipparchus
 *   WilcoxonSignedRankTestTest.testWilcoxonSignedRankSimple).
 * commons2: same source, testWilcoxonSignedRankSimple2: V = 16,
 *   p = 0.79984610566.
 * scipy12: SciPy test_morestats.py TestWilcoxon.test_accuracy_wilcoxon,
 *   "values computed in R": V = 34 (smaller rank sum), p = 0.7240817.
 * sleep: Student (1908) sleep data (R's `sleep`), drug 1 vs drug 2; one
 *   zero difference and a tie (1.3, 1.3); R prints "Wilcoxon signed rank
 *   test with continuity correction ... V = 0, p-value = 0.009091" with the
 *   warnings "cannot compute exact p-value with ties / with zeroes".
 * tenties: wilcox.test(rep(0.1, 10), exact = FALSE, correct = TRUE) gives
 *   p = 0.001904195 (SciPy test_wilcoxon_tie, quoting R); all ten
 *   differences tied, so V = 10 * 5.5 = 55. */
struct published {
    const char *name;
    double x[12], y[12];
    size_t n, n_used;
    double v, p, p_tol;
};

static const struct published cases[] = {
    {"depression",
     {1.83, 0.50, 1.62, 2.48, 1.68, 1.88, 1.55, 3.06, 1.30},
     {0.878, 0.647, 0.598, 2.05, 1.06, 1.29, 1.06, 3.14, 1.29},
     9, 9, 40, 0.044010984013, 5e-13},
    {"commons2",
     {0.80, 0.83, 1.89, 1.04, 1.45, 1.38, 1.91},
     {1.15, 0.88, 0.90, 0.74, 1.21, 2.0, 1.72},
     7, 7, 16, 0.79984610566, 5e-12},
    {"scipy12",
     {120, 114, 181, 188, 180, 146, 121, 191, 132, 113, 127, 112},
     {133, 143, 119, 189, 112, 199, 198, 113, 115, 121, 142, 187},
     12, 12, 34, 0.7240817, 5e-8},
    {"sleep",
     {0.7, -1.6, -0.2, -1.2, -0.1, 3.4, 3.7, 0.8, 0.0, 2.0},
     {1.9, 0.8, 1.1, 0.1, -0.1, 4.4, 5.5, 1.6, 4.6, 3.4},
     10, 9, 0, 0.009091, 5e-7},
    {"tenties",
     {0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1},
     {0, 0, 0, 0, 0, 0, 0, 0, 0, 0},
     10, 10, 55, 0.001904195, 5e-10},
};

static void test_wilcoxon__published_r_results(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct wilcoxon_result r;
        const struct published *c = &cases[i];
        assert_int_equal(wilcoxon_signed_rank(c->x, c->y, c->n, &r), MS_OK);
        if (r.n_used != c->n_used || r.v != c->v ||
            !(fabs(r.p - c->p) <= c->p_tol))
            fail_msg("%s: n_used %zu V %g p %.12g, expected %zu %g %.12g", c->name,
                     r.n_used, r.v, r.p, c->n_used, c->v, c->p);
    }
}

/* The published cases again, from tallies: equal differences are counted
 * together (so the tied cases have counts above 1), and the first value is
 * split over two entries, which must add up. */
static void test_wilcoxon__tally_gives_the_published_results(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const struct published *c = &cases[i];
        double diff[13];
        long count[13];
        size_t k = 0;
        struct wilcoxon_result r;

        for (size_t j = 0; j < c->n; j++) {
            double d = c->x[j] - c->y[j];
            size_t t = 0;
            while (t < k && diff[t] != d)
                t++;
            if (t == k) {
                diff[k] = d;
                count[k++] = 0;
            }
            count[t]++;
        }
        if (count[0] > 1) {
            diff[k] = diff[0];
            count[k++] = 1;
            count[0]--;
        }
        assert_int_equal(wilcoxon_signed_rank_tally(diff, count, k, &r),
                         MS_OK);
        if (r.n_used != c->n_used || r.v != c->v ||
            !(fabs(r.p - c->p) <= c->p_tol))
            fail_msg("%s: n_used %zu V %g p %.12g, expected %zu %g %.12g",
                     c->name, r.n_used, r.v, r.p, c->n_used, c->v, c->p);
    }
}

/* Tally edge cases: nothing, only zero differences (absent p, V 0), +1
 * and -1 tied in one group (by hand: m = 3, ranks 2 each, V = 2 * 2 = 4,
 * mean 3, dev 1, corrected 0.5; sigma^2 = 3*4*7/24 - 24/48 = 3, so
 * z = 0.5 / sqrt 3), and refusals. */
static void test_wilcoxon__tally_edges_and_refusals(void **state)
{
    static const double zero[] = {0}, pm[] = {1, -1}, bad[] = {NAN};
    static const long five[] = {5}, two_one[] = {2, 1}, neg[] = {-1};
    struct wilcoxon_result r, keep = {9, 9, 9, 9};
    (void)state;
    assert_int_equal(wilcoxon_signed_rank_tally(NULL, NULL, 0, &r), MS_OK);
    assert_true(r.n_used == 0 && r.v == 0 && isnan(r.p));
    assert_int_equal(wilcoxon_signed_rank_tally(zero, five, 1, &r), MS_OK);
    assert_true(r.n_used == 0 && r.v == 0 && isnan(r.z) && isnan(r.p));
    assert_int_equal(wilcoxon_signed_rank_tally(pm, two_one, 2, &r), MS_OK);
    assert_int_equal(r.n_used, 3);
    assert_close(r.v, 4, 0);
    assert_close(r.z, 0.5 / sqrt(3.0), 1e-15);
    r = keep;
    assert_int_equal(wilcoxon_signed_rank_tally(bad, five, 1, &r),
                     MS_SOFTWARE);
    assert_int_equal(wilcoxon_signed_rank_tally(pm, neg, 1, &r), MS_SOFTWARE);
    assert_int_equal(wilcoxon_signed_rank_tally(pm, NULL, 1, &r), MS_SOFTWARE);
    assert_int_equal(wilcoxon_signed_rank_tally(pm, five, 1, NULL),
                     MS_SOFTWARE);
    assert_true(r.n_used == 9 && r.v == 9);
}

/* SciPy test_morestats.py TestWilcoxon.test_onesided, "tested against R
 * version 3.4.1": x, y below (one zero difference, |d| = 5 tied), paired,
 * exact = FALSE, correct = TRUE, alternative = "greater": V = 27,
 * p = 0.3176447.  V is above its mean 22.5, so R's two-sided correction
 * (sign(z)/2 = +1/2) equals the "greater" one and the two-sided p is twice
 * the published one-sided p. */
static void test_wilcoxon__ties_and_zero_against_r_one_sided(void **state)
{
    static const double x[] = {125, 115, 130, 140, 140, 115, 140, 125, 140, 135};
    static const double y[] = {110, 122, 125, 120, 140, 124, 123, 137, 135, 145};
    struct wilcoxon_result r;
    (void)state;
    assert_int_equal(wilcoxon_signed_rank(x, y, 10, &r), MS_OK);
    assert_int_equal(r.n_used, 9);
    assert_true(r.v == 27.0);
    assert_true(r.z > 0.0);
    assert_close(r.p / 2.0, 0.3176447, 5e-8);
}

static void test_wilcoxon__no_pairs_or_no_change_gives_v0_and_absent_p(void **state)
{
    static const double same[] = {3, 4, 5, 2};
    struct wilcoxon_result r = {7, 7, 7, 7};
    (void)state;
    assert_int_equal(wilcoxon_signed_rank(NULL, NULL, 0, &r), MS_OK);
    assert_int_equal(r.n_used, 0);
    assert_true(r.v == 0.0 && isnan(r.z) && isnan(r.p));
    r.v = 7;
    assert_int_equal(wilcoxon_signed_rank(same, same, 4, &r), MS_OK);
    assert_int_equal(r.n_used, 0);
    assert_true(r.v == 0.0 && isnan(r.z) && isnan(r.p));
}

/* One pair, by hand: m = 1, V = 1, mean 1/2, sigma = sqrt(1*2*3/24) = 1/2,
 * z = (1/2 - 1/2)/(1/2) = 0, p = 2 min(Phi(0), 1 - Phi(0)) = 1.  Downward
 * it is V = 0 and, by the same arithmetic, p = 1. */
static void test_wilcoxon__single_pair_by_hand(void **state)
{
    static const double two[] = {2}, one[] = {1};
    struct wilcoxon_result r;
    (void)state;
    assert_int_equal(wilcoxon_signed_rank(two, one, 1, &r), MS_OK);
    assert_int_equal(r.n_used, 1);
    assert_true(r.v == 1.0 && r.z == 0.0 && r.p == 1.0);
    assert_int_equal(wilcoxon_signed_rank(one, two, 1, &r), MS_OK);
    assert_true(r.v == 0.0 && r.z == 0.0 && r.p == 1.0);
}

/* Average ranks by hand: d = (+1, -1, +2, +2, -2, +3): |d| ranks 1.5, 1.5,
 * 4, 4, 4, 6; V = 1.5 + 4 + 4 + 6 = 15.5; m = 6, mean 10.5; tie sum
 * (2^3 - 2) + (3^3 - 3) = 30; sigma^2 = 6*7*13/24 - 30/48 = 22.125;
 * z = (5 - 0.5)/sqrt(22.125) = 0.956689; p = 2 (1 - Phi(z)) = 0.338724. */
static void test_wilcoxon__average_ranks_and_tie_correction_by_hand(void **state)
{
    static const double x[] = {1, 0, 2, 2, 0, 3}, y[] = {0, 1, 0, 0, 2, 0};
    struct wilcoxon_result r;
    (void)state;
    assert_int_equal(wilcoxon_signed_rank(x, y, 6, &r), MS_OK);
    assert_true(r.v == 15.5);
    assert_close(r.z, 4.5 / sqrt(22.125), 1e-12);
    assert_close(r.p, 0.338724, 5e-7);
}

static void test_wilcoxon__swapping_samples_mirrors_v_and_keeps_p(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct wilcoxon_result a, b;
        const struct published *c = &cases[i];
        assert_int_equal(wilcoxon_signed_rank(c->x, c->y, c->n, &a), MS_OK);
        assert_int_equal(wilcoxon_signed_rank(c->y, c->x, c->n, &b), MS_OK);
        double m = (double)a.n_used;
        assert_int_equal(b.n_used, a.n_used);
        assert_close(a.v + b.v, m * (m + 1.0) / 2.0, 1e-12);
        assert_close(a.p, b.p, 1e-15);
        assert_close(a.z, -b.z, 1e-15);
        assert_true(a.p >= 0.0 && a.p <= 1.0);
    }
}

static void test_wilcoxon__bad_arguments_refused_and_output_untouched(void **state)
{
    static const double x[] = {1, 2, 3}, y[] = {0, 0, 0};
    static const double with_nan[] = {1, NAN, 3}, with_inf[] = {1, 2, INFINITY};
    static const double big[] = {1e308, 0, 0}, negbig[] = {-1e308, 0, 0};
    struct wilcoxon_result r = {99, 1, 2, 3};
    (void)state;
    assert_int_equal(wilcoxon_signed_rank(NULL, y, 3, &r), MS_SOFTWARE);
    assert_int_equal(wilcoxon_signed_rank(x, NULL, 3, &r), MS_SOFTWARE);
    assert_int_equal(wilcoxon_signed_rank(x, y, 3, NULL), MS_SOFTWARE);
    assert_int_equal(wilcoxon_signed_rank(with_nan, y, 3, &r), MS_SOFTWARE);
    assert_int_equal(wilcoxon_signed_rank(x, with_inf, 3, &r), MS_SOFTWARE);
    /* finite values whose difference overflows */
    assert_int_equal(wilcoxon_signed_rank(big, negbig, 3, &r), MS_SOFTWARE);
    assert_true(r.n_used == 99 && r.v == 1 && r.z == 2 && r.p == 3);
}

/* Matched-pairs rank-biserial r = (T+ - T-)/(T+ + T-) (Kerby 2014):
 *  (a) Hollander & Wolfe's depression data (p. 29; R's ?wilcox.test):
 *      V = T+ = 40 of 9 * 10 / 2 = 45, so T- = 5 and r = 35/45 = 7/9;
 *  (b) by hand, d = 3, -1, 2, 0, 5, -4: the 0 is dropped, |d| ranks
 *      3, 1, 2, 5, 4: T+ = 3 + 2 + 5 = 10, T- = 1 + 4 = 5, r = 1/3;
 *  (c) by hand with ties, d = 1, 1, -1, 2: |d| 1, 1, 1 share rank 2, the
 *      2 has rank 4: T+ = 8, T- = 2, r = 0.6;
 *  (d) every pair fell: r = -1; every difference 0: absent. */
static void test_wilcoxon__rank_biserial_by_hand(void **state)
{
    static const double x[] = {1.83, 0.50, 1.62, 2.48, 1.68, 1.88, 1.55, 3.06, 1.30};
    static const double y[] = {0.878, 0.647, 0.598, 2.05, 1.06, 1.29, 1.06, 3.14, 1.29};
    static const double db[] = {3, -1, 2, 0, 5, -4}, zb[] = {0, 0, 0, 0, 0, 0};
    static const double dc[] = {1, -1, 2};
    static const long cc[] = {2, 1, 1};
    static const double fell[] = {-1, -2}, zero[] = {0, 0};
    struct wilcoxon_result w;

    (void)state;
    assert_int_equal(wilcoxon_signed_rank(x, y, 9, &w), MS_OK);
    assert_true(w.v == 40.0);
    assert_close(wilcoxon_rank_biserial(&w), 7.0 / 9.0, 1e-15);
    assert_int_equal(wilcoxon_signed_rank(db, zb, 6, &w), MS_OK);
    assert_close(wilcoxon_rank_biserial(&w), 1.0 / 3.0, 1e-15);
    assert_int_equal(wilcoxon_signed_rank_tally(dc, cc, 3, &w), MS_OK);
    assert_close(wilcoxon_rank_biserial(&w), 0.6, 1e-15);
    assert_int_equal(wilcoxon_signed_rank(fell, zero, 2, &w), MS_OK);
    assert_true(wilcoxon_rank_biserial(&w) == -1.0);
    assert_int_equal(wilcoxon_signed_rank(zero, zero, 2, &w), MS_OK);
    assert_true(isnan(wilcoxon_rank_biserial(&w)));
    assert_true(isnan(wilcoxon_rank_biserial(NULL)));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_wilcoxon__published_r_results),
        cmocka_unit_test(test_wilcoxon__tally_gives_the_published_results),
        cmocka_unit_test(test_wilcoxon__tally_edges_and_refusals),
        cmocka_unit_test(test_wilcoxon__ties_and_zero_against_r_one_sided),
        cmocka_unit_test(test_wilcoxon__no_pairs_or_no_change_gives_v0_and_absent_p),
        cmocka_unit_test(test_wilcoxon__single_pair_by_hand),
        cmocka_unit_test(test_wilcoxon__average_ranks_and_tie_correction_by_hand),
        cmocka_unit_test(test_wilcoxon__swapping_samples_mirrors_v_and_keeps_p),
        cmocka_unit_test(test_wilcoxon__bad_arguments_refused_and_output_untouched),
        cmocka_unit_test(test_wilcoxon__rank_biserial_by_hand),
    };
    return cmocka_run_group_tests(tests, group_setup, NULL);
}
