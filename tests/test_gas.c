/*
 * test_gas.c: the GAS T-score (analyze/gas.c).
 */
#include "testutil.h"

#include "gas.h"

/* Turner-Stokes L (2009). Goal attainment scaling (GAS) in rehabilitation:
 * a practical guide. Clinical Rehabilitation 23:362-370 (formula as in its
 * erratum, rho = 0.3): three equally weighted goals all at +1 give 63.69,
 * all at -2 give 22.61, one goal at +2 gives 70; T-scores published to two
 * decimals.  Goals achieved exactly as expected (all 0) give 50 by
 * definition (Kiresuk & Sherman 1968). */
static void test_gas__turner_stokes_unweighted_examples(void **state)
{
    static const double plus1[] = {1, 1, 1}, minus2[] = {-2, -2, -2};
    static const double one_plus2[] = {2}, zeros[] = {0, 0, 0, 0};
    (void)state;
    assert_close(gas_t_score(plus1, NULL, 3, GAS_RHO), 63.69, 0.005);
    assert_close(gas_t_score(minus2, NULL, 3, GAS_RHO), 22.61, 0.005);
    assert_close(gas_t_score(one_plus2, NULL, 1, GAS_RHO), 70.0, 1e-12);
    assert_close(gas_t_score(zeros, NULL, 4, GAS_RHO), 50.0, 1e-12);
}

/* Weighted goals, by hand with rho = 0.3:
 *  (a) levels (+1, 0, -1), weights (1, 2, 3): sum wx = 1 - 3 = -2,
 *      sum w^2 = 14, sum w = 6, denominator sqrt(0.7*14 + 0.3*36) =
 *      sqrt(20.6) = 4.538722; T = 50 - 20/4.538722 = 45.593474.
 *  (b) levels (-1, +2), weights (3, 1): sum wx = -1, sum w^2 = 10,
 *      sum w = 4, sqrt(7 + 4.8) = sqrt(11.8) = 3.435113;
 *      T = 50 - 10/3.435113 = 47.088887.
 *  (c) levels (+2, +2), weights (2, 2): sum wx = 8, sum w^2 = 8, sum w = 4,
 *      sqrt(5.6 + 4.8) = sqrt(10.4) = 3.224903; T = 50 + 80/3.224903 =
 *      74.806947, the same as unweighted (+2, +2): 50 + 40/sqrt(2.6).
 *  (d) rho = 0, unweighted (+1, +1, +1): T = 50 + 30/sqrt(3) = 67.320508. */
static void test_gas__weighted_goals_by_hand(void **state)
{
    static const struct {
        double levels[3], weights[3];
        size_t n;
        double rho, t;
    } cases[] = {
        {{1, 0, -1}, {1, 2, 3}, 3, 0.3, 45.593474},
        {{-1, 2, 0}, {3, 1, 0}, 2, 0.3, 47.088887},
        {{2, 2, 0}, {2, 2, 0}, 2, 0.3, 74.806947},
        {{2, 2, 0}, {1, 1, 0}, 2, 0.3, 74.806947},
        {{1, 1, 1}, {1, 1, 1}, 3, 0.0, 67.320508},
    };
    (void)state;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        assert_close(gas_t_score(cases[i].levels, cases[i].weights, cases[i].n, cases[i].rho),
                     cases[i].t, 5e-7);
}

static void test_gas__null_weights_mean_equal_weights(void **state)
{
    static const double levels[] = {-2, -1, 0, 1, 2, 1};
    static const double ones[] = {1, 1, 1, 1, 1, 1}, fives[] = {5, 5, 5, 5, 5, 5};
    (void)state;
    double t = gas_t_score(levels, NULL, 6, GAS_RHO);
    assert_close(gas_t_score(levels, ones, 6, GAS_RHO), t, 1e-12);
    assert_close(gas_t_score(levels, fives, 6, GAS_RHO), t, 1e-12);
}

static void test_gas__no_goals_is_absent(void **state)
{
    static const double levels[] = {1};
    (void)state;
    assert_true(isnan(gas_t_score(levels, NULL, 0, GAS_RHO)));
    assert_true(isnan(gas_t_score(NULL, NULL, 0, GAS_RHO)));
}

static void test_gas__bad_arguments_give_nan(void **state)
{
    static const double levels[] = {1, 0};
    static const double zero_w[] = {1, 0}, neg_w[] = {1, -1}, nan_w[] = {1, NAN};
    static const double nan_level[] = {1, NAN}, inf_level[] = {INFINITY, 0};
    (void)state;
    assert_true(isnan(gas_t_score(NULL, NULL, 2, GAS_RHO)));
    assert_true(isnan(gas_t_score(levels, zero_w, 2, GAS_RHO)));
    assert_true(isnan(gas_t_score(levels, neg_w, 2, GAS_RHO)));
    assert_true(isnan(gas_t_score(levels, nan_w, 2, GAS_RHO)));
    assert_true(isnan(gas_t_score(nan_level, NULL, 2, GAS_RHO)));
    assert_true(isnan(gas_t_score(inf_level, NULL, 2, GAS_RHO)));
    assert_true(isnan(gas_t_score(levels, NULL, 2, -0.1)));
    assert_true(isnan(gas_t_score(levels, NULL, 2, 1.1)));
    assert_true(isnan(gas_t_score(levels, NULL, 2, NAN)));
    assert_false(isnan(gas_t_score(levels, NULL, 2, 1.0)));
}

static void test_gas__score_rises_with_attainment_and_is_symmetric(void **state)
{
    (void)state;
    /* every combination of three goals at -2..+2 with weights 1, 2, 3 */
    static const double w[] = {1, 2, 3};
    for (int a = -2; a <= 2; a++)
        for (int b = -2; b <= 2; b++)
            for (int c = -2; c <= 2; c++) {
                double x[] = {a, b, c}, up[] = {a, b, c}, neg[] = {-a, -b, -c};
                double t = gas_t_score(x, w, 3, GAS_RHO);
                assert_true(isfinite(t));
                /* mirrored attainment mirrors the score around 50 */
                assert_close(gas_t_score(neg, w, 3, GAS_RHO), 100.0 - t, 1e-12);
                if (a < 2) {
                    up[0] = a + 1;
                    assert_true(gas_t_score(up, w, 3, GAS_RHO) > t);
                }
                assert_true((t > 50.0) == (a * 1 + b * 2 + c * 3 > 0));
            }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_gas__turner_stokes_unweighted_examples),
        cmocka_unit_test(test_gas__weighted_goals_by_hand),
        cmocka_unit_test(test_gas__null_weights_mean_equal_weights),
        cmocka_unit_test(test_gas__no_goals_is_absent),
        cmocka_unit_test(test_gas__bad_arguments_give_nan),
        cmocka_unit_test(test_gas__score_rises_with_attainment_and_is_symmetric),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
