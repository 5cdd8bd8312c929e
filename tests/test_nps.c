/*
 * test_nps.c: the Net Promoter Score (analyze/nps.c).
 */
#include "testutil.h"

#include <limits.h>

#include "nps.h"

/* Reichheld FF (2003). The one number you need to grow. Harvard Business
 * Review 81(12):46-54: on the 0-10 "would you recommend" scale, 9-10 are
 * promoters, 7-8 passives, 0-6 detractors; NPS = % promoters - %
 * detractors.  Every answer, one by one: */
static void test_nps__each_answer_lands_in_reichhelds_class(void **state)
{
    (void)state;
    for (int a = 0; a <= 10; a++) {
        struct nps_result r;
        assert_int_equal(nps_score(&a, 1, &r), MS_OK);
        assert_int_equal(r.n, 1);
        assert_int_equal(r.promoters, a >= 9);
        assert_int_equal(r.passives, a == 7 || a == 8);
        assert_int_equal(r.detractors, a <= 6);
        assert_true(r.nps == (a >= 9 ? 100.0 : (a >= 7 ? 0.0 : -100.0)));
    }
}

/* Hand-counted groups (Reichheld's definition):
 *  (a) 10 9 9 8 7 6 0 3 10 5: 4 promoters, 2 passives, 4 detractors:
 *      100 (4 - 4)/10 = 0.
 *  (b) 10 10 9 9 9 10 9 8 7 2: 7, 2, 1: 100 (7 - 1)/10 = 60.
 *  (c) 6 7 9: 1, 1, 1: 100 (1 - 1)/3 = 0.
 *  (d) 0 1 2 9 8 8: 1, 2, 3: 100 (1 - 3)/6 = -33.333... */
static void test_nps__hand_counted_groups(void **state)
{
    static const struct {
        int answers[10];
        size_t n;
        long p, pa, d;
        double nps;
    } cases[] = {
        {{10, 9, 9, 8, 7, 6, 0, 3, 10, 5}, 10, 4, 2, 4, 0.0},
        {{10, 10, 9, 9, 9, 10, 9, 8, 7, 2}, 10, 7, 2, 1, 60.0},
        {{6, 7, 9}, 3, 1, 1, 1, 0.0},
        {{0, 1, 2, 9, 8, 8}, 6, 1, 2, 3, -100.0 / 3.0},
    };
    (void)state;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct nps_result r, c;
        assert_int_equal(nps_score(cases[i].answers, cases[i].n, &r), MS_OK);
        assert_int_equal(r.n, (long)cases[i].n);
        assert_int_equal(r.promoters, cases[i].p);
        assert_int_equal(r.passives, cases[i].pa);
        assert_int_equal(r.detractors, cases[i].d);
        assert_close(r.nps, cases[i].nps, 1e-12);
        /* the same from the counts */
        assert_int_equal(nps_from_counts(cases[i].p, cases[i].pa, cases[i].d, &c), MS_OK);
        assert_int_equal(c.n, r.n);
        assert_close(c.nps, r.nps, 1e-12);
    }
}

static void test_nps__only_passives_score_zero_not_absent(void **state)
{
    static const int passives[] = {7, 8, 8, 7};
    struct nps_result r;
    (void)state;
    assert_int_equal(nps_score(passives, 4, &r), MS_OK);
    assert_true(r.nps == 0.0);
}

static void test_nps__no_answers_is_absent(void **state)
{
    struct nps_result r = {9, 9, 9, 9, 9};
    (void)state;
    assert_int_equal(nps_score(NULL, 0, &r), MS_OK);
    assert_true(r.n == 0 && r.promoters == 0 && r.passives == 0 && r.detractors == 0);
    assert_true(isnan(r.nps));
    r.nps = 9;
    assert_int_equal(nps_from_counts(0, 0, 0, &r), MS_OK);
    assert_true(isnan(r.nps));
}

static void test_nps__bad_arguments_refused_and_output_untouched(void **state)
{
    static const int too_low[] = {9, -1}, too_high[] = {11, 9};
    static const int ok[] = {9};
    struct nps_result r = {1, 2, 3, 4, 5};
    (void)state;
    assert_int_equal(nps_score(too_low, 2, &r), MS_SOFTWARE);
    assert_int_equal(nps_score(too_high, 2, &r), MS_SOFTWARE);
    assert_int_equal(nps_score(NULL, 2, &r), MS_SOFTWARE);
    assert_int_equal(nps_score(ok, 1, NULL), MS_SOFTWARE);
    assert_int_equal(nps_from_counts(-1, 0, 0, &r), MS_SOFTWARE);
    assert_int_equal(nps_from_counts(0, -1, 0, &r), MS_SOFTWARE);
    assert_int_equal(nps_from_counts(0, 0, -1, &r), MS_SOFTWARE);
    assert_int_equal(nps_from_counts(LONG_MAX, 1, 0, &r), MS_SOFTWARE);
    assert_int_equal(nps_from_counts(LONG_MAX - 1, 1, 1, &r), MS_SOFTWARE);
    assert_int_equal(nps_from_counts(1, 1, 1, NULL), MS_SOFTWARE);
    assert_true(r.n == 1 && r.promoters == 2 && r.passives == 3 && r.detractors == 4 &&
                r.nps == 5);
}

