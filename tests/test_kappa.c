/*
 * test_kappa.c: quadratic-weighted kappa (analyze/kappa.c) on a published
 * table.
 */
#include "testutil.h"

#include "kappa.h"

/*
 * Husbands' (rows) and wives' (columns) rating of sexual fun, 1 never or
 * occasionally .. 4 almost always (Hout, Duncan & Sobel 1987; Agresti,
 * Categorical Data Analysis, 1990, table 10.5; R vcd's `SexualFun`).  vcd's
 * documentation prints Kappa(SexualFun): unweighted 0.1293, weighted (equal
 * spacing) 0.2374, which pins the table; the quadratic (Fleiss-Cohen)
 * figure, computed with sklearn 1.2.1: cohen_kappa_score(husband, wife,
 * weights = "quadratic", labels = [1, 2, 3, 4]) = 0.3320455862468611.
 */
static const long sexual_fun[16] = {7, 7, 2, 3, 2, 8, 3, 7,
                                    1, 5, 4, 9, 2, 8, 9, 14};

static void test_kappa__sexual_fun_quadratic(void **state)
{
    double k = 0.0;

    (void)state;
    assert_int_equal(kappa_quadratic(sexual_fun, 4, &k), MS_OK);
    assert_close(k, 0.3320455862468611, 1e-12);
}

/* An unused fifth scale point (labels = 1..5) changes nothing; perfect
 * agreement spread over points gives 1. */
static void test_kappa__unused_point_and_perfect_agreement(void **state)
{
    long five[25] = {0}, diag[9] = {3, 0, 0, 0, 2, 0, 0, 0, 4};
    double k = 0.0;

    (void)state;
    for (int i = 0; i < 4; i++)
        for (int j = 0; j < 4; j++)
            five[i * 5 + j] = sexual_fun[i * 4 + j];
    assert_int_equal(kappa_quadratic(five, 5, &k), MS_OK);
    assert_close(k, 0.3320455862468611, 1e-12);
    assert_int_equal(kappa_quadratic(diag, 3, &k), MS_OK);
    assert_close(k, 1.0, 1e-15);
}

/* Absent: fewer than two pairs, or both raters always on one point
 * (sum w E = 0; sklearn returns nan there). */
static void test_kappa__absent_cases(void **state)
{
    long one[4] = {0, 1, 0, 0}, same[4] = {0, 0, 0, 5};
    double k = 0.0;

    (void)state;
    assert_int_equal(kappa_quadratic(one, 2, &k), MS_OK);
    assert_true(isnan(k));
    k = 0.0;
    assert_int_equal(kappa_quadratic(same, 2, &k), MS_OK);
    assert_true(isnan(k));
    assert_int_equal(kappa_quadratic(NULL, 2, &k), MS_SOFTWARE);
    assert_int_equal(kappa_quadratic(one, 0, &k), MS_SOFTWARE);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_kappa__sexual_fun_quadratic),
        cmocka_unit_test(test_kappa__unused_point_and_perfect_agreement),
        cmocka_unit_test(test_kappa__absent_cases),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
