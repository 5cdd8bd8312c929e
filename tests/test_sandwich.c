/*
 * test_sandwich.c: cluster-robust covariance (analyze/sandwich.c).
 *
 * Published data: Petersen's test data set (M. A. Petersen, "Estimating
 * standard errors in finance panel data sets: comparing approaches",
 * Review of Financial Studies 22:435-480, 2009; test data and results on
 * his page "Programming Advice - Finance Panel Data Sets", Kellogg School
 * of Management), 5,000 rows, 500 firms x 10 years, as shipped with R's
 * sandwich package (data(PetersenCL)), in tests/data/petersen.csv.
 *  - OLS y ~ x with standard errors clustered by firm, as Petersen
 *    publishes them (Stata's regress, vce(cluster firm)): intercept
 *    0.0297 (SE 0.0670), x 1.0348 (SE 0.0506).  R 4.2.2, sandwich 3.0.2:
 *    sqrt(diag(vcovCL(lm(y ~ x, PetersenCL), cluster = ~firm))) =
 *    0.06701270, 0.05059573 (type HC1).
 *  - The logistic model of the risk list on the same clusters, computed
 *    with R 4.2.2, sandwich 3.0.2:
 *    g <- glm(I(y > 0) ~ x, binomial, PetersenCL): coefficients
 *    0.03594598, 0.81188976;
 *    sqrt(diag(vcovCL(g, cluster = ~firm))) = 0.05991274, 0.05251343
 *    (type HC0 with G/(G-1), vcovCL's default for a glm).
 */
#include "testutil.h"

#include <gsl/gsl_errno.h>

#include "logit.h"
#include "sandwich.h"

#define N_ROWS 5000
#define N_FIRMS 500

static int firm[N_ROWS];
static double xs[N_ROWS], ys[N_ROWS];

static int petersen_load(void)
{
    FILE *f = fopen("tests/data/petersen.csv", "r");
    char line[256];
    int n = 0, year;

    if (f == NULL)
        return -1;
    if (fgets(line, sizeof line, f) == NULL) {
        fclose(f);
        return -1;
    }
    while (n < N_ROWS && fgets(line, sizeof line, f) != NULL)
        if (sscanf(line, "%d,%d,%lf,%lf", &firm[n], &year, &xs[n],
                   &ys[n]) == 4)
            n++;
    fclose(f);
    return n == N_ROWS ? 0 : -1;
}

static void test_sandwich__petersen_ols_by_firm(void **state)
{
    double sxx = 0, sx = 0, sy = 0, sxy = 0, det, b0, b1;
    double bread[4], V[4];
    static double U[N_FIRMS * 2];
    struct ms_err e = {{0}};

    (void)state;
    assert_int_equal(petersen_load(), 0);
    for (int i = 0; i < N_ROWS; i++) {
        sx += xs[i];
        sy += ys[i];
        sxx += xs[i] * xs[i];
        sxy += xs[i] * ys[i];
    }
    det = N_ROWS * sxx - sx * sx;
    bread[0] = sxx / det;     /* (X'X)^-1 */
    bread[1] = bread[2] = -sx / det;
    bread[3] = N_ROWS / det;
    b0 = bread[0] * sy + bread[1] * sxy;
    b1 = bread[2] * sy + bread[3] * sxy;
    assert_close(b0, 0.0297, 5e-5);
    assert_close(b1, 1.0348, 5e-5);
    memset(U, 0, sizeof U);
    for (int i = 0; i < N_ROWS; i++) {
        double r = ys[i] - b0 - b1 * xs[i];
        U[(firm[i] - 1) * 2] += r;
        U[(firm[i] - 1) * 2 + 1] += r * xs[i];
    }
    assert_int_equal(sandwich_cluster(bread, U, N_FIRMS, 2,
                                      sandwich_adjust(N_FIRMS, N_ROWS, 2), V,
                                      &e), MS_OK);
    /* Petersen's published figures (4 decimals), then R's vcovCL */
    assert_close(sqrt(V[0]), 0.0670, 5e-5);
    assert_close(sqrt(V[3]), 0.0506, 5e-5);
    assert_close(sqrt(V[0]), 0.06701270, 5e-8);
    assert_close(sqrt(V[3]), 0.05059573, 5e-8);
    assert_close(V[1], V[2], 1e-15);
}

static void test_sandwich__petersen_logit_matches_vcovCL(void **state)
{
    static double X[N_ROWS * 2], y[N_ROWS], U[N_FIRMS * 2];
    struct logit_model *m = NULL;
    struct ms_err e = {{0}};
    double V[4];

    (void)state;
    assert_int_equal(petersen_load(), 0);
    for (int i = 0; i < N_ROWS; i++) {
        X[i * 2] = 1;
        X[i * 2 + 1] = xs[i];
        y[i] = ys[i] > 0;
    }
    assert_int_equal(logit_fit(X, y, NULL, N_ROWS, 2, 0.0, &m, &e), MS_OK);
    assert_close(m->coef[0], 0.03594598, 1e-7);
    assert_close(m->coef[1], 0.81188976, 1e-7);
    memset(U, 0, sizeof U);
    for (int i = 0; i < N_ROWS; i++) {
        double mu = 1 / (1 + exp(-(m->coef[0] + m->coef[1] * xs[i])));
        U[(firm[i] - 1) * 2] += y[i] - mu;
        U[(firm[i] - 1) * 2 + 1] += (y[i] - mu) * xs[i];
    }
    assert_int_equal(sandwich_cluster(m->cov, U, N_FIRMS, 2,
                                      sandwich_adjust(N_FIRMS, 0, 0), V, &e),
                     MS_OK);
    assert_close(sqrt(V[0]), 0.05991274, 5e-8);
    assert_close(sqrt(V[3]), 0.05251343, 5e-8);
    logit_model_free(m);
}

/* One row per cluster and no adjustment is the HC0 (White) estimator. */
static void test_sandwich__one_row_per_cluster_is_white(void **state)
{
    double bread[1] = {0.5}, U[3] = {1, -2, 3}, V[1];
    struct ms_err e = {{0}};

    (void)state;
    assert_int_equal(sandwich_cluster(bread, U, 3, 1, 1.0, V, &e), MS_OK);
    assert_close(V[0], 0.25 * 14, 1e-15);
    assert_close(sandwich_adjust(3, 0, 0), 1.5, 1e-15);
    assert_close(sandwich_adjust(3, 10, 2), 1.5 * 9.0 / 8.0, 1e-15);
}

static void test_sandwich__refusals(void **state)
{
    double bread[1] = {1}, U[2] = {1, NAN}, V[1] = {42};
    struct ms_err e = {{0}};

    (void)state;
    assert_true(isnan(sandwich_adjust(1, 0, 0)));
    assert_true(isnan(sandwich_adjust(5, 2, 2)));
    assert_int_equal(sandwich_cluster(bread, U, 1, 1, NAN, V, &e),
                     MS_SOFTWARE);
    assert_int_equal(sandwich_cluster(NULL, U, 1, 1, 1, V, &e), MS_SOFTWARE);
    assert_int_equal(sandwich_cluster(bread, U, 2, 1, 2, V, &e), MS_NUMERIC);
    assert_close(V[0], 42, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sandwich__petersen_ols_by_firm),
        cmocka_unit_test(test_sandwich__petersen_logit_matches_vcovCL),
        cmocka_unit_test(test_sandwich__one_row_per_cluster_is_white),
        cmocka_unit_test(test_sandwich__refusals),
    };

    gsl_set_error_handler_off();
    return cmocka_run_group_tests(tests, NULL, NULL);
}