static void test_nps__score_stays_within_plus_minus_100(void **state)
{
    (void)state;
    for (long p = 0; p <= 12; p++)
        for (long pa = 0; pa <= 12; pa++)
            for (long d = 0; d <= 12; d++) {
                struct nps_result r;
                assert_int_equal(nps_from_counts(p, pa, d, &r), MS_OK);
                assert_int_equal(r.n, p + pa + d);
                if (r.n == 0)
                    continue;
                assert_true(r.nps >= -100.0 && r.nps <= 100.0);
                assert_true((r.nps > 0) == (p > d));
            }
}

#define Z975 1.959963984540054

/* The interval of results.md (res_nps), the Wald interval of a difference
 * of two multinomial shares (Rocks 2016, The American Statistician
 * 70(4):365-372): se = 100 sqrt((p+ + p- - (p+ - p-)^2) / n).  By hand:
 *  (a) the "-27 on 11 answers": 2 promoters, 4 passives, 5
 *      detractors: nps = -300/11; p+ + p- = 7/11, (p+ - p-)^2 = 9/121, so
 *      se = 100 sqrt(68/1331) = 22.6029658...: [-71.5737, 17.0283], an
 *      interval that holds 0: not news;
 *  (b) 3, 2, 3 of 8: nps 0, se = 100 sqrt(0.75/8) = 100 sqrt(3/32);
 *  (c) 9 promoters, 1 passive: nps 90, se = 100 sqrt(0.09/10); the upper
 *      limit 108.59 is clipped to 100. */
static void test_nps__interval_by_hand(void **state)
{
    static const struct {
        long p, pa, d;
        double se;
    } cases[] = {
        {2, 4, 5, 0},
        {3, 2, 3, 0},
        {9, 1, 0, 0},
    };
    const double se[] = {100.0 * sqrt(68.0 / 1331.0), 100.0 * sqrt(3.0 / 32.0),
                         100.0 * sqrt(0.009)};
    (void)state;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct nps_result r;
        double lo, hi;
        assert_int_equal(nps_from_counts(cases[i].p, cases[i].pa, cases[i].d,
                                         &r), MS_OK);
        assert_int_equal(nps_interval(&r, 0.95, &lo, &hi), MS_OK);
        assert_close(lo, fmax(-100.0, r.nps - Z975 * se[i]), 1e-10);
        assert_close(hi, fmin(100.0, r.nps + Z975 * se[i]), 1e-10);
    }
    {
        struct nps_result r;
        double lo, hi;
        assert_int_equal(nps_from_counts(2, 4, 5, &r), MS_OK);
        assert_int_equal(nps_interval(&r, 0.95, &lo, &hi), MS_OK);
        assert_close(lo, -71.57372625636378, 1e-9);
        assert_close(hi, 17.028271710909237, 1e-9);
        assert_int_equal(nps_from_counts(9, 1, 0, &r), MS_OK);
        assert_int_equal(nps_interval(&r, 0.95, &lo, &hi), MS_OK);
        assert_true(hi == 100.0);
        assert_close(lo, 71.40614903086315, 1e-9);
    }
}

/* Every answer alike: se = 0 and the interval is the score; fewer than 2
 * answers: absent; limits never leave [-100, 100]. */
static void test_nps__interval_edges_and_bounds(void **state)
{
    struct nps_result r;
    double lo = 7, hi = 7;
    (void)state;
    assert_int_equal(nps_from_counts(0, 0, 5, &r), MS_OK);
    assert_int_equal(nps_interval(&r, 0.95, &lo, &hi), MS_OK);
    assert_true(lo == -100.0 && hi == -100.0);
    assert_int_equal(nps_from_counts(1, 0, 0, &r), MS_OK);
    assert_int_equal(nps_interval(&r, 0.95, &lo, &hi), MS_OK);
    assert_true(isnan(lo) && isnan(hi));
    for (long p = 0; p <= 8; p++)
        for (long pa = 0; pa <= 8; pa++)
            for (long d = 0; d <= 8; d++) {
                if (p + pa + d < 2)
                    continue;
                assert_int_equal(nps_from_counts(p, pa, d, &r), MS_OK);
                assert_int_equal(nps_interval(&r, 0.95, &lo, &hi), MS_OK);
                assert_true(lo >= -100.0 && hi <= 100.0);
                assert_true(lo <= r.nps + 1e-12 && r.nps <= hi + 1e-12);
            }
    lo = hi = 7;
    r.n = 9;   /* counts do not add up */
    assert_int_equal(nps_interval(&r, 0.95, &lo, &hi), MS_SOFTWARE);
    assert_int_equal(nps_interval(NULL, 0.95, &lo, &hi), MS_SOFTWARE);
    assert_true(lo == 7 && hi == 7);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_nps__each_answer_lands_in_reichhelds_class),
        cmocka_unit_test(test_nps__hand_counted_groups),
        cmocka_unit_test(test_nps__only_passives_score_zero_not_absent),
        cmocka_unit_test(test_nps__no_answers_is_absent),
        cmocka_unit_test(test_nps__bad_arguments_refused_and_output_untouched),
        cmocka_unit_test(test_nps__score_stays_within_plus_minus_100),
        cmocka_unit_test(test_nps__interval_by_hand),
        cmocka_unit_test(test_nps__interval_edges_and_bounds),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
